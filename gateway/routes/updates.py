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
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Security, WebSocket, WebSocketDisconnect
from fastapi.security import APIKeyQuery, HTTPBearer
from pydantic import BaseModel
from sse_starlette.sse import EventSourceResponse
from starlette.background import BackgroundTask

from core.store.stream_tickets import issue_ticket
from gateway.auth import CurrentUser, Principal
from gateway.sse_schema import event_stream, json_object, sse_event
from gateway.stream_auth import stream_principal
from gateway.stream_slots import StreamSlots, TooManyStreams

router = APIRouter(tags=["live updates"])

CLOSE_EXPIRED = 4001  # the credential expired: get a new one and reconnect
CLOSE_TOO_MANY = 1008  # policy violation: over the per-user stream quota


class StreamTicket(BaseModel):
    """A single-use credential for opening one stream: `?ticket=` on /api/updates or /ws."""

    ticket: str
    expires_at: datetime


@router.post("/api/stream-ticket", status_code=201, operation_id="create_stream_ticket")
async def stream_ticket(user: CurrentUser, request: Request) -> StreamTicket:
    """A ticket for one live-update stream: single-use, valid 60 s, for the caller only."""
    async with request.app.state.sessions() as session, session.begin():
        issued = await issue_ticket(session, user.user_id, user.expires_at)
    return StreamTicket(ticket=issued.ticket, expires_at=issued.expires_at)


def _last_id(connection: Request | WebSocket) -> int | None:
    return _event_id(
        connection.headers.get("last-event-id") or connection.query_params.get("last_event_id")
    )


def _event_id(raw: str | None) -> int | None:
    if raw is None or not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None  # not an id we issued (ids are bigint): start from now
    return int(raw)


def _slots(connection: Request | WebSocket) -> StreamSlots:
    slots: StreamSlots = connection.app.state.stream_slots
    return slots


# The three ways to open a stream (gateway.stream_auth), declared for the document only:
# stream_principal reads them, so every failure gets this API's own 401.
_BEARER = HTTPBearer(
    auto_error=False, description="a JWT from AUTH_JWKS_URL's issuer or `todo token`"
)
_TICKET = APIKeyQuery(
    name="ticket",
    scheme_name="StreamTicket",
    auto_error=False,
    description="a single-use ticket from POST /api/stream-ticket (for browsers' EventSource)",
)
_ACCESS_TOKEN = APIKeyQuery(
    name="access_token",
    scheme_name="AccessTokenQuery",
    auto_error=False,
    description="the bearer token in the URL (RFC 6750 §2.3); prefer a ticket",
)
_EVENT_ID = (
    "the id of the last event the client saw: the stream starts with what came after it "
    "(anything but such an id, digits only, is ignored: the stream starts from now)"
)
_UPDATE = json_object({"kind": {"type": "string"}})
SSE_UPDATES = event_stream(
    "a server-sent event stream: one event per change, named by its kind (`task`: `op` and "
    "the `task`; `notification`; `notifications_read`: `ids`, `unread`), with the user's "
    "update id as the event id and the update as JSON data; keep-alive comments; a last "
    "`expired` event (`reason`) when the credential expires (get a new ticket and reconnect "
    "with Last-Event-ID)",
    *(
        sse_event(kind, _UPDATE, with_id=True)
        for kind in ("task", "notification", "notifications_read", "update")
    ),
    sse_event("expired", json_object({"reason": {"type": "string"}})),
)


@router.get(
    "/api/updates",
    response_class=EventSourceResponse,
    responses=SSE_UPDATES,
    operation_id="stream_updates",
)
async def updates(
    request: Request,
    _bearer: Annotated[object, Security(_BEARER)] = None,
    _ticket: Annotated[str | None, Security(_TICKET)] = None,
    _access_token: Annotated[str | None, Security(_ACCESS_TOKEN)] = None,
    last_event_id: Annotated[str | None, Query(description=_EVENT_ID)] = None,
    last_event_id_header: Annotated[
        str | None, Header(alias="Last-Event-ID", description=f"{_EVENT_ID}; wins over the query")
    ] = None,
) -> EventSourceResponse:
    """Server-sent events of the user's task changes and notifications.

    Open it with a bearer token, a `?ticket=` from POST /api/stream-ticket, or the token in
    `?access_token=`.
    """
    user = await stream_principal(request)
    hub = request.app.state.updates
    last_id = _event_id(last_event_id_header or last_event_id)
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
