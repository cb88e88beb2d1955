"""Dead letters: events a function refused or kept failing on, kept with the last error.

A refusal (4xx) waits for a person: `todo dlq replay` once the cause is fixed. A transient
failure (5xx, no answer, 408, 429) that outlasted the router's retries is also retried on its
own: `AutoReplay.first_delay` later, then twice as long after each failure, `max_replays`
times, so a longer outage (a database down for minutes) heals without anyone stepping in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.cloudevents import InvalidEvent, parse_json
from core.store.eventing_models import DeadLetterRow
from eventing.delivery import Outcome


@dataclass(frozen=True)
class EventInfo:
    """What can be read off a raw event for the record (it may not even parse)."""

    event_id: str | None
    event_source: str | None
    event_type: str | None
    partition_key: str | None


def describe(body: bytes) -> EventInfo:
    """Id, source, type and key of a raw event, each None when unreadable."""
    try:
        event = parse_json(body)
    except InvalidEvent:
        return EventInfo(None, None, None, None)
    return EventInfo(
        str(event["id"]), str(event["source"]), str(event["type"]), event.get("partitionkey")
    )


@dataclass(frozen=True)
class AutoReplay:
    """How dead letters of transient failures are retried without a person (0: never)."""

    first_delay: float = 300.0  # seconds after the dead letter, doubled after each failure
    max_replays: int = 5  # 5 min, 10, 20, 40, 80: about two and a half hours in all
    lease: float = 600.0  # a claimed letter is not claimed again for this long


def transient(status: int | None) -> bool:
    """A failure that may pass by itself: no answer, a 5xx, a timeout or a rate limit."""
    return status is None or status >= 500 or status in (408, 429)


_CLAIM_DUE = text(
    """
    UPDATE dead_letters SET retry_at = now() + make_interval(secs => :lease)
    WHERE id IN (
        SELECT id FROM dead_letters
        WHERE replayed_at IS NULL AND retry_at <= now()
        ORDER BY id LIMIT :limit
        FOR UPDATE SKIP LOCKED)
    RETURNING id
    """
)


class DeadLetters:
    """The dead-letter table."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], auto: AutoReplay | None = None
    ) -> None:
        self._sessions = sessions
        self.auto = auto or AutoReplay()

    def _first_retry(self, status: int | None) -> datetime | None:
        if not transient(status) or self.auto.max_replays <= 0:
            return None
        return datetime.now(UTC) + timedelta(seconds=self.auto.first_delay)

    async def add(
        self,
        *,
        function: str,
        topic: str,
        body: bytes,
        status: int | None,
        error: str,
        attempts: int,
    ) -> int:
        """Keep an event that `function` could not take; returns the dead letter's id."""
        info = describe(body)
        text = body.decode("utf-8", errors="replace")
        values = {
            "function": function,
            "topic": topic,
            "event_id": info.event_id,
            "event_source": info.event_source,
            "event_type": info.event_type,
            "partition_key": info.partition_key,
            "event": text,
            "body_hash": hashlib.sha256(text.encode()).hexdigest(),
            "status": status,
            "error": error[:4000],
            "attempts": attempts,
            "retry_at": self._first_retry(status),
        }
        async with self._sessions() as session, session.begin():
            # A redelivered bad event finds its waiting dead letter: keep one, not copies.
            inserted = await session.scalar(
                insert(DeadLetterRow)
                .values(**values)
                .on_conflict_do_nothing()
                .returning(DeadLetterRow.id)
            )
            if inserted is not None:
                return int(inserted)
            same = DeadLetterRow.replayed_at.is_(None) & (DeadLetterRow.function == function)
            if info.event_id is not None:
                same &= (DeadLetterRow.event_id == info.event_id) & (
                    DeadLetterRow.event_source == info.event_source
                )
            else:
                same &= DeadLetterRow.body_hash == values["body_hash"]
            existing = await session.scalar(select(DeadLetterRow.id).where(same).limit(1))
            return int(existing) if existing is not None else 0

    async def pending(self, limit: int = 100) -> list[DeadLetterRow]:
        """Dead letters not replayed yet, oldest first."""
        async with self._sessions() as session:
            query = (
                select(DeadLetterRow)
                .where(DeadLetterRow.replayed_at.is_(None))
                .order_by(DeadLetterRow.id)
                .limit(limit)
            )
            return list((await session.execute(query)).scalars())

    async def get(self, letter_id: int) -> DeadLetterRow | None:
        """One dead letter."""
        async with self._sessions() as session:
            return await session.get(DeadLetterRow, letter_id)

    async def mark_replayed(self, letter_id: int) -> None:
        """Record that a replay got through."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(DeadLetterRow)
                .where(DeadLetterRow.id == letter_id)
                .values(replayed_at=datetime.now(UTC), retry_at=None)
            )

    async def claim_due(self, limit: int = 50) -> list[DeadLetterRow]:
        """Dead letters whose automatic replay is due, leased to this caller.

        SKIP LOCKED and the lease keep two routers from replaying the same letter at once
        (a double replay would be harmless, the functions being idempotent, but wasteful).
        """
        async with self._sessions() as session, session.begin():
            ids = list(
                (
                    await session.execute(_CLAIM_DUE, {"lease": self.auto.lease, "limit": limit})
                ).scalars()
            )
            if not ids:
                return []
            rows = await session.execute(
                select(DeadLetterRow).where(DeadLetterRow.id.in_(ids)).order_by(DeadLetterRow.id)
            )
            return list(rows.scalars())

    async def record_retry(self, letter: DeadLetterRow, outcome: Outcome) -> None:
        """After an automatic replay: done, refused for good, or due again later (or never)."""
        if outcome.ok:
            await self.mark_replayed(letter.id)
            return
        replays = letter.auto_replays + 1
        retry_at = None
        if transient(outcome.status) and replays < self.auto.max_replays:
            delay = self.auto.first_delay * 2**replays
            retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(DeadLetterRow)
                .where(DeadLetterRow.id == letter.id)
                .values(
                    auto_replays=replays,
                    retry_at=retry_at,
                    status=outcome.status,
                    error=(outcome.error or f"HTTP {outcome.status}")[:4000],
                    attempts=DeadLetterRow.attempts + outcome.attempts,
                )
            )
