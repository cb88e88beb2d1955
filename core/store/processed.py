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


# The whole batch in one statement of fixed text (prepared once per connection). A key that
# appears twice in the batch conflicts with its own first row, so it is returned once.
_CLAIM_MANY = text(
    "INSERT INTO processed_events (consumer, source, event_id) "
    "SELECT :consumer, u.source, u.event_id "
    "FROM unnest(CAST(:sources AS text[]), CAST(:ids AS text[])) AS u(source, event_id) "
    "ON CONFLICT DO NOTHING RETURNING source, event_id"
)


async def first_deliveries(
    session: AsyncSession, consumer: str, keys: list[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The `(source, event id)` of `keys` that `consumer` sees for the first time.

    `first_delivery` for many events in one round trip, with the same guarantee: call it inside
    the transaction that applies their effects. A key listed twice is in the answer once; the
    caller applies only its first occurrence.
    """
    if not keys:
        return set()
    result = await session.execute(
        _CLAIM_MANY,
        {
            "consumer": consumer,
            "sources": [source for source, _ in keys],
            "ids": [event_id for _, event_id in keys],
        },
    )
    return {(str(source), str(event_id)) for source, event_id in result}
