"""The OpenAPI document, made to say exactly what the gateway does.

FastAPI writes the schemas, parameters and success responses from the routes; this module
adds what it cannot know: which errors each operation really answers (`ERRORS`, checked
against the routes by tests/integration/test_openapi_document.py), the headers that come
with them, an example for every operation (gateway.openapi_examples), and links from a
created task to what can be done with it (schemathesis' stateful phase walks them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from core.timefmt import zone_names
from gateway.errors import ErrorBody
from gateway.openapi_examples import REQUEST_EXAMPLES, RESPONSE_EXAMPLES

# The error statuses of each operation besides 405 and 500 (every operation) and, on /api,
# 401, 429 and 503 (bearer token, rate limits and stream quota, signing keys unreachable).
ERRORS: dict[str, tuple[int, ...]] = {
    "healthz": (),
    "readyz": (503,),
    "metrics": (),
    "get_jwks": (404,),
    "parse_task": (400, 413, 422),
    "create_task": (400, 403, 413, 422),
    "list_tasks": (400, 422),
    "task_counts": (422,),
    "get_task": (404,),
    "update_task": (400, 404, 409, 413, 422),
    "delete_task": (404, 422),
    "complete_task": (404, 422),
    "skip_task": (404, 409),
    "reopen_task": (404,),
    "list_activity": (400, 422),
    "list_notifications": (422,),
    "mark_notification_read": (404,),
    "mark_all_notifications_read": (),
    "get_settings": (),
    "replace_settings": (400, 413, 422),
    "update_settings": (400, 413, 422),
    "create_stream_ticket": (),
    "stream_updates": (),
    "chat": (400, 403, 413, 422),
    "get_conversation": (404,),
}
_API_ERRORS = (401, 429, 503)
_EVERYWHERE = (405, 500)

_STATUS_TEXT = {
    401: "no valid bearer token: missing, malformed, expired or signed by another key",
    403: "a per-user quota is reached (`quota_exceeded`; `limit` says how many)",
    404: "no such resource for this user (another user's looks the same)",
    409: "valid, but not for the task as it is now (`conflict`): e.g. skip an occurrence that "
    "is done, or a reminder before the due date on a task that has none",
    405: "the path does not take this method; `Allow` lists every method it takes",
    413: "the body is larger than MAX_BODY_BYTES (`payload_too_large`)",
    422: "a field or parameter is invalid (`fields` lists each problem)",
    429: "over a rate limit (`rate_limited`: `Retry-After` says when to try again) or, on "
    "/api/updates, MAX_STREAMS_PER_USER streams already open (`too_many_streams`)",
    500: "a fault on the server's side (`internal_error`); `request_id` names it in the logs",
    503: "the identity provider's signing keys are unreachable (`auth_unavailable`)",
}
_HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-ID": {
        "description": "this request's id: the caller's X-Request-ID if sane, else a new one",
        "schema": {"type": "string"},
    },
    "WWW-Authenticate": {
        "description": 'the Bearer challenge (RFC 6750), e.g. `Bearer error="invalid_token"`',
        "required": True,
        "schema": {"type": "string", "pattern": "^Bearer"},
    },
    "Allow": {
        "description": "every method the path takes, e.g. `GET, POST`",
        "required": True,
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "seconds until the rate limit lets a request through (`rate_limited`)",
        "schema": {"type": "integer", "minimum": 1},
    },
    "Location": {
        "description": "the URL of the new task",
        "required": True,
        "schema": {"type": "string", "pattern": "^/api/tasks/"},
    },
}
_STATUS_HEADERS = {401: "WWW-Authenticate", 405: "Allow", 429: "Retry-After"}


def _task_links(pointer: str) -> dict[str, Any]:
    operations = (
        "get_task", "update_task", "delete_task", "complete_task", "reopen_task", "skip_task",
    )  # fmt: skip
    return {
        name: {
            "operationId": name,
            "parameters": {"task_id": f"$response.body#{pointer}"},
            "description": f"`task_id` is the task's `id` ({pointer})",
        }
        for name in operations
    }


# OpenAPI links: what a client (and schemathesis' stateful phase) can do with an answer.
LINKS: dict[str, dict[str, dict[str, Any]]] = {
    "create_task": {"201": _task_links("/id")},
    "get_task": {"200": _task_links("/id")},
    "update_task": {"200": _task_links("/id")},
    "list_tasks": {"200": {"get_task": _task_links("/items/0/id")["get_task"]}},
}


def _error_response(status: int, operation: dict[str, Any]) -> dict[str, Any]:
    if status == 400:
        reasons = []
        if "requestBody" in operation:
            reasons.append("the body is not valid JSON (`invalid_json`)")
        if any(p.get("name") == "cursor" for p in operation.get("parameters", [])):
            reasons.append("the cursor is not one this query issued (`invalid_cursor`)")
        description = " or ".join(reasons)
    elif status == 503 and operation.get("operationId") == "readyz":
        description = "the database does not answer within 2 s (`not_ready`)"
    else:
        description = _STATUS_TEXT[status]
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}},
    }
    if (header := _STATUS_HEADERS.get(status)) is not None:
        response["headers"][header] = {"$ref": f"#/components/headers/{header}"}
    return response


# Inputs whose `timezone` is checked by core.timefmt.check_timezone: the document lists the
# names it accepts, so a client (and schemathesis) knows exactly which are valid. Outputs stay
# plain strings: a row may hold a zone from before host-dependent names were refused.
_ZONE_INPUTS = ("TaskCreate", "TaskPatch", "SettingsIn", "SettingsPatch", "ParseRequest")
_ZONE_REF = {"$ref": "#/components/schemas/TimeZone"}


def _time_zone_schema() -> dict[str, Any]:
    return {
        "type": "string",
        "enum": zone_names(),
        "description": "an IANA time zone name from this server's tz database; "
        "host-dependent names (localtime, posixrules, Factory, posix/..., right/...) are refused",
    }


def _zone_enum(schema: dict[str, Any]) -> None:
    """Point the string branch of a `timezone` schema at the TimeZone list, in place."""
    branches = schema.get("anyOf", [schema])
    for index, branch in enumerate(branches):
        if branch.get("type") == "string":
            if branch is schema:
                kept = {k: v for k, v in schema.items() if k in ("description", "title", "default")}
                schema.clear()
                schema.update({"allOf": [_ZONE_REF], **kept})
            else:
                branches[index] = dict(_ZONE_REF)


def _example_content(response: dict[str, Any], example: Any) -> None:
    for media in response.setdefault("content", {}).values():
        media["example"] = example


def _refine_success(name: str, code: str, response: dict[str, Any]) -> None:
    """A success response of operation `name`: its request id header, example and links."""
    headers = response.setdefault("headers", {})
    headers["X-Request-ID"] = {"$ref": "#/components/headers/X-Request-ID"}
    if name in RESPONSE_EXAMPLES:
        _example_content(response, RESPONSE_EXAMPLES[name])
    for link_code, links in LINKS.get(name, {}).items():
        if link_code == code:
            response["links"] = links


def _refine_operation(path: str, operation: dict[str, Any]) -> None:
    """One operation: the errors it answers, its headers, links and examples."""
    name = operation["operationId"]
    if name not in ERRORS:  # a new route: say which errors it can answer
        raise KeyError(f"gateway.openapi_doc.ERRORS has no entry for {name!r}")
    statuses = ERRORS[name] + _EVERYWHERE
    if path.startswith("/api/"):
        statuses += _API_ERRORS
    responses = operation["responses"]
    for code in [code for code in responses if code.startswith(("4", "5"))]:
        del responses[code]  # FastAPI's 422 ({detail}) and any route's own
    for status in sorted(set(statuses)):
        responses[str(status)] = _error_response(status, operation)
    for code, response in responses.items():
        if code.startswith("2"):
            _refine_success(name, code, response)
    if name == "create_task":
        responses["201"]["headers"]["Location"] = {"$ref": "#/components/headers/Location"}
    for parameter in operation.get("parameters", []):
        if parameter["name"] == "timezone":
            _zone_enum(parameter["schema"])
    if name in REQUEST_EXAMPLES:
        for media in operation["requestBody"]["content"].values():
            media["example"] = REQUEST_EXAMPLES[name]


def refine(document: dict[str, Any]) -> dict[str, Any]:
    """Add to FastAPI's document what the gateway really answers (see the module doc)."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    error_schema = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}", mode="serialization"
    )
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorBody"] = error_schema
    components["headers"] = _HEADERS
    schemas["TimeZone"] = _time_zone_schema()
    for name in _ZONE_INPUTS:
        _zone_enum(schemas[name]["properties"]["timezone"])
    for path, operations in document["paths"].items():
        for operation in operations.values():
            _refine_operation(path, operation)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the refined document at /openapi.json (and to /docs, /redoc)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = refine(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
