"""A relay's claimed batch reaches each in-process function as one unit of work (issue #15).

Real PostgreSQL, the real router, relay and functions (audit, push, recur, notify in this
process, as `todo serve` runs them). The events are the outbox rows the services write, encoded
and signed as the relay sends them. What must hold: each event applied once per function, in
each user's order; a bad event dead-lettered alone; a user with a parked delivery queued behind
it; push's per-user numbers gapless and in event order.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core import services
from core.cloudevents import from_outbox, to_json_bytes
from core.events import NotificationCreated
from core.store.db import make_sessionmaker
from core.store.eventing_models import (
    ActivityRow,
    DeadLetterRow,
    NotificationRow,
    OutboxRow,
    ParkedDeliveryRow,
    UpdateRow,
    UserSettingsRow,
    WebhookDeliveryRow,
)
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch
from eventing.dead_letters import DeadLetters
from eventing.delivery import RetryPolicy
from eventing.parking import ParkedDeliveries, Parking
from eventing.publishers import LocalPublisher
from eventing.relay import Relay, RelayConfig
from eventing.router import Router
from eventing.targets import available_functions, in_process
from gateway.audit_verify import verify_all
from tests.support.databases import engine_for
from tests.support.waits import eventually_async

POLICY = RetryPolicy(max_attempts=4, initial_backoff=0.05, max_backoff=0.2)
PARKING = Parking(inline_attempts=2, poll_interval=0.2)


@pytest.fixture
async def engine(module_database: str) -> AsyncIterator[AsyncEngine]:
    async with engine_for(module_database, pool_size=10) as engine:
        yield engine


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


def router_for(sessions: async_sessionmaker[AsyncSession]) -> Router:
    """The embedded router: every function in this process, with parking."""
    return Router(
        {name: in_process(name, sessions) for name in available_functions()},
        DeadLetters(sessions),
        policy=POLICY,
        parked=ParkedDeliveries(sessions),
        parking=PARKING,
    )


def two_users() -> tuple[str, str]:
    tag = uuid.uuid4().hex[:6]
    return f"alice-{tag}", f"bob-{tag}"


async def create(sessions: async_sessionmaker[AsyncSession], user: str, title: str) -> str:
    async with UnitOfWork(sessions) as uow:
        row = await services.create_task(uow, user, TaskCreate(title=title), now=_now())
    return str(row.id)


async def rename(
    sessions: async_sessionmaker[AsyncSession], user: str, task: str, title: str
) -> None:
    async with UnitOfWork(sessions) as uow:
        await services.update_task(uow, user, task, TaskPatch(title=title), now=_now())


def _now() -> datetime:
    return datetime.now(UTC)


async def interleaved_changes(
    sessions: async_sessionmaker[AsyncSession], users: Sequence[str], n: int = 3
) -> None:
    """Each user creates `n` tasks and renames the first, the users' writes interleaved."""
    first: dict[str, str] = {}
    for i in range(n):
        for user in users:
            task = await create(sessions, user, f"{user} #{i}")
            first.setdefault(user, task)
    for user in users:
        await rename(sessions, user, first[user], f"{user} #0 renamed")


async def claimed(
    sessions: async_sessionmaker[AsyncSession], users: Sequence[str]
) -> list[tuple[str, bytes]]:
    """The users' due, unsent outbox rows as the relay hands them over: (topic, signed body)."""
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxRow)
            .where(
                OutboxRow.partition_key.in_(users),
                OutboxRow.sent_at.is_(None),
                OutboxRow.deliver_at <= func.now(),
            )
            .order_by(OutboxRow.id)
        )
        return [(row.topic, to_json_bytes(from_outbox(row))) for row in rows.scalars()]


def event_ids(items: Sequence[tuple[str, bytes]], user: str, topic: str) -> list[str]:
    """The ids of `user`'s events of `topic`, in batch order."""
    ids = []
    for item_topic, body in items:
        event = json.loads(body)
        if item_topic == topic and event["partitionkey"] == user:
            ids.append(event["id"])
    return ids


async def audited(sessions: async_sessionmaker[AsyncSession], user: str) -> list[str]:
    """The event ids in the user's audit chain, in chain order."""
    async with sessions() as session:
        rows = await session.execute(
            select(ActivityRow.event_id).where(ActivityRow.owner == user).order_by(ActivityRow.seq)
        )
        return list(rows.scalars())


async def pushed(sessions: async_sessionmaker[AsyncSession], user: str) -> list[tuple[int, str]]:
    """The user's live updates: (seq, event id), in seq order."""
    async with sessions() as session:
        rows = await session.execute(
            select(UpdateRow.seq, UpdateRow.event_id)
            .where(UpdateRow.owner == user)
            .order_by(UpdateRow.seq)
        )
        return [(int(seq), str(event_id)) for seq, event_id in rows]


