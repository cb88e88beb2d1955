"""What the event, reminder and live-update benchmarks share (scripts, not tests).

- `bench_database()`: a fresh, migrated database on the test server, dropped at the end. The
  server is TEST_DATABASE_URL's, else DATABASE_URL's (a database of its own is created there,
  so a relay never drains someone else's outbox), else an embedded PostgreSQL.
- `NotifyListener`: a LISTEN connection in a separate process that stamps each notification
  with CLOCK_MONOTONIC (system-wide on Linux, so comparable with this process's
  `time.monotonic()`) and wall-clock time. Being another process, its timestamps are not
  delayed by the GIL or by the event loop of the process under test.
- `install_notify_trigger()`: an AFTER INSERT trigger that NOTIFYs a channel with some columns
  of the new row. PostgreSQL delivers a NOTIFY when the inserting transaction commits, so the
  listener learns the moment the effect became visible to readers.
- `summary()`: nearest-rank percentiles of a list of milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import secrets
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from core.store.db import asyncpg_dsn
from tests.support.databases import fresh_database, server_url
from tests.support.waits import eventually_async, log_tail

REPO = Path(__file__).resolve().parents[2]
TODO = str(Path(sys.executable).parent / "todo")
COMPONENTS = REPO / "deploy" / "dapr"
# One event signing key for every process a benchmark starts (the relay signs, the router and
# the functions verify), as tests/conftest.py sets one for the test session.
os.environ.setdefault("EVENT_SIGNING_KEY", "bench-event-signing-key-" + secrets.token_hex(16))


def repo_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with this checkout first on PYTHONPATH: the `todo` script imports the packages
    through the editable install, which may point at another checkout than the one measured."""
    path = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return {**env, "PYTHONPATH": path}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server() -> Iterator[str]:
    if os.environ.get("TEST_DATABASE_URL"):
        with server_url() as url:
            yield url
        return
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield (
            make_url(asyncpg_dsn(configured))
            .set(database="postgres")
            .render_as_string(hide_password=False)
        )
        return
    with server_url() as url:
        yield url


@contextmanager
def bench_database() -> Iterator[str]:
    """A fresh migrated database (see the module docstring); dropped on exit."""
    with (
        _server() as server,
        fresh_database(server, prefix="todo_bench", check_events=False) as url,
    ):
        yield url


@contextlib.asynccontextmanager
async def fresh_bench_database() -> AsyncIterator[str]:
    """`bench_database()` for async code: creation, migration and drop run in a thread (they
    start event loops of their own)."""
    stack = contextlib.ExitStack()
    url = await asyncio.to_thread(stack.enter_context, bench_database())
    try:
        yield url
    finally:
        await asyncio.to_thread(stack.close)


def database_origin() -> str:
    """Which server the benchmark databases live on, for the report."""
    if os.environ.get("TEST_DATABASE_URL"):
        return "TEST_DATABASE_URL server"
    if os.environ.get("DATABASE_URL"):
        return "DATABASE_URL server"
    return "embedded PostgreSQL"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summary(values_ms: list[float]) -> dict[str, Any]:
    """n, p50, p95, p99, max and mean of milliseconds, rounded to 0.1 ms."""
    ordered = sorted(values_ms)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "min_ms": round(ordered[0], 1),
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(sum(ordered) / len(ordered), 1),
    }


def machine() -> dict[str, Any]:
    """What ran the benchmark (load average at the start: other people share the machine)."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }


def write_json(path: Path | None, report: dict[str, Any]) -> None:
    """Write `report` to `path` (if given) as indented JSON."""
    if path is not None:
        path.write_text(json.dumps(report, indent=2, default=str) + "\n")


async def install_notify_trigger(url: str, table: str, channel: str, payload_sql: str) -> None:
    """NOTIFY `channel` with `payload_sql` (over NEW) after each insert into `table` commits."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute(
            f"""
            CREATE OR REPLACE FUNCTION bench_notify_{table}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{channel}', {payload_sql});
                RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS bench_notify_{table} ON {table};
            CREATE TRIGGER bench_notify_{table} AFTER INSERT ON {table}
                FOR EACH ROW EXECUTE FUNCTION bench_notify_{table}();
            """
        )
    finally:
        await conn.close()


