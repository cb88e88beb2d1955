"""`GET /api/activity`: the user's activity log, newest first, a page at a time
(core.services.activity)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query

from core.services.activity import ActivityPage, list_activity
from gateway.auth import CurrentUser
from gateway.deps import Session

router = APIRouter(prefix="/api", tags=["activity"])


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
    return await list_activity(session, user.user_id, task_id=task_id, limit=limit, cursor=cursor)
