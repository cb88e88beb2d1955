"""Issue #15's table: each figure, where the suite's results hold it, and its target.

`summarize(results)` turns `python -m tests.bench`'s results into one row per figure: what was
measured (with the sizes it was measured at, when a `--quick` run used smaller ones), the
target, whether it is met, and the load average around the benchmark that measured it. A
figure whose benchmark did not run, or failed, says so instead of a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Results = dict[str, Any]


@dataclass(frozen=True)
class Measured:
    """One figure as measured: its value, how it reads, and what to know beside it."""

    value: float
    text: str
    met_too: bool = True  # a condition beside the number (e.g. "each once")
    note: str = ""


@dataclass(frozen=True)
class Target:
    """One row of the issue's table."""

    figure: str
    benchmark: str  # the suite's name of the benchmark that measures it
    target: str
    meets: Callable[[float], bool]
    measure: Callable[[Results], Measured]


def _serve_creates(r: Results) -> Measured:
    serve = r["serve_creates"]
    note = f"{serve['clients']} clients, {serve['creates']} creates in {serve['writes_s']} s"
    return Measured(
        serve["applied_creates_per_s"], f"{serve['applied_creates_per_s']}/s", note=note
    )


def _create_ratio(r: Results) -> Measured:
    if r.get("ratio") is None:
        raise LookupError(f"pgbench: {r['pgbench'].get('error', 'no figure')}")
    api, sql = r["api"]["per_s"], r["pgbench"]["per_s"]
    note = f"API {api:.0f}/s, pgbench {sql:.0f}/s, {r['clients']} clients"
    return Measured(r["ratio"], f"{r['ratio']:.2f}", note=note)


def _scenario(r: Results, pick: Callable[[str], bool]) -> dict[str, Any]:
    rows = [row for row in r["scenarios"] if pick(row["name"])]
    if not rows:
        raise LookupError("scenario not measured")
    return max(rows, key=lambda row: row["p95_ms"])  # the worst of them


def _search(pick: Callable[[str], bool]) -> Callable[[Results], Measured]:
    def measure(r: Results) -> Measured:
        row = _scenario(r, pick)
        return Measured(
            row["p95_ms"], f"{row['p95_ms']} ms", note=f"{row['name']}, {r['tasks']:,} tasks"
        )

    return measure


def _reminders(r: Results) -> Measured:
    p99 = r["lateness_visible"]["p99_ms"]
    once = bool(r["exactly_once"]) and r["tasks_not_notified"] == 0
    note = f"{r['reminders']} reminders, each once: {'yes' if once else 'NO'}"
    return Measured(p99, f"{p99 / 1000:.2f} s", met_too=once, note=note)


def _live_idle(r: Results) -> Measured:
    p50 = r["latency_from_sent"]["p50_ms"]
    complete = r["missing"] == 0 and r["duplicates"] == 0 and r["foreign"] == 0
    note = (
        f"POST sent -> SSE client, {r['writes']} creates at {r['offered_writes_per_s']}/s; "
        f"missing {r['missing']}, duplicates {r['duplicates']}"
    )
    return Measured(p50, f"{p50} ms", met_too=complete, note=note)


def _warm_ready(r: Results) -> Measured:
    return Measured(r["warm_median_s"], f"{r['warm_median_s']} s", note=f"median of {r['warm_s']}")


def _cold_start(r: Results) -> Measured:
    starts = {
        name: f["cold_start_ms"] for name, f in r["functions"].items() if "cold_start_ms" in f
    }
    failed = sorted(set(r["functions"]) - set(starts))
    if not starts:
        raise LookupError("no function answered")
    slowest = max(starts, key=lambda name: starts[name])
    note = f"slowest: {slowest}" + (f"; no 200 from {', '.join(failed)}" if failed else "")
    ms = starts[slowest]
    return Measured(ms, f"{ms / 1000:.2f} s", met_too=not failed, note=note)


TARGETS = [
    Target(
        "`todo serve` creates/s, 32 clients, every event applied",
        "events",
        ">= 300",
        lambda v: v >= 300,
        _serve_creates,
    ),
    Target(
        "gateway alone, creates/s / pgbench of the same transaction",
        "create",
        ">= 0.25",
        lambda v: v >= 0.25,
        _create_ratio,
    ),
    Target(
        "search p95, 100k tasks, a word matching ~10 %",
        "search",
        "< 40 ms",
        lambda v: v < 40,
        _search(lambda name: name.startswith("q=groceries")),
    ),
    Target(
        "typo search p95, same data",
        "search",
        "< 60 ms",
        lambda v: v < 60,
        _search(lambda name: "(typo)" in name or "(swap)" in name),
    ),
    Target(
        "filtered page p95 (status + priority + tag + sort), 100k",
        "search",
        "< 20 ms",
        lambda v: v < 20,
        _search(lambda name: name == "open high|urgent #work sort=due"),
    ),
    Target(
        "1,000 reminders due at one second: lateness p99, each once",
        "reminders",
        "< 2 s",
        lambda v: v < 2000,
        _reminders,
    ),
    Target(
        "create -> live update p50, idle",
        "live_idle",
        "< 15 ms",
        lambda v: v < 15,
        _live_idle,
    ),
    Target("warm `todo serve` ready", "startup", "< 2.5 s", lambda v: v < 2.5, _warm_ready),
    Target(
        "function cold start (process -> first 200)",
        "footprint",
        "< 0.8 s",
        lambda v: v < 800,
        _cold_start,
    ),
]


def summarize(results: dict[str, Results]) -> list[dict[str, Any]]:
    """One row per target: figure, measured, target, met (True/False/None), note, load."""
    rows = []
    for target in TARGETS:
        result = results.get(target.benchmark)
        row: dict[str, Any] = {"figure": target.figure, "target": target.target}
        if result is None:
            row.update(measured="not run", met=None, note="")
        elif "error" in result:
            row.update(measured="failed", met=None, note=result["error"])
        else:
            try:
                m = target.measure(result)
            except (KeyError, LookupError, TypeError) as exc:
                row.update(measured="not measured", met=None, note=f"{type(exc).__name__}: {exc}")
            else:
                met = target.meets(m.value) and m.met_too
                row.update(value=m.value, measured=m.text, met=met, note=m.note)
        row["load"] = (result or {}).get("_load")
        rows.append(row)
    return rows


def format_summary(rows: list[dict[str, Any]]) -> str:
    """The rows as one table: figure | measured | target | met? | load | note."""
    answer = {True: "yes", False: "NO", None: "?"}
    widths = (60, 12, 9, 4, 11)
    header = ("figure", "measured", "target", "met?", "load 1m")
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  note",
    ]
    lines.append("-" * (sum(widths) + 2 * len(widths) + 4))
    for row in rows:
        load = row.get("load")
        cells = (
            row["figure"],
            row["measured"],
            row["target"],
            answer[row["met"]],
            f"{load[0]}->{load[1]}" if load else "",
        )
        lines.append(
            "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            + f"  {row['note']}"
        )
    return "\n".join(lines)
