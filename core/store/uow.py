"""Unit of work: one session, one transaction, committed only when the caller says so.

What a change records (`uow.record(event)`) becomes outbox rows inside the same transaction, and
a `NOTIFY` wakes the relay when it commits: a change and its events are durable together.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import OutboxRow

if TYPE_CHECKING:
    from core.events import Event

OUTBOX_CHANNEL = "todo_outbox"
_OUTBOX = OutboxRow.__table__
# NOTIFY todo_outbox, as a function so it rides in the statement that writes the outbox rows.
_NOTIFY = func.pg_notify(literal(OUTBOX_CHANNEL), literal(""))


@dataclass(frozen=True)
class _Recorded:
    event: Event
    deliver_at: datetime | None
    task_id: uuid.UUID | None


class UnitOfWork:
    """`async with UnitOfWork(sessions) as uow:` ... `await uow.commit()`; else it rolls back.

    `actor` (user, agent, function:<name>) and `source` (the CloudEvent source) say who acts.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        actor: str = "user",
        source: str = "/todo/gateway",
    ) -> None:
        self._sessions = sessions
        self.actor = actor
        self.source = source
        self._recorded: list[_Recorded] = []
        self._after_commit: list[Callable[[], Awaitable[None]]] = []
        self.events: list[Event] = []  # what the last commit published, for callers and tests

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        await self.session.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.session.in_transaction():
                await self.session.rollback()
        finally:
            self._recorded.clear()
            await self.session.close()

    def record(
        self, event: Event, *, deliver_at: datetime | None = None, task_id: uuid.UUID | None = None
    ) -> None:
        """Publish `event` when this unit commits (at `deliver_at`, if it is for later)."""
        self._recorded.append(_Recorded(event, deliver_at, task_id))

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run `action` once this unit has committed (side effects outside the database)."""
        self._after_commit.append(action)

    async def commit(self) -> None:
        """Make every change of this unit, and the events it recorded, durable together."""
        now = datetime.now(UTC)
        if self._recorded:
            await self.session.flush()  # changes made through the ORM go first, as before
            # One round trip: the outbox rows (ids in recording order) and the NOTIFY, which
            # PostgreSQL delivers only if and when the transaction commits.
            rows = insert(_OUTBOX).values([self._outbox_row(item, now) for item in self._recorded])
            await self.session.execute(select(_NOTIFY).add_cte(rows.cte("outbox_rows")))
        await self.session.commit()
        self.events = [item.event for item in self._recorded]
        self._recorded.clear()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            await action()

    def _outbox_row(self, item: _Recorded, now: datetime) -> dict[str, Any]:
        event = item.event
        return {
            "event_id": uuid.uuid4(),
            "topic": event.topic,
            "type": event.type,
            "source": self.source,
            "subject": event.subject(),
            "partition_key": event.partition_key(),
            "time": now,
            "dataschema": event.schema_id(),
            "data": event.model_dump(mode="json"),
            "task_id": item.task_id,
            "attempts": 0,
            # now() of the database, as the column's default: not before the commit
            "deliver_at": func.now() if item.deliver_at is None else item.deliver_at,
        }
