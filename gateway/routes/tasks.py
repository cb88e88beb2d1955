"""REST routes of /api/tasks: thin edges over core.services (tasks, series, settings)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from core import services
from core.counts import TaskCounts, count_tasks
from core.errors import InvalidQuery
from core.services import series
from core.services.settings import user_zone
from core.services.tasks import TaskList
from core.task_query import TaskQuery
from core.tasks import TaskCreate, TaskOut, TaskPatch
from core.timefmt import check_timezone
from gateway.auth import CurrentUser
from gateway.deps import Now, Session, Uow

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TaskOut)
async def create_task(
    body: TaskCreate, user: CurrentUser, uow: Uow, now: Now, response: Response
) -> TaskOut:
    """Add a task."""
    row = await services.create_task(uow, user.user_id, body, now=now)
    response.headers["Location"] = f"/api/tasks/{row.id}"
    return TaskOut.from_row(row)


@router.get("", response_model=TaskList)
async def list_tasks(
    query: Annotated[TaskQuery, Query()], user: CurrentUser, session: Session, now: Now
) -> TaskList:
    """List, filter, sort and search the user's tasks, a page at a time."""
    return await services.list_tasks(session, user.user_id, query, now=now)


# Task ids are UUIDs in the path (`{task_id:uuid}`), so "counts" and "parse" are never read as
# one, and a method those paths do not take is a 405 that lists only theirs.
@router.get("/counts", response_model=TaskCounts)
async def task_counts(
    user: CurrentUser,
    session: Session,
    now: Now,
    timezone: Annotated[
        str | None,
        Query(
            min_length=1,
            description="IANA zone whose days count; default: the user's settings zone",
        ),
    ] = None,
) -> TaskCounts:
    """How many tasks each view lists, with today in `timezone`.

    - `inbox`: open tasks (`status=open`).
    - `today`: open tasks due before the start of tomorrow, overdue ones included
      (`due_before=<tomorrow 00:00>`).
    - `overdue`: open tasks due before now (`overdue=true`).
    - `upcoming`: open tasks due from the start of today to before the start of the day 14 days
      on (`due_after=<today 00:00>&due_before=<today+14 00:00>`).
    - `completed`: completed tasks, skipped occurrences included (`status=completed`).
    - `tags`: `[{"tag", "count"}]`, open tasks per tag, sorted by tag.
    """
    if timezone is None:
        timezone = await user_zone(session, user.user_id)
    else:
        try:
            timezone = check_timezone(timezone)
        except ValueError as exc:
            raise InvalidQuery(str(exc), field="timezone") from None
    return await count_tasks(session, user.user_id, now=now, timezone=timezone)


@router.get("/{task_id:uuid}", response_model=TaskOut)
async def get_task(task_id: uuid.UUID, user: CurrentUser, session: Session) -> TaskOut:
    """One task."""
    return TaskOut.from_row(await services.get_task(session, user.user_id, task_id))


@router.patch("/{task_id:uuid}", response_model=TaskOut)
async def update_task(
    task_id: uuid.UUID, body: TaskPatch, user: CurrentUser, uow: Uow, now: Now
) -> TaskOut:
    """Change some fields; send null to clear due, recurrence or description."""
    row = await services.update_task(uow, user.user_id, task_id, body, now=now)
    return TaskOut.from_row(row)


@router.delete("/{task_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_task(
    task_id: uuid.UUID,
    user: CurrentUser,
    uow: Uow,
    scope: Annotated[Literal["task", "series"], Query(description="series: end it all")] = "task",
) -> Response:
    """Delete a task, or with `scope=series` every occurrence of its series."""
    if scope == "series":
        await series.delete_series(uow, user.user_id, task_id)
    else:
        await services.delete_task(uow, user.user_id, task_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{task_id:uuid}/complete", response_model=TaskOut)
async def complete_task(task_id: uuid.UUID, user: CurrentUser, uow: Uow, now: Now) -> TaskOut:
    """Mark a task done (idempotent)."""
    return TaskOut.from_row(await services.complete_task(uow, user.user_id, task_id, now=now))


@router.post("/{task_id:uuid}/skip", response_model=TaskOut)
async def skip_task(task_id: uuid.UUID, user: CurrentUser, uow: Uow, now: Now) -> TaskOut:
    """Skip this occurrence of a recurring task; the next one follows as after completion."""
    return TaskOut.from_row(await series.skip_task(uow, user.user_id, task_id, now=now))


@router.post("/{task_id:uuid}/reopen", response_model=TaskOut)
async def reopen_task(task_id: uuid.UUID, user: CurrentUser, uow: Uow, now: Now) -> TaskOut:
    """Mark a task open again (idempotent)."""
    return TaskOut.from_row(await services.reopen_task(uow, user.user_id, task_id, now=now))
