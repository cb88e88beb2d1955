"""Per-user quotas: how many tasks one user may keep, so no one can fill the shared database.

The limit travels in the session's `info` (the gateway configures its sessionmaker with it),
so every edge that creates tasks through core.services.create_task (REST, MCP, the chat
agent) is held to it. The recur function's next occurrence is not created through it: it
replaces the one completed. Without the key (other processes, tests) there is no quota.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import QuotaExceeded
from core.store.models import TaskRow

MAX_TASKS = "max_tasks"  # the session.info key


async def check_task_quota(session: AsyncSession, owner: str) -> None:
    """Raise QuotaExceeded if `owner` already has the session's MAX_TASKS tasks."""
    limit = session.info.get(MAX_TASKS)
    if limit is None:
        return
    # One user's creates queue here until this transaction ends, so two of them cannot both
    # see room for one more; other users take other locks.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext('tasks-quota'), hashtext(:owner))"),
        {"owner": owner},
    )
    count = await session.scalar(
        select(func.count()).select_from(TaskRow).where(TaskRow.owner == owner)
    )
    if (count or 0) >= limit:
        raise QuotaExceeded(
            f"task limit reached: {limit} tasks per user (open and completed); "
            "delete some to add more",
            limit=limit,
        )
