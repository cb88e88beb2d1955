"""The eventing process beside the gateway: started, watched and restarted by `todo serve`.

`EMBEDDED_EVENTING=process` (the default of `todo serve`) runs the relay, the router and the
four functions in `python -m eventing.child` (see its docstring for the pipe protocol), so
requests and events no longer share one interpreter lock on one core.

- `spawn()` starts the interpreter at once: its imports overlap PostgreSQL's start and the
  migrations; `start(config)` sends it the database URL and keys and watches it from a thread.
- A child that exits while the gateway runs is logged and started again after a backoff
  (0.5 s, doubling to 30 s; back to 0.5 s once a child ran for a minute). Events wait in the
  outbox meanwhile: none is lost, and `/readyz` answers 503 until the new child is ready.
- `stop()` closes the child's stdin (its order to stop: it finishes the batch in hand) and
  waits; a child that does not stop within the grace period is killed.
- The child exposes its metrics on a loopback port; `ChildMetrics` adds its own families (the
  relay's and router's counters) to the gateway's /metrics, so one scrape sees both.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from eventing.child import ChildConfig

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

log = logging.getLogger("gateway.eventing_process")

FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0
STEADY_AFTER_S = 60.0  # a child that ran this long crashed afresh: restart quickly again
STOP_GRACE_S = 40.0  # EmbeddedEventing.stop waits up to 30 s for a batch in flight
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


class EventingProcess:
    """One `eventing.child` at a time, restarted with backoff until `stop()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._config: ChildConfig | None = None
        self._watcher: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self.metrics_port: int | None = None
        self.starts = 0  # children started so far (1 + restarts)

    @property
    def pid(self) -> int | None:
        """The running child's pid (None between a crash and its restart)."""
        proc = self._proc
        return proc.pid if proc is not None else None

    def spawn(self) -> None:
        """Start the child interpreter now, so its imports run while the parent starts up."""
        with self._lock:
            if self._proc is None and not self._stopping.is_set():
                self._proc = self._popen()

    def start(self, config: ChildConfig) -> None:
        """Configure the child (spawning it if `spawn` was not called) and watch it; once."""
        if self._watcher is not None:
            return
        self._config = config
        self._watcher = threading.Thread(target=self._watch, name="eventing-watch", daemon=True)
        self._watcher.start()

    def problem(self) -> str | None:
        """Why events are not being applied right now; None when the child is ready."""
        if self._ready.is_set():
            return None
        if self._stopping.is_set():
            return "eventing process stopping"
        if self.starts > 1:
            return "eventing process restarting (events wait in the outbox)"
        return "eventing process starting"

    def wait_ready(self, timeout: float) -> bool:
        """Block until the child is ready (True) or `timeout` seconds passed (False)."""
        return self._ready.wait(timeout)

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        """Ask the child to stop, wait for it (killing it after `grace` s), end the watcher."""
        with self._lock:
            self._stopping.set()
            proc = self._proc
        if proc is not None:
            _close(proc.stdin)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                log.error(
                    "eventing process did not stop in time; killing it", extra={"pid": proc.pid}
                )
                proc.kill()
                proc.wait()
        if self._watcher is not None:
            self._watcher.join()
        elif proc is not None:  # spawned, never started: nobody else reads its stdout
            _close(proc.stdout)
        self._ready.clear()

    def _popen(self) -> subprocess.Popen[bytes]:
        # The same interpreter and the same code as this process: this checkout's root first on
        # the path, and -P keeps the working directory off it (a folder named `eventing` there
        # must not be imported instead).
        path = os.pathsep.join(p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p)
        self.starts += 1
        return subprocess.Popen(
            [sys.executable, "-P", "-m", "eventing.child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )

    def _watch(self) -> None:
        delay = FIRST_DELAY_S
        while True:
            with self._lock:
                if self._stopping.is_set():
                    return
                if self._proc is None:
                    self._proc = self._popen()
                proc = self._proc
            started = time.monotonic()
            self._configure(proc)
            self._wait_until_ready(proc)
            code = proc.wait()
            self._ready.clear()
            with self._lock:
                self._proc = None
                _close(proc.stdin)
                _close(proc.stdout)
                if self._stopping.is_set():
                    return
            if time.monotonic() - started > STEADY_AFTER_S:
                delay = FIRST_DELAY_S
            log.error(
                "eventing process exited; starting it again",
                extra={"pid": proc.pid, "exit_code": code, "restart_in_s": delay},
            )
            if self._stopping.wait(delay):
                return
            delay = min(delay * 2, MAX_DELAY_S)

    def _configure(self, proc: subprocess.Popen[bytes]) -> None:
        assert self._config is not None and proc.stdin is not None
        try:
            proc.stdin.write(self._config.to_line())
            proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # it died (or is being stopped) already: proc.wait() tells

    def _wait_until_ready(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        try:
            line = proc.stdout.readline()
            ready = json.loads(line) if line else {}
        except (OSError, ValueError):
            return
        if ready.get("ready"):
            self.metrics_port = ready.get("metrics_port")
            self._ready.set()
            log.info("eventing process ready", extra={"pid": proc.pid})


def _close(pipe: IO[bytes] | None) -> None:
    if pipe is not None:
        try:
            pipe.close()
        except OSError:
            pass


class ChildMetrics:
    """A Prometheus collector: the child's own metric families, read from its loopback port.

    Only the families this process lacks (the relay's, router's and parking's) are added, so
    the exposition never names a family twice (both processes have `process_*` and `python_*`).
    The read is a blocking loopback GET (about a millisecond, 1 s at most) because collectors
    are synchronous; it happens only when /metrics is scraped.
    """

    def __init__(self, process: EventingProcess, registry: CollectorRegistry) -> None:
        self._process = process
        self._registry = registry

    def describe(self) -> list[object]:
        """Nothing fixed: the registry must not scrape the child when this is registered."""
        return []

    def collect(self) -> Iterator[object]:
        """The child's families, or none while it is down."""
        import urllib.request

        from prometheus_client.parser import text_string_to_metric_families

        port = self._process.metrics_port
        if port is None or self._process.problem() is not None:
            return
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1) as answer:
                body = answer.read().decode()
        except OSError:
            return
        # The names this process's own collectors registered (read when scraped: a module
        # with metrics may be imported after start-up). prometheus_client has no public way
        # to list them; this mapping has been its registry's index since 0.4.
        own = set(self._registry._names_to_collectors)
        for family in text_string_to_metric_families(body):
            if family.name not in own:
                yield family
