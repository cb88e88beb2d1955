"""The cluster's event path, for real: outbox -> relay -> Dapr protocol -> Kafka -> router.

A real Kafka-protocol broker (Tansu), the Dapr sidecar stand-in loaded with the very components
in deploy/dapr/, and the relay and the router as two real `todo eventing` processes. The test
kills both with SIGKILL while tasks change, freezes the broker for a while, and checks that
every task event was audited exactly once, in each user's order.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventing.subscriptions import subscriptions_for
from eventing.targets import available_functions
from tests.kafka_broker import KafkaBroker
from tests.support.eventing_pod import eventing_pod, kafka_with_topics
from tests.support.servers import Restartable
from tests.support.tasks import scalar, write
from tests.support.waits import eventually_async

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


@pytest.fixture(scope="module")
def broker() -> Iterator[KafkaBroker]:
    with kafka_with_topics(partitions=4) as kafka:
        yield kafka


@pytest.fixture
def path(
    broker: KafkaBroker, module_database: str, tmp_path: Path
) -> Iterator[dict[str, Restartable]]:
    """Router process, sidecar stand-in, relay process: the cluster's eventing pod, unpacked."""
    router_env = {"ROUTER_INITIAL_BACKOFF": "0.05"}
    with eventing_pod(module_database, broker.bootstrap, tmp_path, router_env=router_env) as pod:
        yield pod


async def test_malformed_record_is_dead_lettered_not_lost(
    broker: KafkaBroker,
    path: dict[str, Restartable],
    module_sessions: async_sessionmaker[AsyncSession],
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait("task-events", b"{this is not an event", key=b"mallory")
    finally:
        await producer.stop()
    consumers = sorted(
        sub.function
        for sub in subscriptions_for("task-events")
        if sub.function in available_functions()
    )

    async def each_dead_lettered() -> bool:
        letters = await scalar(module_sessions, "SELECT count(*) FROM dead_letters")
        return letters >= len(consumers)

    await eventually_async(each_dead_lettered, 60, "a dead letter per consumer", interval=0.2)
    async with module_sessions() as session:
        rows = (
            await session.execute(
                text("SELECT function, status FROM dead_letters ORDER BY function")
            )
        ).all()
    # Each subscribed function's router path kept it; neither function was called with it.
    assert [tuple(row) for row in rows] == [(name, 400) for name in consumers]


async def test_kills_and_a_frozen_broker_lose_and_double_nothing(
    broker: KafkaBroker,
    path: dict[str, Restartable],
    module_sessions: async_sessionmaker[AsyncSession],
) -> None:
    users = [f"dapr-{i}" for i in range(4)]
    chaos_over = asyncio.Event()
    writer = asyncio.create_task(write(module_sessions, users, rounds=120, until=chaos_over))
    kills = 0
    froze = False
    rng = random.Random(11)
    for _ in range(4):  # a fixed number of kills, each while writes flow
        await asyncio.sleep(rng.uniform(0.6, 1.4))  # deliberate: writes flow a while
        victim = rng.choice(["relay", "router"])
        path[victim].kill()
        kills += 1
        if not froze:  # the broker stops answering; writes must go on regardless
            broker.pause()
            await asyncio.sleep(2)  # deliberate: the broker stays frozen a while
            broker.resume()
            froze = True
        path[victim].start()
    chaos_over.set()
    await writer
    written = await scalar(
        module_sessions, "SELECT count(*) FROM outbox WHERE topic = 'task-events'"
    )

    async def all_audited() -> bool:
        return await scalar(module_sessions, "SELECT count(*) FROM activity") >= written

    await eventually_async(all_audited, 150, "every event audited after recovery", interval=0.3)
    await asyncio.sleep(2)  # let late redeliveries arrive: they must change nothing
    print(f"{written} task events, {kills} kills, broker frozen once")
    assert await scalar(module_sessions, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
    audited = await scalar(module_sessions, "SELECT count(*) FROM activity")
    assert audited == written
    async with module_sessions() as session:
        mismatched = await session.scalar(
            text(
                """
                SELECT count(*) FROM (
                  SELECT a.seq,
                         row_number() OVER (PARTITION BY o.partition_key ORDER BY o.id) AS pos
                  FROM activity a JOIN outbox o ON o.event_id::text = a.event_id
                ) ranked WHERE seq <> pos
                """
            )
        )
    assert mismatched == 0  # each user's log is in the order the events were written
