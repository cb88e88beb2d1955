"""What the fault suite writes: task changes for many users, and a few events bad on purpose.

`Writer` changes tasks through `core.services` in units of work, as the gateway does, from
several lanes at once (each lane owns its users, so one user's changes are sequential). Every
operation makes exactly one task event, so the number written is known exactly:

- creates: one-off tasks; tasks with reminders that fall due a few seconds later (an `at`
  time, or `before` a near due date); recurring tasks (daily, weekly, hourly, monthly, some
  with COUNT so their series ends), anchored on the due date or on the completion;
- updates: new titles (with priority, tags, description or due date) of one-off tasks, of
  reminder tasks and of the open occurrence of a series; rescheduled reminders;
- completions and skips of the open occurrence of a series (recur makes the next one),
  completions, reopenings and deletions of one-off tasks.

Reminder tasks are never completed or deleted, and a reminder is rescheduled only while none
of its task's reminders can have been published yet (all still more than 5 s away), so every
reminder that is published must reach its user exactly once. Recurring tasks are never
reopened, so every completion or skip must be followed by exactly one next occurrence.

The writer's side of a database outage is the writer's job: a unit of work that fails because
the database went away is retried. Each operation is idempotent on retry (updates set
absolute values, completing a completed task changes nothing, a create first looks for its
unique title), so an attempt that committed just before the connection died is not repeated.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import asyncpg
from aiokafka import AIOKafkaProducer
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.channels import OUTBOX_CHANNEL
from core.errors import InvalidTask, TaskNotFound
from core.events import snapshot
from core.services.series import following, skip_task
from core.store.eventing_models import OutboxRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch

T = TypeVar("T")

_TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,  # refused or reset connections, missing socket, timeouts
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.InterfaceError,  # "connection is closed", connection lost mid-operation
    asyncpg.exceptions.OperatorInterventionError,  # 57P01-57P03: shutting down, starting up
)


def is_transient(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) says the database was briefly gone."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        error = stack.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, _TRANSIENT):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        stack += [error.__cause__, error.__context__]
    return False


async def with_retry(
    action: Callable[[int], Awaitable[T]], *, patience: float = 120.0, on_retry: Any = None
) -> T:
    """Run `action(attempt)` until it does not fail for a transient reason (see is_transient)."""
    deadline = time.monotonic() + patience
    attempt = 0
    while True:
        try:
            return await action(attempt)
        except Exception as exc:
            if not is_transient(exc) or time.monotonic() > deadline:
                raise
        attempt += 1
        if on_retry is not None:
            on_retry()
        await asyncio.sleep(min(0.05 * 2**attempt, 1.0))


RULES = (
    "FREQ=DAILY",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=HOURLY;INTERVAL=6",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=DAILY;COUNT=3",
    "FREQ=WEEKLY;COUNT=2",
)
PRIORITIES = ("none", "low", "medium", "high", "urgent")
TAGS = ("home", "work", "errand", "health", "money", "family")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


@dataclass
class User:
    """What the writer knows of one user's tasks."""

    name: str
    made: int = 0
    open: list[uuid.UUID] = field(default_factory=list)
    done: list[uuid.UUID] = field(default_factory=list)
    series: list[uuid.UUID] = field(default_factory=list)
    reminders: dict[uuid.UUID, datetime] = field(default_factory=dict)  # task -> first fire
    titles: dict[uuid.UUID, str] = field(default_factory=dict)

    def title(self) -> str:
        self.made += 1
        return f"{self.name}-t{self.made}"