async def transactions_of(
    sessions: async_sessionmaker[AsyncSession], consumer: str, ids: Sequence[str]
) -> int:
    """How many transactions recorded these events for `consumer` (now() is per transaction)."""
    async with sessions() as session:
        count = await session.scalar(
            text(
                "SELECT count(DISTINCT processed_at) FROM processed_events "
                "WHERE consumer = :c AND event_id = ANY(:ids)"
            ),
            {"c": consumer, "ids": list(ids)},
        )
    return int(count or 0)


async def processed_count(
    sessions: async_sessionmaker[AsyncSession], consumer: str, ids: Sequence[str]
) -> int:
    async with sessions() as session:
        count = await session.scalar(
            text(
                "SELECT count(*) FROM processed_events WHERE consumer = :c AND event_id = ANY(:ids)"
            ),
            {"c": consumer, "ids": list(ids)},
        )
    return int(count or 0)


def gapless(updates: list[tuple[int, str]]) -> bool:
    return [seq for seq, _ in updates] == list(range(1, len(updates) + 1))


async def test_a_batch_of_two_users_is_applied_in_order_in_one_transaction_per_function(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    alice, bob = two_users()
    await interleaved_changes(sessions, [alice, bob])
    items = await claimed(sessions, [alice, bob])
    assert len(items) == 2 * 4 * 2  # 4 changes each, a task-events and a task-updates row each

    assert await router_for(sessions).dispatch_batch(items) == [None] * len(items)

    for user in (alice, bob):
        assert await audited(sessions, user) == event_ids(items, user, "task-events")
        updates = await pushed(sessions, user)
        assert [event_id for _, event_id in updates] == event_ids(items, user, "task-updates")
        assert gapless(updates)
    audit_ids = event_ids(items, alice, "task-events") + event_ids(items, bob, "task-events")
    push_ids = event_ids(items, alice, "task-updates") + event_ids(items, bob, "task-updates")
    assert await transactions_of(sessions, "audit", audit_ids) == 1
    assert await transactions_of(sessions, "push", push_ids) == 1
    problems, checked = await verify_all(module_database)  # each user's chain links in event order
    assert problems == [] and checked >= len(audit_ids)


async def test_a_duplicate_inside_a_batch_and_across_batches_is_applied_once(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    alice, bob = two_users()
    await interleaved_changes(sessions, [alice, bob], n=2)
    items = await claimed(sessions, [alice, bob])
    router = router_for(sessions)

    twice = [*items, items[0], items[1], items[-1]]  # the relay never does; a broker may
    assert await router.dispatch_batch(twice) == [None] * len(twice)
    assert await router.dispatch_batch(items) == [None] * len(items)  # a redelivered batch

    for user in (alice, bob):
        assert await audited(sessions, user) == event_ids(items, user, "task-events")
        updates = await pushed(sessions, user)
        assert [event_id for _, event_id in updates] == event_ids(items, user, "task-updates")
        assert gapless(updates)
    for consumer, topic in (("audit", "task-events"), ("push", "task-updates")):
        ids = event_ids(items, alice, topic) + event_ids(items, bob, topic)
        assert await processed_count(sessions, consumer, ids) == len(ids)
    assert (await verify_all(module_database))[0] == []


def tampered(body: bytes) -> bytes:
    """The event with its title changed after the relay signed it: 401 for every function."""
    event = json.loads(body)
    event["data"]["task"]["title"] = "forged"
    return json.dumps(event).encode()


async def test_one_bad_event_is_dead_lettered_and_the_rest_of_the_batch_applied(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alice, bob = two_users()
    await interleaved_changes(sessions, [alice, bob])
    items = await claimed(sessions, [alice, bob])
    alice_updates = event_ids(items, alice, "task-updates")
    bad_id = alice_updates[1]  # in the middle of alice's updates
    bad = next(i for i, (_, body) in enumerate(items) if json.loads(body)["id"] == bad_id)
    items[bad] = (items[bad][0], tampered(items[bad][1]))

    assert await router_for(sessions).dispatch_batch(items) == [None] * len(items)

    async with sessions() as session:
        letters = (
            await session.execute(select(DeadLetterRow).where(DeadLetterRow.event_id == bad_id))
        ).scalars()
        assert [(letter.function, letter.status) for letter in letters] == [("push", 401)]
    updates = await pushed(sessions, alice)
    assert [event_id for _, event_id in updates] == [i for i in alice_updates if i != bad_id]
    assert gapless(updates)  # numbered in the order applied, the bad one left out
    assert [e for _, e in await pushed(sessions, bob)] == event_ids(items, bob, "task-updates")
    for user in (alice, bob):  # audit's batch had no bad event: applied as one
        assert await audited(sessions, user) == event_ids(items, user, "task-events")


async def test_a_user_with_a_parked_delivery_has_their_events_parked_behind_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alice, bob = two_users()
    await interleaved_changes(sessions, [alice, bob], n=2)
    items = await claimed(sessions, [alice, bob])
    earlier = next(body for topic, body in items if topic == "task-updates")
    head = await ParkedDeliveries(sessions).park(
        function="push", topic="task-updates", key=alice, body=earlier, delay=3600
    )

    assert await router_for(sessions).dispatch_batch(items) == [None] * len(items)

    async with sessions() as session:
        queue = (
            await session.execute(
                select(ParkedDeliveryRow)
                .where(ParkedDeliveryRow.partition_key == alice)
                .order_by(ParkedDeliveryRow.id)
            )
        ).scalars()
        queued = [(row.function, row.event_id) for row in queue if row.id != head]
    # alice's updates wait behind the parked one, in order; nothing of hers reached push
    assert queued == [("push", event_id) for event_id in event_ids(items, alice, "task-updates")]
    assert await pushed(sessions, alice) == []
    # everyone else flows: bob's updates, and alice's audit entries (audit has nothing parked)
    assert [e for _, e in await pushed(sessions, bob)] == event_ids(items, bob, "task-updates")
    assert await audited(sessions, alice) == event_ids(items, alice, "task-events")


async def test_the_relays_claim_tells_the_router_who_has_a_parked_delivery(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """The relay's claim reads the users' parked functions with the rows (no look-up of the
    router's own): alice's parked push delivery still holds her updates back, and only hers."""
    await only_new_rows_unsent(sessions)
    alice, bob = two_users()
    head = await ParkedDeliveries(sessions).park(
        function="push", topic="task-updates", key=alice, body=b"{}", delay=3600
    )
    await interleaved_changes(sessions, [alice, bob], n=2)
    router = router_for(sessions)
    looked_up: list[list[str]] = []
    assert router.parked is not None
    own_lookup = router.parked.waiting_many

    async def counted(keys: list[str]) -> dict[str, frozenset[str]]:
        looked_up.append(keys)
        return await own_lookup(keys)

    router.parked.waiting_many = counted  # type: ignore[method-assign]
    relay = Relay(module_database, sessions, LocalPublisher(router), RelayConfig())
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))

    async def all_sent() -> bool:
        async with sessions() as session:
            left = await session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))
            )
        return left == 0

    try:
        await eventually_async(all_sent, 30, "every row sent")
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
    assert looked_up == []  # the claim said it

    async def outbox_ids(user: str, topic: str) -> list[str]:
        async with sessions() as session:
            rows = await session.scalars(
                select(OutboxRow.event_id)
                .where(OutboxRow.partition_key == user, OutboxRow.topic == topic)
                .order_by(OutboxRow.id)
            )
            return [str(event_id) for event_id in rows]

    async with sessions() as session:
        queue = (
            await session.execute(
                select(ParkedDeliveryRow.function, ParkedDeliveryRow.event_id)
                .where(ParkedDeliveryRow.id != head)
                .where(ParkedDeliveryRow.partition_key.in_([alice, bob]))
                .order_by(ParkedDeliveryRow.id)
            )
        ).all()
    alice_updates = await outbox_ids(alice, "task-updates")
    assert alice_updates and queue == [("push", event_id) for event_id in alice_updates]
    assert await pushed(sessions, alice) == []
    assert [e for _, e in await pushed(sessions, bob)] == await outbox_ids(bob, "task-updates")
    # audit has nothing parked for her
    assert await audited(sessions, alice) == await outbox_ids(alice, "task-events")


