"""HTTP-level errors and the one JSON error shape: {"error": {"code", "message", ...}}."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

# Every `code` the gateway answers with; ErrorDetail's description lists them for clients.
ERROR_CODES: dict[str, str] = {
    "invalid_json": "400: the request body is not valid JSON",
    "invalid_cursor": "400: a pagination cursor this query did not issue",
    "bad_request": "400: a request that could not be read",
    "unauthorized": "401: no valid bearer token (or stream ticket)",
    "quota_exceeded": "403: a per-user quota is reached; `limit` says how many",
    "not_found": "404: no such resource for this user",
    "confirmation_not_found": "404: no pending delete confirmation with that id",
    "method_not_allowed": "405: the path does not take this method; `Allow` lists those it does",
    "conflict": "409: valid, but not for the resource as it is now (e.g. skip a done task)",
    "payload_too_large": "413: the body is larger than MAX_BODY_BYTES",
    "validation_error": "422: a field or parameter is invalid; `fields` lists each problem",
    "invalid_recurrence": "422: the recurrence rule is not supported",
    "invalid_query": "422: a query parameter is out of range",
    "invalid_request": "422: the request is inconsistent",
    "rate_limited": "429: over a rate limit; `limit`, `retry_after` and `Retry-After` say which"
    " and when",
    "too_many_streams": "429: MAX_STREAMS_PER_USER live-update streams are already open",
    "internal_error": "500: a fault on the server's side; `request_id` names it in the logs",
    "auth_unavailable": "503: the identity provider's signing keys are unreachable",
    "not_ready": "503: the database is unreachable",
}

if TYPE_CHECKING:
    from fastapi import FastAPI


class ApiError(Exception):
    """An error raised at the edge with its HTTP status, stable code and human message."""

    status = 400
    code = "bad_request"

    def __init__(
        self, message: str, *, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        self.extra = extra


class FieldError(BaseModel):
    """One invalid field or parameter and what is wrong with it."""

    field: str = Field(description='dotted path, e.g. "title", "reminders.0.before", "cursor"')
    message: str


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # left out when absent, never sent as null


class ErrorDetail(BaseModel):
    """What went wrong: a stable machine-readable code and a sentence for people.

    Only `code` and `message` are always there; the others come where they apply, never null.
    """

    code: str = Field(
        description="stable and machine-readable; one of: "
        + "; ".join(f"`{code}` ({meaning})" for code, meaning in ERROR_CODES.items())
    )
    message: str = Field(description="in plain words, for people")
    fields: list[FieldError] | SkipJsonSchema[None] = Field(
        default=None,
        description="422, 409 and 400 `invalid_cursor`: each field that is wrong",
        json_schema_extra=_no_default,
    )
    request_id: str | SkipJsonSchema[None] = Field(
        default=None,
        description="500: this request's X-Request-ID, to find it in the logs",
        json_schema_extra=_no_default,
    )
    limit: int | str | SkipJsonSchema[None] = Field(
        default=None,
        description="403 `quota_exceeded`: how many one user may keep; 429 `rate_limited`: "
        "which budget (writes, chat, unauthenticated)",
        json_schema_extra=_no_default,
    )
    retry_after: int | SkipJsonSchema[None] = Field(
        default=None,
        description="429 `rate_limited`: seconds to wait, as in Retry-After",
        json_schema_extra=_no_default,
    )


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message, **extra}}


def _domain_status(exc: Exception) -> int:
    from core.confirmations import ConfirmationNotFound
    from core.errors import InvalidCursor, NotFound, QuotaExceeded, TaskStateConflict

    if isinstance(exc, NotFound | ConfirmationNotFound):
        return 404
    if isinstance(exc, TaskStateConflict):
        return 409
    if isinstance(exc, QuotaExceeded):
        return 403
    if isinstance(exc, InvalidCursor):
        return 400
    return 422


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_response(errors: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    if any(error.get("type") == "json_invalid" for error in errors):
        return 400, error_body("invalid_json", "request body is not valid JSON")
    if any(error.get("type") == "missing" and tuple(error["loc"]) == ("body",) for error in errors):
        message = "a JSON object body is required"
        fields = [{"field": "body", "message": message}]
        return 422, error_body("validation_error", message, fields=fields)
    fields = field_errors(errors)
    return 422, error_body("validation_error", summarize_fields(fields), fields=fields)


def field_errors(errors: list[Any]) -> list[dict[str, str]]:
    """pydantic's errors as {field, message}, in words for people (no library internals)."""
    fields = []
    for error in errors:
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            message = "unknown field"
        fields.append({"field": _field_name(tuple(error.get("loc", ()))), "message": message})
    return fields


