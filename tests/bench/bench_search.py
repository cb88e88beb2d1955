"""Latency of GET /api/tasks (search, filters, sorts, deep cursors) over real HTTP.

A script, not a test: it prints figures and asserts nothing about them.

    python -m tests.bench.bench_search [--tasks 100000] [--requests 200] [--json out.json]

With DATABASE_URL set it migrates that database, seeds a bench user of its own and deletes the
user's rows afterwards; otherwise it creates a fresh migrated database on the test server
(TEST_DATABASE_URL, or an embedded PostgreSQL) and drops it at the end. N tasks are seeded for
one user with `tests.bench.seed`, VACUUM ANALYZEd, and served by the real gateway on uvicorn; each
scenario is warmed up, then timed one request after another (latency, not saturation).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from core.store.db import make_engine
from core.store.migrate import upgrade
from tests.bench.seed import seed_tasks
from tests.support.databases import fresh_database, server_url

log = logging.getLogger("bench_search")

Params = tuple[tuple[str, str], ...]
WARMUP = 10
# How deep the "deep page" scenario starts: this many pages of 50 into sort=due.
DEEP_PAGES = 200


@dataclass(frozen=True)
class Scenario:
    """One request shape to time; `deep`: the page after DEEP_PAGES pages of 50, by cursor."""

    name: str
    params: Params
    deep: bool = False


SCENARIOS = [
    Scenario("default list (open, due asc)", ()),
    Scenario("q=groc (prefix)", (("q", "groc"),)),
    Scenario("q=groceries (word, ~9 %)", (("q", "groceries"),)),
    Scenario("q=dentst (typo)", (("q", "dentst"),)),
    Scenario("q=gardn (typo)", (("q", "gardn"),)),
    Scenario("q=grocreies (swap)", (("q", "grocreies"),)),
    Scenario("q=zebra (no match)", (("q", "zebra"),)),
    Scenario("q=quarterly report", (("q", "quarterly report"),)),
    Scenario(
        "open high|urgent #work sort=due",
        (
            ("status", "open"),
            ("priority", "high"),
            ("priority", "urgent"),
            ("tag", "work"),
            ("sort", "due"),
        ),
    ),
    Scenario("sort=priority", (("sort", "priority"),)),
    Scenario("sort=due order=desc", (("sort", "due"), ("order", "desc"))),
    Scenario("status=all (due asc)", (("status", "all"),)),
    Scenario("sort=title status=all", (("sort", "title"), ("status", "all"))),
    Scenario("overdue=true", (("overdue", "true"),)),
    Scenario("deep page sort=due", (("sort", "due"),), deep=True),
    Scenario(
        "deep page sort=priority asc",
        (("sort", "priority"), ("order", "asc")),
        deep=True,
    ),
]


@contextmanager
def _database() -> Iterator[tuple[str, bool]]:
    """(URL, fresh?): DATABASE_URL migrated in place, or a fresh database dropped at the end."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        upgrade(configured)
        yield configured, False
        return
    with server_url() as server, fresh_database(server) as url:
        yield url, True