async def only_new_rows_unsent(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Mark the earlier tests' rows (dispatched by hand, never by a relay) as relayed."""
    async with sessions() as session, session.begin():
        await session.execute(text("UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL"))


async def test_the_relay_delivers_reminders_and_their_notifications_once_and_in_order(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await only_new_rows_unsent(sessions)
    async with sessions() as session:
        dead_before = await session.scalar(select(func.count()).select_from(DeadLetterRow))
    alice, bob = two_users()
    async with sessions() as session, session.begin():  # alice's notifications also POST
        session.add(
            UserSettingsRow(owner=alice, webhook_url="https://hooks.example/a", timezone="UTC")
        )
    fire_at = _now() + timedelta(seconds=1.5)
    for i in range(4):
        for user in (alice, bob):
            body = TaskCreate.model_validate(
                {"title": f"{user} {i}", "reminders": [{"at": fire_at.isoformat()}]}
            )
            async with UnitOfWork(sessions) as uow:
                await services.create_task(uow, user, body, now=_now())
    relay = Relay(module_database, sessions, LocalPublisher(router_for(sessions)), RelayConfig())
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))

    async def settled() -> bool:
        async with sessions() as session:
            left = await session.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.partition_key.in_([alice, bob]), OutboxRow.sent_at.is_(None))
            )
            notified = await session.scalar(
                select(func.count())
                .select_from(UpdateRow)
                .where(
                    UpdateRow.owner.in_([alice, bob]), UpdateRow.type == NotificationCreated.type
                )
            )
        return left == 0 and notified == 8

    try:
        await eventually_async(settled, 30, "the deliveries settled")
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)

    async with sessions() as session:
        per_task = await session.execute(
            select(NotificationRow.task_id, func.count())
            .where(NotificationRow.owner.in_([alice, bob]))
            .group_by(NotificationRow.task_id)
        )
        assert sorted(count for _, count in per_task) == [1] * 8
        dead = await session.scalar(select(func.count()).select_from(DeadLetterRow))
        assert dead == dead_before
        hooks = await session.execute(
            select(WebhookDeliveryRow.owner, func.count())
            .where(WebhookDeliveryRow.owner.in_([alice, bob]))
            .group_by(WebhookDeliveryRow.owner)
        )
        assert {owner: count for owner, count in hooks} == {alice: 4}
        reminders = (
            await session.scalars(
                select(OutboxRow.event_id).where(
                    OutboxRow.topic == "reminders", OutboxRow.partition_key.in_([alice, bob])
                )
            )
        ).all()
    # due at one moment, claimed together: notify applied them in one transaction
    assert await transactions_of(sessions, "notify", [str(i) for i in reminders]) == 1
    order: dict[str, list[str]] = defaultdict(list)
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxRow.partition_key, OutboxRow.event_id)
            .where(OutboxRow.topic == "task-updates", OutboxRow.partition_key.in_([alice, bob]))
            .order_by(OutboxRow.id)
        )
        for key, event_id in rows:
            order[key].append(str(event_id))
    for user in (alice, bob):
        updates = await pushed(sessions, user)
        assert gapless(updates) and len(updates) == 4 + 4  # 4 creates, 4 notifications
        assert [e for _, e in updates if e in order[user]] == order[user]  # creates in order


