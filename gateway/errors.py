"""HTTP-level errors and the one JSON error shape: {"error": {"code", "message"}}."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


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


class ErrorDetail(BaseModel):
    """What went wrong: a stable machine-readable code and a sentence for people."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


def _described(text: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": text}


# Documented on every /api operation, so the OpenAPI contract says what clients really get.
API_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _described("malformed JSON or an invalid cursor"),
    401: _described("missing, malformed, expired or otherwise invalid bearer token"),
    403: _described("a per-user quota is reached (`quota_exceeded`, with its `limit`)"),
    404: _described("no such resource for this user"),
    413: _described("request body larger than MAX_BODY_BYTES"),
    422: _described("a field or parameter is invalid (`fields` lists each problem)"),
    429: _described("over a rate limit (`rate_limited`); the `Retry-After` header says when"),
    503: _described("the identity provider's keys are unreachable"),
}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message, **extra}}


def _domain_status(exc: Exception) -> int:
    from core.errors import InvalidCursor, QuotaExceeded, TaskNotFound

    if isinstance(exc, TaskNotFound):
        return 404
    if isinstance(exc, QuotaExceeded):
        return 403
    if isinstance(exc, InvalidCursor):
        return 400
    return 422


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _validation_response(errors: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    if any(error.get("type") == "json_invalid" for error in errors):
        return 400, error_body("invalid_json", "request body is not valid JSON")
    if any(error.get("type") == "missing" and tuple(error["loc"]) == ("body",) for error in errors):
        return 422, error_body("validation_error", "a JSON object body is required")
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


def _needs_user(route: Any) -> bool:
    """Whether the route (a FastAPI APIRoute) depends on the caller's identity."""
    from gateway.auth import current_user

    pending = [getattr(route, "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is None:
            continue
        if dependant.call is current_user:
            return True
        pending.extend(dependant.dependencies)
    return False


def install_error_handlers(app: Any) -> None:
    """Map every error to the one JSON shape; nothing a client sends yields a stack trace."""
    import logging

    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    from core.errors import DomainError

    log = logging.getLogger("gateway.errors")

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.extra),
            status_code=exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        extra: dict[str, Any] = {"field": exc.field} if exc.field else {}
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
        from gateway.auth import current_user

        if not _needs_user(request.scope.get("route")):
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
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        return JSONResponse(
            error_body(codes.get(exc.status_code, "http_error"), str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        from gateway.security_headers import ERROR_HEADERS

        log.exception("unhandled error")
        # Starlette answers this one outside every middleware: the headers are set here.
        return JSONResponse(
            error_body("internal_error", "something went wrong on our side"),
            status_code=500,
            headers=ERROR_HEADERS,
        )
