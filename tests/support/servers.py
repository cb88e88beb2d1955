"""Servers for the tests: an ASGI app in a thread, and the project's commands as processes.

A process is ready when its own readiness signal says so (`/readyz` answering 200, or its port
answering HTTP), never after a fixed pause; a process that exits while awaited fails the wait at
once with its log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from tests.support.waits import eventually, http_answers, http_ok, log_tail

ROOT = Path(__file__).resolve().parents[2]
DAPR_COMPONENTS = ROOT / "deploy" / "dapr"  # the cluster's Dapr components, as shipped
BIN = Path(sys.executable).parent
TODO = str(BIN / "todo")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(
    app: ASGIApp, *, port: int = 0, timeout: float = 20.0, **options: Any
) -> Iterator[str]:
    """Yield the base URL of `app` served on `port` (0: an ephemeral one); stop it on exit.

    `options` go to uvicorn.Config (e.g. gateway.cli.server_limits(settings), ssl_keyfile)."""
    options = {"log_config": None, "access_log": False, "lifespan": "on", **options}
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="test-uvicorn", daemon=True)
    thread.start()

    def started() -> bool:
        if not thread.is_alive():
            raise RuntimeError("test server stopped before it started")
        return bool(server.started)

    eventually(started, timeout, "test server started", interval=0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def embedded_env(**extra: str) -> dict[str, str]:
    """This process's environment without a database or identity provider: `todo serve` then
    starts its embedded PostgreSQL and signs its own tokens."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "AUTH_JWKS_URL"}}
    return env | extra


def alive(proc: subprocess.Popen[bytes], log: Path | None = None) -> None:
    """Fail at once (not at the deadline) when the awaited process has exited."""
    if proc.poll() is not None:
        tail = log_tail(log)() if log is not None else ""
        raise RuntimeError(f"exited with {proc.returncode}\n{tail}")


def wait_http_ready(
    url: str,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    *,
    timeout: float = 60.0,
    any_answer: bool = False,
) -> float:
    """Wait until `url` answers 200 (any status with `any_answer`); the seconds it took.

    With `proc` and `log`, the process's exit ends the wait at once, and the log tail is in the
    failure."""
    started = time.monotonic()
    probe = http_answers if any_answer else http_ok

    def ready() -> bool:
        if proc is not None:
            alive(proc, log)
        return probe(url)

    details = log_tail(log) if log is not None else None
    eventually(ready, timeout, f"{url} ready", interval=0.1, details=details)
    return time.monotonic() - started


def stop(proc: subprocess.Popen[bytes], *, grace: float = 20.0) -> None:
    """SIGINT (a clean shutdown, as Ctrl-C), then SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def process(
    argv: Sequence[str],
    log_path: Path,
    env: Mapping[str, str] | None = None,
    *,
    cwd: Path | None = None,
    grace: float = 20.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `argv` with stdout and stderr appended to `log_path`; stop it on exit (`stop`)."""
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            list(argv), stdout=log, stderr=subprocess.STDOUT, env=dict(env or os.environ), cwd=cwd
        )
    try:
        yield proc
    finally:
        stop(proc, grace=grace)


@contextmanager
def serving(
    data_dir: Path,
    log_path: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> Iterator[tuple[str, float, subprocess.Popen[bytes]]]:
    """Start `todo serve`; yield its URL, the seconds until /readyz said ready, and the process.

    The README promises an answer within 15 s; that is measured (the seconds yielded, and the
    benchmarks), not asserted: a loaded CI machine must not turn a slow start into a failure."""
    port = free_port()
    argv = [TODO, "serve", "--data-dir", str(data_dir), "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with process(argv, log_path, env if env is not None else embedded_env()) as proc:
        ready_after = wait_http_ready(f"{url}/readyz", proc, log_path, timeout=timeout)
        yield url, ready_after, proc


def token(data_dir: Path, user: str) -> str:
    """A bearer token for `user`, issued by `todo token` with the data folder's local key."""
    out = subprocess.run(
        [TODO, "token", user, "--data-dir", str(data_dir)],
        check=True, capture_output=True, text=True, env=embedded_env(),
    )  # fmt: skip
    return out.stdout.strip()


class Restartable:
    """A process that a test kills and starts again (SIGKILL, as a crash); `stop` ends it with
    SIGTERM (a pod's shutdown), then SIGKILL after 30 s."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], log_path: Path) -> None:
        self.argv, self.env, self.log_path = list(argv), dict(env), log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it (again), appending to its log."""
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(
                self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        """SIGKILL: no clean-up, as a crash or an OOM kill."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 s."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
