"""The relay and the router over real PostgreSQL, on a database of their own.

The publisher here records what it was handed (and fails on demand): the thing under test is
the relay's claiming, ordering, backoff and wake-up, not a transport.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core import services
from core.cloudevents import parse_json
from core.store.db import make_sessionmaker
from core.store.eventing_models import ActivityRow, DeadLetterRow, OutboxRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from eventing.dead_letters import DeadLetters
from eventing.publishers import LocalPublisher
from eventing.relay import BUCKETS, Relay, RelayConfig
from eventing.router import Router
from eventing.subscriptions import SUBSCRIPTIONS
from eventing.targets import in_process
from tests.support.databases import engine_for
from tests.support.targets import FAST, StatusApp, status_target
from tests.support.tasks import make_tasks
from tests.support.waits import eventually_async


@pytest.fixture
async def relay_engine(module_database: str) -> AsyncIterator[AsyncEngine]:
    # Each test starts from an empty outbox.
    tables = ("outbox", "dead_letters", "processed_events", "activity", "tasks")
    async with engine_for(module_database, pool_size=10, truncate=tables) as engine:
        yield engine


@pytest.fixture
def sessions(relay_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(relay_engine)


@dataclass
class RecordingPublisher:
    """Records every publish; fails the first `fail_first[key]` publishes of a key."""

    delay: float = 0.0
    fail_first: dict[str, int] = field(default_factory=dict)
    published: list[tuple[str, str, str]] = field(default_factory=list)  # topic, key, event id
    arrivals: dict[str, float] = field(default_factory=dict)

    async def publish(self, topic: str, key: str, value: bytes) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)  # deliberate: a slow broker
        if self.fail_first.get(key, 0) > 0:
            self.fail_first[key] -= 1
            raise ConnectionError("broker unavailable")
        event = parse_json(value)
        self.published.append((topic, key, str(event["id"])))
        self.arrivals[str(event["id"])] = time.monotonic()


async def outbox_order(sessions: async_sessionmaker[AsyncSession]) -> dict[str, list[str]]:
    """Event ids per user, in the order they were written."""
    async with sessions() as session:
        rows = (await session.execute(select(OutboxRow).order_by(OutboxRow.id))).scalars()
        order: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            order[row.partition_key].append(str(row.event_id))
        return order


async def unsent(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))
        )
        return int(count or 0)


async def outbox_drained(sessions: async_sessionmaker[AsyncSession], timeout: float = 20) -> None:
    """Wait until every outbox row was sent."""

    async def drained() -> bool:
        return await unsent(sessions) == 0

    await eventually_async(drained, timeout, "every outbox row sent")


async def holds_every_bucket(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """Whether a relay holds all the outbox's buckets on this database: it has connected and
    LISTENs (it listens before it locks), so a commit's NOTIFY now reaches it."""
    async with sessions() as session:
        held = await session.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
    return int(held or 0) >= BUCKETS


