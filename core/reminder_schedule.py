"""Reminders as outbox rows with a `deliver_at`, kept in step with their task.

Scheduling, rescheduling and cancelling happen in the task's own transaction: pending rows of
the task are deleted and, for an open task, one row per future reminder is written. The task's
`reminder_version` goes up each time, so an event already on its way is recognised as stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from core.events import REMINDERS, ReminderDue
from core.reminders import reminders_from_json
from core.store.eventing_models import OutboxRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork


async def _drop_pending(uow: UnitOfWork, row: TaskRow) -> None:
    await uow.session.execute(
        delete(OutboxRow).where(
            OutboxRow.task_id == row.id,
            OutboxRow.topic == REMINDERS,
            OutboxRow.sent_at.is_(None),
        )
    )


async def cancel_reminders(uow: UnitOfWork, row: TaskRow) -> None:
    """Drop the task's pending reminders (completed, skipped or deleted)."""
    await _drop_pending(uow, row)
    row.reminder_version += 1


async def schedule_reminders(uow: UnitOfWork, row: TaskRow, *, now: datetime) -> int:
    """Replace the task's pending reminders with its current ones; returns how many are due."""
    await cancel_reminders(uow, row)
    if row.completed:
        return 0
    scheduled = 0
    for reminder in reminders_from_json(row.reminders):
        fire_at = reminder.fires_at(row.due)
        if fire_at is None or fire_at <= now:  # a reminder set in the past never fires
            continue
        uow.record(
            ReminderDue(
                task_id=row.id,
                owner=row.owner,
                title=row.title,
                reminder=reminder.to_json(),
                fire_at=fire_at,
                due=row.due,
                reminder_version=row.reminder_version,
            ),
            deliver_at=fire_at,
            task_id=row.id,
        )
        scheduled += 1
    return scheduled
