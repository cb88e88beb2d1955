"""The cluster's event path, for real: outbox -> relay -> Dapr protocol -> Kafka -> router.

A real Kafka-protocol broker (Tansu), the Dapr sidecar stand-in loaded with the very components
in deploy/dapr/, and the relay and the router as two real `todo eventing` processes. The test
kills both with SIGKILL while tasks change, freezes the broker for a while, and checks that
every task event was audited exactly once, in each user's order.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventing.subscriptions import TOPICS, subscriptions_for
from eventing.targets import available_functions
from tests.dapr_standin import DaprSidecarStandIn
from tests.e2e.test_eventing_crash import scalar, write
from tests.kafka_broker import KafkaBroker, free_port
from tests.support.databases import sessions_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
TODO = str(Path(sys.executable).parent / "todo")
COMPONENTS = Path(__file__).resolve().parents[2] / "deploy" / "dapr"


@pytest.fixture(scope="module")
def broker() -> Iterator[KafkaBroker]:
    with KafkaBroker() as kafka:
        kafka.create_topics(list(TOPICS), partitions=4)
        yield kafka


@pytest.fixture
async def dapr_sessions(module_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with sessions_for(module_database, pool_size=5) as sessions:
        yield sessions


class Proc:
    """A restartable `todo eventing` process."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [TODO, "eventing", *self.args], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
def path(broker: KafkaBroker, module_database: str, tmp_path: Path) -> Iterator[dict[str, Proc]]:
    """Router process, sidecar stand-in, relay process: the cluster's eventing pod, unpacked."""
    router_port = free_port()
    base = {**os.environ, "DATABASE_URL": module_database, "LOG_LEVEL": "WARNING"}
    router = Proc(
        ["--no-relay", "--port", str(router_port)],
        {**base, "EVENT_TRANSPORT": "local", "ROUTER_INITIAL_BACKOFF": "0.05"},
        tmp_path / "router.log",
    )
    router.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{router_port}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, (tmp_path / "router.log").read_text()
        time.sleep(0.1)
    sidecar = DaprSidecarStandIn(
        [COMPONENTS / "bindings-input.yaml", COMPONENTS / "bindings-output.yaml"],
        app_url=f"http://127.0.0.1:{router_port}",
        brokers=broker.bootstrap,
        app_id="todo-eventing",
    )
    sidecar.start()
    relay = Proc(
        ["--no-router", "--port", "0"],
        {**base, **sidecar.env(), "EVENT_TRANSPORT": "dapr", "DAPR_HEALTH_TIMEOUT": "5"},
        tmp_path / "relay.log",
    )
    relay.start()
    try:
        yield {"router": router, "relay": relay}
    finally:
        relay.stop()
        sidecar.stop()
        router.stop()


async def test_malformed_record_is_dead_lettered_not_lost(
    broker: KafkaBroker, path: dict[str, Proc], dapr_sessions: async_sessionmaker[AsyncSession]
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
    deadline = time.monotonic() + 60
    while await scalar(dapr_sessions, "SELECT count(*) FROM dead_letters") < len(consumers):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.2)
    async with dapr_sessions() as session:
        rows = (
            await session.execute(
                text("SELECT function, status FROM dead_letters ORDER BY function")
            )
        ).all()
    # Each subscribed function's router path kept it; neither function was called with it.
    assert [tuple(row) for row in rows] == [(name, 400) for name in consumers]


async def test_kills_and_a_frozen_broker_lose_and_double_nothing(
    broker: KafkaBroker, path: dict[str, Proc], dapr_sessions: async_sessionmaker[AsyncSession]
) -> None:
    users = [f"dapr-{i}" for i in range(4)]
    chaos_over = asyncio.Event()
    writer = asyncio.create_task(write(dapr_sessions, users, rounds=120, until=chaos_over))
    kills = 0
    froze = False
    rng = random.Random(11)
    for _ in range(4):  # a fixed number of kills, each while writes flow
        await asyncio.sleep(rng.uniform(0.6, 1.4))
        victim = rng.choice(["relay", "router"])
        path[victim].kill()
        kills += 1
        if not froze:  # the broker stops answering; writes must go on regardless
            broker.pause()
            await asyncio.sleep(2)
            broker.resume()
            froze = True
        path[victim].start()
    chaos_over.set()
    await writer
    written = await scalar(dapr_sessions, "SELECT count(*) FROM outbox WHERE topic = 'task-events'")
    deadline = time.monotonic() + 150
    while await scalar(dapr_sessions, "SELECT count(*) FROM activity") < written:
        assert time.monotonic() < deadline, "events missing after recovery"
        await asyncio.sleep(0.3)
    await asyncio.sleep(2)  # let late redeliveries arrive: they must change nothing
    print(f"{written} task events, {kills} kills, broker frozen once")
    assert await scalar(dapr_sessions, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
    audited = await scalar(dapr_sessions, "SELECT count(*) FROM activity")
    assert audited == written
    async with dapr_sessions() as session:
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
