"""Event latency (commit -> audit's activity row) and outbox relay throughput.

A script, not a test: it prints figures and asserts nothing about them.

    python -m tests.bench.bench_events [--events 500] [--rate 10] [--users 20]
        [--latency-modes embedded,kafka] [--throughput-events 20000] [--throughput-users 100]
        [--throughput-modes null,local,kafka] [--kafka-consume] [--sent-rows 0]
        [--serve-seconds 0] [--serve-clients 32] [--json out.json]

Every measurement runs on a fresh migrated database of its own (see tests.bench.common).

Latency (`--latency-modes`): a writer in this process changes tasks through core.services
(create, then update, then complete each task; `--users` users, open loop at `--rate`
changes/s, the first `--warmup` not counted). Latency is the time from the moment the
writer's commit returns to the moment audit's `activity` row for that event is committed. It
is taken with LISTEN, not by polling: a benchmark-only AFTER INSERT trigger on `activity`
NOTIFYs `task_id event_type`; PostgreSQL delivers that when audit's transaction commits; a
separate listener process stamps it with CLOCK_MONOTONIC (system-wide on Linux, so comparable
with the writer's `time.monotonic()`) and, being another process, adds no GIL or event-loop
delay of the process under test. As a cross-check the table also shows `recorded_at` (the
server's now(): the start of audit's transaction, so a slight underestimate) minus the
writer's wall-clock commit time.

- embedded: EmbeddedEventing (relay + router + in-process functions) in this process, on the
  writer's own engine, as `todo serve` runs them.
- kafka: the cluster's path with real processes: the relay is `todo eventing --no-router`
  (EVENT_TRANSPORT=dapr, DaprPublisher over gRPC), the Dapr sidecar stand-in runs in a process
  of its own with deploy/dapr's Kafka bindings on a Tansu broker (topics of 4 partitions), and
  the router is `todo eventing --no-relay` (functions in-process, as in tests/e2e). Mind that
  Tansu does not end a consumer's fetch early when a record arrives, so each consume hop waits
  for part of aiokafka's fetch_max_wait_ms (500 ms): ~125 ms on average, a property of the test
  broker that Redpanda/Kafka do not have.

`--sent-rows N` first puts N already-sent rows (the last hour's, which the relay keeps for
RelayConfig.retention) in the outbox, to see what retained rows cost the relay's claim.

Throughput (`--throughput-modes`): the outbox is pre-filled (in chunks, through UnitOfWork.record,
so the rows are exactly what writers produce) with N events of ~100 users: task changes
(create/update/update/complete per task) as task-events + task-updates pairs. Then one relay
drains it, timed from the moment it holds its buckets until no row is unsent:

- null: a publisher that does nothing (the relay's own cost: claim, encode, mark sent);
- local: LocalPublisher + router + the real functions (recur, audit, push), as embedded;
- kafka: DaprPublisher to the stand-in (own process) and Tansu; the relay runs in this process.
  With --kafka-consume the router and input bindings run too, and the time until every event
  was applied (activity + updates rows) is reported as well.

`todo serve` creates (`--serve-seconds S`, issue #15's first event row): `todo serve` (the
embedded system: relay, router and functions in the gateway's process) on a fresh database;
`--serve-clients` clients POST /api/tasks as one user for S seconds; then the time until no
outbox row is unsent. Reported: creates/s accepted, creates/s with every event applied
(creates / time from the first POST until the outbox is drained), the server's CPU per create.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.events import FieldChange, TaskChanged, TaskCompleted, TaskCreated, TaskUpdated, snapshot
from core.store.db import make_engine, make_sessionmaker
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch
from eventing.subscriptions import TOPICS
from tests.bench.common import (
    TODO,
    Poller,
    Process,
    Sidecar,
    cpu_seconds,
    database_origin,
    drained,
    free_port,
    fresh_bench_database,
    install_notify_trigger,
    listening,
    machine,
    scalar,
    settled,
    summary,
    tree_cpu_seconds,
    write_json,
)
from tests.bench.loadgen import post_load

log = logging.getLogger("bench_events")
CHANNEL = "bench_activity"
PHASES = ("create", "update", "complete")
EVENT_TYPE = {
    "create": "todo.task.created",
    "update": "todo.task.updated",
    "complete": "todo.task.completed",
}


# -- latency ------------------------------------------------------------------------------------


@dataclass
class Sample:
    key: str
    commit_mono: float
    commit_wall: float
    write_ms: float
    counted: bool


async def _change(
    sessions: async_sessionmaker[AsyncSession], phase: str, owner: str, task_id: uuid.UUID | None
) -> tuple[uuid.UUID, float, float, float]:
    """One task change through the services; (task id, commit mono, commit wall, write ms)."""
    started = time.monotonic()
    now = datetime.now(UTC)
    async with UnitOfWork(sessions) as uow:
        if phase == "create":
            row = await services.create_task(
                uow, owner, TaskCreate(title=f"latency probe of {owner}"), now=now
            )
        elif phase == "update":
            assert task_id is not None
            row = await services.update_task(
                uow, owner, task_id, TaskPatch(title=f"probe of {owner}, renamed"), now=now
            )
        else:
            assert task_id is not None
            row = await services.complete_task(uow, owner, task_id, now=now)
        # The service returns right after its commit returned: that is the start of the clock.
        mono, wall = time.monotonic(), time.time()
    return row.id, mono, wall, (mono - started) * 1000


async def _drive(
    sessions: async_sessionmaker[AsyncSession],
    url: str,
    *,
    events: int,
    rate: float,
    users: int,
    warmup: int,
    ready_timeout: float,
) -> dict[str, Any]:
    prefix = uuid.uuid4().hex[:6]
    owners = [f"lat-{prefix}-{u}" for u in range(users)]
    async with listening(url, CHANNEL) as listener:
        # Readiness: one change end to end before the clock starts (processes may still start).
        task_id, *_ = await _change(sessions, "create", f"lat-{prefix}-ready", None)
        if not await listener.wait_for({f"{task_id} todo.task.created"}, ready_timeout):
            raise TimeoutError("the event path did not deliver the readiness event")
        total = events + warmup
        ids: dict[tuple[int, int], asyncio.Future[uuid.UUID]] = {}
        samples: list[Sample] = []
        errors: list[str] = []

        async def one(i: int) -> None:
            block, rest = divmod(i, 3 * users)
            phase, u = PHASES[rest // users], rest % users
            slot = (block, u)
            if phase == "create":
                ids[slot] = asyncio.get_running_loop().create_future()
            try:
                previous = None if phase == "create" else await ids[slot]
                task_id, mono, wall, write_ms = await _change(sessions, phase, owners[u], previous)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                if phase == "create":
                    ids[slot].set_exception(exc)
                return
            if phase == "create":
                ids[slot].set_result(task_id)
            key = f"{task_id} {EVENT_TYPE[phase]}"
            samples.append(Sample(key, mono, wall, write_ms, i >= warmup))

        started = time.monotonic()
        tasks = []
        for i in range(total):
            delay = started + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        offered_s = time.monotonic() - started
        keys = {s.key for s in samples}
        complete = await listener.wait_for(keys, timeout=120)
        missing = len(keys - listener.received.keys())
        duplicates = sum(listener.duplicates.values())
    async with sessions() as session:
        recorded: dict[str, float] = dict(
            (
                await session.execute(
                    text(
                        "SELECT task_id::text || ' ' || event_type, "
                        "extract(epoch FROM recorded_at)::float8 FROM activity"
                    )
                )
            ).all()
        )
        claimed: dict[str, float] = dict(
            (
                await session.execute(
                    text(
                        "SELECT subject || ' ' || type, extract(epoch FROM sent_at)::float8 "
                        "FROM outbox WHERE topic = 'task-events' AND sent_at IS NOT NULL"
                    )
                )
            ).all()
        )
    counted = [s for s in samples if s.counted]
    latency = [
        (listener.received[s.key][0] - s.commit_mono) * 1000
        for s in counted
        if s.key in listener.received
    ]
    db_stamped = [(recorded[s.key] - s.commit_wall) * 1000 for s in counted if s.key in recorded]
    relay_claim = [(claimed[s.key] - s.commit_wall) * 1000 for s in counted if s.key in claimed]
    return {
        "events": len(counted),
        "warmup": warmup,
        "users": users,
        "offered_rate_per_s": rate,
        "achieved_rate_per_s": round(total / offered_s, 1),
        "all_arrived": complete,
        "missing": missing,
        "duplicate_notifications": duplicates,
        "errors": errors[:5],
        "error_count": len(errors),
        "latency": summary(latency),
        "recorded_at_minus_commit": summary(db_stamped),
        "relay_claim_minus_commit": summary(relay_claim),
        "writer_commit": summary([s.write_ms for s in counted]),
    }


async def _latency_embedded(url: str, **kw: Any) -> dict[str, Any]:
    from eventing.embedded import EmbeddedEventing

    engine = make_engine(url, pool_size=10)  # the gateway's default pool, shared as in `serve`
    sessions = make_sessionmaker(engine)
    eventing = EmbeddedEventing(url, sessions)
    await eventing.start()
    try:
        return await _drive(sessions, url, ready_timeout=30, **kw)
    finally:
        await eventing.stop()
        await engine.dispose()


@contextlib.asynccontextmanager
async def _kafka_broker() -> Any:
    from tests.kafka_broker import KafkaBroker

    broker = KafkaBroker()
    await asyncio.to_thread(broker.start)
    try:
        await broker.create_topics_async(list(TOPICS), partitions=4)
        yield broker
    finally:
        await asyncio.to_thread(broker.stop)


@contextlib.asynccontextmanager
async def _router_process(url: str, logs: Path) -> Any:
    port = free_port()
    router = Process(
        [TODO, "eventing", "--no-relay", "--port", str(port)],
        {
            **os.environ,
            "DATABASE_URL": url,
            "EVENT_TRANSPORT": "local",
            "ROUTER_INITIAL_BACKOFF": "0.05",
            "LOG_LEVEL": "WARNING",
        },
        logs / "router.log",
    )
    await router.start()
    try:
        await router.wait_http(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        await router.stop()


async def _latency_kafka(url: str, **kw: Any) -> dict[str, Any]:
    engine = make_engine(url, pool_size=10)
    sessions = make_sessionmaker(engine)
    logs = Path(tempfile.mkdtemp(prefix="bench-kafka-"))
    try:
        async with _kafka_broker() as broker, _router_process(url, logs) as router_url:
            sidecar = Sidecar(broker.bootstrap, router_url, logs / "sidecar.log")
            await sidecar.start()
            relay = Process(
                [TODO, "eventing", "--no-router", "--port", "0"],
                {
                    **os.environ,
                    **sidecar.env,
                    "DATABASE_URL": url,
                    "EVENT_TRANSPORT": "dapr",
                    "DAPR_HEALTH_TIMEOUT": "5",
                    "LOG_LEVEL": "WARNING",
                },
                logs / "relay.log",
            )
            await relay.start()
            try:
                result = await _drive(sessions, url, ready_timeout=90, **kw)
            finally:
                await relay.stop()
                await sidecar.stop()
        result["logs"] = str(logs)
        return result
    finally:
        await engine.dispose()


async def _sent_history(url: str, rows: int) -> None:
    """`rows` outbox rows already sent during the last hour (the relay keeps sent rows for
    RelayConfig.retention, one hour by default), vacuumed and analyzed as autovacuum would."""
    await scalar(
        url,
        """
        INSERT INTO outbox (event_id, topic, type, source, subject, partition_key, time,
                            dataschema, data, deliver_at, created_at, sent_at, attempts)
        SELECT gen_random_uuid(), 'task-events', 'todo.task.updated', '/todo/gateway',
               gen_random_uuid()::text, 'history-' || (g % 100), t, 'urn:bench', '{}'::jsonb,
               t, t, t, 0
        FROM generate_series(1, $1::int) AS g,
             LATERAL (SELECT now() - interval '55 minutes' + g * (interval '50 minutes' / $1))
                 AS x(t)
        """,
        rows,
    )
    await scalar(url, "VACUUM (ANALYZE) outbox")


# -- throughput ---------------------------------------------------------------------------------


def _task_row(owner: str, title: str, now: datetime) -> TaskRow:
    return TaskRow(
        id=uuid.uuid4(),
        owner=owner,
        title=title,
        description="",
        priority=2,
        tags=["work"],
        due=None,
        timezone="UTC",
        reminders=[],
        completed=False,
        skipped=False,
        occurrence_index=0,
        reminder_version=0,
        series_base_index=0,
        created_at=now,
        updated_at=now,
    )


async def _prefill(
    sessions: async_sessionmaker[AsyncSession], events: int, users: int, prefix: str
) -> dict[str, int]:
    """`events` outbox rows: task changes of `users` users, each a task-events + task-updates pair.

    Per user the changes go create, update, update, complete, then a new task. The tasks are
    stored too, as they stand at the end: push sends a task as stored, read by id.
    """
    now = datetime.now(UTC)
    current: dict[str, TaskRow] = {}
    step: dict[str, int] = {}
    changes = events // 2
    written = 0
    chunk = 1000
    counts = {"task-events": 0, "task-updates": 0}
    made: list[TaskRow] = []
    while written < changes:
        async with UnitOfWork(sessions) as uow:
            for i in range(written, min(changes, written + chunk)):
                owner = f"tp-{prefix}-{i % users}"
                n = step.get(owner, 0) % 4
                step[owner] = step.get(owner, 0) + 1
                if n == 0:
                    row = current[owner] = _task_row(owner, f"Throughput task {i}", now)
                    made.append(row)
                    event: Any = TaskCreated(task=snapshot(row), actor="user")
                elif n in (1, 2):
                    row = current[owner]
                    before = row.title
                    row.title = f"{before} (edit {n})"
                    event = TaskUpdated(
                        task=snapshot(row),
                        changes={"title": FieldChange(before=before, after=row.title)},
                        actor="user",
                    )
                else:
                    row = current[owner]
                    row.completed, row.completed_at = True, now
                    event = TaskCompleted(task=snapshot(row), actor="user")
                uow.record(event)
                uow.record(TaskChanged(op="upsert", task=event.task))
                counts["task-events"] += 1
                counts["task-updates"] += 1
            await uow.commit()
        written = min(changes, written + chunk)
    async with sessions() as session:
        session.add_all(made)
        await session.commit()
    return counts


class NullPublisher:
    """Accepts every event and does nothing: what remains is the relay's own cost."""

    def __init__(self) -> None:
        self.count = 0

    async def publish(self, topic: str, key: str, value: bytes) -> None:
        self.count += 1


