"""Reminder lateness: many reminders due at the same moment, delivered by notify.

A script, not a test: it prints figures and asserts nothing about them.

    python -m tests.bench.bench_reminders [--reminders 1000] [--users 100] [--lead 30]
        [--spread 0] [--json out.json]

On a fresh migrated database (see tests.bench.common), `--reminders` tasks of `--users` users
are created through core.services, each with one reminder `{"at": T}` (with `--spread S` the
reminders are spread evenly over [T, T+S] instead of all at T). T is `--lead` seconds ahead, or
more if creating the tasks here would take longer (timed on a few tasks first; the report says
which lead was used). The tasks' own events (created: audit, push) are then marked as relayed,
as they would be long before a reminder set days ahead fires, so that at T only the reminders
are due. Then EmbeddedEventing starts in this process (relay + router + in-process functions,
as `todo serve` runs them) and the relay sleeps until T.

Lateness of a reminder = when it was notified minus its fire time, two ways:

- handled: `notifications.created_at`, the moment notify handled it (set by the handler);
- visible: the moment notify's transaction committed, seen by a LISTEN in another process
  (a benchmark-only AFTER INSERT trigger on `notifications` NOTIFYs the task id; PostgreSQL
  delivers it at commit; the listener stamps it with its wall clock).

Both are wall-clock differences on one machine. Also reported: the time until all were
visible, and whether each reminder was notified exactly once (one notifications row per task,
one notify processed-event per reminder, no duplicate NOTIFY, no dead letters, none late).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.store.db import make_engine, make_sessionmaker
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from tests.bench.common import (
    Poller,
    database_origin,
    fresh_bench_database,
    install_notify_trigger,
    listening,
    machine,
    scalar,
    summary,
    write_json,
)

log = logging.getLogger("bench_reminders")
CHANNEL = "bench_notifications"
CREATORS = 8  # concurrent creating "requests"
WARMUP = 40  # tasks created first to see how long creating takes here


async def _create(
    sessions: async_sessionmaker[AsyncSession],
    indexes: range,
    plan: Callable[[int], tuple[str, datetime | None]],
) -> dict[str, datetime]:
    """Create one task per index through core.services, CREATORS at a time; task id -> T."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in indexes:
        queue.put_nowait(i)
    fire_at: dict[str, datetime] = {}

    async def creator() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            owner, at = plan(i)
            fields: dict[str, Any] = {"title": f"Reminder probe {i}"}
            if at is not None:
                fields["reminders"] = [{"at": at.isoformat()}]
            async with UnitOfWork(sessions) as uow:
                row = await services.create_task(
                    uow, owner, TaskCreate.model_validate(fields), now=datetime.now(UTC)
                )
            if at is not None:
                fire_at[str(row.id)] = at

    await asyncio.gather(*(creator() for _ in range(CREATORS)))
    return fire_at


