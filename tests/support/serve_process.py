"""`todo serve` with its eventing in a child process, as the process tests run it.

`serving` starts this checkout's `todo serve` on a database of the test's choosing; `Serve`
finds its eventing child in /proc and drives it over real HTTP.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.servers import free_port, process, wait_http_ready
from tests.support.waits import eventually, log_tail

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 60.0  # generous: a loaded CI machine is slow, and nothing here times anything


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state first), or None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def proc_alive(pid: int) -> bool:
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


class Serve:
    """A `todo serve` process of this checkout, and what a test needs to talk to it."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path, data: Path) -> None:
        self.proc, self.url, self.log, self.data = proc, url, log, data

    def token(self, user: str) -> str:
        from gateway.auth import LocalSigningKey

        return LocalSigningKey.load_or_create(self.data).issue_token(user)

    def child(self) -> int:
        """The eventing child's pid, once there is exactly one."""

        def one_child() -> list[int]:
            children = eventing_children(self.proc.pid)
            return children if len(children) == 1 else []

        [child] = eventually(one_child, WAIT_S, "one eventing child", details=log_tail(self.log))
        return child

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

        details = log_tail(log) if log else None
        eventually(recorded, WAIT_S, f"the activity entry of {title!r}", details=details)


@contextmanager
def serving(
    tmp_path: Path, database_url: str, environ: Mapping[str, str | None] | None = None
) -> Iterator[Serve]:
    """Start `todo serve` on `database_url`; stop it (SIGINT, then SIGKILL) afterwards.

    `environ`: more variables for it (None: remove that one)."""
    port = free_port()
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
    argv = [sys.executable, "-m", "gateway.cli", "serve", "--data-dir", str(tmp_path),
            "--port", str(port)]  # fmt: skip
    children: list[int] = []
    try:
        with process(argv, log, env, cwd=ROOT, grace=WAIT_S) as proc:
            server = Serve(proc, f"http://127.0.0.1:{port}", log, tmp_path)
            try:
                wait_http_ready(f"{server.url}/readyz", proc, log, timeout=WAIT_S)
                yield server
            finally:
                children = eventing_children(proc.pid)
    finally:
        # The gateway has stopped (process() stops it): any child it left behind goes too.
        for pid in children:
            if proc_alive(pid):
                os.kill(pid, signal.SIGKILL)