async def _drain(
    url: str,
    sessions: async_sessionmaker[AsyncSession],
    relay_factory: Callable[[], Any],
    total: int,
    *,
    timeout: float,
) -> tuple[float, float, float]:
    """Run one relay until no row is unsent.

    Returns seconds from the moment it held its buckets, that moment (monotonic), and the CPU
    seconds this process used meanwhile.
    """
    relay = relay_factory()
    stop = asyncio.Event()
    ready: list[float] = []

    async def on_ready() -> None:
        ready.append(time.monotonic())

    poller = Poller(url)
    cpu = time.process_time()
    task = asyncio.create_task(relay.run(stop, on_ready=on_ready))
    try:
        done = await poller.wait_until(
            f"SELECT {total} - count(*) FROM outbox WHERE sent_at IS NULL",
            total,
            timeout=timeout,
            interval=0.05,
        )
        cpu = time.process_time() - cpu
    finally:
        stop.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, 30)
        await poller.close()
    return done - ready[0], ready[0], cpu


async def _throughput_one(mode: str, events: int, users: int, consume: bool) -> dict[str, Any]:
    from eventing.relay import Relay, RelayConfig

    async with fresh_bench_database() as url:
        engine = make_engine(url, pool_size=10)
        sessions = make_sessionmaker(engine)
        try:
            log.info("throughput %s: prefilling %d events", mode, events)
            counts = await _prefill(sessions, events, users, uuid.uuid4().hex[:6])
            await scalar(url, "VACUUM (ANALYZE) outbox")  # the statistics autovacuum would keep
            total = sum(counts.values())
            result: dict[str, Any] = {"mode": mode, "events": total, "users": users}
            if mode == "null":
                publisher = NullPublisher()
                seconds, _, cpu = await _drain(
                    url,
                    sessions,
                    lambda: Relay(url, sessions, publisher, RelayConfig()),
                    total,
                    timeout=600,
                )
                result["published"] = publisher.count
            elif mode == "local":
                from eventing.embedded import EmbeddedEventing

                eventing = EmbeddedEventing(url, sessions)
                seconds, _, cpu = await _drain(
                    url, sessions, lambda: eventing.relay, total, timeout=1800
                )
                result.update(await _effects(sessions))
            else:
                seconds, cpu, applied = await _throughput_kafka(url, sessions, total, consume)
                result.update(applied)
            result["seconds"] = round(seconds, 2)
            result["bench_process_cpu_s"] = round(cpu, 2)
            result["events_per_s"] = round(total / seconds, 1)
            return result
        finally:
            await engine.dispose()


