"""Who opens a live-update stream, and until when: a ticket, or a bearer token.

Browsers cannot put an Authorization header on EventSource or WebSocket requests, so they
first `POST /api/stream-ticket` (with the header) and open the stream with `?ticket=`: the
long-lived token never travels in a URL. Other clients can send the header itself. The old
`?access_token=` still works for clients written against it (RFC 6750 section 2.3).

Every stream ends when its credential expires: a token's stream at the token's exp, a
ticket's stream at the exp of the token that asked for the ticket.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request, WebSocket

from core.store.stream_tickets import redeem_ticket
from gateway.auth import Principal, Unauthorized


async def stream_principal(connection: Request | WebSocket) -> Principal:
    """The user whose stream this is, with its expiry; raises Unauthorized."""
    ticket = connection.query_params.get("ticket")
    if ticket is not None:
        principal = await _ticket_principal(connection, ticket)
        # A ticket alone decides; beside a header it must name the same user, so no request
        # is ever read as two different users.
        header_user = await _header_principal(connection, required=False)
        if header_user is not None and header_user.user_id != principal.user_id:
            raise Unauthorized("the ticket belongs to another user than the bearer token")
        return principal
    token = connection.query_params.get("access_token")
    if token:
        return _unexpired(await connection.app.state.verifier.verify(token))
    from_header = await _header_principal(connection, required=True)
    assert from_header is not None  # required: raised otherwise
    return from_header


async def _ticket_principal(connection: Request | WebSocket, ticket: str) -> Principal:
    async with connection.app.state.sessions() as session, session.begin():
        redeemed = await redeem_ticket(session, ticket)
    if redeemed is None:
        raise Unauthorized("invalid ticket: unknown, already used or expired")
    return _unexpired(Principal(redeemed.owner, redeemed.stream_expires_at))


async def _header_principal(connection: Request | WebSocket, *, required: bool) -> Principal | None:
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        if not required and not header:
            return None
        raise Unauthorized("missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    return _unexpired(await connection.app.state.verifier.verify(value.strip()))


def _unexpired(principal: Principal) -> Principal:
    """Refuse a credential already past its exp (the verifier's leeway is for clock skew on
    single requests; a stream opened then would end at once and reconnect in a loop)."""
    if principal.expires_at is not None and principal.expires_at <= datetime.now(UTC):
        raise Unauthorized("invalid token: token expired")
    return principal
