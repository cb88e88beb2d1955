"""The task service: every edge (REST, MCP, agent tools, functions) reads and changes tasks here."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import TaskNotFound
from core.events import (
    FieldChange,
    TaskChanged,
    TaskCompleted,
    TaskCreated,
    TaskDeleted,
    TaskEvent,
    TaskReopened,
    TaskSkipped,
    TaskUpdated,
    snapshot,
)
from core.quotas import ARM_TASK_QUOTA, arm_task_quota, quota_exceeded, quota_param
from core.reminder_schedule import cancel_reminders, schedule_reminders
from core.search import search_tasks
from core.series_check import check_series
from core.services.settings import ZONE_OF_OWNER, user_zone, valid_zone

# Re-exported: an edge holds the rows this service returns, and never queries them itself.
from core.store.models import TaskRow as TaskRow
from core.store.uow import UnitOfWork
from core.successor import untouched_successor
from core.task_query import TaskQuery
from core.tasks import SERIES_FIELDS, TaskCreate, TaskOut, TaskPatch, apply_fields

# Fields whose change moves the task's reminders.
_REMINDER_FIELDS = {"due", "reminders", "timezone"}
_TASKS = TaskRow.__table__
# What a new task stores: every column but the generated search vector.
_TASK_COLUMNS = tuple(column.key for column in _TASKS.columns if column.computed is None)
# Written with the task's outbox rows in one statement at commit (UnitOfWork.insert_on_commit);
# its source row arms the task quota for the transaction the statement commits in.
_INSERT_TASK = (
    f"INSERT INTO tasks ({', '.join(_TASK_COLUMNS)}) SELECT "  # noqa: S608 - column names
    + ", ".join(
        "CAST(:task_reminders AS jsonb)" if name == "reminders" else f":task_{name}"
        for name in _TASK_COLUMNS
    )
    + f" FROM (SELECT {ARM_TASK_QUOTA}) AS armed"
)


def parse_task_id(task_id: str | uuid.UUID) -> uuid.UUID:
    """A task id from a path; anything that is not a UUID cannot name a task, so: not found."""
    if isinstance(task_id, uuid.UUID):
        return task_id
    try:
        return uuid.UUID(task_id)
    except (ValueError, TypeError, AttributeError):
        raise TaskNotFound(f"no task {task_id!r}") from None


async def load_task(
    session: AsyncSession, owner: str, task_id: str | uuid.UUID, *, for_update: bool = False
) -> TaskRow:
    """The owner's task (locked for the transaction with `for_update`), or TaskNotFound."""
    query = select(TaskRow).where(TaskRow.id == parse_task_id(task_id), TaskRow.owner == owner)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).scalar_one_or_none()
    if row is None:
        raise TaskNotFound(f"no task {task_id}")
    return row


async def _check_recurrence(row: TaskRow, fields: dict[str, Any]) -> None:
    """A recurrence set or moved must compute its next occurrences (422 otherwise)."""
    if not row.recurrence_rule or row.due is None or not SERIES_FIELDS & fields.keys():
        return
    # A rule that never matches again is only known after scanning its horizon (up to about
    # half a second for an hourly rule): off the event loop, so other requests go on.
    await asyncio.to_thread(
        check_series,
        row.recurrence_rule,
        anchor="completion" if row.recurrence_anchor == "completion" else "due",
        due=row.due,
        timezone=row.timezone,
    )


def publish(uow: UnitOfWork, event: TaskEvent, *, deleted: bool = False) -> None:
    """Record a task event and the live update that open UIs receive."""
    uow.record(event)
    uow.record(TaskChanged(op="delete" if deleted else "upsert", task=event.task))


async def get_task(session: AsyncSession, owner: str, task_id: str | uuid.UUID) -> TaskRow:
    """The owner's task, or TaskNotFound (also for another user's task)."""
    return await load_task(session, owner, task_id)


# Tasks by (id, owner).
TasksByKey = dict[tuple[uuid.UUID, str], TaskRow]


async def tasks_by_key(session: AsyncSession, keys: Iterable[tuple[uuid.UUID, str]]) -> TasksByKey:
    """The tasks that exist of `keys` ((id, owner) pairs), in one read, by key.

    Read by id alone (a plain IN, whose compiled form is cached; a tuple IN is built anew for
    every batch): a row of another owner has another key, so it answers no caller's key.
    """
    wanted = set(keys)
    if not wanted:
        return {}
    rows = await session.scalars(select(TaskRow).where(TaskRow.id.in_({i for i, _ in wanted})))
    return {(row.id, row.owner): row for row in rows if (row.id, row.owner) in wanted}


class TaskList(BaseModel):
    """One page of tasks; pass `next_cursor` as `cursor` for the next page (null: last page)."""

    items: list[TaskOut]
    next_cursor: str | None


async def list_tasks(
    session: AsyncSession, owner: str, query: TaskQuery, *, now: datetime
) -> TaskList:
    """List, filter, sort and search the owner's tasks, a page at a time."""
    page = await search_tasks(session, owner, query, now=now)
    return TaskList(
        items=[TaskOut.from_row(row) for row in page.items], next_cursor=page.next_cursor
    )


