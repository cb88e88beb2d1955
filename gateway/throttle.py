"""Rate limits at the edge: per-user token buckets for writes, chat and MCP tool calls.

Pure ASGI, inside the body-size limit (so an MCP body it reads is already bounded) and
before any route: a refused request is answered 429 with `Retry-After` and never reaches a
handler, so nothing changes. The bucket is the caller's user id, proved by the same bearer
verification the routes use; a request whose token does not verify is left to the route
(which answers 401), and each 401 costs the client address a token of its own small bucket.
When that bucket is empty, requests from the address without a valid token get 429 before
any route runs: a flood of bad tokens (each of which can make a JWKS gateway fetch its keys)
stays cheap. Each gateway process keeps its own buckets.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from prometheus_client import Counter
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.auth import VERIFIED, current_user
from gateway.errors import ApiError, error_body
from gateway.rate_limits import Rate, RateLimits, TokenBuckets, retry_after

log = logging.getLogger("gateway.limits")
REFUSED = Counter("rate_limited_total", "Requests refused by a rate limit", ["limit"])
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class RateLimitMiddleware:
    """Answer 429 + Retry-After to a caller over its budget, before any handler runs."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.buckets = {
            name: TokenBuckets(rate)
            for name, rate in vars(limits).items()
            if isinstance(rate, Rate)
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path.startswith("/api/") or path == "/mcp"):
            await self.app(scope, receive, send)
            return
        address = _client_address(scope)
        kind = _kind(scope["method"], path)
        user: str | None = None
        call_id: Any = None
        if kind == "mcp" and "mcp" in self.buckets:
            receive, call = await _mcp_tool_call(receive)
            kind = "mcp" if call is not None else None
            call_id = (call or {}).get("id")
        guarded = self.buckets.get("unauthenticated")
        if (kind in self.buckets) or (guarded is not None and guarded.empty(address)):
            user = await _user(scope)
        if user is None and guarded is not None and guarded.empty(address):
            await self._refuse(send, "unauthenticated", guarded.take(address))
            return
        if user is not None and kind in self.buckets:
            wait = self.buckets[kind].take(user)
            if wait:
                await self._refuse(send, kind, wait, call_id)
                return
        if guarded is None:
            await self.app(scope, receive, send)
            return

        async def charging_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                guarded.take(address)  # a failed sign-in spends the address's budget
            await send(message)

        await self.app(scope, receive, charging_send)

    async def _refuse(self, send: Send, kind: str, wait: float, call_id: Any = None) -> None:
        seconds = retry_after(wait)
        REFUSED.labels(kind).inc()
        rate = self.buckets[kind].rate
        message = f"too many requests ({kind}: {rate}); retry in {seconds} s"
        log.info("rate limited", extra={"limit": kind, "retry_after": seconds})
        if kind == "mcp":
            body: dict[str, Any] = _jsonrpc_error(call_id, message, seconds)
        else:
            body = error_body("rate_limited", message, limit=kind, retry_after=seconds)
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"retry-after", str(seconds).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def _kind(method: str, path: str) -> str | None:
    """Which budget a request spends: chat, mcp (decided by its body), writes, or none."""
    if path == "/mcp":
        return "mcp" if method == "POST" else None
    if path == "/api/chat" and method == "POST":
        return "chat"
    return "writes" if method in _WRITES else None


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _user(scope: Scope) -> str | None:
    """The caller's user id if the request carries a valid bearer token; the principal is
    kept in the request's state, so the route's `current_user` does not verify it again."""
    try:
        principal = await current_user(Request(scope))
    except ApiError:  # no or a bad token (the route answers 401), or keys unreachable (503)
        return None
    scope.setdefault("state", {})[VERIFIED] = principal
    return principal.user_id


async def _mcp_tool_call(receive: Receive) -> tuple[Receive, dict[str, Any] | None]:
    """Read an MCP POST's body and find its tool call; returns a receive that replays the body.

    Only `tools/call` spends the MCP budget: a client's `initialize` and `tools/list` are
    cheap and come with every (stateless) connection.
    """
    chunks: list[bytes] = []
    first: Message = {"type": "http.request", "body": b"", "more_body": True}
    while True:
        message = await receive()
        if message["type"] != "http.request":
            first = message  # the client left; let the MCP app see it
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            first = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            break
    try:
        parsed = json.loads(first.get("body", b"") or b"null")
    except (ValueError, RecursionError):
        # The MCP app refuses it too, but its parser is not this one: what this one cannot
        # read is counted as a call, so no spelling of a tool call slips past the budget.
        return _replaying(first, receive), {}
    messages = parsed if isinstance(parsed, list) else [parsed]
    call = next(
        (m for m in messages if isinstance(m, dict) and m.get("method") == "tools/call"), None
    )
    return _replaying(first, receive), call


def _replaying(first: Message, receive: Receive) -> Receive:
    """A receive that answers `first` once, then the client's own messages."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return first
        return await receive()

    return replay


def _jsonrpc_error(call_id: Any, message: str, seconds: int) -> dict[str, Any]:
    # mcp's client reads a JSON-RPC error from the body of a non-2xx answer and raises it with
    # this message; any other body becomes a bare "Server returned an error response".
    return {
        "jsonrpc": "2.0",
        "id": call_id,
        "error": {
            "code": -32000,
            "message": message,
            "data": {"code": "rate_limited", "retry_after": seconds},
        },
    }
