"""Idempotent consumers: remember `(consumer, source, event id)` in the effect's transaction."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_CLAIM = text(
    "INSERT INTO processed_events (consumer, source, event_id) VALUES (:consumer, :source, :id) "
    "ON CONFLICT DO NOTHING RETURNING 1"
)


async def first_delivery(session: AsyncSession, consumer: str, source: str, event_id: str) -> bool:
    """True the first time `consumer` sees this event; False for a redelivery.

    Call it inside the transaction that applies the effect: a concurrent duplicate blocks on the
    uncommitted row and then sees the conflict, so the effect happens exactly once.
    """
    result = await session.execute(_CLAIM, {"consumer": consumer, "source": source, "id": event_id})
    return result.first() is not None