async def create_task(uow: UnitOfWork, owner: str, data: TaskCreate, *, now: datetime) -> TaskRow:
    """Add a task for `owner` (QuotaExceeded if they have as many as they may keep)."""
    # The common case, a task without reminders, is one statement writing the task (without
    # the ORM's flush; the row stays a plain object for the events and the response) with its
    # outbox rows, committing on its own: two round trips in all, with the zone's read.
    alone = not data.reminders
    if alone:
        await uow.single_statement()
    default_zone = valid_zone(await uow.session.scalar(ZONE_OF_OWNER, {"owner": owner}))
    row = TaskRow(
        id=uuid.uuid4(),
        owner=owner,
        description="",
        priority=0,
        tags=[],
        timezone=default_zone,
        reminders=[],
        completed=False,
        skipped=False,
        occurrence_index=0,
        reminder_version=0,
        series_base_index=0,
        created_at=now,
        updated_at=now,
    )
    fields = {name: getattr(data, name) for name in data.model_fields_set}
    apply_fields(row, fields, default_zone=default_zone)
    await _check_recurrence(row, fields)
    try:
        # The database counts the owner's tasks as the task's insert ends (core.quotas): in the
        # commit's one statement, or in the flush when the task has reminders.
        if alone:
            publish(uow, TaskCreated(task=snapshot(row), actor=uow.actor))
            values = {f"task_{name}": getattr(row, name) for name in _TASK_COLUMNS}
            values["task_reminders"] = "[]"
            values["task_quota"] = quota_param(uow.session)
            uow.insert_on_commit(_INSERT_TASK, values)
        else:
            await arm_task_quota(uow.session)
            uow.session.add(row)
            await uow.session.flush()
            await schedule_reminders(uow, row, now=now)
            publish(uow, TaskCreated(task=snapshot(row), actor=uow.actor))
        await uow.commit()
    except DBAPIError as exc:
        refused = quota_exceeded(uow.session, exc)
        if refused is None:
            raise
        raise refused from None
    return row


async def update_task(
    uow: UnitOfWork, owner: str, task_id: str | uuid.UUID, patch: TaskPatch, *, now: datetime
) -> TaskRow:
    """Change the fields present in `patch`; nothing is written if any rule fails."""
    row = await load_task(uow.session, owner, task_id, for_update=True)
    changes = patch.changes()
    if not changes:
        return row
    before = snapshot(row).model_dump(mode="json")
    default_zone = "UTC"
    if "timezone" in changes and changes["timezone"] is None:
        default_zone = await user_zone(uow.session, owner)
    apply_fields(row, changes, default_zone=default_zone, stored=True)
    await _check_recurrence(row, changes)
    after = snapshot(row).model_dump(mode="json")
    changed = {
        name: FieldChange(before=before[name], after=after[name])
        for name in sorted(after)
        if name in changes or (name == "due" and "timezone" in changes)
        if before[name] != after[name]
    }
    if not changed:  # the patch restated what was there: nothing happened
        return row
    row.updated_at = now
    if _REMINDER_FIELDS & changed.keys():
        await schedule_reminders(uow, row, now=now)
    publish(uow, TaskUpdated(task=snapshot(row), changes=changed, actor=uow.actor))
    await uow.commit()
    return row


async def delete_task(uow: UnitOfWork, owner: str, task_id: str | uuid.UUID) -> None:
    """Delete the owner's task."""
    row = await load_task(uow.session, owner, task_id, for_update=True)
    await cancel_reminders(uow, row)
    publish(uow, TaskDeleted(task=snapshot(row), actor=uow.actor), deleted=True)
    await uow.session.delete(row)
    await uow.commit()


async def complete_task(
    uow: UnitOfWork, owner: str, task_id: str | uuid.UUID, *, now: datetime
) -> TaskRow:
    """Mark the task done; completing a completed task changes nothing."""
    row = await load_task(uow.session, owner, task_id, for_update=True)
    if not row.completed:
        await finish(uow, row, now=now)
    return row


async def finish(uow: UnitOfWork, row: TaskRow, *, now: datetime, skipped: bool = False) -> None:
    """Close an open task, done or (an occurrence of a series) skipped, and commit: its
    reminders go, and recur makes the next occurrence from the event."""
    row.completed = True
    row.skipped = skipped
    row.completed_at = now
    row.updated_at = now
    await cancel_reminders(uow, row)
    event = TaskSkipped if skipped else TaskCompleted
    publish(uow, event(task=snapshot(row), actor=uow.actor))
    await uow.commit()


async def reopen_task(
    uow: UnitOfWork, owner: str, task_id: str | uuid.UUID, *, now: datetime
) -> TaskRow:
    """Mark the task open again; reopening an open task changes nothing.

    Reopening a finished occurrence of a series also takes back the occurrence its completion
    (or skip) made, if nobody has touched that one yet: otherwise "Undo" would leave two open.
    The completion's next occurrence is made again if it is completed once more.
    """
    row = await load_task(uow.session, owner, task_id, for_update=True)
    if row.completed:
        successor = await untouched_successor(uow, row)
        row.completed = False
        row.completed_at = None
        row.skipped = False
        row.updated_at = now
        await schedule_reminders(uow, row, now=now)
        publish(uow, TaskReopened(task=snapshot(row), actor=uow.actor))
        if successor is not None:
            await cancel_reminders(uow, successor)
            publish(uow, TaskDeleted(task=snapshot(successor), actor=uow.actor), deleted=True)
            await uow.session.delete(successor)
        await uow.commit()
    return row
