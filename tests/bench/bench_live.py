"""Live-update latency: REST writes -> push -> every connected client of that user.

A script, not a test: it prints figures and asserts nothing about them.

    python -m tests.bench.bench_live [--clients 100] [--writers 10] [--transport ws|sse]
        [--rate 10] [--seconds 30] [--write patch|create] [--json out.json]

The real gateway runs as its own process (`todo serve`, EVENT_TRANSPORT=local: relay, router
and functions inside it, as the embedded system runs) on a fresh migrated database (see
tests.bench.common) and a free port, so the clients and writers of this process never share an
interpreter with it. `--writers` users each own one task; `--clients` clients connect, client
i as user i mod writers, over WebSocket (`/ws?access_token=`, the `websockets` package) or SSE
(`GET /api/updates?access_token=`, httpx streaming). Once all are connected, the writers PATCH
their task's title through the REST API (httpx) for about `--seconds`, `--rate` writes per second
in all: each writer every writers/rate seconds, their starts staggered. (The rate is a total so
that 100 writers offer the load 10 do; the gateway is one Python process on a small machine.)
With `--write create` they POST a new task each time instead (issue #15's "create -> live
update" figure).

Latency of one delivery = the moment a client received the update minus the moment the
write that caused it returned to its writer (both `time.monotonic()` in this process); also
reported from the moment the write was sent (the whole path a user sees: request, commit,
relay, push, stream). Every
client must receive every update of its own user and nothing of another user's (titles
name their user); the report counts the missing and the foreign ones.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.bench.common import (
    TODO,
    Process,
    cpu_seconds,
    database_origin,
    drained,
    free_port,
    fresh_bench_database,
    machine,
    scalar,
    summary,
    write_json,
)
from tests.bench.loadgen import Connection
from tests.support.waits import NotInTime, eventually_async

log = logging.getLogger("bench_live")
CONNECT_CONCURRENCY = 50


@dataclass
class Client:
    index: int
    user: str
    token: str
    received: list[tuple[str, float]] = field(default_factory=list)  # (title, monotonic)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    error: str | None = None


def _title(user: str, n: int) -> str:
    return f"live {user} #{n}"


async def _ws_client(base: str, client: Client, stop: asyncio.Event) -> None:
    from websockets.asyncio.client import connect

    url = base.replace("http://", "ws://") + f"/ws?access_token={client.token}"
    async with connect(url, compression=None, open_timeout=60, max_queue=None) as socket:
        client.connected.set()
        reader = asyncio.ensure_future(_ws_read(socket, client))
        await stop.wait()
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await reader


async def _ws_read(socket: Any, client: Client) -> None:
    async for message in socket:
        now = time.monotonic()
        data = json.loads(message)
        if data.get("kind") == "task":
            client.received.append((data["task"]["title"], now))


async def _sse_client(http: httpx.AsyncClient, client: Client, stop: asyncio.Event) -> None:
    async with http.stream(
        "GET", "/api/updates", params={"access_token": client.token}, timeout=None
    ) as response:
        response.raise_for_status()
        client.connected.set()
        reader = asyncio.ensure_future(_sse_read(response, client))
        try:
            await stop.wait()
        finally:  # also when cancelled: the reader must not outlive the gateway unawaited
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader


async def _sse_read(response: httpx.Response, client: Client) -> None:
    kind = None
    async for line in response.aiter_lines():
        if line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            now = time.monotonic()
            if kind == "task":
                data = json.loads(line[5:])
                client.received.append((data["task"]["title"], now))
        elif not line:
            kind = None


async def _run_client(
    transport: str,
    base: str,
    http: httpx.AsyncClient,
    client: Client,
    stop: asyncio.Event,
    gate: asyncio.Semaphore,
) -> None:
    try:
        async with gate:  # connect a few at a time; the connection then stays open
            connecting = asyncio.ensure_future(
                _ws_client(base, client, stop)
                if transport == "ws"
                else _sse_client(http, client, stop)
            )
            waiter = asyncio.ensure_future(client.connected.wait())
            await asyncio.wait({connecting, waiter}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        await connecting
    except Exception as exc:
        client.error = f"{type(exc).__name__}: {exc}"
        client.connected.set()


async def _transactions(url: str) -> int:
    """Transactions committed or rolled back in the benchmark's database so far."""
    value = await scalar(
        url,
        "SELECT xact_commit + xact_rollback FROM pg_stat_database "
        "WHERE datname = current_database()",
    )
    return int(value or 0)


async def _gateway(url: str, data_dir: Path, logs: Path) -> tuple[Process, str]:
    port = free_port()
    gateway = Process(
        [TODO, "serve", "--port", str(port)],
        {
            **os.environ,
            "DATABASE_URL": url,
            "DATA_DIR": str(data_dir),
            "EVENT_TRANSPORT": "local",
            "LOG_LEVEL": "WARNING",
            # Many clients share a few users here, by design: lift the per-user stream quota.
            "MAX_STREAMS_PER_USER": "100000",
        },
        logs / "gateway.log",
    )
    await gateway.start()
    base = f"http://127.0.0.1:{port}"
    await gateway.wait_http(f"{base}/readyz")
    return gateway, base


