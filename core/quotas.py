"""Per-user quotas: how many tasks one user may keep, so no one can fill the shared database.

The limit travels in the session's `info` (the gateway configures its sessionmaker with it),
so every edge that creates tasks through core.services.create_task (REST, MCP, the chat
agent) is held to it. The recur function's next occurrence is not created through it: it
replaces the one completed. Without the key (other processes, tests) there is no quota.

The database enforces it (migration 0018): statement triggers keep each owner's count in
`task_counts` and refuse a count beyond the transaction's `todo.max_tasks` setting at the end
of the statement that adds the task. The counter row stays locked from there to the commit; a
create without reminders is that one statement committing on its own, so one user's parallel
creates do not wait for each other's round trips, and no create counts the user's tasks.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import QuotaExceeded

MAX_TASKS = "max_tasks"  # the session.info key
# SQL that arms the quota for the transaction it runs in (`:task_quota`, see `quota_param`);
# set_config's `true`: for that transaction only.
ARM_TASK_QUOTA = "set_config('todo.max_tasks', :task_quota, true)"
_ARM = text(f"SELECT {ARM_TASK_QUOTA}")
_OVER_QUOTA = "TQ001"  # the SQLSTATE the count trigger raises (migration 0018)


def quota_param(session: AsyncSession) -> str:
    """The value of ARM_TASK_QUOTA's parameter: the session's limit, or '' (no limit)."""
    limit = session.info.get(MAX_TASKS)
    return "" if limit is None else str(int(limit))


async def arm_task_quota(session: AsyncSession) -> None:
    """Make the statements of this transaction that add tasks fail (see `quota_exceeded`) if an
    owner would then have more than the session's MAX_TASKS tasks."""
    if session.info.get(MAX_TASKS) is not None:
        await session.execute(_ARM, {"task_quota": quota_param(session)})


def quota_exceeded(session: AsyncSession, error: DBAPIError) -> QuotaExceeded | None:
    """The QuotaExceeded a failed write means, or None if it failed for another reason."""
    if _sqlstate(error) != _OVER_QUOTA:
        return None
    limit = int(session.info[MAX_TASKS])
    return QuotaExceeded(
        f"task limit reached: {limit} tasks per user (open and completed); delete some to add more",
        limit=limit,
    )


def _sqlstate(error: DBAPIError) -> str | None:
    # SQLAlchemy's asyncpg adapter copies asyncpg's `sqlstate` (also as `pgcode`).
    orig = error.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
