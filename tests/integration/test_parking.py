"""One user's failing deliveries are parked for that user; everyone else's flow (issue #13).

Real PostgreSQL, the real relay, router and audit function. The failing function is the real
audit function behind `FailingFor`, which answers 503 for one user's events while told to: the
router, the relay and the parking table are what is under test.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Sized
from dataclasses import dataclass, field
from functools import partial

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.cloudevents import parse_json
from core.store.db import make_sessionmaker
from core.store.eventing_models import ActivityRow, DeadLetterRow, ParkedDeliveryRow
from eventing.dead_letters import DeadLetters
from eventing.delivery import FunctionTarget, Outcome, RetryPolicy
from eventing.parking import ParkedDeliveries, Parking
from eventing.publishers import LocalPublisher
from eventing.relay import Relay, RelayConfig
from eventing.router import Router
from eventing.subscriptions import SUBSCRIPTIONS
from eventing.targets import in_process
from tests.support.databases import engine_for
from tests.support.tasks import make_tasks
from tests.support.waits import eventually_async

AUDIT = tuple(sub for sub in SUBSCRIPTIONS if sub.function == "audit")
TASK_EVENTS = tuple(sub for sub in SUBSCRIPTIONS if sub.topic == "task-events")
# The production shape with short waits: 2 inline tries, then parked; 6 tries in all.
POLICY = RetryPolicy(max_attempts=6, initial_backoff=0.05, max_backoff=0.4)
PARKING = Parking(inline_attempts=2, poll_interval=0.2)


@dataclass
class FailingFor:
    """A function target that answers 503 for `user`'s events while `failing`; records calls."""

    inner: FunctionTarget
    user: str
    failing: bool = True
    name: str = "audit"
    calls: list[tuple[str, str, int]] = field(default_factory=list)  # key, event id, status

    async def post(self, body: bytes) -> Outcome:
        event = parse_json(body)
        key, event_id = str(event.get("partitionkey")), str(event["id"])
        if self.failing and key == self.user:
            outcome = Outcome(503, "HTTP 503: database of this user's shard is away")
        else:
            outcome = await self.inner.post(body)
        self.calls.append((key, event_id, outcome.status or 0))
        return outcome


@pytest.fixture
async def engine(module_database: str) -> AsyncIterator[AsyncEngine]:
    tables = ("outbox", "dead_letters", "parked_deliveries", "processed_events", "activity")
    async with engine_for(module_database, pool_size=10, truncate=(*tables, "tasks")) as engine:
        yield engine


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


def router_for(
    sessions: async_sessionmaker[AsyncSession],
    targets: dict[str, FunctionTarget],
    subs: tuple = AUDIT,  # type: ignore[type-arg]
) -> Router:
    return Router(
        targets,
        DeadLetters(sessions),
        policy=POLICY,
        subscriptions=subs,
        parked=ParkedDeliveries(sessions),
        parking=PARKING,
    )


async def audited(sessions: async_sessionmaker[AsyncSession], user: str) -> list[str]:
    """Titles of the user's audited tasks, in the audit chain's order."""
    async with sessions() as session:
        rows = await session.execute(
            select(ActivityRow).where(ActivityRow.owner == user).order_by(ActivityRow.seq)
        )
        return [row.changes["title"]["after"] for row in rows.scalars()]


async def parked(sessions: async_sessionmaker[AsyncSession]) -> list[ParkedDeliveryRow]:
    async with sessions() as session:
        rows = await session.execute(select(ParkedDeliveryRow).order_by(ParkedDeliveryRow.id))
        return list(rows.scalars())


