"""`todo serve` as a user runs it: a real process, an embedded PostgreSQL, real HTTP.

No DATABASE_URL: the command starts PostgreSQL from the wheel in the data folder, must answer
on its port within 15 s (the README's promise), keep data across restarts, log JSON lines with
a request id, and stop the database when it is interrupted.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
# The README promises an answer within 15 s; that is measured (printed below, and in the
# benchmarks), not asserted: a loaded CI machine must not turn a slow start into a failure.
STARTUP_WAIT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def embedded_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "AUTH_JWKS_URL"}}
    return env


@contextmanager
def serving(data_dir: Path, log_path: Path) -> Iterator[tuple[str, float, subprocess.Popen[bytes]]]:
    """Start `todo serve`; yield its URL, the seconds until /readyz said ready, and the process."""
    port = free_port()
    started = time.monotonic()
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [str(BIN / "todo"), "serve", "--data-dir", str(data_dir), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=embedded_env(),
        )
    url = f"http://127.0.0.1:{port}"
    try:
        ready_after = None
        while time.monotonic() - started < STARTUP_WAIT_S:
            assert proc.poll() is None, log_path.read_text()
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    ready_after = time.monotonic() - started
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        assert ready_after is not None, (
            f"not ready within {STARTUP_WAIT_S}s\n{log_path.read_text()}"
        )
        yield url, ready_after, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def token(data_dir: Path, user: str) -> str:
    out = subprocess.run(
        [str(BIN / "todo"), "token", user, "--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
        env=embedded_env(),
    )
    return out.stdout.strip()


def test_serve_embedded_answers_keeps_data_and_stops_cleanly(tmp_path: Path) -> None:
    data_dir, log_path = tmp_path / "data", tmp_path / "serve.log"
    with serving(data_dir, log_path) as (url, ready_after, proc):
        print(f"todo serve ready after {ready_after:.2f}s")
        headers = {"Authorization": f"Bearer {token(data_dir, 'erin')}"}
        created = httpx.post(
            f"{url}/api/tasks", json={"title": "survive a restart"}, headers=headers
        )
        assert created.status_code == 201
        assert httpx.get(f"{url}/docs").status_code == 200
    assert proc.returncode == 0, log_path.read_text()
    # The embedded server stopped with us: no postmaster is left holding the data folder.
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()

    with serving(data_dir, log_path) as (url, _, _):
        headers = {"Authorization": f"Bearer {token(data_dir, 'erin')}"}
        titles = [
            t["title"] for t in httpx.get(f"{url}/api/tasks", headers=headers).json()["items"]
        ]
        assert titles == ["survive a restart"]
        httpx.get(f"{url}/healthz", headers={"X-Request-ID": "e2e-trace-1"})

    records = [
        json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")
    ]
    assert any(
        r.get("request_id") == "e2e-trace-1" and r.get("path") == "/healthz" for r in records
    )


def test_token_refuses_a_bad_user_name(tmp_path: Path) -> None:
    out = subprocess.run(
        [str(BIN / "todo"), "token", "no spaces allowed", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=embedded_env(),
    )
    assert out.returncode == 2
    assert "invalid user name" in out.stderr