class FailsAt:
    """A batch publisher that cannot deliver one event (as when the parking table is away)."""

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        self.seen: list[str] = []

    async def publish(self, topic: str, key: str, value: bytes) -> None:
        raise AssertionError("a batch publisher gets the batch")

    async def publish_batch(
        self,
        items: Sequence[tuple[str, str, bytes]],
        *,
        waiting: Mapping[str, frozenset[str]] | None = None,
    ) -> list[str | None]:
        ids = [json.loads(value)["id"] for _, _, value in items]
        self.seen.extend(ids)
        return ["ConnectionError: away" if i == self.event_id else None for i in ids]


async def test_the_relay_holds_back_a_users_rows_after_one_that_failed_in_a_batch(
    module_database: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await only_new_rows_unsent(sessions)
    alice, bob = two_users()
    await interleaved_changes(sessions, [alice, bob], n=2)
    items = await claimed(sessions, [alice, bob])
    alice_ids = [
        e["id"] for e in (json.loads(body) for _, body in items) if e["partitionkey"] == alice
    ]
    publisher = FailsAt(alice_ids[1])
    relay = Relay(module_database, sessions, publisher, RelayConfig(max_backoff=60))
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))

    async def bob_sent() -> bool:
        async with sessions() as session:
            left = await session.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.partition_key == bob, OutboxRow.sent_at.is_(None))
            )
        return left == 0

    try:
        await eventually_async(bob_sent, 30, "bob's rows sent")
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxRow.event_id, OutboxRow.sent_at, OutboxRow.attempts)
            .where(OutboxRow.partition_key == alice)
            .order_by(OutboxRow.id)
        )
        state = [(str(event_id), sent is not None, attempts) for event_id, sent, attempts in rows]
    assert state[0] == (alice_ids[0], True, 0)  # before the failure: sent
    assert state[1] == (alice_ids[1], False, 1)  # the failure: backs off
    assert all(not sent and attempts == 0 for _, sent, attempts in state[2:])  # held back


async def test_a_batch_with_a_bad_event_changes_nothing_and_says_so(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alice, bob = two_users()
    await interleaved_changes(sessions, [alice, bob], n=1)
    updates = [
        body for topic, body in await claimed(sessions, [alice, bob]) if topic == "task-updates"
    ]
    ids = [json.loads(body)["id"] for body in updates]
    push = in_process("push", sessions)

    assert await push.post_batch([*updates, tampered(updates[0])]) is False
    assert await processed_count(sessions, "push", ids) == 0  # rolled back: the router redoes it
    assert await pushed(sessions, alice) == [] and await pushed(sessions, bob) == []

    assert await push.post_batch(updates) is True
    assert await processed_count(sessions, "push", ids) == len(ids)
