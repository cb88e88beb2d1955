"""Dead letters: events a function refused or kept failing on, kept with the last error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import DeadLetterRow
from eventing.cloudevents import InvalidEvent, parse_json


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


class DeadLetters:
    """The dead-letter table."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

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
                .values(replayed_at=datetime.now(UTC))
            )
