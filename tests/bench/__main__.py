"""The whole benchmark suite, one command: `.venv/bin/python -m tests.bench [--quick]`.

Runs on the embedded system (an embedded PostgreSQL from the wheel unless TEST_DATABASE_URL or
DATABASE_URL names a server), prints each table, and writes everything as JSON to
`bench-results/<date>.json` (and `bench-results/latest.json`). Not part of the test run.

  create     task-create throughput through the API (32 clients) beside pgbench on the same
             transaction, and their ratio
  search     GET /api/tasks search and filtered-page latency with 100,000 tasks
  events     commit -> function effect latency, embedded and over Kafka; relay events/s;
             `todo serve` creates/s from 32 clients with every event applied
  reminders  lateness of 1,000 reminders due at the same second
  live       live-update latency with 1,000 clients while 100 writers work
  live_idle  create -> live update on an idle server: one SSE client, 2 creates/s
  footprint  peak memory of each process and each function's cold start
  startup    `todo serve` start to /readyz, cold and warm (embedded PostgreSQL)

It ends with issue #15's table (tests/bench/targets.py): each figure, measured, target, met?,
and the load average around the benchmark that measured it; the JSON holds it as "summary".
A --quick run (about 5 minutes) measures the same figures, some at smaller sizes or shorter
(the table's notes say which).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
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
from tests.bench.targets import format_summary, summarize

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench-results"
SERVE_CLIENTS = 32  # issue #15's rows 1 and 2: creates from 32 clients


def _startup_bench() -> Any:
    """scripts/startup_bench.py (a script, not a package), with an async `run` for the plan."""
    spec = importlib.util.spec_from_file_location(
        "startup_bench", ROOT / "scripts" / "startup_bench.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    async def run(runs: int) -> dict[str, Any]:
        result: dict[str, Any] = await asyncio.to_thread(module.measure, runs)
        return result

    setattr(module, "run", run)  # noqa: B010 - mypy knows no attributes of a loaded module
    return module


def plan(quick: bool) -> dict[str, tuple[Any, Any, dict[str, Any]]]:
    """Each benchmark: module (run + format_table) and its arguments."""
    startup = _startup_bench()
    idle = {"clients": 1, "writers": 1, "transport": "sse", "rate": 2.0, "write": "create"}
    if quick:  # a smoke run of every piece, minutes not tens of minutes
        return {
            "create": (bench_create, bench_create.run, {"seconds": 5, "clients": SERVE_CLIENTS}),
            # The sizes where they cost seconds, not minutes: 100,000 tasks seed in
            # ~10 s; 1,000 reminders are created in a few.
            "search": (bench_search, bench_search.run, {"tasks": 100_000, "requests": 30}),
            "events": (
                bench_events,
                bench_events.run,
                {
                    "events": 100,
                    "throughput_events": 2000,
                    "serve_seconds": 5,
                    "serve_clients": SERVE_CLIENTS,
                },
            ),
            "reminders": (bench_reminders, bench_reminders.run, {"reminders": 1000}),
            "live": (bench_live, bench_live.run, {"clients": 100, "writers": 10}),
            "live_idle": (bench_live, bench_live.run, {**idle, "seconds": 10}),
            "footprint": (bench_footprint, bench_footprint.run, {"events": 50}),
            "startup": (startup, startup.run, {"runs": 2}),
        }
    return {
        "create": (bench_create, bench_create.run, {"seconds": 15, "clients": SERVE_CLIENTS}),
        "search": (bench_search, bench_search.run, {"tasks": 100_000, "requests": 200}),
        "events": (
            bench_events,
            bench_events.run,
            {"serve_seconds": 30, "serve_clients": SERVE_CLIENTS},
        ),
        "reminders": (bench_reminders, bench_reminders.run, {"reminders": 1000}),
        "live": (bench_live, bench_live.run, {"clients": 1000, "writers": 100}),
        "live_idle": (bench_live, bench_live.run, {**idle, "seconds": 30}),
        "footprint": (bench_footprint, bench_footprint.run, {"events": 300}),
        "startup": (startup, startup.run, {"runs": 5}),
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
        load_before = os.getloadavg()[0]
        try:
            result = await run(**kwargs)
        except Exception as exc:  # one failing benchmark must not hide the others' figures
            result = {"error": f"{type(exc).__name__}: {exc}"}
        result["_seconds"] = round(time.monotonic() - started, 1)
        # Other work on the machine moves every figure: say how busy it was around each.
        result["_load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        report["results"][name] = result
        print(f"\n== {name} ({result['_seconds']} s, load average {result['_load']})", flush=True)
        print(result["error"] if "error" in result else module.format_table(result), flush=True)
    report["summary"] = summarize(report["results"])
    print(f"\n== issue #15's figures{' (--quick: smaller sizes)' if quick else ''}")
    print(format_summary(report["summary"]))
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