def _percentile(sorted_ms: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (exact for the sample, no interpolation)."""
    rank = max(1, round(fraction * len(sorted_ms) + 0.5))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


async def _deep_cursor(client: httpx.AsyncClient, params: Params) -> tuple[str | None, int]:
    """A cursor DEEP_PAGES pages of 50 in (or the last one, on a small dataset) and its depth."""
    cursor: str | None = None
    for depth in range(DEEP_PAGES):
        page_params = (*params, ("limit", "50"), *((("cursor", cursor),) if cursor else ()))
        response = await client.get("/api/tasks", params=page_params)
        response.raise_for_status()
        following = response.json()["next_cursor"]
        if following is None:
            return cursor, depth
        cursor = following
    return cursor, DEEP_PAGES


async def _measure(client: httpx.AsyncClient, scenario: Scenario, requests: int) -> dict[str, Any]:
    params = scenario.params
    depth = 0
    if scenario.deep:
        cursor, depth = await _deep_cursor(client, scenario.params)
        params = (*params, ("limit", "50"), *((("cursor", cursor),) if cursor else ()))
    items = 0
    for _ in range(WARMUP):
        response = await client.get("/api/tasks", params=params)
        response.raise_for_status()
        items = len(response.json()["items"])
    timings: list[float] = []
    started = time.perf_counter()
    for _ in range(requests):
        before = time.perf_counter()
        response = await client.get("/api/tasks", params=params)
        timings.append((time.perf_counter() - before) * 1000)
        response.raise_for_status()
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "name": scenario.name,
        "params": [(k, "..." if k == "cursor" else v) for k, v in params],
        "page": depth + 1,
        "items": items,
        "p50_ms": round(_percentile(timings, 0.50), 2),
        "p95_ms": round(_percentile(timings, 0.95), 2),
        "p99_ms": round(_percentile(timings, 0.99), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "requests_per_s": round(requests / elapsed, 1),
    }


async def _seed(url: str, owner: str, tasks: int) -> float:
    engine = make_engine(url, pool_size=1)
    try:
        started = time.perf_counter()
        await seed_tasks(engine, owner, tasks)
        # The steady state autovacuum reaches: statistics, and the GIN indexes' pending lists
        # merged (a bulk insert leaves them long, which slows every text search until then).
        async with engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM (ANALYZE) tasks"))
        return time.perf_counter() - started
    finally:
        await engine.dispose()


async def _delete_rows(url: str, owner: str) -> None:
    engine = make_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM tasks WHERE owner = :owner"), {"owner": owner})
    finally:
        await engine.dispose()


async def run(tasks: int, requests: int) -> dict[str, Any]:
    """Seed `tasks` tasks, time `requests` requests per scenario, and return the figures."""
    from gateway.app import create_app
    from gateway.auth import LocalSigningKey
    from gateway.settings import Settings
    from tests.support.servers import serve_in_thread

    owner = f"bench-{uuid.uuid4().hex[:8]}"
    load_before = os.getloadavg()[0]
    stack = ExitStack()
    try:
        # Migrations and database creation run their own event loops: keep them off this one.
        url, fresh = await asyncio.to_thread(stack.enter_context, _database())
        if not fresh:
            stack.callback(lambda: asyncio.run(_delete_rows(url, owner)))
        log.info("seeding %d tasks", tasks)
        seed_seconds = await _seed(url, owner, tasks)
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-data-")))
        settings = Settings(data_dir=data_dir, database_url=url)
        base_url = stack.enter_context(serve_in_thread(create_app(settings, url)))
        token = LocalSigningKey.load_or_create(data_dir).issue_token(owner)
        results = []
        async with httpx.AsyncClient(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as client:
            for scenario in SCENARIOS:
                log.info("measuring %s", scenario.name)
                results.append(await _measure(client, scenario, requests))
    finally:
        # Stops the server, then drops (or cleans) the database, off the event loop.
        await asyncio.to_thread(stack.close)
    return {
        "tasks": tasks,
        "requests": requests,
        "database": "fresh" if fresh else "DATABASE_URL",
        "seed_seconds": round(seed_seconds, 1),
        # Client and server share this process and the machine: other load shows in the figures.
        "cpus": os.cpu_count(),
        "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "scenarios": results,
    }


def format_table(report: dict[str, Any]) -> str:
    """The figures as a fixed-width table."""
    header = (
        f"{'scenario':<34} {'page':>4} {'items':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'req/s':>7}"
    )
    lines = [
        f"GET /api/tasks: {report['tasks']} tasks, {report['requests']} requests per scenario "
        f"(seeded in {report['seed_seconds']} s; {report['cpus']} CPUs, load average "
        f"{report['load_average_1m'][0]} before, {report['load_average_1m'][1]} after)",
        header,
        "-" * len(header),
    ]
    for row in report["scenarios"]:
        lines.append(
            f"{row['name']:<34} {row['page']:>4} {row['items']:>5} {row['p50_ms']:>8.2f} "
            f"{row['p95_ms']:>8.2f} "
            f"{row['p99_ms']:>8.2f} {row['requests_per_s']:>7.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks to seed (one user)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.tasks < 1 or args.requests < 1:
        parser.error("--tasks and --requests must be positive")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)  # progress only; the gateway's and httpx's request logs stay out
    report = asyncio.run(run(args.tasks, args.requests))
    sys.stdout.write(format_table(report) + "\n")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
