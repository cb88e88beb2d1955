"""Stream tickets: single-use, short-lived credentials for opening a live-update stream.

Browsers cannot set headers on EventSource or WebSocket requests, so the credential travels
in the URL, where proxies and access logs can keep it. A ticket kept there is worth little:
it opens one stream, within a minute, for its owner only. Tickets live in PostgreSQL, so any
gateway replica can redeem one that another issued, and redeeming is one `DELETE ...
RETURNING`: of two replicas redeeming the same ticket at once, exactly one gets it. Only the
SHA-256 of a ticket is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Text, delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.store.models import Base

TICKET_TTL = timedelta(seconds=60)


class StreamTicketRow(Base):
    """One ticket not yet used; deleted when used, purged when expired."""

    __tablename__ = "stream_tickets"

    ticket_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    owner: Mapped[str] = mapped_column(Text, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


@dataclass(frozen=True)
class IssuedTicket:
    """What the client gets: the ticket itself and when it stops being accepted."""

    ticket: str
    expires_at: datetime


@dataclass(frozen=True)
class RedeemedTicket:
    """Whose stream a ticket opens, and when that stream must end (None: never)."""

    owner: str
    stream_expires_at: datetime | None


def _digest(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


async def issue_ticket(
    session: AsyncSession, owner: str, token_expires_at: datetime | None
) -> IssuedTicket:
    """Store a new ticket for `owner`; the caller commits."""
    ticket = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + TICKET_TTL
    if token_expires_at is not None:
        expires_at = min(expires_at, token_expires_at)  # never outlive the token behind it
    session.add(
        StreamTicketRow(
            ticket_hash=_digest(ticket),
            owner=owner,
            expires_at=expires_at,
            token_expires_at=token_expires_at,
        )
    )
    return IssuedTicket(ticket, expires_at)


async def redeem_ticket(session: AsyncSession, ticket: str) -> RedeemedTicket | None:
    """Use up a ticket: its owner, or None if it is unknown, used already or expired."""
    if not ticket or len(ticket) > 200:
        return None
    row = (
        await session.execute(
            delete(StreamTicketRow)
            .where(StreamTicketRow.ticket_hash == _digest(ticket))
            .returning(
                StreamTicketRow.owner,
                StreamTicketRow.expires_at,
                StreamTicketRow.token_expires_at,
            )
        )
    ).one_or_none()
    if row is None or row.expires_at <= datetime.now(UTC):
        return None
    return RedeemedTicket(row.owner, row.token_expires_at)


async def purge_expired_tickets(session: AsyncSession) -> None:
    """Delete tickets that expired unused (the caller commits)."""
    await session.execute(delete(StreamTicketRow).where(StreamTicketRow.expires_at < func.now()))