class Running:
    """A relay running in the background until the test ends."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(relay.run(self.stop))

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 30)


# Starts a relay with a publisher and RelayConfig fields; the fixture stops them all after the test.
StartRelay = Callable[..., Running]


@pytest.fixture
async def start_relay(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[StartRelay]:
    running: list[Running] = []

    def start(publisher: object, **config: object) -> Running:
        relay = Relay(module_database, sessions, publisher, RelayConfig(**config))  # type: ignore[arg-type]
        running.append(Running(relay))
        return running[-1]

    yield start
    for item in running:
        await item.close()


async def test_relay_publishes_every_row_once_in_order_per_user(
    sessions: async_sessionmaker[AsyncSession], start_relay: StartRelay
) -> None:
    users = [f"u{i}-{uuid.uuid4().hex[:6]}" for i in range(3)]
    for user in users:
        await make_tasks(sessions, user, 10)
    publisher = RecordingPublisher()
    start_relay(publisher, batch_size=7)
    await outbox_drained(sessions)
    expected = await outbox_order(sessions)
    got: dict[str, list[str]] = defaultdict(list)
    for _, key, event_id in publisher.published:
        got[key].append(event_id)
    assert got == expected  # every event, once, in each user's order


async def test_notify_wakes_the_relay_long_before_its_poll(
    sessions: async_sessionmaker[AsyncSession], start_relay: StartRelay
) -> None:
    publisher = RecordingPublisher()
    start_relay(publisher, poll_interval=60.0)
    # Once it holds its buckets it listens, then idles until a NOTIFY or its 60 s poll.
    await eventually_async(lambda: holds_every_bucket(sessions), 20, "the relay holds its buckets")
    written = time.monotonic()
    await make_tasks(sessions, "wake-" + uuid.uuid4().hex[:6], 1)
    await outbox_drained(sessions, 10)
    latency = max(publisher.arrivals.values()) - written
    print(f"commit -> publish after NOTIFY: {latency * 1000:.1f} ms")
    assert latency < 10  # it did not wait for the 60 s poll


async def test_failed_publish_backs_off_and_holds_back_that_users_later_events(
    sessions: async_sessionmaker[AsyncSession], start_relay: StartRelay
) -> None:
    flaky, steady = "flaky-" + uuid.uuid4().hex[:6], "steady-" + uuid.uuid4().hex[:6]
    await make_tasks(sessions, flaky, 3)
    await make_tasks(sessions, steady, 3)
    publisher = RecordingPublisher(fail_first={flaky: 2})
    start_relay(publisher, max_backoff=0.3)
    await outbox_drained(sessions)
    expected = await outbox_order(sessions)
    got: dict[str, list[str]] = defaultdict(list)
    for _, key, event_id in publisher.published:
        got[key].append(event_id)
    assert got[flaky] == expected[flaky] and got[steady] == expected[steady]
    async with sessions() as session:
        retried = await session.scalar(
            select(func.max(OutboxRow.attempts)).where(OutboxRow.partition_key == flaky)
        )
        errors = await session.scalar(
            select(func.count()).where(OutboxRow.last_error.like("ConnectionError%"))
        )
    assert retried == 2 and errors == 1


async def test_two_relays_never_publish_a_row_twice(
    sessions: async_sessionmaker[AsyncSession], start_relay: StartRelay
) -> None:
    for i in range(8):
        await make_tasks(sessions, f"pair{i}-" + uuid.uuid4().hex[:4], 5)
    publisher = RecordingPublisher(delay=0.002)
    start_relay(publisher, batch_size=5)
    start_relay(publisher, batch_size=5)
    await outbox_drained(sessions, 30)
    ids = [event_id for _, _, event_id in publisher.published]
    assert len(ids) == len(set(ids)) == 8 * 5 * 2


async def test_a_reminder_leaves_at_its_deliver_at(
    sessions: async_sessionmaker[AsyncSession], start_relay: StartRelay
) -> None:
    user = "remind-" + uuid.uuid4().hex[:6]
    fire_at = datetime.now(UTC) + timedelta(seconds=2)
    body = TaskCreate.model_validate({"title": "ping", "reminders": [{"at": fire_at.isoformat()}]})
    async with UnitOfWork(sessions) as uow:
        await services.create_task(uow, user, body, now=datetime.now(UTC))
    publisher = RecordingPublisher()
    start_relay(publisher, poll_interval=30.0)
    await outbox_drained(sessions, 15)
    reminder = [p for p in publisher.published if p[0] == "reminders"]
    assert len(reminder) == 1
    lateness = time.time() - fire_at.timestamp()
    print(f"reminder published {lateness * 1000:.0f} ms after its time (measured after the fact)")
    assert lateness >= 0


# -- router and functions ----------------------------------------------------------------


async def test_events_reach_audit_once_in_order(
    sessions: async_sessionmaker[AsyncSession], start_relay: StartRelay
) -> None:
    audit_only = tuple(sub for sub in SUBSCRIPTIONS if sub.function == "audit")
    router = Router(
        {"audit": in_process("audit", sessions)},
        DeadLetters(sessions),
        policy=FAST,
        subscriptions=audit_only,
    )
    user = "audited-" + uuid.uuid4().hex[:6]
    await make_tasks(sessions, user, 5)
    start_relay(LocalPublisher(router))
    await outbox_drained(sessions)
    # A redelivery of every event changes nothing.
    async with sessions() as session:
        rows = (
            await session.execute(select(OutboxRow).where(OutboxRow.topic == "task-events"))
        ).scalars()
        from core.cloudevents import from_outbox, to_json_bytes

        bodies = [to_json_bytes(from_outbox(row)) for row in rows]
    await asyncio.gather(*(router.dispatch("task-events", body) for body in bodies))
    async with sessions() as session:
        entries = (
            (
                await session.execute(
                    select(ActivityRow).where(ActivityRow.owner == user).order_by(ActivityRow.seq)
                )
            )
            .scalars()
            .all()
        )
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert [e.event_type for e in entries] == ["todo.task.created"] * 5
    assert [e.changes["title"]["after"] for e in entries] == [f"{user} #{i}" for i in range(5)]


async def test_400_is_dead_lettered_at_once_and_5xx_after_retries(sessions) -> None:  # type: ignore[no-untyped-def]
    refusing, failing = StatusApp(400), StatusApp(503)
    subs = tuple(sub for sub in SUBSCRIPTIONS if sub.topic == "task-events")
    router = Router(
        {"recur": status_target("recur", refusing), "audit": status_target("audit", failing)},
        DeadLetters(sessions),
        policy=FAST,
        subscriptions=subs,
    )
    body = b'{"specversion":"1.0","id":"e1","source":"/t","type":"todo.task.completed","data":{}}'
    deliveries = await router.dispatch("task-events", body)
    assert {d.subscription.function: d.result for d in deliveries} == {
        "recur": "dead_lettered",
        "audit": "dead_lettered",
    }
    assert refusing.calls == 1 and failing.calls == 3
    async with sessions() as session:
        letters = (
            (await session.execute(select(DeadLetterRow).order_by(DeadLetterRow.function)))
            .scalars()
            .all()
        )
    assert [(x.function, x.status, x.attempts, x.event_id) for x in letters] == [
        ("audit", 503, 3, "e1"),
        ("recur", 400, 1, "e1"),
    ]
    # Replay once the function is healthy again: delivered, and marked replayed.
    failing.status = 200
    outcome = await router.replay(letters[0].id)
    assert outcome.ok
    async with sessions() as session:
        replayed = await session.get(DeadLetterRow, letters[0].id)
    assert replayed is not None and replayed.replayed_at is not None


async def test_garbage_is_dead_lettered_without_calling_anyone(sessions) -> None:  # type: ignore[no-untyped-def]
    app = StatusApp(200)
    subs = tuple(sub for sub in SUBSCRIPTIONS if sub.function == "audit")
    router = Router(
        {"audit": status_target("audit", app)}, DeadLetters(sessions), subscriptions=subs
    )
    [delivery] = await router.dispatch("task-events", b"{not json")
    assert delivery.result == "dead_lettered" and app.calls == 0


async def test_a_redelivered_bad_event_stays_one_dead_letter(sessions) -> None:  # type: ignore[no-untyped-def]
    subs = tuple(sub for sub in SUBSCRIPTIONS if sub.function == "audit")
    router = Router(
        {"audit": status_target("audit", StatusApp(400))}, DeadLetters(sessions), subscriptions=subs
    )
    body = b'{"specversion":"1.0","id":"dup-1","source":"/t","type":"todo.task.created","data":{}}'
    first = await router.dispatch("task-events", body)
    again = await router.dispatch("task-events", body)  # at-least-once: it comes back
    garbage = [await router.dispatch("task-events", b"{nope") for _ in range(2)]
    assert first[0].dead_letter_id == again[0].dead_letter_id
    assert garbage[0][0].dead_letter_id == garbage[1][0].dead_letter_id
    async with sessions() as session:
        count = await session.scalar(select(func.count()).select_from(DeadLetterRow))
    assert count == 2


async def test_a_column_a_later_migration_adds_does_not_stop_the_relay(
    sessions: async_sessionmaker[AsyncSession], relay_engine: AsyncEngine, start_relay: StartRelay
) -> None:
    # Migrations run before the new release's pods replace the old ones: meanwhile this relay
    # claims rows (`SELECT o.*`) that carry a column it has never heard of.
    async with relay_engine.begin() as conn:
        await conn.execute(text("ALTER TABLE outbox ADD COLUMN added_later text DEFAULT 'x'"))
    try:
        user = f"later-{uuid.uuid4().hex[:6]}"
        await make_tasks(sessions, user, 3)
        publisher = RecordingPublisher()
        start_relay(publisher)
        await outbox_drained(sessions)
        assert [event_id for _, _, event_id in publisher.published] == (
            await outbox_order(sessions)
        )[user]
    finally:
        async with relay_engine.begin() as conn:
            await conn.execute(text("ALTER TABLE outbox DROP COLUMN added_later"))
