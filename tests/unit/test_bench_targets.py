"""Issue #15's summary table from the bench suite's results: each figure found where its
benchmark puts it, compared with its target, and a missing or failed benchmark said as such."""

from __future__ import annotations

from typing import Any

from tests.bench.targets import TARGETS, format_summary, summarize


def _scenario(name: str, p95: float) -> dict[str, Any]:
    return {"name": name, "p95_ms": p95}


def results() -> dict[str, Any]:
    """The shapes the benchmarks return (only the keys the summary reads)."""
    return {
        "events": {
            "serve_creates": {
                "clients": 32, "creates": 3300, "writes_s": 10.0, "applied_creates_per_s": 310.0
            },
            "_load": [1.0, 1.2],
        },
        "create": {"clients": 32, "api": {"per_s": 200.0}, "pgbench": {"per_s": 1000.0},
                   "ratio": 0.2},
        "search": {
            "tasks": 100_000,
            "scenarios": [
                _scenario("q=groceries (word, ~9 %)", 39.0),
                _scenario("q=dentst (typo)", 20.0),
                _scenario("q=grocreies (swap)", 61.0),  # the worst typo decides
                _scenario("open high|urgent #work sort=due", 19.9),
                _scenario("sort=title status=all", 500.0),  # in no row
            ],
        },
        "reminders": {"reminders": 1000, "lateness_visible": {"p99_ms": 1500.0},
                      "exactly_once": False, "tasks_not_notified": 0},
        "live_idle": {"latency_from_sent": {"p50_ms": 14.0}, "missing": 0, "duplicates": 0,
                      "foreign": 0, "writes": 60, "offered_writes_per_s": 2.0},
        "startup": {"warm_median_s": 2.4, "warm_s": [2.4]},
        "footprint": {"functions": {"audit": {"cold_start_ms": 700.0},
                                    "push": {"error": "did not answer 200 within 60 s"}}},
    }  # fmt: skip


def test_each_figure_is_read_and_compared_with_its_target() -> None:
    rows = {row["figure"]: row for row in summarize(results())}
    assert len(rows) == len(TARGETS)
    met = {figure: row["met"] for figure, row in rows.items()}
    assert met == {
        "`todo serve` creates/s, 32 clients, every event applied": True,
        "gateway alone, creates/s / pgbench of the same transaction": False,  # 0.2 < 0.25
        "search p95, 100k tasks, a word matching ~10 %": True,
        "typo search p95, same data": False,  # the swap's 61 ms
        "filtered page p95 (status + priority + tag + sort), 100k": True,
        # fast enough, but not each once
        "1,000 reminders due at one second: lateness p99, each once": False,
        "create -> live update p50, idle": True,
        "warm `todo serve` ready": True,
        # audit's 0.7 s is fast, but push never answered
        "function cold start (process -> first 200)": False,
    }
    assert rows["typo search p95, same data"]["measured"] == "61.0 ms"
    assert rows["`todo serve` creates/s, 32 clients, every event applied"]["load"] == [1.0, 1.2]


def test_a_benchmark_that_did_not_run_or_failed_has_no_figure() -> None:
    partial = results()
    del partial["startup"]
    partial["search"] = {"error": "RuntimeError: seeding failed"}
    partial["create"]["pgbench"] = {"error": "pgbench not found"}
    partial["create"]["ratio"] = None
    rows = {row["figure"]: row for row in summarize(partial)}
    assert rows["warm `todo serve` ready"]["measured"] == "not run"
    assert rows["search p95, 100k tasks, a word matching ~10 %"]["measured"] == "failed"
    assert "seeding failed" in rows["typo search p95, same data"]["note"]
    ratio = rows["gateway alone, creates/s / pgbench of the same transaction"]
    assert ratio["measured"] == "not measured" and "pgbench not found" in ratio["note"]
    assert all(rows[f]["met"] is None for f in (
        "warm `todo serve` ready", "typo search p95, same data",
        "gateway alone, creates/s / pgbench of the same transaction",
    ))  # fmt: skip


def test_the_table_has_a_line_per_figure() -> None:
    text = format_summary(summarize(results()))
    lines = text.splitlines()
    assert lines[0].startswith("figure") and "met?" in lines[0]
    assert len(lines) == 2 + len(TARGETS)
    assert all(any(target.figure in line for line in lines) for target in TARGETS)
