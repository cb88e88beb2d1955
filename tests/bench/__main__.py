"""The whole benchmark suite, one command: `.venv/bin/python -m tests.bench [--quick]`.

Runs on the embedded system (an embedded PostgreSQL from the wheel unless TEST_DATABASE_URL or
DATABASE_URL names a server), prints each table, and writes everything as JSON to
`bench-results/<date>.json` (and `bench-results/latest.json`). Not part of the test run.

  create     task-create throughput through the API beside pgbench on the same transaction
  search     GET /api/tasks search and filtered-page latency with 100,000 tasks
  events     commit -> function effect latency, embedded and over Kafka; relay events/s
  reminders  lateness of 1,000 reminders due in the same minute
  live       live-update latency with 1,000 clients while 100 writers work
  footprint  peak memory of each process and each function's cold start
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench import (
    bench_create,
    bench_events,
    bench_footprint,
    bench_live,
    bench_reminders,
    bench_search,
)

OUT = Path(__file__).resolve().parents[2] / "bench-results"


def plan(quick: bool) -> dict[str, tuple[Any, Any, dict[str, Any]]]:
    """Each benchmark: module (run + format_table) and its arguments."""
    if quick:  # a smoke run of every piece, minutes not tens of minutes
        return {
            "create": (bench_create, bench_create.run, {"seconds": 5, "clients": 8}),
            "search": (bench_search, bench_search.run, {"tasks": 10_000, "requests": 50}),
            "events": (bench_events, bench_events.run, {"events": 100, "throughput_events": 2000}),
            "reminders": (bench_reminders, bench_reminders.run, {"reminders": 200, "users": 20}),
            "live": (bench_live, bench_live.run, {"clients": 100, "writers": 10}),
            "footprint": (bench_footprint, bench_footprint.run, {"events": 50}),
        }
    return {
        "create": (bench_create, bench_create.run, {"seconds": 15, "clients": 16}),
        "search": (bench_search, bench_search.run, {"tasks": 100_000, "requests": 200}),
        "events": (bench_events, bench_events.run, {}),
        "reminders": (bench_reminders, bench_reminders.run, {"reminders": 1000}),
        "live": (bench_live, bench_live.run, {"clients": 1000, "writers": 100}),
        "footprint": (bench_footprint, bench_footprint.run, {"events": 300}),
    }


async def run_all(quick: bool, only: set[str] | None) -> dict[str, Any]:
    """Run the chosen benchmarks one after another (they would skew each other in parallel)."""
    report: dict[str, Any] = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "quick": quick,
        "results": {},
    }
    for name, (module, run, kwargs) in plan(quick).items():
        if only and name not in only:
            continue
        started = time.monotonic()
        try:
            result = await run(**kwargs)
        except Exception as exc:  # one failing benchmark must not hide the others' figures
            result = {"error": f"{type(exc).__name__}: {exc}"}
        result["_seconds"] = round(time.monotonic() - started, 1)
        report["results"][name] = result
        print(f"\n== {name} ({result['_seconds']} s)")
        print(result["error"] if "error" in result else module.format_table(result))
    return report


def main(argv: list[str] | None = None) -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", nargs="*", help="names of the benchmarks to run")
    parser.add_argument(
        "--json", type=Path, help="where to write the JSON (default bench-results/)"
    )
    args = parser.parse_args(argv)
    report = asyncio.run(run_all(args.quick, set(args.only) if args.only else None))
    OUT.mkdir(exist_ok=True)
    target = args.json or OUT / f"{report['measured_at'][:10]}.json"
    text = json.dumps(report, indent=2, default=str)
    target.write_text(text)
    (OUT / "latest.json").write_text(text)
    print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
