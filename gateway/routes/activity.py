"""`GET /api/activity`: the user's activity log, newest first, a page at a time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from core.cursor import decode_cursor, encode_cursor
from core.errors import InvalidCursor
from core.store.eventing_models import ActivityRow
from gateway.auth import CurrentUser
from gateway.deps import Session

router = APIRouter(prefix="/api", tags=["activity"])


class ActivityOut(BaseModel):
    """One entry: which event, about which task, by whom, when, and what changed."""

    seq: int
    event_id: str
    type: str
    task_id: uuid.UUID | None
    actor: str
    time: datetime
    changes: dict[str, Any]


class ActivityPage(BaseModel):
    """A page of entries and the cursor of the next (null on the last)."""

    items: list[ActivityOut]
    next_cursor: str | None


async def read_activity(
    session: Any, owner: str, task_id: uuid.UUID | None, limit: int, cursor: str | None
) -> ActivityPage:
    """The owner's entries (of one task, if given), newest first."""
    shape = f"activity:{owner}:{task_id}"
    query = select(ActivityRow).where(ActivityRow.owner == owner)
    if task_id is not None:
        query = query.where(ActivityRow.task_id == task_id)
    if cursor:
        [before] = decode_cursor(cursor, shape, ["int"])
        if type(before) is not int:  # the int kind also decodes null (nullable sort keys)
            raise InvalidCursor("cursor is not valid; start again without one", field="cursor")
        query = query.where(ActivityRow.seq < before)
    rows = list(
        (await session.execute(query.order_by(ActivityRow.seq.desc()).limit(limit + 1))).scalars()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        ActivityOut(
            seq=row.seq, event_id=row.event_id, type=row.event_type, task_id=row.task_id,
            actor=row.actor, time=row.occurred_at, changes=row.changes,
        )
        for row in rows
    ]  # fmt: skip
    next_cursor = encode_cursor(shape, [rows[-1].seq], ["int"]) if more and rows else None
    return ActivityPage(items=items, next_cursor=next_cursor)


@router.get("/activity", response_model=ActivityPage, operation_id="list_activity")
async def activity(
    user: CurrentUser,
    session: Session,
    task_id: uuid.UUID | None = Query(default=None, description="only this task's entries"),
    limit: int = Query(default=50, ge=1, le=200),
    cursor: str | None = Query(
        default=None, min_length=1, max_length=2048, description="`next_cursor` of the last page"
    ),
) -> ActivityPage:
    """What happened to the user's tasks (or to one task), newest first."""
    return await read_activity(session, user.user_id, task_id, limit, cursor)