async def run(
    clients: int = 100,
    writers: int = 10,
    transport: str = "ws",
    rate: float = 10.0,
    seconds: float = 30.0,
    write: str = "patch",
) -> dict[str, Any]:
    """Connect the clients, let the writers write, and return the figures."""
    from gateway.auth import LocalSigningKey

    interval = writers / rate
    writes = max(1, round(seconds / interval))
    report: dict[str, Any] = {
        "benchmark": "live",
        "machine": machine(),
        "database": database_origin(),
        "transport": transport,
        "write_op": write,
        "clients": clients,
        "writers": writers,
        "writes_per_writer": writes,
        "interval_s": round(interval, 3),
        "offered_writes_per_s": round(writers / interval, 1),
    }
    logs = Path(tempfile.mkdtemp(prefix="bench-live-"))
    data_dir = logs / "data"
    key = LocalSigningKey.load_or_create(data_dir)  # before the gateway loads it
    prefix = uuid.uuid4().hex[:6]
    users = [f"live-{prefix}-{w}" for w in range(writers)]
    tokens = {user: key.issue_token(user) for user in users}
    async with fresh_bench_database() as url:
        gateway, base = await _gateway(url, data_dir, logs)
        port = int(base.rsplit(":", 1)[1])
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
        stop = asyncio.Event()
        client_tasks: list[asyncio.Task[None]] = []
        try:
            async with (
                httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http,
                httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as sse_http,
            ):
                task_ids: dict[str, str] = {}
                for user in users:  # each writer's task, before any client listens
                    response = await http.post(
                        "/api/tasks",
                        json={"title": f"live {user} setup"},
                        headers={"Authorization": f"Bearer {tokens[user]}"},
                    )
                    response.raise_for_status()
                    task_ids[user] = response.json()["id"]
                the_clients = [
                    Client(i, users[i % writers], tokens[users[i % writers]])
                    for i in range(clients)
                ]
                gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
                t0 = time.monotonic()
                client_tasks = [
                    asyncio.create_task(_run_client(transport, base, sse_http, c, stop, gate))
                    for c in the_clients
                ]
                for c in the_clients:
                    await c.connected.wait()
                report["connect_all_s"] = round(time.monotonic() - t0, 2)
                failed = [c.error for c in the_clients if c.error]
                report["clients_failed"] = len(failed)
                report["client_errors"] = failed[:5]

                # The setup's own updates must have passed (each writer's task is in the update
                # stream) before the count starts; every stream is live (`connected`).
                async def setup_streamed() -> bool:
                    return bool(await scalar(url, "SELECT count(*) FROM updates") >= writers)

                await drained(url)
                await eventually_async(setup_streamed, 60, "the setup's updates streamed")
                for c in the_clients:
                    c.received.clear()
                log.info("%d clients connected; writing", clients - len(failed))
                returned: dict[str, float] = {}
                sent: dict[str, float] = {}
                write_ms: list[float] = []
                write_errors: list[str] = []
                xacts0 = await _transactions(url)
                cpu0 = (time.process_time(), cpu_seconds(gateway.pid))
                wall0 = time.monotonic()

                async def writer(user: str) -> None:
                    # Writes go through tests.bench.loadgen's lean connection: httpx spends
                    # about 2.4 ms of CPU on an idle machine building and reading a request,
                    # which would count as the server's part of "sent -> client got it".
                    connection = Connection(port, tokens[user])
                    await asyncio.sleep(random.uniform(0, interval))
                    start = time.monotonic()
                    try:
                        for n in range(writes):
                            delay = start + n * interval - time.monotonic()
                            if delay > 0:
                                await asyncio.sleep(delay)
                            title = _title(user, n)
                            before = time.monotonic()
                            try:
                                if write == "create":
                                    status, answer = await connection.send(
                                        "POST", "/api/tasks", {"title": title}
                                    )
                                else:
                                    status, answer = await connection.send(
                                        "PATCH", f"/api/tasks/{task_ids[user]}", {"title": title}
                                    )
                            except (OSError, asyncio.IncompleteReadError) as exc:
                                write_errors.append(f"{type(exc).__name__}: {exc}")
                                await connection.close()
                                continue
                            if status >= 300:
                                write_errors.append(f"HTTP {status}: {answer}")
                                continue
                            returned[title] = time.monotonic()
                            sent[title] = before
                            write_ms.append((returned[title] - before) * 1000)
                    finally:
                        await connection.close()

                await asyncio.gather(*(writer(user) for user in users))
                expected = {
                    c.index: sum(1 for t in returned if t.startswith(f"live {c.user} #"))
                    for c in the_clients
                    if not c.error
                }
                with contextlib.suppress(NotInTime):  # at most a minute for the last deliveries
                    await eventually_async(
                        lambda: all(len(the_clients[i].received) >= n for i, n in expected.items()),
                        60,
                        "every client received its user's writes",
                        interval=0.2,
                    )
                elapsed = time.monotonic() - wall0
                gateway_cpu = cpu_seconds(gateway.pid)
                report["bench_process_cpu_pct"] = round(
                    100 * (time.process_time() - cpu0[0]) / elapsed, 1
                )
                if gateway_cpu is not None and cpu0[1] is not None:
                    used = gateway_cpu - cpu0[1]
                    report["gateway_cpu_pct"] = round(100 * used / elapsed, 1)
                    report["gateway_cpu_ms_per_write"] = round(
                        1000 * used / max(1, len(returned)), 1
                    )
                await asyncio.sleep(1.5)  # PostgreSQL publishes its statistics at most each second
                report["db_transactions_per_write"] = round(
                    (await _transactions(url) - xacts0) / max(1, len(returned)), 1
                )
        finally:
            stop.set()
            for task in client_tasks:
                task.cancel()
            await asyncio.gather(*client_tasks, return_exceptions=True)
            await gateway.stop()
    latencies: list[float] = []
    from_sent: list[float] = []
    foreign = missing = duplicates = 0
    for c in the_clients:
        if c.error:
            continue
        seen: set[str] = set()
        for title, at in c.received:
            if not title.startswith(f"live {c.user} "):
                foreign += 1
                continue
            if title in seen:
                duplicates += 1
                continue
            seen.add(title)
            if title in returned:
                latencies.append((at - returned[title]) * 1000)
                from_sent.append((at - sent[title]) * 1000)
        missing += expected[c.index] - len(seen & returned.keys())
    report.update(
        {
            "writes": len(returned),
            "write_errors": len(write_errors),
            "write_error_samples": write_errors[:5],
            "deliveries_expected": sum(expected.values()),
            "deliveries": len(latencies),
            "missing": missing,
            "foreign": foreign,
            "duplicates": duplicates,
            "negative": sum(1 for x in latencies if x < 0),
            "latency": summary(latencies),
            "latency_from_sent": summary(from_sent),
            "write": summary(write_ms),
            "logs": str(logs),
        }
    )
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def format_table(report: dict[str, Any]) -> str:
    """The figures as a fixed-width table."""
    lat, wr = report["latency"], report["write"]
    op = "POST" if report.get("write_op") == "create" else "PATCH"
    lines = [
        f"machine: {report['machine']}; database: {report['database']}",
        f"{report['clients']} {report['transport']} clients ({report['clients_failed']} failed to "
        f"connect, all connected in {report['connect_all_s']} s), {report['writers']} writers x "
        f"{report['writes_per_writer']} {op}s every {report['interval_s']} s "
        f"(~{report['offered_writes_per_s']} writes/s)",
        f"CPU during the writes: gateway process {report.get('gateway_cpu_pct', '?')}%, "
        f"this process (clients + writers) {report['bench_process_cpu_pct']}%; gateway CPU "
        f"{report.get('gateway_cpu_ms_per_write', '?')} ms and "
        f"{report['db_transactions_per_write']} database transactions per write",
        "",
    ]
    header = f"{'':<30} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    lines += [header, "-" * len(header)]
    rows = (
        (f"{op} returned -> client got it", lat),
        (f"{op} sent -> client got it", report.get("latency_from_sent", {})),
        (f"{op} round trip", wr),
    )
    for name, s in rows:
        lines.append(
            f"{name:<30} {s.get('n', 0):>6} {s.get('p50_ms', 0):>8} {s.get('p95_ms', 0):>8} "
            f"{s.get('p99_ms', 0):>8} {s.get('max_ms', 0):>8}"
        )
    lines += [
        "",
        f"deliveries {report['deliveries']} of {report['deliveries_expected']} expected; "
        f"missing {report['missing']}, another user's {report['foreign']}, duplicates "
        f"{report['duplicates']}, before the {op} returned {report['negative']}; "
        f"write errors {report['write_errors']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--writers", type=int, default=10, help="writers, one user each")
    parser.add_argument("--transport", choices=("ws", "sse"), default="ws")
    parser.add_argument("--rate", type=float, default=10.0, help="writes per second, in all")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the writers write")
    parser.add_argument(
        "--write", choices=("patch", "create"), default="patch", help="what each write is"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if min(args.clients, args.writers) < 1 or args.rate <= 0 or args.seconds <= 0:
        parser.error("sizes must be positive")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    report = asyncio.run(
        run(args.clients, args.writers, args.transport, args.rate, args.seconds, args.write)
    )
    sys.stdout.write(format_table(report) + "\n")
    write_json(args.json, report)


if __name__ == "__main__":
    main()
