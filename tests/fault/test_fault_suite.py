"""The fault suite (issue 7): 10,000 task events while every part of the event path fails.

What runs, all real: an embedded PostgreSQL owned by this module (its own data folder and
Unix socket, so crashing it disturbs nothing else), the Tansu Kafka-protocol broker, the Dapr
sidecar stand-in with the components of deploy/dapr (in a process of its own), the relay
(`todo eventing --no-router`, Dapr transport) and the router (`todo eventing --no-relay`) as
processes, and the four functions (recur, notify, audit, push) as separate
`functions-framework --asgi` processes that the router reaches over HTTP (FUNCTION_URL_*).
The test process writes task changes through `core.services` in units of work, as the
gateway does (`workload.Writer`), for 48 users from 6 concurrent lanes, until exactly 10,000
task events exist: the writer's, plus the next occurrences recur makes.

The faults, in a seeded random order (FAULT_SEED), one at a time, each logged with its time as
it happens. They are spread over the writing: each waits until the writer has written a
seeded random share of its events (and 0.5-2 s since the one before), so they fall while the
writer writes whatever the speed of the machine (a slow step, such as waiting for the
consumers before a broker restart, can push the last ones into the drain):

- kill relay / router (4 each): SIGKILL, started again after 0.2-1.5 s. A relay killed
  mid-batch has published rows it never marked sent: they are published again, and the
  consumers must dedupe. A router killed mid-delivery never answered the sidecar, which
  delivers the record again.
- kill recur / notify / audit / push (3 each): SIGKILL to the function's process group
  (gunicorn master and uvicorn worker: the container dies), started again at once; it takes a
  few seconds to serve again, and meanwhile the router's deliveries fail and are retried. The
  router's retry budget is set to about 35 s (ROUTER_MAX_ATTEMPTS=50, backoff 0.1-1 s),
  longer than any outage here, so that a dead letter can only mean a bad event: with a budget
  shorter than an outage, dead-lettering good events is the designed outcome (they wait for
  `todo dlq replay`), which is not what this suite measures.
- crash PostgreSQL (3): `pg_ctl stop -m immediate` (every server process dies at once, no
  checkpoint), down for 0.5-2.5 s, started again (WAL recovery). Every process loses its
  connections mid-transaction; the writer retries its unit of work (the writer's job, not the
  system's); relay, router and functions must cope on their own. The server runs with
  fsync=off to keep CI fast: that matters only if the operating system itself crashes, which
  is not simulated (after a PostgreSQL crash the OS page cache, and so the WAL, is intact);
  synchronous_commit stays on, so an acknowledged commit is in the WAL.
- freeze the broker (3): SIGSTOP for 2-5 s twice and 12 s once, then SIGCONT, while writes go
  on. Nothing is lost (the process and its memory survive) but nothing answers: the relay's
  publishes time out (the 12 s freeze outlasts the sidecar's 10 s produce timeout, so outbox
  rows are backed off and published again, possibly twice), consumer sessions expire, groups
  rebalance, records are delivered again.
- restart the broker (2). This Tansu build keeps everything in memory: a restart loses every
  record and committed offset. Killing it at a random moment would lose published events for
  real, a loss made by the test broker, not by the system under test (Redpanda keeps its log
  on disk). So the broker is restarted only when it holds nothing still needed: the relay is
  killed (writes go on into the outbox), the test waits until the router has acknowledged
  (200) every record of every partition for every input binding, stops the sidecar, kills the
  broker, creates the topics again, starts the sidecar (its consumer groups begin at the
  oldest offset of the new, empty log) and the relay, which then publishes the backlog.
- inject bad events (3 + 3): raw Kafka records (a task-events record that is not JSON, and a
  todo.reminder.due whose data breaks its schema, sent twice as a producer retry may), and
  outbox rows with invalid data (a todo.task.completed and a todo.task.created whose task is
  not a task, a todo.update.task with an unknown op). `workload.BadEvents` lists the dead
  letters each must end in.

A watchdog restarts any process that ends without being killed (as Kubernetes would) and
counts it. Afterwards, once the outbox is empty and every consumer caught up, the tests below
check, exactly: no process ended on its own; the 10,000 events and an empty outbox; every
task event audited once with intact hash chains; every finished occurrence followed by
exactly one next occurrence; every published reminder notified once; every live update
pushed once; dead letters only for the bad events, and each bad event dead-lettered once per
function (a redelivered bad event finds its waiting dead letter: migration 0009).
A summary (events, kills per process, restarts, duration, CPU seconds) is printed.

The whole run is one module fixture (about 550 CPU-seconds: some 5 minutes on 2 free cores).
FAULT_EVENTS and FAULT_SEED override the size and the seed.
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import shutil
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import select

from core.events import snapshot
from core.services.series import following
from core.store.db import asyncpg_dsn, make_engine, make_sessionmaker
from core.store.migrate import upgrade
from core.store.models import TaskRow
from eventing.subscriptions import FUNCTIONS
from gateway.audit_verify import verify_all
from tests.fault.harness import (
    EmbeddedPostgres,
    EventPath,
    FaultLog,
    create_database,
    describe_counts,
)
from tests.fault.workload import BAD_KEY, INJECTOR, BadEvents, Writer, with_retry

pytestmark = [pytest.mark.e2e, pytest.mark.fault, pytest.mark.timeout(900)]

SEED = int(os.environ.get("FAULT_SEED", "7007"))
EVENTS = int(os.environ.get("FAULT_EVENTS", "10000"))
USERS = 48
LANES = 6
PARTITIONS = 4
PROCESSES = ("relay", "router", *FUNCTIONS)
DRAIN_TIMEOUT = 400.0


# --------------------------------------------------------------------------- the faults


def fault_schedule(rng: random.Random) -> list[tuple[str, str, float]]:
    """(kind, target, parameter) of every planned fault, in a seeded random order."""
    steps: list[tuple[str, str, float]] = []
    steps += [("kill", "relay", rng.uniform(0.2, 1.5)) for _ in range(4)]
    steps += [("kill", "router", rng.uniform(0.2, 1.5)) for _ in range(4)]
    steps += [("kill", name, 0.0) for name in FUNCTIONS for _ in range(3)]
    steps += [("crash", "postgres", rng.uniform(0.5, 2.5)) for _ in range(3)]
    steps += [("freeze", "broker", seconds) for seconds in (rng.uniform(2, 5), 12.0)]
    steps += [("freeze", "broker", rng.uniform(2, 5))]
    steps += [("restart", "broker", 0.0) for _ in range(2)]
    steps += [("inject", "kafka", 0.0) for _ in range(3)]
    steps += [("inject", "outbox", 0.0) for _ in range(3)]
    rng.shuffle(steps)
    return steps


async def chaos(
    path: EventPath,
    writer: Writer,
    bad: BadEvents,
    sessions: Any,
    rng: random.Random,
    stats: Counter[str],
) -> None:
    """Run the schedule, spread over the writing: step i waits until the writer has written
    a seeded random share of its events (so the faults fall while it writes, however fast
    the machine is), and at least 0.5-2 s since the step before."""
    steps = fault_schedule(rng)
    marks = sorted(rng.uniform(0.02, 0.95) * writer.target for _ in steps)
    for (kind, target, value), mark in zip(steps, marks, strict=True):
        await asyncio.sleep(rng.uniform(0.5, 2.0))
        while writer.written < mark and not writer.finished.is_set():
            await asyncio.sleep(0.1)
        stats["during_writes" if not writer.finished.is_set() else "during_drain"] += 1
        if kind == "kill":
            await path.kill(target, value)
        elif kind == "crash":
            await path.restart_postgres(value)
        elif kind == "freeze":
            await path.freeze_broker(value)
        elif kind == "restart":
            await path.restart_broker()
        elif target == "kafka":
            await bad.inject_raw(path.broker.bootstrap)
            path.log.note("inject", "kafka", "a record that is not JSON, an invalid reminder x2")
        else:
            await bad.inject_outbox(sessions)
            path.log.note("inject", "outbox", "3 rows with invalid data")


# --------------------------------------------------------------------------- reading the state


class Facts:
    """Values read from the database over one connection, opened again if it died."""

    def __init__(self, url: str) -> None:
        self.dsn = asyncpg_dsn(url)
        self.conn: asyncpg.Connection | None = None

    async def _connection(self) -> asyncpg.Connection:
        if self.conn is None or self.conn.is_closed():
            self.conn = await asyncpg.connect(self.dsn)
        return self.conn

    async def value(self, sql: str, *args: Any) -> Any:
        async def read(attempt: int) -> Any:
            return await (await self._connection()).fetchval(sql, *args)

        return await with_retry(read)

    async def rows(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        return list(await (await self._connection()).fetch(sql, *args))

    async def close(self) -> None:
        if self.conn is not None and not self.conn.is_closed():
            await self.conn.close()

    async def progress(self) -> dict[str, int]:
        """What the drain waits on: everything sent, and every consumer caught up."""
        sql = {
            "unsent": "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
            "task_events": "SELECT count(*) FROM outbox WHERE topic = 'task-events' "
            "AND source <> $1",
            "audited": "SELECT count(*) FROM processed_events WHERE consumer = 'audit'",
            "finishes": "SELECT count(*) FROM outbox WHERE topic = 'task-events' AND source <> $1 "
            "AND type IN ('todo.task.completed', 'todo.task.skipped')",
            "recurred": "SELECT count(*) FROM processed_events WHERE consumer = 'recur'",
            "reminders": "SELECT count(*) FROM outbox WHERE topic = 'reminders' AND source <> $1",
            "notified": "SELECT count(*) FROM processed_events WHERE consumer = 'notify'",
            "updates": "SELECT count(*) FROM outbox WHERE topic = 'task-updates' AND source <> $1",
            "pushed": "SELECT count(*) FROM processed_events WHERE consumer = 'push'",
            "dead_letters": "SELECT count(*) FROM dead_letters",
            "distinct_letters": "SELECT count(DISTINCT (function, topic, "
            "coalesce(event_id, event))) FROM dead_letters",
        }
        found = {}
        for name, query in sql.items():
            args = (INJECTOR,) if "$1" in query else ()
            found[name] = int(await self.value(query, *args))
        return found


async def report_progress(facts: Facts, writer: Writer, log: FaultLog) -> None:
    """Every 15 s, one line: how far the writer and each consumer are."""
    while True:
        await asyncio.sleep(15)
        try:
            now: Any = await facts.progress()
        except Exception as exc:  # the database may be down right now
            now = type(exc).__name__
        elapsed = time.monotonic() - log.started
        print(f"[progress {elapsed:6.1f}s] written {writer.written} {now}", flush=True)


def settled(now: dict[str, int], bad: BadEvents) -> bool:
    return (
        now["unsent"] == 0
        and now["audited"] == now["task_events"]
        and now["recurred"] == now["finishes"]
        and now["notified"] == now["reminders"]
        and now["pushed"] == now["updates"]
        and now["distinct_letters"] >= len(bad.expected)
    )


async def series_findings(sessions: Any) -> tuple[dict[str, int], list[str]]:
    """Every finished occurrence must be followed by exactly the one `following` names, and
    no occurrence may exist that no finished one asked for."""
    async with sessions() as session:
        rows = list(
            (await session.execute(select(TaskRow).where(TaskRow.series_id.is_not(None))))
            .scalars()
            .all()
        )
    by_series: dict[uuid.UUID, dict[int, TaskRow]] = defaultdict(dict)
    problems: list[str] = []
    for row in rows:
        assert row.series_id is not None
        if row.occurrence_index in by_series[row.series_id]:
            problems.append(f"series {row.series_id}: occurrence {row.occurrence_index} twice")
        by_series[row.series_id][row.occurrence_index] = row
    finished = followed = ended = 0
    for series_id, occurrences in by_series.items():
        expected = {min(occurrences)}  # the first occurrence, made by the writer
        for index, row in occurrences.items():
            if not row.completed:
                continue
            finished += 1
            nxt = following(snapshot(row))
            if nxt is None:
                ended += 1
                continue
            followed += 1
            expected.add(nxt.index)
            made = occurrences.get(nxt.index)
            if made is None:
                problems.append(f"series {series_id}: no occurrence {nxt.index} after {index}")
            elif made.due != nxt.due:
                problems.append(f"series {series_id}: occurrence {nxt.index} is due {made.due}")
        extra = set(occurrences) - expected
        if extra:
            problems.append(f"series {series_id}: occurrences nobody asked for: {sorted(extra)}")
    stats = {"series": len(by_series), "finished": finished, "followed": followed, "ended": ended}
    return stats, problems


@dataclass
class Findings:
    """Everything the run did and left behind, read before the system is stopped."""

    writer: Writer
    bad: BadEvents
    log: FaultLog
    stats: Counter[str]
    final: dict[str, int]
    times: dict[str, float]
    values: dict[str, Any] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    exits: dict[str, int] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)


async def run_under_faults(
    url: str, sessions: Any, path: EventPath, log: FaultLog, rng: random.Random, workdir: Path
) -> Findings:
    """Write while the faults happen, then wait until everything has settled."""
    facts, monitor_facts = Facts(url), Facts(url)
    times = {"ready": time.monotonic()}
    log.started = times["ready"]
    writer = Writer(
        sessions,
        [f"fault-u{i:02d}" for i in range(USERS)],
        target=EVENTS,
        lanes=LANES,
        rng=random.Random(rng.randrange(2**32)),
    )
    bad = BadEvents()
    stats: Counter[str] = Counter()
    writing = asyncio.create_task(writer.run())
    faults = asyncio.create_task(chaos(path, writer, bad, sessions, rng, stats))
    monitor = asyncio.create_task(report_progress(monitor_facts, writer, log))
    try:
        await writing
        times["written"] = time.monotonic()
        await faults
        times["faulted"] = time.monotonic()
        # Drain: the last reminders fall due, the backlog leaves, every consumer catches up.
        deadline = time.monotonic() + DRAIN_TIMEOUT
        now = await facts.progress()
        while not settled(now, bad) or time.time() < writer.last_fire.timestamp() + 1:
            if time.monotonic() > deadline:
                strangers = await facts.rows(
                    "SELECT function, event_type, event_id, status, attempts, left(error, 300) "
                    "AS error FROM dead_letters WHERE partition_key <> $1",
                    BAD_KEY,
                )
                raise AssertionError(
                    f"not settled after {DRAIN_TIMEOUT:.0f}s: {now}; dead letters of good "
                    f"events: {[dict(r) for r in strangers]}; see logs in {workdir}"
                )
            await asyncio.sleep(2)  # the counts cost the database: not too often
            now = await facts.progress()
        await asyncio.sleep(3)  # late redeliveries (after a freeze, a kill) must change nothing
        times["settled"] = time.monotonic()
        final = await facts.progress()
    finally:
        for task in (writing, faults, monitor):
            task.cancel()
        await asyncio.gather(writing, faults, monitor, return_exceptions=True)
        await facts.close()
        await monitor_facts.close()
    return Findings(writer, bad, log, stats, final, times)


async def read_findings(url: str, sessions: Any, found: Findings) -> None:
    """Read what the tests check into `found.values`."""
    facts = Facts(url)
    v = found.values
    try:
        v["by_writer"] = await facts.value(
            "SELECT count(*) FROM outbox WHERE topic = 'task-events' AND source = '/todo/gateway'"
        )
        v["by_recur"] = await facts.value(
            "SELECT count(*) FROM outbox WHERE topic = 'task-events' "
            "AND source = '/todo/functions/recur'"
        )
        v["activity"] = await facts.value("SELECT count(*) FROM activity")
        v["activity_distinct"] = await facts.value(
            "SELECT count(DISTINCT (event_source, event_id)) FROM activity"
        )
        v["unaudited"] = await facts.value(
            "SELECT count(*) FROM outbox o WHERE o.topic = 'task-events' AND o.source <> $1 "
            "AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.event_id = o.event_id::text "
            "AND a.event_source = o.source)",
            INJECTOR,
        )
        v["audited_strangers"] = await facts.value(
            "SELECT count(*) FROM activity a WHERE NOT EXISTS (SELECT 1 FROM outbox o "
            "WHERE o.event_id::text = a.event_id AND o.topic = 'task-events')"
        )
        v["chain_problems"], v["chain_checked"] = await verify_all(url)
        v["series"], v["series_problems"] = await series_findings(sessions)
        v["notifications"] = await facts.value("SELECT count(*) FROM notifications")
        v["reminders_not_once"] = await facts.value(
            "SELECT count(*) FROM outbox o WHERE o.topic = 'reminders' AND o.source <> $1 AND "
            "(SELECT count(*) FROM notifications n WHERE n.task_id = (o.data->>'task_id')::uuid "
            "AND n.reminder_version = (o.data->>'reminder_version')::int "
            "AND n.fire_at = (o.data->>'fire_at')::timestamptz) <> 1",
            INJECTOR,
        )
        schedules = await facts.rows(
            "SELECT t.id, jsonb_array_length(t.reminders) AS wanted, (SELECT count(*) FROM "
            "notifications n WHERE n.task_id = t.id AND n.reminder_version = t.reminder_version) "
            "AS got FROM tasks t WHERE jsonb_array_length(t.reminders) > 0"
        )
        v["reminder_tasks"] = len(schedules)
        v["reminder_tasks_short"] = [dict(r) for r in schedules if r["wanted"] != r["got"]]
        v["pushed"] = await facts.value("SELECT count(*) FROM updates")
        v["unpushed"] = await facts.value(
            "SELECT count(*) FROM outbox o WHERE o.topic = 'task-updates' AND o.source <> $1 "
            "AND NOT EXISTS (SELECT 1 FROM updates u WHERE u.event_id = o.event_id::text)",
            INJECTOR,
        )
        v["letters"] = [
            (r["function"], r["topic"], r["event"], r["status"])
            for r in await facts.rows(
                "SELECT function, topic, coalesce(event_id, event) AS event, status "
                "FROM dead_letters ORDER BY id"
            )
        ]
        v["letter_errors"] = [
            dict(r)
            for r in await facts.rows(
                "SELECT function, topic, event_id, event_type, status, attempts, error, created_at "
                "FROM dead_letters ORDER BY id"
            )
        ]
        v["types"] = {
            r["type"]: r["n"]
            for r in await facts.rows(
                "SELECT type, count(*) AS n FROM outbox WHERE topic = 'task-events' "
                "AND source <> $1 GROUP BY type ORDER BY type",
                INJECTOR,
            )
        }
    finally:
        await facts.close()


def summarize(found: Findings, setup: float, total: float) -> list[str]:
    v, final, writer, bad, log, times = (
        found.values,
        found.final,
        found.writer,
        found.bad,
        found.log,
        found.times,
    )
    kills = log.count("kill")
    types = ", ".join(f"{name.removeprefix('todo.task.')} {n}" for name, n in v["types"].items())
    letters = Counter(letter[0] for letter in v["letters"])
    return [
        "",
        "== fault suite summary ==",
        f"seed {SEED}; {USERS} users, {LANES} writer lanes, {PARTITIONS} partitions per topic",
        f"task events {final['task_events']} = {v['by_writer']} by the writer + {v['by_recur']} "
        f"by recur ({types}); writer units retried after a lost database: {writer.retries}",
        f"audited {v['activity']} (hash chains of {v['chain_checked']} entries verified); "
        f"series {v['series']}",
        f"reminders published {final['reminders']} for {v['reminder_tasks']} tasks -> "
        f"notifications {v['notifications']}; live updates pushed {v['pushed']}",
        f"bad events: {bad.raw_records} raw Kafka records + {bad.outbox_rows} outbox rows -> "
        f"dead letters {describe_counts(letters, FUNCTIONS)}",
        f"SIGKILL {describe_counts(kills, PROCESSES)} (total {sum(kills.values())}; the relay's "
        f"include the {log.count('restart')['broker']} that let the broker restart)",
        f"postgres crashes {log.count('crash')['postgres']}, broker freezes "
        f"{log.count('freeze')['broker']}, broker restarts {log.count('restart')['broker']}; "
        f"fault steps while writing {found.stats['during_writes']}, after "
        f"{found.stats['during_drain']}; processes that exited on their own: "
        f"{found.exits or 'none'}",
        f"duration: setup {setup:.0f}s, writing {times['written'] - times['ready']:.0f}s, "
        f"faults until {times['faulted'] - times['ready']:.0f}s, settled at "
        f"{times['settled'] - times['ready']:.0f}s, total {total:.0f}s",
        f"CPU seconds {sum(found.cpu.values()):.0f} ({sum(found.cpu.values()) / total:.1f} cores "
        "busy on average): "
        + ", ".join(f"{name} {seconds:.0f}" for name, seconds in found.cpu.items()),
    ]


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
async def findings(request: pytest.FixtureRequest) -> AsyncIterator[Findings]:
    """The whole run: start everything, write under faults, settle, read, stop.

    Logs (one per process, and faults.log) go to a folder of their own, kept with the
    database's data folder when anything fails (pytest's own temporary folders are recycled
    as soon as a few other sessions ran).
    """
    began = time.monotonic()
    own_cpu = _own_cpu()
    failed_before = request.session.testsfailed
    workdir = Path(tempfile.mkdtemp(prefix="todo-fault-logs-"))
    rng = random.Random(SEED)
    log = FaultLog(path=workdir / "faults.log")
    print(f"\nfault suite: seed {SEED}, {EVENTS} events, logs in {workdir}", flush=True)
    postgres = EmbeddedPostgres()
    engine = None
    path: EventPath | None = None
    ran = False
    try:
        server = await asyncio.to_thread(postgres.start, {"fsync": "off", "max_connections": "300"})
        url = await create_database(server, "todo_fault")
        await asyncio.to_thread(upgrade, url)
        # The writer's engine (a connection that died with the database fails its unit of
        # work, which is retried). make_engine: its connections come from asyncpg_dsn, which
        # keeps the URL's query (the embedded server's socket folder in `host`).
        engine = make_engine(url, pool_size=8, max_overflow=8)
        sessions = make_sessionmaker(engine)
        path = EventPath(url, postgres, workdir, log, partitions=PARTITIONS)
        await path.start()
        setup = time.monotonic() - began
        found = await run_under_faults(url, sessions, path, log, rng, workdir)
        # The pool may hold connections from before the last crash: start the reading afresh.
        await engine.dispose()
        await read_findings(url, sessions, found)
        ran = True
    finally:
        if path is not None:
            await path.stop()
        if engine is not None:
            await engine.dispose()
        await asyncio.to_thread(postgres.stop)
        if not ran:
            print(f"fault suite: kept logs in {workdir}, database in {postgres.root}")
    assert path is not None
    found.cpu = {"test process": _own_cpu() - own_cpu, **path.cpu_seconds()}
    found.exits = dict(path.exits)
    found.summary = summarize(found, setup, time.monotonic() - began)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    for line in found.summary:
        if reporter is not None:
            reporter.write_line(line)
        else:  # pragma: no cover - without the terminal plugin
            print(line)
    yield found
    if request.session.testsfailed == failed_before:
        shutil.rmtree(workdir, ignore_errors=True)
        postgres.remove()
    elif reporter is not None:
        reporter.write_line(f"fault suite: kept logs in {workdir}, database in {postgres.root}")


# --------------------------------------------------------------------------- the checks


def test_no_process_ended_on_its_own(findings: Findings) -> None:
    assert findings.exits == {}  # only the kills of the plan ended a process


def test_exactly_the_events_written_and_nothing_left_unsent(findings: Findings) -> None:
    v, final = findings.values, findings.final
    assert findings.writer.written == v["by_writer"]  # each operation made one task event
    assert final["task_events"] == v["by_writer"] + v["by_recur"] == EVENTS
    assert final["unsent"] == 0


def test_every_task_event_audited_once_with_intact_chains(findings: Findings) -> None:
    v, final = findings.values, findings.final
    assert v["activity"] == v["activity_distinct"] == final["task_events"] == final["audited"]
    assert (v["unaudited"], v["audited_strangers"]) == (0, 0)
    assert v["chain_problems"] == []
    assert v["chain_checked"] == v["activity"]


def test_every_finished_occurrence_followed_by_exactly_one_next(findings: Findings) -> None:
    v, final = findings.values, findings.final
    assert v["series_problems"] == []
    assert final["recurred"] == final["finishes"]  # recur saw each completion/skip once
    assert v["by_recur"] == v["series"]["followed"]  # one todo.task.created per next one
    assert v["series"]["followed"] >= EVENTS // 50  # enough of them to mean something


def test_every_due_reminder_notified_exactly_once(findings: Findings) -> None:
    v, final = findings.values, findings.final
    assert v["reminders_not_once"] == 0
    assert v["notifications"] == final["reminders"] == final["notified"]
    assert v["reminder_tasks_short"] == []  # every reminder of every schedule was published
    assert v["notifications"] >= EVENTS // 50


def test_every_live_update_pushed_once(findings: Findings) -> None:
    v, final = findings.values, findings.final
    assert (v["pushed"], v["unpushed"]) == (final["updates"], 0)
    assert final["pushed"] == v["pushed"]


def test_dead_letters_only_for_the_bad_events(findings: Findings) -> None:
    letters, bad = findings.values["letters"], findings.bad
    expected = set(bad.expected_letters())
    strangers = [letter for letter in letters if letter[:3] not in expected]
    assert strangers == []
    assert {(f, t, e) for f, t, e, _ in letters} == expected
    # The records written straight into Kafka carry no signature: eventing keeps them as 401
    # dead letters (Dapr's app token says Dapr delivered them); the rest are bad content, 400.
    for function, topic, event, status in letters:
        unsigned = topic == "reminders" and event.startswith("bad-reminder-")
        assert status == (401 if unsigned else 400), (function, topic, event, status)
    assert (bad.raw_records, bad.outbox_rows) == (9, 9)


def test_each_bad_event_dead_lettered_once_per_function(findings: Findings) -> None:
    letters, bad = findings.values["letters"], findings.bad
    got = Counter((f, t, e) for f, t, e, _ in letters)
    assert got == Counter(bad.expected_letters())
