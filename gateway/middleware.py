"""Pure ASGI middleware: request ids, access logs and metrics; the request body size limit."""

from __future__ import annotations

import logging
import re
import time
import uuid

from prometheus_client import Counter, Histogram
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.logs import request_id
from gateway.errors import error_body

log = logging.getLogger("gateway.access")
errors_log = logging.getLogger("gateway.errors")

REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
_SAFE_ID = re.compile(r"^[\w.\-]{1,128}$")


class RequestContextMiddleware:
    """Tag each request with an id (the caller's X-Request-ID if sane), log and measure it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"]
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": method,
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id.reset(token)


_DRAIN_LIMIT = 16 * 1024 * 1024


class StartWatch:
    """`send`, remembering whether the response has started: until then an error can still be
    answered in its place; after, the client already has a status line."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


class _TooLarge(BaseException):
    """A BaseException so FastAPI's body parsing (`except Exception` -> 400) lets it through."""


class BodyLimitMiddleware:
    """Answer 413 to a body over `max_bytes`, declared or streamed, before a handler reads it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            if int(declared) <= _DRAIN_LIMIT:  # read it away so the client sees the answer
                await self._drain(receive)
            await self._reject(scope, receive, send)
            return
        received = 0
        body_done = False

        async def counting_receive() -> Message:
            nonlocal received, body_done
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        watched = StartWatch(send)
        try:
            await self.app(scope, counting_receive, watched)
        except _TooLarge:
            if not watched.started:
                if not body_done:  # the rest of the body is still on its way
                    await self._drain(receive)
                await self._reject(scope, receive, send)

    async def _drain(self, receive: Receive) -> None:
        # Read (and drop) the rest of a streamed body, up to a bound, before answering: a client
        # still writing when the server closes sees a reset instead of the 413.
        drained = 0
        while drained < _DRAIN_LIMIT:
            message = await receive()
            if message["type"] != "http.request":
                return
            drained += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = error_body(
            "payload_too_large", f"request body is larger than {self.max_bytes} bytes"
        )
        response = JSONResponse(body, status_code=413, headers={"connection": "close"})
        await response(scope, receive, send)


class UnexpectedErrorMiddleware:
    """Turn an unhandled exception into a JSON 500 that names the request, and keep the
    connection usable.

    FastAPI's `exception_handler(Exception)` runs in Starlette's ServerErrorMiddleware,
    outside every other middleware, which sends the answer and then re-raises: uvicorn logs
    the error a second time and drops the keep-alive connection without `Connection: close`,
    so the client's next request on it is reset. Here, inside the request id and security
    headers, the error is logged once and answered, and nothing is re-raised. If the answer
    had already started (a stream), it cannot be replaced: the exception goes on to uvicorn,
    which logs it and closes the connection, so the client sees a cut-off response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watched = StartWatch(send)
        try:
            await self.app(scope, receive, watched)
        except Exception:
            if watched.started:
                raise
            errors_log.exception("unhandled error")
            rid = request_id.get() or "unknown"
            body = error_body(
                "internal_error",
                f"something went wrong on our side; quote request id {rid} when reporting it",
                request_id=rid,
            )
            await JSONResponse(body, status_code=500)(scope, receive, send)
