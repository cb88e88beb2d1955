"""HTTP-level errors and the one JSON error shape: {"error": {"code", "message"}}."""

from __future__ import annotations

from typing import Any


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


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message, **extra}}
