"""Tasks a test needs in the database, written through the real service layer and unit of
work (so each change also writes its outbox rows), and what they look like as events."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.events import TaskSnapshot
from core.store.eventing_models import ActivityRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch


def snapshot(owner: str, **fields: object) -> TaskSnapshot:
    """A task as events carry it, owned by `owner`, with `fields` changed."""
    now = datetime.now(UTC).isoformat()
    base: dict[str, object] = {
        "id": str(uuid.uuid4()), "title": "audited", "description": "", "priority": "none",
        "tags": [], "due": None, "timezone": "UTC", "recurrence": None, "reminders": [],
        "completed": False, "completed_at": None, "series_id": None, "created_at": now,
        "updated_at": now, "owner": owner,
    }  # fmt: skip
    return TaskSnapshot.model_validate({**base, **fields})


async def make_tasks(sessions: async_sessionmaker[AsyncSession], user: str, n: int) -> None:
    """Create `n` tasks for `user` (each writes its events to the outbox)."""
    for i in range(n):
        async with UnitOfWork(sessions) as uow:
            await services.create_task(
                uow, user, TaskCreate(title=f"{user} #{i}"), now=datetime.now(UTC)
            )


async def write(
    sessions: async_sessionmaker[AsyncSession],
    users: list[str],
    rounds: int,
    until: asyncio.Event | None = None,
) -> None:
    """Change tasks for at least `rounds` rounds, and on until `until` is set.

    Waiting for `until` keeps the writes flowing through every planned kill, however fast
    the machine writes.
    """
    rng = random.Random(7)
    now = datetime.now(UTC)
    i = 0
    while i < rounds or (until is not None and not until.is_set()):
        user = rng.choice(users)
        async with UnitOfWork(sessions) as uow:
            task = await services.create_task(uow, user, TaskCreate(title=f"t{i}"), now=now)
        async with UnitOfWork(sessions) as uow:
            await services.update_task(uow, user, task.id, TaskPatch(title=f"t{i}!"), now=now)
        if i % 3 == 0:
            async with UnitOfWork(sessions) as uow:
                await services.complete_task(uow, user, task.id, now=now)
        await asyncio.sleep(0.005)  # deliberate: a steady flow, not one burst
        i += 1


async def scalar(sessions: async_sessionmaker[AsyncSession], sql: str) -> int:
    """The integer one SQL query returns (0 for NULL)."""
    async with sessions() as session:
        return int((await session.scalar(text(sql))) or 0)


async def audited(sessions: async_sessionmaker[AsyncSession], user: str) -> list[str]:
    """The titles `user`'s audit entries record, in the chain's order."""
    async with sessions() as session:
        rows = await session.execute(
            select(ActivityRow).where(ActivityRow.owner == user).order_by(ActivityRow.seq)
        )
        return [row.changes["title"]["after"] for row in rows.scalars()]
