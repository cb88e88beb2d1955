"""`todo serve` with its eventing in a child process (EMBEDDED_EVENTING=process, the default).

A real `todo serve` on a database of its own (no other relay may apply its events), real HTTP:
events are applied by the child; a child that is killed is started again and events are still
applied; SIGTERM stops both processes, the child after finishing its batch; and a parent killed
with SIGKILL leaves no child behind (the child sees its stdin close).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.databases import fresh_database

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 60.0  # generous: a loaded CI machine is slow, and nothing here times anything

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state first), or None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    """Running (a zombie has exited: only its parent has not collected it yet)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def eventing_children(parent: int) -> list[int]:
    """Live `eventing.child` processes whose parent is `parent`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is None or int(fields[1]) != parent or fields[0] == "Z":
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"eventing.child" in command:
            found.append(int(entry.name))
    return found


def wait_for(what: str, check: Callable[[], object], log: Path | None = None) -> object:
    """`check()`'s first truthy result within WAIT_S, else fail naming `what`."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-4000:] if log else ""
    pytest.fail(f"{what} within {WAIT_S} s\n{tail}")


def ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


class Serve:
    """A `todo serve` process of this checkout, and what a test needs to talk to it."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path, data: Path) -> None:
        self.proc, self.url, self.log, self.data = proc, url, log, data

    def token(self, user: str) -> str:
        from gateway.auth import LocalSigningKey

        return LocalSigningKey.load_or_create(self.data).issue_token(user)

    def child(self) -> int:
        """The eventing child's pid, once there is exactly one."""
        found = wait_for(
            "one eventing child", lambda: (lambda c: c if len(c) == 1 else None)(
                eventing_children(self.proc.pid)
            ), self.log,
        )  # fmt: skip
        assert isinstance(found, list)
        return int(found[0])

    def create_and_see_its_activity(self, user: str, title: str) -> None:
        """POST a task; wait until audit (in the child) recorded its creation."""
        create_and_see_its_activity(self.url, self.token(user), title, self.log)


def create_and_see_its_activity(url: str, token: str, title: str, log: Path | None) -> None:
    """POST a task as `token`'s user; wait until audit recorded its creation."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as http:
        created = http.post("/api/tasks", json={"title": title})
        assert created.status_code == 201, created.text
        task_id = created.json()["id"]

        def recorded() -> bool:
            items = http.get("/api/activity").json()["items"]
            return any(i["task_id"] == task_id and i["type"] == "todo.task.created" for i in items)

        wait_for(f"the activity entry of {title!r}", recorded, log)


@contextmanager
def serving(
    tmp_path: Path, database_url: str, environ: Mapping[str, str | None] | None = None
) -> Iterator[Serve]:
    """Start `todo serve` on `database_url`; stop it (SIGINT, then SIGKILL) afterwards.

    `environ`: more variables for it (None: remove that one)."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env: dict[str, str] = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EVENT_TRANSPORT": "local",
        "LOG_FORMAT": "text",
    }
    env.pop("EMBEDDED_EVENTING", None)  # the default of `todo serve`: process
    for name, value in (environ or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "serve", "--data-dir", str(tmp_path),
             "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Serve(proc, f"http://127.0.0.1:{port}", log, tmp_path)
    try:
        wait_for("/readyz 200", lambda: proc.poll() is None and ready(server.url), log)
        yield server
    finally:
        children = eventing_children(proc.pid)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=WAIT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def own_database(pg_server: str) -> Iterator[str]:
    with fresh_database(pg_server) as url:
        yield url


def test_the_child_applies_events_and_is_restarted_when_killed(
    tmp_path: Path, own_database: str
) -> None:
    with serving(tmp_path, own_database) as server:
        first = server.child()
        server.create_and_see_its_activity("ada", "applied by the child")
        # The router's counters live in the child; the gateway's /metrics shows them.
        metrics = httpx.get(f"{server.url}/metrics").text
        assert 'todo_router_deliveries_total{function="audit",result="applied"}' in metrics
        assert metrics.count("# TYPE process_cpu_seconds_total") == 1  # the gateway's only

        os.kill(first, signal.SIGKILL)
        wait_for("the child gone", lambda: not _alive(first), server.log)
        second = server.child()
        assert second != first
        assert "eventing process exited; starting it again" in server.log.read_text()
        wait_for("/readyz 200 again", lambda: ready(server.url), server.log)
        server.create_and_see_its_activity("ada", "applied by the restarted child")


def test_sigterm_stops_the_gateway_and_its_child(tmp_path: Path, own_database: str) -> None:
    with serving(tmp_path, own_database) as server:
        child = server.child()
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=WAIT_S) == 0, server.log.read_text()
        assert not _alive(child)
        # It stopped on its own (finishing its batch), not killed after the grace period.
        text = server.log.read_text()
        assert "eventing process stopping" in text
        assert "killing it" not in text


def test_a_parent_killed_with_sigkill_leaves_no_child(tmp_path: Path, own_database: str) -> None:
    with serving(tmp_path, own_database) as server:
        child = server.child()
        server.proc.kill()
        server.proc.wait()
        wait_for("the orphaned child to exit", lambda: not _alive(child), server.log)


def test_an_app_built_with_process_starts_and_stops_its_own_child(
    tmp_path: Path, own_database: str
) -> None:
    from gateway.app import create_app
    from gateway.auth import LocalSigningKey
    from gateway.settings import Settings
    from tests.support.servers import serve_in_thread

    settings = Settings(
        data_dir=tmp_path,
        database_url=own_database,
        event_transport="local",
        embedded_eventing="process",
    )
    app = create_app(settings, own_database)
    with serve_in_thread(app) as url:
        wait_for("/readyz 200", lambda: ready(url))
        child = app.state.eventing_process.pid
        assert eventing_children(os.getpid()) == [child]
        token = LocalSigningKey.load_or_create(tmp_path).issue_token("grace")
        create_and_see_its_activity(url, token, "applied by the app's own child", None)
    assert not _alive(child)