async def scalar(url: str, sql: str, *args: Any) -> Any:
    """One value from a short-lived connection (for polling that must not share a pool)."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


class Poller:
    """One connection kept open for cheap polling queries."""

    def __init__(self, url: str) -> None:
        self._dsn = asyncpg_dsn(url)
        self._conn: asyncpg.Connection | None = None

    async def fetchval(self, sql: str, *args: Any) -> Any:
        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(self._dsn)
        return await self._conn.fetchval(sql, *args)

    async def wait_until(
        self, sql: str, target: int, *, timeout: float, interval: float = 0.1
    ) -> float:
        """Poll `sql` until it returns >= target; returns the monotonic time it was seen."""
        deadline = time.monotonic() + timeout
        while True:
            value = int(await self.fetchval(sql) or 0)
            if value >= target:
                return time.monotonic()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{sql!r} reached {value}, wanted {target}")
            await asyncio.sleep(interval)

    async def close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()


class NotifyListener:
    """`python -m tests.bench.procs listen`: one LISTEN in another process, stamped there."""

    def __init__(self, url: str, channel: str) -> None:
        self._dsn = asyncpg_dsn(url)
        self._channel = channel
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        #: payload -> (monotonic seconds, wall-clock seconds) of its first arrival
        self.received: dict[str, tuple[float, float]] = {}
        self.duplicates: dict[str, int] = {}
        self._arrived = asyncio.Event()

    async def start(self) -> None:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.bench.procs",
            "listen",
            self._dsn,
            self._channel,
            cwd=REPO,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self._proc.stdout is not None
        line = await asyncio.wait_for(self._proc.stdout.readline(), 30)
        if line.strip() != b"READY":
            raise RuntimeError(f"listener did not start: {line!r}")
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        while line := await self._proc.stdout.readline():
            payload, mono, wall = line.decode().rstrip("\n").rsplit("\t", 2)
            if payload in self.received:
                self.duplicates[payload] = self.duplicates.get(payload, 1) + 1
            else:
                self.received[payload] = (float(mono), float(wall))
            self._arrived.set()

    async def wait_for(self, payloads: set[str] | int, timeout: float) -> bool:
        """Wait until every payload in `payloads` (or that many payloads) arrived."""
        deadline = time.monotonic() + timeout

        def done() -> bool:
            if isinstance(payloads, int):
                return len(self.received) >= payloads
            return payloads <= self.received.keys()

        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), min(remaining, 1.0))
        return True

    async def stop(self) -> None:
        if self._proc is None:
            return
        await end_on_eof(self._proc, 10)
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 5)
        self._proc = None


async def end_on_eof(proc: asyncio.subprocess.Process, timeout: float) -> None:
    """End a child that exits when its stdin closes (tests.bench.procs); killed if it has not
    within `timeout` seconds."""
    if proc.stdin is not None:
        proc.stdin.close()
    try:
        await asyncio.wait_for(proc.wait(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()


@contextlib.asynccontextmanager
async def listening(url: str, channel: str) -> AsyncIterator[NotifyListener]:
    """A started `NotifyListener`, stopped on exit."""
    listener = NotifyListener(url, channel)
    await listener.start()
    try:
        yield listener
    finally:
        await listener.stop()


class Sidecar:
    """`python -m tests.bench.procs sidecar`: the Dapr stand-in in a process of its own."""

    def __init__(self, brokers: str, app_url: str | None, log_path: Path) -> None:
        self.brokers = brokers
        self.app_url = app_url
        self.log_path = log_path
        self.env: dict[str, str] = {}
        self._proc: asyncio.subprocess.Process | None = None

    async def start(self, timeout: float = 90.0) -> dict[str, str]:
        args = ["sidecar", "--brokers", self.brokers]
        if self.app_url:
            args += ["--app-url", self.app_url]
        with self.log_path.open("ab") as log:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.bench.procs",
                *args,
                cwd=REPO,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        assert self._proc.stdout is not None
        line = await asyncio.wait_for(self._proc.stdout.readline(), timeout)
        if not line.startswith(b"{"):
            raise RuntimeError(f"sidecar did not start (see {self.log_path}): {line!r}")
        self.env = json.loads(line)
        return self.env

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    async def stop(self) -> None:
        if self._proc is not None:
            await end_on_eof(self._proc, 40)
        self._proc = None


async def wait_ok(
    url: str,
    timeout: float = 60.0,
    *,
    before_each: Callable[[], None] | None = None,
    details: Callable[[], str] | None = None,
) -> None:
    """Wait until GET `url` answers 200; `before_each` may raise to stop waiting (a dead
    process)."""
    import httpx

    async with httpx.AsyncClient(timeout=2) as client:

        async def ok() -> bool:
            if before_each is not None:
                before_each()
            try:
                return (await client.get(url)).status_code == 200
            except httpx.TransportError:
                return False

        await eventually_async(ok, timeout, f"{url} answers 200", interval=0.1, details=details)


async def drained(url: str, timeout: float = 120.0) -> None:
    """Wait until the relay has sent every outbox row of the database at `url`."""

    async def empty() -> bool:
        return not await scalar(url, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")

    await eventually_async(empty, timeout, "the outbox drained", interval=0.1)


class Process:
    """A child process (`todo eventing`, `todo serve`) with its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.args = args
        self.env = repo_env(env)
        self.log_path = log_path
        self._proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self._proc = await asyncio.create_subprocess_exec(
                *self.args, env=self.env, cwd=REPO, stdout=log, stderr=log
            )

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    async def wait_http(self, url: str, timeout: float = 60.0) -> None:
        """Wait until GET `url` answers 200 (fails at once if the process died)."""

        def alive() -> None:
            if self._proc is not None and self._proc.returncode is not None:
                raise RuntimeError(f"{self.args[:2]} exited; see {self.log_path}")

        await wait_ok(url, timeout, before_each=alive, details=log_tail(self.log_path))

    async def stop(self) -> None:
        if self._proc is None or self._proc.returncode is not None:
            return
        self._proc.terminate()
        try:
            await asyncio.wait_for(self._proc.wait(), 30)
        except TimeoutError:
            self._proc.kill()
            await self._proc.wait()


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds a process has used so far (Linux /proc), or None."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def tree_cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds used so far by a process and its living descendants (`todo serve` runs its
    eventing in a child process; PostgreSQL's own processes are counted only when the database
    was started by it, i.e. embedded)."""
    if pid is None:
        return None
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    used = [cpu_seconds(member) for member in tree]
    return sum(value for value in used if value is not None) if used[0] is not None else None


async def settled(pid: int | None, *, timeout: float = 60.0) -> None:
    """Wait until an idle server (and its children) stops using CPU: a gateway's start-up
    imports the MCP server and the chat agent in a background thread (seconds of CPU on a busy
    machine), which would otherwise be counted in a measured window's CPU per request."""
    deadline = time.monotonic() + timeout
    before = tree_cpu_seconds(pid)
    while before is not None and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        after = tree_cpu_seconds(pid)
        if after is None or after - before < 0.02:  # under 4 % of a core
            return
        before = after