async def _effects(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessions() as session:
        activity = await session.scalar(text("SELECT count(*) FROM activity"))
        updates = await session.scalar(text("SELECT count(*) FROM updates"))
        dead = await session.scalar(text("SELECT count(*) FROM dead_letters"))
    return {"activity_rows": int(activity or 0), "update_rows": int(updates or 0), "dead": dead}


async def _throughput_kafka(
    url: str,
    sessions: async_sessionmaker[AsyncSession],
    total: int,
    consume: bool,
) -> tuple[float, float, dict[str, Any]]:
    from eventing.publishers import DaprPublisher
    from eventing.relay import Relay, RelayConfig

    logs = Path(tempfile.mkdtemp(prefix="bench-kafka-tp-"))
    extra: dict[str, Any] = {"logs": str(logs)}
    async with contextlib.AsyncExitStack() as stack:
        broker = await stack.enter_async_context(_kafka_broker())
        router_url = None
        if consume:
            router_url = await stack.enter_async_context(_router_process(url, logs))
        sidecar = Sidecar(broker.bootstrap, router_url, logs / "sidecar.log")
        await sidecar.start()
        stack.push_async_callback(sidecar.stop)
        saved = {name: os.environ.get(name) for name in sidecar.env}
        os.environ.update(sidecar.env)  # the dapr SDK reads its endpoints from the environment
        os.environ["DAPR_HEALTH_TIMEOUT"] = "5"
        publisher = DaprPublisher()
        stack.push_async_callback(publisher.aclose)
        # The SDK client's constructor polls the sidecar's health with a blocking call: make
        # it before the clock starts (the relay would make it on its first publish).
        await publisher._dapr()
        helpers = {"sidecar": sidecar.pid, "tansu": broker.pid}
        before = {name: cpu_seconds(pid) for name, pid in helpers.items()}
        seconds, ready, cpu = await _drain(
            url,
            sessions,
            lambda: Relay(url, sessions, publisher, RelayConfig()),
            total,
            timeout=1800,
        )
        for name, pid in helpers.items():
            used, start = cpu_seconds(pid), before[name]
            if used is not None and start is not None:
                extra[f"{name}_cpu_s"] = round(used - start, 2)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if consume:
            poller = Poller(url)
            try:
                done = await poller.wait_until(
                    "SELECT (SELECT count(*) FROM activity) + (SELECT count(*) FROM updates)",
                    total,
                    timeout=3600,
                    interval=0.2,
                )
            finally:
                await poller.close()
            extra["applied_seconds"] = round(done - ready, 2)
            extra["applied_events_per_s"] = round(total / (done - ready), 1)
            extra.update(await _effects(sessions))
    return seconds, cpu, extra


# -- the run ------------------------------------------------------------------------------------


async def run(
    events: int = 500,
    rate: float = 10.0,
    users: int = 20,
    warmup: int = 30,
    latency_modes: tuple[str, ...] = ("embedded", "kafka"),
    throughput_events: int = 20_000,
    throughput_users: int = 100,
    throughput_modes: tuple[str, ...] = ("null", "local", "kafka"),
    kafka_consume: bool = False,
    sent_rows: int = 0,
    serve_seconds: float = 0.0,
    serve_clients: int = 32,
) -> dict[str, Any]:
    """Measure what the arguments ask for and return the figures."""
    report: dict[str, Any] = {
        "benchmark": "events",
        "machine": machine(),
        "database": database_origin(),
        "latency": [],
        "throughput": [],
    }
    drive = {"events": events, "rate": rate, "users": users, "warmup": warmup}
    report["sent_rows_before_latency"] = sent_rows
    for mode in latency_modes:
        log.info("latency %s: %d events at %.0f/s", mode, events, rate)
        async with fresh_bench_database() as url:
            await install_notify_trigger(
                url, "activity", CHANNEL, "NEW.task_id::text || ' ' || NEW.event_type"
            )
            if sent_rows:
                await _sent_history(url, sent_rows)
            measure = _latency_embedded if mode == "embedded" else _latency_kafka
            result = await measure(url, **drive)
        report["latency"].append({"mode": mode, **result})
    for mode in throughput_modes:
        report["throughput"].append(
            await _throughput_one(mode, throughput_events, throughput_users, kafka_consume)
        )
    if serve_seconds > 0:
        report["serve_creates"] = await _serve_creates(serve_seconds, serve_clients)
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


async def _serve_creates(seconds: float, clients: int) -> dict[str, Any]:
    """`todo serve` creates/s from `clients` clients, accepted and with every event applied.

    The CPU per create counts `todo serve` and its eventing child (the database is a server of
    its own here, so not it); the clients are tests.bench.loadgen's, which leave the cores to
    the server.
    """
    from gateway.auth import LocalSigningKey

    log.info("todo serve creates: %d clients for %.0f s", clients, seconds)
    async with fresh_bench_database() as url:
        data = Path(tempfile.mkdtemp(prefix="bench-serve-"))
        token = LocalSigningKey.load_or_create(data).issue_token("bench-serve")
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DATA_DIR": str(data),
            "EVENT_TRANSPORT": "local",
            "LOG_LEVEL": "WARNING",
            "DB_POOL_SIZE": str(clients),
            # one user writing as fast as the server can: no rate limit, no task quota
            "RATE_LIMIT_WRITES": "off",
            "MAX_TASKS": "100000000",
        }
        server = Process([TODO, "serve", "--port", str(port)], env, data / "serve.log")
        await server.start()
        base = f"http://127.0.0.1:{port}"
        try:
            await server.wait_http(f"{base}/readyz")
            await settled(server.pid)
            cpu0 = tree_cpu_seconds(server.pid)
            t0 = time.monotonic()
            load = await post_load(
                port,
                "/api/tasks",
                token,
                lambda client, n: {"title": f"serve {client} {n}"},
                clients=clients,
                seconds=seconds,
            )
            if load.first_error is not None:
                raise RuntimeError(f"a create failed: {load.first_error}")
            created = load.count(lambda status: status == 201)
            writes_s = load.elapsed_s
            await drained(url)
            applied_s = time.monotonic() - t0
            cpu1 = tree_cpu_seconds(server.pid)
            activity = await scalar(url, "SELECT count(*) FROM activity")
            updates = await scalar(url, "SELECT count(*) FROM updates")
        finally:
            await server.stop()
    used = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    return {
        "clients": clients,
        "creates": created,
        "writes_s": round(writes_s, 2),
        "accepted_per_s": round(created / writes_s, 1),
        "applied_s": round(applied_s, 2),
        "applied_creates_per_s": round(created / applied_s, 1),
        "activity_rows": int(activity or 0),
        "update_rows": int(updates or 0),
        "server_cpu_ms_per_create": None if used is None else round(1000 * used / created, 1),
    }


