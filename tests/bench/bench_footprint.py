"""Cold start of each function and peak memory of each process. Script, not a test:

    .venv/bin/python -m tests.bench.bench_footprint [--events 300] [--json out.json]

Cold start: from spawning `functions-framework --asgi` for a function to its first 200 for a
real CloudEvent (so the database connection is part of it), what Knative's activator waits
for when a function scales from zero. Peak memory: VmHWM (peak resident set) from
/proc/<pid>/status after each process has handled `--events` events, and of `todo gateway` and
`todo eventing` after a burst of task writes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from core.cloudevents import structured_http
from core.events import NotificationCreated, NotificationOut, ReminderDue, TaskChanged, TaskCreated
from eventing.targets import function_source
from gateway.auth import LocalSigningKey
from tests.bench.common import TODO, drained, free_port, fresh_bench_database, wait_ok
from tests.support.cloud_events import cloud_event
from tests.support.tasks import snapshot
from tests.support.waits import NotInTime, eventually

FF = str(Path(sys.executable).parent / "functions-framework")
# The checkout this file is in: functions-framework (a script in the venv's bin) would import
# the packages the venv's editable install points at, perhaps another checkout's.
ROOT = Path(__file__).resolve().parents[2]


def peak_rss_mib(pid: int) -> float:
    """VmHWM of a live process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _event(name: str) -> Any:
    owner = f"footprint-{uuid.uuid4().hex[:6]}"
    task = snapshot(owner)
    if name in ("audit", "recur"):
        return cloud_event(TaskCreated(task=task, actor="user"))
    if name == "notify":
        return cloud_event(
            ReminderDue(task_id=task.id, owner=owner, title="t", reminder={"before": "PT5M"},
                        fire_at="2031-01-01T08:55:00+00:00", due=None, reminder_version=1)
        )  # fmt: skip
    if name == "push":
        return cloud_event(TaskChanged(op="upsert", task=task))
    note = NotificationOut(id=uuid.uuid4(), task_id=None, title="t", body="b", late=False,
                           fire_at="2031-01-01T08:55:00+00:00", read=False,
                           created_at="2031-01-01T08:55:00+00:00")  # fmt: skip
    return cloud_event(NotificationCreated(owner=owner, notification=note))


def _post(url: str, name: str) -> int | None:
    headers, body = structured_http(_event(name))
    try:
        return httpx.post(url, content=body, headers=headers, timeout=5).status_code
    except httpx.TransportError:
        return None


def function_footprint(database_url: str, name: str, events: int) -> dict[str, Any]:
    """Cold start (ms) and peak RSS (MiB) of one function process."""
    port = free_port()
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "PYTHONPATH": path}
    started = time.monotonic()
    proc = subprocess.Popen(
        [FF, "--target", "handle", "--source", str(function_source(name)), "--asgi",
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:

        def answers() -> bool:
            if proc.poll() is not None:
                raise NotInTime(f"{name} exited with {proc.returncode} before answering")
            return _post(url, name) == 200

        try:  # polled every 10 ms: the cold start is measured to the first 200
            eventually(answers, 60, f"{name} answers 200", interval=0.01)
        except NotInTime as exc:
            return {"error": str(exc)}
        cold_ms = (time.monotonic() - started) * 1000
        for _ in range(events):
            _post(url, name)
        return {"cold_start_ms": cold_ms, "peak_rss_mib": peak_rss_mib(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


async def service_footprint(database_url: str, writes: int) -> dict[str, Any]:
    """Peak RSS of `todo gateway` and `todo eventing` (local transport) after `writes` tasks."""
    data = Path(tempfile.mkdtemp(prefix="bench-footprint-"))
    token = LocalSigningKey.load_or_create(data).issue_token("footprint")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data),
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT_WRITES": "off",  # one user writes every task, as fast as it can
        "MAX_TASKS": "100000000",
    }
    gateway = subprocess.Popen(  # noqa: ASYNC220
        [TODO, "gateway", "--port", str(port)], env={**env, "EVENT_TRANSPORT": "dapr"}
    )
    eventing = subprocess.Popen(  # noqa: ASYNC220
        [TODO, "eventing", "--port", str(free_port())], env={**env, "EVENT_TRANSPORT": "local"}
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as http:
            await wait_ok(f"{base}/readyz", 30)
            for i in range(writes):
                await http.post("/api/tasks", json={"title": f"footprint {i}", "tags": ["x"]})
            await drained(database_url)  # eventing has applied every write
        return {
            "gateway_peak_rss_mib": peak_rss_mib(gateway.pid),
            "eventing_peak_rss_mib": peak_rss_mib(eventing.pid),
        }
    finally:
        for proc in (gateway, eventing):
            proc.terminate()
            proc.wait(timeout=30)


async def run(events: int = 300) -> dict[str, Any]:
    """Cold start and peak memory of every deployable."""
    async with fresh_bench_database() as url:
        functions = {}
        for name in ("recur", "notify", "audit", "push"):
            functions[name] = await asyncio.to_thread(function_footprint, url, name, events)
        services = await service_footprint(url, events)
    return {"functions": functions, **services}


def format_table(result: dict[str, Any]) -> str:
    """The figures as a table."""
    lines = ["process            cold start   peak RSS"]
    for name, figures in result["functions"].items():
        if "error" in figures:
            lines.append(f"  {name:<16} {figures['error']}")
            continue
        lines.append(
            f"  {name:<16} {figures['cold_start_ms']:7.0f} ms   {figures['peak_rss_mib']:5.0f} MiB"
        )
    lines.append(f"  {'todo gateway':<16} {'':>10}   {result['gateway_peak_rss_mib']:5.0f} MiB")
    lines.append(f"  {'todo eventing':<16} {'':>10}   {result['eventing_peak_rss_mib']:5.0f} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.events))
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
