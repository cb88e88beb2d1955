"""Live updates: `GET /api/updates` (server-sent events) and `/ws` (WebSocket).

Browsers cannot put an Authorization header on EventSource or WebSocket requests, so both
also take the bearer token as `?access_token=` (RFC 6750 section 2.3). A reconnecting client
sends the last id it saw (`Last-Event-ID` header, or `?last_event_id=`) and gets what it missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from sse_starlette.sse import EventSourceResponse

from gateway.auth import Principal, Unauthorized, current_user

router = APIRouter(tags=["live updates"])


async def _principal(connection: Request | WebSocket) -> Principal:
    token = connection.query_params.get("access_token")
    if token:
        return await connection.app.state.verifier.verify(token)
    if isinstance(connection, Request):
        return await current_user(connection)
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized("missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    return await connection.app.state.verifier.verify(value.strip())


def _last_id(connection: Request | WebSocket) -> int | None:
    raw = connection.headers.get("last-event-id") or connection.query_params.get("last_event_id")
    if raw is None or not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None  # not an id we issued (ids are bigint): start from now
    return int(raw)


@router.get("/api/updates", response_class=EventSourceResponse)
async def updates(request: Request) -> EventSourceResponse:
    """Server-sent events of the user's task changes and notifications."""
    user = await _principal(request)
    hub = request.app.state.updates

    async def events() -> AsyncIterator[dict[str, Any]]:
        async for update in hub.stream(user.user_id, _last_id(request)):
            if update is None:
                yield {"comment": "keep-alive"}
                continue
            yield {
                "id": str(update.id),
                "event": update.payload.get("kind", "update"),
                "data": json.dumps(update.payload),
            }

    return EventSourceResponse(events(), ping=None, headers={"Cache-Control": "no-store"})


@router.websocket("/ws")
async def websocket(socket: WebSocket) -> None:
    """The same updates over a WebSocket: one JSON message per update."""
    # An Unauthorized raised here becomes an HTTP 401 denial of the handshake (JSON body and
    # WWW-Authenticate), through the app's error handlers.
    user = await _principal(socket)
    await socket.accept()
    sender = asyncio.create_task(_send_updates(socket, user.user_id, _last_id(socket)))
    closed = asyncio.create_task(_until_closed(socket))
    # Whichever ends first ends both: a client that leaves frees its stream at once, not at
    # the next heartbeat.
    done, pending = await asyncio.wait({sender, closed}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
            await task
    for task in done:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):  # closed under our feet
            task.result()


async def _send_updates(socket: WebSocket, owner: str, last_id: int | None) -> None:
    hub = socket.app.state.updates
    async for update in hub.stream(owner, last_id):
        if update is None:
            await socket.send_json({"type": "ping"})
            continue
        await socket.send_json({"id": update.id, "type": update.type, **update.payload})


async def _until_closed(socket: WebSocket) -> None:
    """Read (and ignore) what the client sends until it closes the connection."""
    while (await socket.receive())["type"] != "websocket.disconnect":
        pass
