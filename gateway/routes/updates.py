"""Live updates: `GET /api/updates` (server-sent events), `/ws` (WebSocket), and the
`POST /api/stream-ticket` that opens either without a token in the URL.

A reconnecting client sends the last id it saw (`Last-Event-ID` header, or `?last_event_id=`)
and gets what it missed. Ids count the user's own updates. A stream ends when its credential
expires: SSE with a last `expired` event, WebSocket with close code 4001; the client gets a
new ticket (or token) and reconnects with its last id, missing nothing. Each user may hold
MAX_STREAMS_PER_USER streams at once in a gateway process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from pydantic import BaseModel
from sse_starlette.sse import EventSourceResponse
from starlette.background import BackgroundTask

from core.store.stream_tickets import issue_ticket
from gateway.auth import CurrentUser, Principal
from gateway.errors import ErrorBody
from gateway.stream_auth import stream_principal
from gateway.stream_slots import StreamSlots, TooManyStreams

router = APIRouter(tags=["live updates"])

CLOSE_EXPIRED = 4001  # the credential expired: get a new one and reconnect
CLOSE_TOO_MANY = 1008  # policy violation: over the per-user stream quota


class StreamTicket(BaseModel):
    """A single-use credential for opening one stream: `?ticket=` on /api/updates or /ws."""

    ticket: str
    expires_at: datetime


@router.post("/api/stream-ticket", status_code=201)
async def stream_ticket(user: CurrentUser, request: Request) -> StreamTicket:
    """A ticket for one live-update stream: single-use, valid 60 s, for the caller only."""
    async with request.app.state.sessions() as session, session.begin():
        issued = await issue_ticket(session, user.user_id, user.expires_at)
    return StreamTicket(ticket=issued.ticket, expires_at=issued.expires_at)


def _last_id(connection: Request | WebSocket) -> int | None:
    raw = connection.headers.get("last-event-id") or connection.query_params.get("last_event_id")
    if raw is None or not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None  # not an id we issued (ids are bigint): start from now
    return int(raw)


def _slots(connection: Request | WebSocket) -> StreamSlots:
    slots: StreamSlots = connection.app.state.stream_slots
    return slots


TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorBody, "description": "MAX_STREAMS_PER_USER streams already open"}
}


@router.get("/api/updates", response_class=EventSourceResponse, responses=TOO_MANY)
async def updates(request: Request) -> EventSourceResponse:
    """Server-sent events of the user's task changes and notifications."""
    user = await stream_principal(request)
    hub = request.app.state.updates
    last_id = _last_id(request)
    slot = _slots(request).acquire(user.user_id)

    async def events() -> AsyncIterator[dict[str, Any]]:
        try:
            async for update in hub.stream(user.user_id, last_id, until=user.expires_at):
                if update is None:
                    yield {"comment": "keep-alive"}
                    continue
                yield {
                    "id": str(update.id),
                    "event": update.payload.get("kind", "update"),
                    "data": json.dumps(update.payload),
                }
            if _expired(user.expires_at):
                # Said before the end, so the client renews its credential rather than
                # letting EventSource retry the same (used) ticket.
                yield {"event": "expired", "data": json.dumps({"reason": "token expired"})}
        finally:
            slot.release()

    # The response's background task also releases, for a stream that never started.
    return EventSourceResponse(
        events(),
        ping=None,
        headers={"Cache-Control": "no-store"},
        background=BackgroundTask(slot.release),
    )


@router.websocket("/ws")
async def websocket(socket: WebSocket) -> None:
    """The same updates over a WebSocket: one JSON message per update."""
    # An Unauthorized raised here becomes an HTTP 401 denial of the handshake (JSON body and
    # WWW-Authenticate), through the app's error handlers.
    user = await stream_principal(socket)
    try:
        slot = _slots(socket).acquire(user.user_id)
    except TooManyStreams as refused:
        # Accepted only to be closed: a browser sees a close reason, never a denial's body.
        await socket.accept()
        await socket.close(CLOSE_TOO_MANY, reason=refused.message[:120])
        return
    try:
        await socket.accept()
        sender = asyncio.create_task(_send_updates(socket, user, _last_id(socket)))
        closed = asyncio.create_task(_until_closed(socket))
        # Whichever ends first ends both: a client that leaves frees its stream at once, not
        # at the next heartbeat.
        done, pending = await asyncio.wait({sender, closed}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await task
        for task in done:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):  # closed under our feet
                task.result()
    finally:
        slot.release()


async def _send_updates(socket: WebSocket, user: Principal, last_id: int | None) -> None:
    hub = socket.app.state.updates
    async for update in hub.stream(user.user_id, last_id, until=user.expires_at):
        if update is None:
            await socket.send_json({"type": "ping"})
            continue
        await socket.send_json({"id": update.id, "type": update.type, **update.payload})
    if _expired(user.expires_at):
        await socket.close(CLOSE_EXPIRED, reason="token expired")


async def _until_closed(socket: WebSocket) -> None:
    """Read (and ignore) what the client sends until it closes the connection."""
    while (await socket.receive())["type"] != "websocket.disconnect":
        pass


def _expired(expires_at: datetime | None) -> bool:
    return expires_at is not None and expires_at <= datetime.now(UTC)