def format_table(report: dict[str, Any]) -> str:
    """The figures as fixed-width tables."""
    lines = [
        f"machine: {report['machine']}; database: {report['database']}",
    ]
    if report["latency"]:
        history = report.get("sent_rows_before_latency")
        lines += [
            "",
            "Event latency, writer's commit returned -> audit's activity row committed (LISTEN)"
            + (f"; {history} sent rows already in the outbox" if history else ""),
        ]
        header = (
            f"{'mode':<9} {'n':>5} {'rate/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'max ms':>8} {'claim p50':>9} {'db p50':>7} {'db p99':>7} {'commit p50':>10} "
            f"{'miss':>4}"
        )
        lines += [header, "-" * len(header)]
        for row in report["latency"]:
            lat, db, wr = row["latency"], row["recorded_at_minus_commit"], row["writer_commit"]
            claim = row["relay_claim_minus_commit"]
            lines.append(
                f"{row['mode']:<9} {lat.get('n', 0):>5} {row['achieved_rate_per_s']:>7} "
                f"{lat.get('p50_ms', 0):>8} {lat.get('p95_ms', 0):>8} {lat.get('p99_ms', 0):>8} "
                f"{lat.get('max_ms', 0):>8} {claim.get('p50_ms', 0):>9} "
                f"{db.get('p50_ms', 0):>7} {db.get('p99_ms', 0):>7} "
                f"{wr.get('p50_ms', 0):>10} {row['missing']:>4}"
            )
        lines += [
            "claim = outbox.sent_at (start of the relay's claiming transaction) - commit;",
            "db = activity.recorded_at (start of audit's transaction) - commit (both server "
            "clock, an underestimate);",
            "commit p50 = duration of the writer's own service call.",
        ]
    if report["throughput"]:
        lines += ["", "Relay throughput, pre-filled outbox drained by one relay"]
        header = (
            f"{'publisher':<9} {'events':>7} {'users':>5} {'seconds':>8} {'events/s':>9} "
            f"{'cpu s':>6}  notes"
        )
        lines += [header, "-" * len(header)]
        for row in report["throughput"]:
            notes = ""
            if "activity_rows" in row:
                notes = (
                    f"activity {row['activity_rows']}, updates {row['update_rows']}, "
                    f"dead letters {row['dead']}"
                )
            if "sidecar_cpu_s" in row:
                notes += f"sidecar cpu {row['sidecar_cpu_s']} s, tansu cpu {row['tansu_cpu_s']} s"
            if "applied_seconds" in row:
                notes += (
                    f"; all applied after {row['applied_seconds']} s "
                    f"({row['applied_events_per_s']} events/s)"
                )
            lines.append(
                f"{row['mode']:<9} {row['events']:>7} {row['users']:>5} {row['seconds']:>8} "
                f"{row['events_per_s']:>9} {row['bench_process_cpu_s']:>6}  {notes}"
            )
    serve = report.get("serve_creates")
    if serve:
        lines += [
            "",
            f"todo serve, {serve['clients']} clients POST /api/tasks for {serve['writes_s']} s: "
            f"{serve['creates']} creates, {serve['accepted_per_s']}/s accepted; every event "
            f"applied after {serve['applied_s']} s: {serve['applied_creates_per_s']} creates/s "
            f"(activity {serve['activity_rows']}, updates {serve['update_rows']}); server CPU "
            f"{serve['server_cpu_ms_per_create']} ms per create",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=500, help="latency samples per mode")
    parser.add_argument("--rate", type=float, default=10.0, help="task changes per second")
    parser.add_argument("--users", type=int, default=20, help="writers' users (latency)")
    parser.add_argument("--warmup", type=int, default=30, help="changes not counted")
    parser.add_argument("--latency-modes", default="embedded,kafka", help="embedded,kafka or ''")
    parser.add_argument("--throughput-events", type=int, default=20_000)
    parser.add_argument("--throughput-users", type=int, default=100)
    parser.add_argument(
        "--throughput-modes", default="null,local,kafka", help="null,local,kafka or ''"
    )
    parser.add_argument(
        "--kafka-consume", action="store_true", help="kafka throughput: run the consumers too"
    )
    parser.add_argument(
        "--sent-rows",
        type=int,
        default=0,
        help="latency: first put this many already-sent rows (the last hour's) in the outbox",
    )
    parser.add_argument(
        "--serve-seconds",
        type=float,
        default=0.0,
        help="todo serve creates/s with every event applied: POST for this long (0: skip)",
    )
    parser.add_argument("--serve-clients", type=int, default=32)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    latency_modes = tuple(m for m in args.latency_modes.split(",") if m)
    throughput_modes = tuple(m for m in args.throughput_modes.split(",") if m)
    if set(latency_modes) - {"embedded", "kafka"}:
        parser.error("--latency-modes: embedded and/or kafka")
    if set(throughput_modes) - {"null", "local", "kafka"}:
        parser.error("--throughput-modes: null, local and/or kafka")
    if args.serve_seconds < 0 or args.serve_clients < 1:
        parser.error("--serve-seconds and --serve-clients: not negative, at least 1 client")
    if args.events < 1 or args.rate <= 0 or args.users < 1 or args.throughput_events < 2:
        parser.error("sizes must be positive")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    report = asyncio.run(
        run(
            events=args.events,
            rate=args.rate,
            users=args.users,
            warmup=args.warmup,
            latency_modes=latency_modes,
            throughput_events=args.throughput_events,
            throughput_users=args.throughput_users,
            throughput_modes=throughput_modes,
            kafka_consume=args.kafka_consume,
            sent_rows=args.sent_rows,
            serve_seconds=args.serve_seconds,
            serve_clients=args.serve_clients,
        )
    )
    sys.stdout.write(format_table(report) + "\n")
    write_json(args.json, report)


if __name__ == "__main__":
    main()
