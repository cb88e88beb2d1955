"""The fast write of a new task: the same task row, outbox rows and NOTIFY as the ORM wrote."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.channels import OUTBOX_CHANNEL
from core.errors import QuotaExceeded
from core.events import snapshot
from core.quotas import MAX_TASKS
from core.store.db import asyncpg_dsn
from core.store.eventing_models import OutboxRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)


async def _listen(database_url: str) -> tuple[asyncpg.Connection, asyncio.Queue[str]]:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    heard: asyncio.Queue[str] = asyncio.Queue()
    await conn.add_listener(OUTBOX_CHANNEL, lambda *args: heard.put_nowait(args[3]))
    return conn, heard


async def test_new_task_row_outbox_rows_and_notify(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    user = f"write-{uuid.uuid4().hex[:8]}"
    listener, heard = await _listen(database_url)
    try:
        body = TaskCreate.model_validate({"title": "Buy milk", "priority": "high", "tags": ["x"]})
        async with UnitOfWork(sessionmaker) as uow:
            task = await services.create_task(uow, user, body, now=NOW)
        assert await asyncio.wait_for(heard.get(), 5) == ""
    finally:
        await listener.close()
    async with sessionmaker() as session:
        stored = await session.get(TaskRow, task.id)
        assert stored is not None
        assert snapshot(stored) == snapshot(task)  # every column as the returned row says
        assert (stored.reminder_version, stored.series_base_index) == (0, 0)
        rows = list(
            (
                await session.execute(
                    select(OutboxRow).where(OutboxRow.partition_key == user).order_by(OutboxRow.id)
                )
            ).scalars()
        )
        db_now = await session.scalar(select(func.now()))
    assert [row.topic for row in rows] == ["task-events", "task-updates"]
    assert all(row.subject == str(task.id) and row.task_id is None for row in rows)
    assert rows[0].data["task"] == snapshot(task).model_dump(mode="json")
    assert rows[1].data["op"] == "upsert"
    assert rows[0].time == rows[1].time and rows[0].event_id != rows[1].event_id
    assert db_now is not None
    assert all(row.deliver_at <= db_now and row.attempts == 0 for row in rows)


async def test_refused_create_writes_nothing_and_notifies_nothing(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    user = f"write-{uuid.uuid4().hex[:8]}"
    limited = async_sessionmaker(
        sessionmaker.kw["bind"], expire_on_commit=False, info={MAX_TASKS: 1}
    )
    async with UnitOfWork(limited) as uow:
        await services.create_task(uow, user, TaskCreate(title="one"), now=NOW)
    listener, heard = await _listen(database_url)
    try:
        with pytest.raises(QuotaExceeded):
            async with UnitOfWork(limited) as uow:
                await services.create_task(uow, user, TaskCreate(title="two"), now=NOW)
        await asyncio.sleep(0.3)  # deliberate: time for a NOTIFY that must not come
        assert heard.empty()
    finally:
        await listener.close()
    async with sessionmaker() as session:
        tasks = await session.scalar(select(func.count()).where(TaskRow.owner == user))
        events = await session.scalar(select(func.count()).where(OutboxRow.partition_key == user))
    assert (tasks, events) == (1, 2)