def summarize_fields(fields: list[dict[str, str]]) -> str:
    """One line: `field: message; field: message`."""
    return "; ".join(f"{item['field']}: {item['message']}" for item in fields)


def _needs_user(route: Any, current_user: Any) -> bool:
    """Whether the route (a FastAPI APIRoute) depends on `current_user` (the caller's identity)."""
    pending = [getattr(route, "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is None:
            continue
        if dependant.call is current_user:
            return True
        pending.extend(dependant.dependencies)
    return False


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: Any, scope: MutableMapping[str, Any]) -> list[str]:
    """Every method some route of `app` takes on this request's path (for a 405's Allow).

    Starlette answers 405 from the first route whose path matches and lists only its own
    methods; GET and POST /api/tasks are two routes, so it would say `Allow: POST` alone.
    Each method is tried against every route, as the router itself would match it.
    """
    from starlette.routing import Match

    return [
        method
        for method in _METHODS
        if any(
            route.matches({**scope, "method": method})[0] == Match.FULL
            for route in app.router.routes
        )
    ]


# Refactor pending (C901): long, but one table of error kinds to one body shape.
def install_error_handlers(  # noqa: C901
    app: FastAPI, current_user: Callable[[Any], Awaitable[Any]]
) -> None:
    """Map every error to the one JSON shape; nothing a client sends yields a stack trace.

    `current_user` (gateway.auth's dependency, passed in because auth's errors are ApiErrors
    of this module): a route that depends on it answers 401 before 422.

    Anything unexpected becomes a 500 in gateway.middleware.UnexpectedErrorMiddleware, inside
    the request id and security headers, so the connection stays usable.
    """
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    from core.errors import DomainError

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.extra),
            status_code=exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        extra: dict[str, Any] = {}
        if exc.field:  # the same shape as a pydantic 422: a list of {field, message}
            extra["fields"] = [{"field": exc.field, "message": exc.message}]
        if (limit := getattr(exc, "limit", None)) is not None:  # QuotaExceeded names its limit
            extra["limit"] = limit
        return JSONResponse(
            error_body(exc.code, exc.message, **extra), status_code=_domain_status(exc)
        )

    async def denied(request: Request) -> JSONResponse | None:
        """The 401 a route that needs a user owes a caller without a valid token, if any.

        FastAPI reads and validates the body before it runs the auth dependency; checking
        here keeps "who are you" ahead of "what is wrong with your request".
        """
        if not _needs_user(request.scope.get("route"), current_user):
            return None
        try:
            await current_user(request)
        except ApiError as problem:
            return await api_error(request, problem)
        return None

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        if (refused := await denied(request)) is not None:
            return refused
        status, body = _validation_response(list(exc.errors()))
        return JSONResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and (refused := await denied(request)) is not None:
            return refused  # a body FastAPI could not even parse
        headers = dict(getattr(exc, "headers", None) or {})
        message = str(exc.detail)
        if exc.status_code == 405:
            allowed = allowed_methods(request.app, request.scope)
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed here; use {', '.join(allowed)}"
        # FastAPI's only 400 is a body it could not parse as JSON.
        codes = {
            400: "invalid_json",
            401: "unauthorized",
            404: "not_found",
            405: "method_not_allowed",
        }
        return JSONResponse(
            error_body(codes.get(exc.status_code, "bad_request"), message),
            status_code=exc.status_code,
            headers=headers,
        )