async def run(
    reminders: int = 1000, users: int = 100, lead: float = 30.0, spread: float = 0.0
) -> dict[str, Any]:
    """Create the reminders, wait for them to fire, and return the figures."""
    from eventing.embedded import EmbeddedEventing

    report: dict[str, Any] = {
        "benchmark": "reminders",
        "machine": machine(),
        "database": database_origin(),
        "reminders": reminders,
        "users": users,
        "lead_s": lead,
        "spread_s": spread,
    }
    async with fresh_bench_database() as url:
        await install_notify_trigger(url, "notifications", CHANNEL, "NEW.task_id::text")
        engine = make_engine(url, pool_size=10)  # the gateway's default pool, as `todo serve`
        sessions = make_sessionmaker(engine)
        eventing = EmbeddedEventing(url, sessions)
        poller = Poller(url)
        try:
            async with listening(url, CHANNEL) as listener:
                prefix = uuid.uuid4().hex[:6]
                # How fast tasks are created here and now, to set T far enough ahead.
                t0 = time.monotonic()
                await _create(sessions, range(WARMUP), lambda i: (f"rem-{prefix}-warm", None))
                seconds_per_task = (time.monotonic() - t0) / WARMUP
                lead_used = max(lead, 2 * seconds_per_task * reminders + 10)
                report["lead_s"] = round(lead_used, 1)
                fire_base = (datetime.now(UTC) + timedelta(seconds=lead_used)).replace(
                    microsecond=0
                )

                def plan(i: int) -> tuple[str, datetime]:
                    at = fire_base + timedelta(seconds=spread * i / max(1, reminders - 1))
                    return f"rem-{prefix}-{i % users}", at

                t0 = time.monotonic()
                fire_at = await _create(sessions, range(reminders), plan)
                report["create_s"] = round(time.monotonic() - t0, 2)
                async with sessions() as session, session.begin():
                    # The tasks' own events (audit, push) count as relayed long ago: at T only
                    # the reminders are due, as when they were set days before.
                    await session.execute(
                        text(
                            "UPDATE outbox SET sent_at = now() "
                            "WHERE topic <> 'reminders' AND sent_at IS NULL"
                        )
                    )
                    scheduled = set(
                        (
                            await session.execute(
                                text("SELECT subject FROM outbox WHERE topic = 'reminders'")
                            )
                        ).scalars()
                    )
                await scalar(url, "VACUUM (ANALYZE) outbox")
                fire_at = {task: at for task, at in fire_at.items() if task in scheduled}
                report["scheduled"] = len(fire_at)
                before_fire = (fire_base - datetime.now(UTC)).total_seconds()
                report["setup_done_s_before_fire"] = round(before_fire, 2)
                if before_fire < 0:
                    log.warning("setup ended %.1f s after the fire time", -before_fire)
                await eventing.start()
                log.info("%d reminders set for %s; waiting", reminders, fire_base.isoformat())
                arrived = await listener.wait_for(
                    set(fire_at), timeout=max(0.0, before_fire) + spread + 300
                )
                await asyncio.sleep(3)  # let any late duplicate arrive (it must not)
                visible = {
                    task: wall
                    for task, (_mono, wall) in listener.received.items()
                    if task in fire_at
                }
                duplicate_notifies = sum(listener.duplicates.values())
            async with sessions() as session:
                rows = (
                    await session.execute(
                        text("SELECT task_id::text, fire_at, created_at, late FROM notifications")
                    )
                ).all()
                dead = await session.scalar(text("SELECT count(*) FROM dead_letters"))
                processed = await session.scalar(
                    text("SELECT count(*) FROM processed_events WHERE consumer = 'notify'")
                )
                unsent = await session.scalar(
                    text(
                        "SELECT count(*) FROM outbox WHERE topic = 'reminders' AND sent_at IS NULL"
                    )
                )
        finally:
            await eventing.stop()
            await poller.close()
            await engine.dispose()
    per_task: dict[str, int] = {}
    for row in rows:
        per_task[row[0]] = per_task.get(row[0], 0) + 1
    handled = [(row.created_at - row.fire_at).total_seconds() * 1000 for row in rows]
    seen = [(wall - fire_at[task].timestamp()) * 1000 for task, wall in visible.items()]
    last = max(visible.values()) if visible else float("nan")
    report.update(
        {
            "all_notified": arrived,
            "notifications": len(rows),
            "tasks_notified": len(per_task),
            "tasks_notified_more_than_once": sum(1 for n in per_task.values() if n > 1),
            "tasks_not_notified": len(set(fire_at) - set(per_task)),
            "notify_processed_events": int(processed or 0),
            "duplicate_notifies": duplicate_notifies,
            "dead_letters": int(dead or 0),
            "marked_late": sum(1 for row in rows if row.late),
            "reminders_unsent": int(unsent or 0),
            "exactly_once": (
                len(rows) == len(fire_at)
                and len(per_task) == len(fire_at)
                and duplicate_notifies == 0
                and int(processed or 0) == len(fire_at)
            ),
            "lateness_handled": summary(handled),
            "lateness_visible": summary(seen),
            "all_visible_after_first_fire_s": round(last - fire_base.timestamp(), 3),
        }
    )
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def format_table(report: dict[str, Any]) -> str:
    """The figures as a fixed-width table."""
    spread = f"spread over {report['spread_s']} s" if report["spread_s"] else "all at one moment"
    lines = [
        f"machine: {report['machine']}; database: {report['database']}",
        f"{report['reminders']} reminders of {report['users']} users, {spread}, "
        f"T = start + {report['lead_s']} s; tasks created in {report['create_s']} s "
        f"({report['scheduled']} reminders scheduled), eventing started "
        f"{report['setup_done_s_before_fire']} s before T",
        "",
    ]
    header = (
        f"{'lateness (notified - fire_at)':<34} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8}"
    )
    lines += [header, "-" * len(header)]
    for name, key in (
        ("handled (notifications.created_at)", "lateness_handled"),
        ("visible (commit, seen by LISTEN)", "lateness_visible"),
    ):
        s = report[key]
        lines.append(
            f"{name:<34} {s.get('n', 0):>5} {s.get('p50_ms', 0):>8} {s.get('p95_ms', 0):>8} "
            f"{s.get('p99_ms', 0):>8} {s.get('max_ms', 0):>8}"
        )
    lines += [
        "",
        f"all {report['tasks_notified']} visible {report['all_visible_after_first_fire_s']} s "
        "after the (first) fire time",
        f"exactly once: {report['exactly_once']} (notifications {report['notifications']}, "
        f"tasks notified twice {report['tasks_notified_more_than_once']}, not notified "
        f"{report['tasks_not_notified']}, notify processed-events "
        f"{report['notify_processed_events']}, duplicate NOTIFYs {report['duplicate_notifies']}, "
        f"dead letters {report['dead_letters']}, marked late {report['marked_late']})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--lead", type=float, default=30.0, help="seconds until they fire")
    parser.add_argument("--spread", type=float, default=0.0, help="seconds to spread them over")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.reminders < 1 or args.users < 1 or args.lead <= 0 or args.spread < 0:
        parser.error("sizes must be positive")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    report = asyncio.run(run(args.reminders, args.users, args.lead, args.spread))
    sys.stdout.write(format_table(report) + "\n")
    write_json(args.json, report)


if __name__ == "__main__":
    main()
