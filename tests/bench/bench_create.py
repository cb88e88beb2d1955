"""Task-create throughput through the API, beside pgbench running the same transaction.

The API's transaction for `POST /api/tasks` writes the task row, its two outbox rows
(task-events and task-updates) and a NOTIFY. pgbench runs exactly that SQL with the same number
of concurrent clients for the same time on the same database; the ratio says what HTTP, auth,
validation, the ORM and the event envelope cost on top of the database's own work. Both write
the same schema, so pgbench pays the same triggers, among them 0018's per-owner task count,
whose row lock puts one owner's commits (all of pgbench's and all of the API's here) one after
the other; pgbench sends the API's single statement, so that lock lasts only the commit for
both.

The gateway runs as its own process (`todo gateway`, no relay: EVENT_TRANSPORT=dapr) so the load
generator does not share its interpreter; the generator is tests.bench.loadgen's lean client, so
that, like pgbench's native one, it leaves the cores to the server. Script, not a test:

    .venv/bin/python -m tests.bench.bench_create [--seconds 15] [--clients 16] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

from core.store.db import asyncpg_dsn, make_engine
from gateway.auth import LocalSigningKey
from tests.bench.common import (
    REPO,
    TODO,
    cpu_seconds,
    free_port,
    fresh_bench_database,
    settled,
    wait_ok,
)
from tests.bench.loadgen import post_load

_PAYLOAD = json.dumps({"task": {"title": "benchmark task", "description": "x" * 400}})
# What the API sends for a create without reminders (core.services + UnitOfWork.commit): one
# statement writing the task and its two outbox rows with the NOTIFY, committing on its own
# (autocommit: no BEGIN, no COMMIT round trip), so the count trigger's row lock lasts only the
# commit for pgbench too.
PGBENCH_SCRIPT = f"""
\\set p random(0, 4)
WITH task AS (INSERT INTO tasks (id, owner, title, description, priority, tags, timezone,
  reminders, completed, skipped, occurrence_index, reminder_version, series_base_index,
  created_at, updated_at) VALUES (gen_random_uuid(), 'pgbench', 'benchmark task', '', :p, '{{}}',
  'UTC', '[]', false, false, 0, 0, 0, now(), now()) RETURNING id),
written AS (INSERT INTO outbox (event_id, topic, type, source, subject, partition_key, time,
  dataschema, data, task_id, attempts) SELECT gen_random_uuid(), e.topic, e.type, '/pgbench',
  task.id::text, 'pgbench', now(), 'urn:pgbench', '{_PAYLOAD}'::jsonb, task.id, 0
  FROM task, (VALUES ('task-events', 'todo.task.created'), ('task-updates', 'todo.update.task'))
  AS e(topic, type))
SELECT pg_notify('todo_outbox', '');
"""


async def _api_load(port: int, token: str, clients: int, seconds: float) -> dict[str, Any]:
    load = await post_load(
        port,
        "/api/tasks",
        token,
        lambda client, n: {"title": f"bench {client}-{n}", "priority": "high", "tags": ["bench"]},
        clients=clients,
        seconds=seconds,
    )
    return {
        "requests": load.requests,
        "errors": load.requests - load.count(lambda status: status == 201),
        "first_error": load.first_error,
        "per_s": load.requests / load.elapsed_s,
        "p50_ms": load.percentile(0.5),
        "p99_ms": load.percentile(0.99),
    }


def _pgbench(url: str, clients: int, seconds: float) -> dict[str, Any]:
    binary = shutil.which("pgbench")
    if binary is None:
        return {"error": "pgbench not installed (apt-get install postgresql-client)"}
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT)
    try:
        out = subprocess.run(
            [binary, "-n", "-c", str(clients), "-j", "2", "-T", str(int(seconds)),
             "-f", script.name, asyncpg_dsn(url)],
            capture_output=True, text=True, timeout=seconds + 120, check=False,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    if not match:
        return {"error": (out.stderr or out.stdout)[-500:]}
    return {"per_s": float(match.group(1)), "avg_ms": float(latency.group(1)) if latency else None}


async def _cleanup(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    async with engine.begin() as conn:  # pgbench's rows are not valid events; drop them
        await conn.execute(text("DELETE FROM outbox WHERE source = '/pgbench'"))
        await conn.execute(text("DELETE FROM tasks WHERE owner = 'pgbench'"))
    await engine.dispose()


async def run(seconds: float = 15.0, clients: int = 16) -> dict[str, Any]:
    """API create throughput, pgbench's on the same transaction, and their ratio."""
    async with fresh_bench_database() as url:
        data = Path(tempfile.mkdtemp(prefix="bench-create-"))
        token = LocalSigningKey.load_or_create(data).issue_token("bench-create")
        port = free_port()
        env = {
            **os.environ, "DATABASE_URL": url, "DATA_DIR": str(data), "PORT": str(port),
            "EVENT_TRANSPORT": "dapr", "LOG_LEVEL": "WARNING", "DB_POOL_SIZE": str(clients),
            # one user writing as fast as the server can: no rate limit, no task quota
            "RATE_LIMIT_WRITES": "off", "MAX_TASKS": "100000000",
            # time this checkout's code, not whatever the venv's `todo` was installed from
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }  # fmt: skip
        gateway = subprocess.Popen([TODO, "gateway"], env=env)  # noqa: ASYNC220
        base = f"http://127.0.0.1:{port}"
        try:
            await wait_ok(f"{base}/readyz", 30)
            await settled(gateway.pid)
            await _api_load(port, token, clients, 2.0)  # warm-up
            cpu_before = cpu_seconds(gateway.pid)
            api = await _api_load(port, token, clients, seconds)
            if cpu_before is not None and (cpu_after := cpu_seconds(gateway.pid)) is not None:
                # the gateway's own CPU per create: what other work on the machine changes least
                api["gateway_cpu_ms"] = (cpu_after - cpu_before) * 1000 / max(1, api["requests"])
        finally:
            gateway.terminate()
            gateway.wait(timeout=30)
        sql = await asyncio.to_thread(_pgbench, url, clients, seconds)
        await _cleanup(url)
    ratio = api["per_s"] / sql["per_s"] if "per_s" in sql else None
    return {"clients": clients, "seconds": seconds, "api": api, "pgbench": sql, "ratio": ratio}


def format_table(result: dict[str, Any]) -> str:
    """The figures as a small table."""
    api, sql = result["api"], result["pgbench"]
    lines = [
        f"task create, {result['clients']} clients, {result['seconds']:.0f} s",
        f"  API  POST /api/tasks : {api['per_s']:8.0f} /s  p50 {api['p50_ms']:.1f} ms"
        f"  p99 {api['p99_ms']:.1f} ms  errors {api['errors']}",
    ]
    if "gateway_cpu_ms" in api:
        lines.append(f"  gateway CPU per create: {api['gateway_cpu_ms']:.2f} ms")
    if "per_s" in sql:
        lines.append(f"  pgbench same tx     : {sql['per_s']:8.0f} /s  avg {sql['avg_ms']:.1f} ms")
        lines.append(f"  API / pgbench       : {result['ratio']:.2f}")
    else:
        lines.append(f"  pgbench: {sql['error']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.seconds, args.clients))
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
