"""The push function: each update stored once in its user's stream, with a NOTIFY."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channels import UPDATES_CHANNEL
from core.events import NotificationsRead, TaskChanged, snapshot
from core.services import create_task
from core.store.db import asyncpg_dsn
from core.store.eventing_models import UpdateRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from tests.functions.conftest import FunctionClient
from tests.support.cloud_events import MODES, cloud_event
from tests.support.waits import eventually_async


@pytest.mark.parametrize("mode", MODES)
async def test_update_is_stored_once_and_announced(
    mode: str,
    function_client: FunctionClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
) -> None:
    owner = f"push-{uuid.uuid4().hex[:8]}"
    heard: list[str] = []
    listener = await asyncpg.connect(asyncpg_dsn(database_url))
    await listener.add_listener(UPDATES_CHANNEL, lambda *args: heard.append(args[-1]))
    try:
        async with UnitOfWork(sessionmaker) as uow:  # push sends the task as stored
            row = await create_task(uow, owner, TaskCreate(title="live"), now=datetime.now(UTC))
        event = cloud_event(TaskChanged(op="upsert", task=snapshot(row)))
        headers, body = MODES[mode](event)
        client = function_client("push")
        for _ in range(2):
            assert (await client.post("/", content=body, headers=headers)).status_code == 200
        await eventually_async(lambda: heard, 2.5, "the update's NOTIFY")
    finally:
        await listener.close()
    async with sessionmaker() as session:
        rows = (
            (await session.execute(select(UpdateRow).where(UpdateRow.owner == owner)))
            .scalars()
            .all()
        )
    assert len(rows) == 1
    assert rows[0].payload["kind"] == "task" and rows[0].payload["task"]["title"] == "live"
    assert "owner" not in rows[0].payload["task"]
    assert rows[0].seq == 1  # the user's own count: a new user's first update is 1
    assert heard == [f"{rows[0].seq}:{owner}"]
    assert rows[0].created_at <= datetime.now(UTC)


async def test_read_notifications_become_a_notifications_read_update(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"push-{uuid.uuid4().hex[:8]}"
    read_one = uuid.uuid4()
    client = function_client("push")
    for event in (
        NotificationsRead(owner=owner, ids=[read_one], unread=2),
        NotificationsRead(owner=owner, ids=None, unread=0),
    ):
        headers, body = MODES["structured"](cloud_event(event))
        assert (await client.post("/", content=body, headers=headers)).status_code == 200
    async with sessionmaker() as session:
        query = select(UpdateRow).where(UpdateRow.owner == owner).order_by(UpdateRow.seq)
        rows = (await session.execute(query)).scalars().all()
    assert [row.seq for row in rows] == [1, 2]
    assert [row.payload for row in rows] == [
        {"kind": "notifications_read", "ids": [str(read_one)], "unread": 2},
        {"kind": "notifications_read", "ids": None, "unread": 0},
    ]
