"""Recurring series: the next occurrence after a completion or skip, skipping, ending a series."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from core.errors import TaskStateConflict
from core.events import TaskCreated, TaskDeleted, TaskSnapshot, snapshot
from core.reminder_schedule import cancel_reminders, schedule_reminders
from core.services.tasks import finish, load_task, publish
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.successor import following
from core.timefmt import format_rfc3339, in_range, parse_rfc3339

__all__ = ["create_next_occurrence", "delete_series", "following", "skip_task"]


async def create_next_occurrence(
    uow: UnitOfWork, done: TaskSnapshot, *, now: datetime
) -> TaskRow | None:
    """Create the task that follows `done` in its series, exactly once per occurrence.

    Nothing happens if the completed task was reopened or deleted since, if it was reopened
    and completed again (that later completion's own event makes the next one), if the series
    ended, or if this occurrence already exists (a duplicate or concurrent delivery).
    """
    # Locked, so a reopen of `done` (which takes back what this makes) runs wholly before or
    # wholly after: never between this check and the insert.
    current = (
        await uow.session.execute(
            select(TaskRow)
            .where(TaskRow.id == done.id, TaskRow.owner == done.owner)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if current is None or not current.completed or done.series_id is None:
        return None
    if current.completed_at != done.completed_at:
        return None  # a stale event: the task was reopened and finished again since
    occurrence = following(done)
    if occurrence is None:
        return None
    old_due = parse_rfc3339(done.due, what="due") if done.due else occurrence.due
    shift = occurrence.due - old_due
    reminders = []
    for item in done.reminders:
        if "at" in item:
            moved = datetime.fromisoformat(item["at"]) + shift
            if not in_range(moved):  # it would fire after the supported date range
                continue
            item = {"at": format_rfc3339(moved)}
        reminders.append(item)
    new_id = uuid.uuid4()
    inserted = await uow.session.execute(
        insert(TaskRow)
        .values(
            id=new_id,
            owner=done.owner,
            title=done.title,
            description=done.description,
            priority=done.priority.rank,
            tags=list(done.tags),
            due=occurrence.due,
            timezone=done.timezone,
            recurrence_rule=done.recurrence.rule if done.recurrence else None,
            recurrence_anchor=done.recurrence.anchor if done.recurrence else None,
            reminders=reminders,
            completed=False,
            skipped=False,
            series_id=done.series_id,
            occurrence_index=occurrence.index,
            series_origin=done.series_origin or parse_rfc3339(done.due, what="due"),
            series_base_index=done.series_base_index,
            reminder_version=0,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["series_id", "occurrence_index"],
            index_where=TaskRow.series_id.is_not(None),
        )
        .returning(TaskRow.id)
    )
    if inserted.first() is None:
        return None  # this occurrence exists already
    row = await uow.session.get(TaskRow, new_id)
    assert row is not None
    await schedule_reminders(uow, row, now=now)
    publish(uow, TaskCreated(task=snapshot(row), actor=uow.actor))
    return row


async def skip_task(
    uow: UnitOfWork, owner: str, task_id: str | uuid.UUID, *, now: datetime
) -> TaskRow:
    """Skip this occurrence of a recurring task; recur then creates the next one."""
    row = await load_task(uow.session, owner, task_id, for_update=True)
    if not row.recurrence_rule:
        raise TaskStateConflict("only an occurrence of a recurring task can be skipped", field="id")
    if row.completed:
        raise TaskStateConflict("this occurrence is already done or skipped", field="id")
    await finish(uow, row, now=now, skipped=True)
    return row


async def delete_series(uow: UnitOfWork, owner: str, task_id: str | uuid.UUID) -> int:
    """Delete every task of the series `task_id` belongs to; returns how many went."""
    row = await load_task(uow.session, owner, task_id, for_update=True)
    if row.series_id is None:
        rows = [row]
    else:
        rows = list(
            (
                await uow.session.execute(
                    select(TaskRow)
                    .where(TaskRow.owner == owner, TaskRow.series_id == row.series_id)
                    .order_by(TaskRow.occurrence_index)
                    .with_for_update()
                )
            ).scalars()
        )
    for task in rows:
        await cancel_reminders(uow, task)
        publish(
            uow, TaskDeleted(task=snapshot(task), actor=uow.actor, scope="series"), deleted=True
        )
        await uow.session.delete(task)
    await uow.commit()
    return len(rows)