async def test_embedded_path_parks_one_users_failures_and_the_others_flow(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    alice, bob = f"alice-{uuid.uuid4().hex[:6]}", f"bob-{uuid.uuid4().hex[:6]}"
    audit = FailingFor(in_process("audit", sessions), alice)
    router = router_for(sessions, {"audit": audit})
    relay = Relay(module_database, sessions, LocalPublisher(router), RelayConfig(poll_interval=0.5))
    stop = asyncio.Event()
    loops = [asyncio.create_task(relay.run(stop)), asyncio.create_task(router.run_parked(stop))]
    try:
        await make_tasks(sessions, alice, 3)  # all three fail: the first parks, two queue up
        await eventually_async(lambda: _has(parked(sessions), 3), 20, "3 parked deliveries")
        latencies = []
        for i in range(3):
            started = time.monotonic()
            await make_tasks(sessions, bob, 1)
            await eventually_async(
                partial(_has_audited, sessions, bob, i + 1), 30, f"bob's audit entry {i + 1}"
            )
            latencies.append(time.monotonic() - started)
        print(f"bob's create -> audit while alice's audit fails: {max(latencies):.3f} s (worst)")
        assert max(latencies) < 5  # target < 1 s; before: 21-43 s
        await make_tasks(sessions, alice, 2)  # later events of alice wait behind the parked ones
        await eventually_async(lambda: _has(parked(sessions), 5), 20, "5 parked deliveries")
        assert await audited(sessions, alice) == []
        assert {key for key, _, status in audit.calls if status == 503} == {alice}
        audit.failing = False  # the failure clears: alice's events apply, in her order
        await eventually_async(lambda: _has(audited(sessions, alice), 5), 30, "alice's 5 entries")
    finally:
        stop.set()
        await asyncio.gather(*loops)
    assert await audited(sessions, alice) == [f"{alice} #{i}" for i in (0, 1, 2, 0, 1)]
    assert await parked(sessions) == []
    async with sessions() as session:
        assert (await session.scalar(select(DeadLetterRow.id).limit(1))) is None  # none lost


async def _has(awaitable: Awaitable[Sized], n: int) -> bool:
    return len(await awaitable) >= n


async def _has_audited(sessions: async_sessionmaker[AsyncSession], user: str, n: int) -> bool:
    return await _has(audited(sessions, user), n)


class Recorder:
    """A function target that answers a fixed status and records the event ids it got."""

    def __init__(self, name: str, status: int = 200, *, pause: float = 0.0) -> None:
        self.name, self.status, self.pause = name, status, pause
        self.got: list[str] = []
        self.busy = 0
        self.overlapped = False

    async def post(self, body: bytes) -> Outcome:
        self.busy += 1
        self.overlapped |= self.busy > 1  # two of one user's events at once: order is lost
        try:
            await asyncio.sleep(self.pause)  # deliberate: a slow function
            self.got.append(str(parse_json(body)["id"]))
        finally:
            self.busy -= 1
        return Outcome(self.status) if self.status < 300 else Outcome(self.status, "HTTP 503")


def completed(event_id: str, user: str) -> bytes:
    return (
        b'{"specversion":"1.0","id":"%s","source":"/t","type":"todo.task.completed",'
        b'"partitionkey":"%s","data":{}}' % (event_id.encode(), user.encode())
    )


async def test_only_the_failing_function_is_parked_and_it_dead_letters_after_the_budget(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = f"carol-{uuid.uuid4().hex[:6]}"
    recur, audit = Recorder("recur"), Recorder("audit", 503)
    router = router_for(sessions, {"recur": recur, "audit": audit}, TASK_EVENTS)
    started = time.monotonic()
    deliveries = await router.dispatch("task-events", completed("e1", user))
    took = time.monotonic() - started
    print(f"a failing delivery held the router for {took:.3f} s before it was parked")
    assert took < 2
    assert {d.subscription.function: d.result for d in deliveries} == {
        "recur": "applied",
        "audit": "parked",
    }
    [row] = await parked(sessions)
    assert (row.function, row.partition_key, row.attempts, row.status) == ("audit", user, 2, 503)
    # The user's next event: recur takes it at once, audit queues it behind the first one.
    deliveries = await router.dispatch("task-events", completed("e2", user))
    assert {d.subscription.function: d.result for d in deliveries} == {
        "recur": "applied",
        "audit": "parked",
    }
    assert recur.got == ["e1", "e2"] and audit.got == ["e1", "e1"]  # e2 was not even tried
    for _ in range(POLICY.max_attempts):  # e1 goes on failing until its budget is spent
        await asyncio.sleep(POLICY.max_backoff)  # deliberate: the parked head's retry time passes
        await router.retry_parked()
        if len(await parked(sessions)) < 2:
            break
    async with sessions() as session:
        [letter] = (await session.execute(select(DeadLetterRow))).scalars()
    assert (letter.function, letter.event_id, letter.status) == ("audit", "e1", 503)
    assert letter.attempts == POLICY.max_attempts and letter.retry_at is not None  # auto replay
    audit.status = 200  # the next event becomes the head and goes through
    await asyncio.sleep(POLICY.max_backoff)  # deliberate: the parked head's retry time passes
    assert await router.retry_parked() == 1
    assert await parked(sessions) == [] and audit.got[-1] == "e2"


async def test_a_refusal_is_dead_lettered_after_one_try_not_parked(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    audit = Recorder("audit", 400)
    router = router_for(sessions, {"audit": audit})
    [delivery] = await router.dispatch("task-events", completed("bad-1", "dave"))
    assert delivery.result == "dead_lettered" and audit.got == ["bad-1"]
    assert await parked(sessions) == []


async def test_two_routers_deliver_one_users_parked_events_once_each_in_order(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user = f"erin-{uuid.uuid4().hex[:6]}"
    store = ParkedDeliveries(sessions)
    ids = [f"p{i}" for i in range(12)]
    for event_id in ids:
        await store.park(
            function="audit", topic="task-events", key=user, body=completed(event_id, user)
        )
    audit = Recorder("audit", pause=0.01)  # one target behind two routers, as one function
    routers = [router_for(sessions, {"audit": audit}) for _ in range(2)]
    stop = asyncio.Event()
    loops = [asyncio.create_task(r.run_parked(stop)) for r in routers]
    try:
        await eventually_async(lambda: _empty(parked(sessions)), 20, "no parked deliveries")
    finally:
        stop.set()
        await asyncio.gather(*loops)
    assert audit.got == ids and not audit.overlapped


async def _empty(awaitable) -> bool:  # type: ignore[no-untyped-def]
    return not await awaitable


async def test_an_inline_budget_as_large_as_the_whole_one_dead_letters_without_parking(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    audit = Recorder("audit", 503)
    router = Router(
        {"audit": audit},
        DeadLetters(sessions),
        policy=RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.02),
        subscriptions=AUDIT,
        parked=ParkedDeliveries(sessions),
        parking=Parking(inline_attempts=5),
    )
    [delivery] = await router.dispatch("task-events", completed("spent-1", "frank"))
    assert delivery.result == "dead_lettered" and len(audit.got) == 3
    assert await parked(sessions) == []
