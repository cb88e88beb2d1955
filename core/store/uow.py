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
from typing import Any, ClassVar, Protocol

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import tracing
from core.channels import OUTBOX_CHANNEL

# The outbox rows of a commit, any number, in one statement of fixed text (prepared once per
# connection), ids in recording order; `pg_notify` is NOTIFY todo_outbox riding along. A row
# without `deliver_at` gets the database's now(), as the column's default.
_OUTBOX_CTE = """
    written AS (
        INSERT INTO outbox (event_id, topic, type, source, subject, partition_key, time,
                            dataschema, data, task_id, attempts, deliver_at, traceparent,
                            tracestate)
        SELECT u.event_id, u.topic, u.type, :source, u.subject, u.partition_key, :time,
               u.dataschema, u.data::jsonb, u.task_id, 0, coalesce(u.deliver_at, now()),
               CAST(:traceparent AS text), CAST(:tracestate AS text)
        FROM unnest(CAST(:event_ids AS uuid[]), CAST(:topics AS text[]), CAST(:types AS text[]),
                    CAST(:subjects AS text[]), CAST(:partition_keys AS text[]),
                    CAST(:dataschemas AS text[]), CAST(:data AS text[]),
                    CAST(:task_ids AS uuid[]), CAST(:deliver_ats AS timestamptz[]))
             WITH ORDINALITY AS u(event_id, topic, type, subject, partition_key, dataschema, data,
                                  task_id, deliver_at, n)
        ORDER BY u.n
    )"""
_WRITE_OUTBOX = text(f"WITH {_OUTBOX_CTE} SELECT pg_notify(:channel, '')")
_WRITES: dict[tuple[str, ...], TextClause] = {}


def _with_staged(staged: tuple[str, ...]) -> TextClause:
    """The outbox statement with `staged` INSERTs ahead of it (one text per combination)."""
    statement = _WRITES.get(staged)
    if statement is None:
        ctes = [f"staged_{n} AS ({sql})" for n, sql in enumerate(staged)]
        sql = f"WITH {', '.join([*ctes, _OUTBOX_CTE])} SELECT pg_notify(:channel, '')"
        statement = _WRITES[staged] = text(sql)
    return statement


class Event(Protocol):
    """What the unit of work needs of an event to store it (core.events.Event has it).

    A protocol, so that the store does not import the domain events: they import the stored
    rows (core.task_view reads TaskRow), and the two packages would form a cycle.
    """

    type: ClassVar[str]
    topic: ClassVar[str]

    def subject(self) -> str | None: ...
    def partition_key(self) -> str: ...
    def schema_id(self) -> str: ...
    def model_dump_json(self) -> str: ...


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
        self._staged: list[tuple[str, dict[str, Any]]] = []
        self._after_commit: list[Callable[[], Awaitable[None]]] = []
        self.events: list[Event] = []  # what the last commit published, for callers and tests
        self._single_statement = False

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
            self._staged.clear()
            await self.session.close()

    def record(
        self, event: Event, *, deliver_at: datetime | None = None, task_id: uuid.UUID | None = None
    ) -> None:
        """Publish `event` when this unit commits (at `deliver_at`, if it is for later)."""
        self._recorded.append(_Recorded(event, deliver_at, task_id))

    def insert_on_commit(self, sql: str, params: dict[str, Any]) -> None:
        """Run `sql`, one INSERT of constant text with its own parameter names, in the round
        trip that writes the outbox rows at commit (for rows nothing reads before the commit;
        needs at least one recorded event)."""
        self._staged.append((sql, params))

    async def single_statement(self) -> None:
        """Declare, before anything else, that this unit writes only in commit()'s statement
        (its recorded events and insert_on_commit rows; nothing through the ORM). That statement
        then commits on its own: no BEGIN and no COMMIT round trip, and row locks its triggers
        take last only while PostgreSQL commits. Reads before it see what each has committed."""
        await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        self._single_statement = True

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run `action` once this unit has committed (side effects outside the database)."""
        self._after_commit.append(action)

    async def commit(self) -> None:
        """Make every change of this unit, and the events it recorded, durable together."""
        now = datetime.now(UTC)
        if self._single_statement and (
            self.session.new or self.session.dirty or self.session.deleted
        ):
            raise RuntimeError("a single-statement unit cannot write through the ORM")
        if self._recorded:
            await self.session.flush()  # changes made through the ORM go first, as before
            # One round trip: the outbox rows and the NOTIFY, which PostgreSQL delivers only if
            # and when the transaction commits.
            params = self._outbox_params(now)
            statement = _WRITE_OUTBOX
            if self._staged:
                statement = _with_staged(tuple(sql for sql, _ in self._staged))
                for _, values in self._staged:
                    params.update(values)
            await self.session.execute(statement, params)
        elif self._staged:
            raise RuntimeError("insert_on_commit needs an event recorded in the same unit")
        self._staged.clear()
        self._single_statement = False  # the next commit of this unit is an ordinary one
        await self.session.commit()
        self.events = [item.event for item in self._recorded]
        self._recorded.clear()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            await action()

    def _outbox_params(self, now: datetime) -> dict[str, Any]:
        events = [item.event for item in self._recorded]
        # The span active at commit (the request's, or the function's that consumed an event)
        # is where these events come from; (None, None) when tracing is off.
        traceparent, tracestate = tracing.current_context()
        return {
            "channel": OUTBOX_CHANNEL,
            "source": self.source,
            "time": now,
            "event_ids": [uuid.uuid4() for _ in events],
            "topics": [event.topic for event in events],
            "types": [event.type for event in events],
            "subjects": [event.subject() for event in events],
            "partition_keys": [event.partition_key() for event in events],
            "dataschemas": [event.schema_id() for event in events],
            "data": [event.model_dump_json() for event in events],
            "task_ids": [item.task_id for item in self._recorded],
            "deliver_ats": [item.deliver_at for item in self._recorded],
            "traceparent": traceparent,
            "tracestate": tracestate,
        }