class Writer:
    """Makes `target` task events for `users` from `lanes` concurrent lanes: its own, plus the
    next occurrences recur creates for the occurrences it completes or skips (it knows which
    ones will have a next one, so the total is exact)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        users: list[str],
        *,
        target: int,
        lanes: int,
        rng: random.Random,
    ) -> None:
        self.sessions = sessions
        self.users = [User(name) for name in users]
        self.target = target
        self.lanes = lanes
        self.rng = rng
        self.reserved = 0
        self.written = 0
        self.followups = 0  # next occurrences recur will create for the writer's finishes
        self.retries = 0
        self.ops: Counter[str] = Counter()
        self.last_fire = datetime.now(UTC)  # the latest reminder time written
        self.finished = asyncio.Event()

    async def run(self) -> None:
        """Write until `target` task events are committed."""
        lanes = [self.users[i :: self.lanes] for i in range(self.lanes)]
        try:
            await asyncio.gather(
                *(self._lane(users, random.Random(self.rng.randrange(2**32))) for users in lanes)
            )
        finally:
            self.finished.set()

    async def _lane(self, users: list[User], rng: random.Random) -> None:
        while self.reserved + self.followups < self.target:
            self.reserved += 1
            user = rng.choice(users)
            kind = await self._one(user, rng)
            self.ops[kind] += 1
            self.written += 1

    # -- one operation, exactly one task event -------------------------------------------------

    async def _one(self, user: User, rng: random.Random) -> str:
        kinds = {
            "create": 12,
            "create_reminder": 6,
            "create_recurring": 8,
            "update": 18,
            "update_reminder_task": 3,
            "reschedule_reminder": 3,
            "update_occurrence": 4,
            "complete": 12,
            "reopen": 4,
            "delete": 4,
            "complete_occurrence": 20,
            "skip_occurrence": 5,
        }
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        done = await getattr(self, f"_{kind}")(user, rng)
        if done:
            return kind
        await self._create(user, rng)  # the chosen change had nothing to act on yet
        return "create"

    async def _unit(self, work: Callable[[UnitOfWork, int], Awaitable[T]]) -> T:
        async def attempt(number: int) -> T:
            async with UnitOfWork(self.sessions) as uow:
                return await work(uow, number)

        return await with_retry(attempt, on_retry=self._count_retry)

    def _count_retry(self) -> None:
        self.retries += 1

    async def _create_task(self, user: User, data: dict[str, Any]) -> uuid.UUID:
        title = data["title"]

        async def work(uow: UnitOfWork, attempt: int) -> uuid.UUID:
            if attempt:  # the attempt before may have committed just before the failure
                found = await uow.session.scalar(
                    select(TaskRow.id)
                    .where(TaskRow.owner == user.name, TaskRow.title == title)
                    .order_by(TaskRow.occurrence_index)
                    .limit(1)
                )
                if found is not None:
                    return found
            row = await services.create_task(
                uow, user.name, TaskCreate.model_validate(data), now=datetime.now(UTC)
            )
            return row.id

        task_id = await self._unit(work)
        user.titles[task_id] = title
        return task_id

    async def _create(self, user: User, rng: random.Random) -> bool:
        data: dict[str, Any] = {
            "title": user.title(),
            "priority": rng.choice(PRIORITIES),
            "tags": rng.sample(TAGS, rng.randint(0, 2)),
        }
        if rng.random() < 0.4:
            data["due"] = _iso(datetime.now(UTC) + timedelta(days=rng.uniform(1, 30)))
        user.open.append(await self._create_task(user, data))
        return True

    async def _create_reminder(self, user: User, rng: random.Random) -> bool:
        now = datetime.now(UTC)
        due = now + timedelta(seconds=rng.uniform(40, 120))
        fires = [now + timedelta(seconds=rng.uniform(4, 25))]
        reminders: list[dict[str, str]] = [{"at": _iso(fires[0])}]
        if rng.random() < 0.5:  # and one relative to the due date
            before = int((due - now).total_seconds() - rng.uniform(5, 25))
            fires.append(due - timedelta(seconds=before))
            reminders.append({"before": f"PT{before}S"})
        data = {"title": user.title(), "due": _iso(due), "reminders": reminders}
        task_id = await self._create_task(user, data)
        user.reminders[task_id] = min(fires)
        self.last_fire = max(self.last_fire, *fires)
        return True

    async def _create_recurring(self, user: User, rng: random.Random) -> bool:
        due = datetime.now(UTC) + timedelta(hours=rng.uniform(-72, 48))
        data = {
            "title": user.title(),
            "due": _iso(due.replace(microsecond=0)),
            "recurrence": {"rule": rng.choice(RULES), "anchor": rng.choice(["due", "completion"])},
            "priority": rng.choice(PRIORITIES),
        }
        task_id = await self._create_task(user, data)
        user.series.append(task_id)  # the first occurrence's id is the series id
        return True

    async def _patch(self, user: User, task_id: uuid.UUID, patch: dict[str, Any]) -> Any:
        """Apply an absolute patch; on retry an already applied one changes nothing."""

        async def work(uow: UnitOfWork, attempt: int) -> Any:
            return await services.update_task(
                uow, user.name, task_id, TaskPatch.model_validate(patch), now=datetime.now(UTC)
            )

        return await self._unit(work)

    def _new_title(self, user: User, task_id: uuid.UUID) -> str:
        user.made += 1
        title = f"{user.titles.get(task_id, user.name)} e{user.made}"
        user.titles[task_id] = title
        return title

    async def _update(self, user: User, rng: random.Random) -> bool:
        if not user.open:
            return False
        task_id = rng.choice(user.open)
        patch: dict[str, Any] = {"title": self._new_title(user, task_id)}
        extra = rng.choice(["priority", "tags", "description", "due", None])
        if extra == "priority":
            patch["priority"] = rng.choice(PRIORITIES)
        elif extra == "tags":
            patch["tags"] = rng.sample(TAGS, rng.randint(0, 3))
        elif extra == "description":
            patch["description"] = f"note {user.made}"
        elif extra == "due":
            patch["due"] = _iso(datetime.now(UTC) + timedelta(days=rng.uniform(1, 30)))
        await self._patch(user, task_id, patch)
        return True

    async def _update_reminder_task(self, user: User, rng: random.Random) -> bool:
        if not user.reminders:
            return False
        task_id = rng.choice(list(user.reminders))
        await self._patch(user, task_id, {"title": self._new_title(user, task_id)})
        return True

    async def _reschedule_reminder(self, user: User, rng: random.Random) -> bool:
        # Only while none of the task's reminders can have been published: the rows being
        # replaced are then surely still in the outbox (the relay takes only due rows), so
        # no reminder already on its way is made stale. Checked again inside the unit of
        # work, since a retry after a database crash may come seconds later.
        margin = timedelta(seconds=5)
        now = datetime.now(UTC)
        movable = [t for t, fire in user.reminders.items() if fire > now + margin]
        if not movable:
            return False
        task_id = rng.choice(movable)
        first = user.reminders[task_id]
        fire = now + timedelta(seconds=rng.uniform(6, 20))
        title = self._new_title(user, task_id)
        self.last_fire = max(self.last_fire, fire)
        moved = False

        async def work(uow: UnitOfWork, attempt: int) -> None:
            nonlocal moved
            moved = datetime.now(UTC) + margin < first
            patch: dict[str, Any] = {"title": title}
            if moved:
                patch["reminders"] = [{"at": _iso(fire)}]
            await services.update_task(
                uow, user.name, task_id, TaskPatch.model_validate(patch), now=datetime.now(UTC)
            )

        await self._unit(work)
        if moved:
            user.reminders[task_id] = fire
        return True

    async def _open_occurrence(self, user: User, series_id: uuid.UUID) -> uuid.UUID | None:
        async def look(attempt: int) -> uuid.UUID | None:
            async with self.sessions() as session:
                return await session.scalar(
                    select(TaskRow.id).where(
                        TaskRow.owner == user.name,
                        TaskRow.series_id == series_id,
                        TaskRow.completed.is_(False),
                    )
                )

        return await with_retry(look, on_retry=self._count_retry)

    async def _update_occurrence(self, user: User, rng: random.Random) -> bool:
        if not user.series:
            return False
        series_id = rng.choice(user.series)
        task_id = await self._open_occurrence(user, series_id)
        if task_id is None:  # recur has not made it yet
            return False
        user.titles.setdefault(task_id, user.titles.get(series_id, user.name))
        await self._patch(user, task_id, {"title": self._new_title(user, task_id)})
        return True

    async def _finish_occurrence(self, user: User, rng: random.Random, *, skip: bool) -> bool:
        if not user.series:
            return False
        series_id = rng.choice(user.series)
        task_id = await self._open_occurrence(user, series_id)
        if task_id is None:  # recur has not made the next one yet
            return False
        if self.reserved + self.followups >= self.target:
            return False  # no room left for the next occurrence recur would add
        self.followups += 1  # until we know the series ends here

        async def work(uow: UnitOfWork, attempt: int) -> TaskRow:
            now = datetime.now(UTC)
            if not skip:
                return await services.complete_task(uow, user.name, task_id, now=now)
            try:
                return await skip_task(uow, user.name, task_id, now=now)
            except InvalidTask:
                if not attempt:
                    raise
                # skipped by the attempt that seemed to fail
                return await services.get_task(uow.session, user.name, task_id)

        row = await self._unit(work)
        if following(snapshot(row)) is None:  # the series ended: no next occurrence
            self.followups -= 1
            user.series.remove(series_id)
        return True

    async def _complete_occurrence(self, user: User, rng: random.Random) -> bool:
        return await self._finish_occurrence(user, rng, skip=False)

    async def _skip_occurrence(self, user: User, rng: random.Random) -> bool:
        return await self._finish_occurrence(user, rng, skip=True)

    async def _complete(self, user: User, rng: random.Random) -> bool:
        if not user.open:
            return False
        task_id = rng.choice(user.open)

        async def work(uow: UnitOfWork, attempt: int) -> None:
            await services.complete_task(uow, user.name, task_id, now=datetime.now(UTC))

        await self._unit(work)
        user.open.remove(task_id)
        user.done.append(task_id)
        return True

    async def _reopen(self, user: User, rng: random.Random) -> bool:
        if not user.done:
            return False
        task_id = rng.choice(user.done)

        async def work(uow: UnitOfWork, attempt: int) -> None:
            await services.reopen_task(uow, user.name, task_id, now=datetime.now(UTC))

        await self._unit(work)
        user.done.remove(task_id)
        user.open.append(task_id)
        return True

    async def _delete(self, user: User, rng: random.Random) -> bool:
        pool = user.open + user.done
        if not pool:
            return False
        task_id = rng.choice(pool)

        async def work(uow: UnitOfWork, attempt: int) -> None:
            try:
                await services.delete_task(uow, user.name, task_id)
            except TaskNotFound:
                if not attempt:
                    raise  # deleted by the attempt that seemed to fail: that is fine

        await self._unit(work)
        for bucket in (user.open, user.done):
            if task_id in bucket:
                bucket.remove(task_id)
        return True


# --------------------------------------------------------------------------- bad events

INJECTOR = "/todo/fault-injector"
BAD_KEY = "fault-bad"


@dataclass(frozen=True)
class ExpectedLetter:
    """A dead letter the suite expects: which function, which topic, which event."""

    function: str
    topic: str
    event: str  # the CloudEvent id, or the raw body of a record that is not even JSON


@dataclass
class BadEvents:
    """Events that are bad on purpose, and the dead letters each must end in (once each)."""

    expected: list[ExpectedLetter] = field(default_factory=list)
    raw_records: int = 0
    outbox_rows: int = 0
    _injections: int = 0

    def expected_letters(self) -> list[tuple[str, str, str]]:
        """(function, topic, event) of each dead letter that must exist, once each."""
        return [(e.function, e.topic, e.event) for e in self.expected]

    async def inject_raw(self, bootstrap: str) -> None:
        """Straight into Kafka: a record that is not JSON on task-events (recur and audit
        both refuse it at the router), and an unsigned reminder on reminders (the router keeps
        it as a 401 dead letter), sent twice, as a producer that retries may: the second copy
        is a redelivery of the same CloudEvent, not a new bad event."""
        self._injections += 1
        number = self._injections
        garbage = f"{{this is not an event #{number}".encode()
        reminder_id = f"bad-reminder-{number}"
        reminder = {
            "specversion": "1.0",
            "id": reminder_id,
            "source": INJECTOR,
            "type": "todo.reminder.due",
            "time": datetime.now(UTC).isoformat(),
            "datacontenttype": "application/json",
            "partitionkey": BAD_KEY,
            "data": {"task_id": "not-a-uuid", "owner": BAD_KEY},
        }
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
        await producer.start()
        try:
            await producer.send_and_wait("task-events", garbage, key=BAD_KEY.encode())
            for _ in range(2):
                await producer.send_and_wait(
                    "reminders", json.dumps(reminder).encode(), key=BAD_KEY.encode()
                )
        finally:
            await producer.stop()
        self.raw_records += 3
        self.expected += [
            ExpectedLetter("recur", "task-events", garbage.decode()),
            ExpectedLetter("audit", "task-events", garbage.decode()),
            ExpectedLetter("notify", "reminders", reminder_id),
        ]

    async def inject_outbox(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Into the outbox, as a buggy writer would: a completion whose task is not a task
        (recur and audit answer 400), a creation likewise (recur ignores the type, audit
        answers 400), and a live update with an unknown op (push answers 400)."""
        now = datetime.now(UTC)
        rows = [
            ("task-events", "todo.task.completed", {"task": {"id": "broken"}, "actor": "user"}),
            ("task-events", "todo.task.created", {"task": "broken", "actor": "user"}),
            ("task-updates", "todo.update.task", {"op": "explode", "task": {}}),
        ]
        made = [(uuid.uuid4(), topic, type_, data) for topic, type_, data in rows]

        async def insert(attempt: int) -> None:
            async with sessions() as session, session.begin():
                if attempt:  # committed just before the connection died?
                    found = await session.scalar(
                        select(OutboxRow.id).where(OutboxRow.event_id == made[0][0])
                    )
                    if found is not None:
                        return
                for event_id, topic, type_, data in made:
                    session.add(
                        OutboxRow(
                            event_id=event_id,
                            topic=topic,
                            type=type_,
                            source=INJECTOR,
                            subject=None,
                            partition_key=BAD_KEY,
                            time=now,
                            dataschema=f"urn:todo-events:schema:{type_}:v1",
                            data=data,
                            attempts=0,
                        )
                    )
                await session.flush()
                await session.execute(text(f"NOTIFY {OUTBOX_CHANNEL}"))

        await with_retry(insert)
        self.outbox_rows += len(made)
        completed, created, update = (str(event_id) for event_id, *_ in made)
        self.expected += [
            ExpectedLetter("recur", "task-events", completed),
            ExpectedLetter("audit", "task-events", completed),
            ExpectedLetter("audit", "task-events", created),
            ExpectedLetter("push", "task-updates", update),
        ]
