"""The transactional outbox: events and reminders are written with their change, or not at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.errors import TaskStateConflict
from core.store.eventing_models import OutboxRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)


def owner() -> str:
    import uuid

    return f"outbox-{uuid.uuid4().hex[:8]}"


async def rows_for(sessions: async_sessionmaker[AsyncSession], user: str) -> list[OutboxRow]:
    async with sessions() as session:
        query = select(OutboxRow).where(OutboxRow.partition_key == user).order_by(OutboxRow.id)
        return list((await session.execute(query)).scalars())


async def pending_reminders(
    sessions: async_sessionmaker[AsyncSession], user: str
) -> list[OutboxRow]:
    return [
        row
        for row in await rows_for(sessions, user)
        if row.topic == "reminders" and row.sent_at is None
    ]


async def test_a_change_writes_its_events_in_the_same_transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    user = owner()
    async with UnitOfWork(sessionmaker) as uow:
        task = await services.create_task(uow, user, TaskCreate(title="write events"), now=NOW)
    rows = await rows_for(sessionmaker, user)
    assert [(row.topic, row.type) for row in rows] == [
        ("task-events", "todo.task.created"),
        ("task-updates", "todo.update.task"),
    ]
    created = rows[0]
    assert created.subject == str(task.id)
    assert created.source == "/todo/gateway"
    assert created.data["task"]["title"] == "write events"
    assert created.data["actor"] == "user"
    assert created.dataschema == "urn:todo-events:schema:todo.task.created:v1"


async def test_a_rejected_change_writes_no_event(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    user = owner()
    async with UnitOfWork(sessionmaker) as uow:
        task = await services.create_task(uow, user, TaskCreate(title="t"), now=NOW)
    before = len(await rows_for(sessionmaker, user))
    with pytest.raises(TaskStateConflict):  # a rule with the due date the task keeps
        async with UnitOfWork(sessionmaker) as uow:
            patch = TaskPatch.model_validate({"recurrence": {"rule": "FREQ=DAILY"}})
            await services.update_task(uow, user, task.id, patch, now=NOW)
    assert len(await rows_for(sessionmaker, user)) == before


async def test_update_event_names_each_changed_field(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    user = owner()
    async with UnitOfWork(sessionmaker) as uow:
        task = await services.create_task(uow, user, TaskCreate(title="old", tags=["a"]), now=NOW)
    async with UnitOfWork(sessionmaker, actor="agent") as uow:
        patch = TaskPatch.model_validate({"title": "new", "tags": ["a"], "priority": "high"})
        await services.update_task(uow, user, task.id, patch, now=NOW)
    updated = [r for r in await rows_for(sessionmaker, user) if r.type == "todo.task.updated"]
    assert len(updated) == 1
    assert updated[0].data["changes"] == {
        "priority": {"before": "none", "after": "high"},
        "title": {"before": "old", "after": "new"},
    }
    assert updated[0].data["actor"] == "agent"
    # Restating the same values is not a change: no event.
    async with UnitOfWork(sessionmaker) as uow:
        await services.update_task(uow, user, task.id, TaskPatch(title="new"), now=NOW)
    assert (
        len([r for r in await rows_for(sessionmaker, user) if r.type == "todo.task.updated"]) == 1
    )


async def test_reminders_follow_their_task(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    user = owner()
    due = NOW + timedelta(days=2)
    body = TaskCreate.model_validate(
        {
            "title": "dentist",
            "due": due.isoformat(),
            "reminders": [{"before": "PT30M"}, {"at": (NOW + timedelta(hours=1)).isoformat()}],
        }
    )
    async with UnitOfWork(sessionmaker) as uow:
        task = await services.create_task(uow, user, body, now=NOW)
    pending = await pending_reminders(sessionmaker, user)
    assert sorted(row.deliver_at for row in pending) == [
        NOW + timedelta(hours=1),
        due - timedelta(minutes=30),
    ]
    assert {row.data["reminder_version"] for row in pending} == {1}

    # Moving the due date moves the relative reminder, in the same transaction.
    later = due + timedelta(days=1)
    async with UnitOfWork(sessionmaker) as uow:
        await services.update_task(
            uow, user, task.id, TaskPatch.model_validate({"due": later.isoformat()}), now=NOW
        )
    pending = await pending_reminders(sessionmaker, user)
    assert sorted(row.deliver_at for row in pending) == [
        NOW + timedelta(hours=1),
        later - timedelta(minutes=30),
    ]
    assert {row.data["reminder_version"] for row in pending} == {2}

    async with UnitOfWork(sessionmaker) as uow:
        await services.complete_task(uow, user, task.id, now=NOW)
    assert await pending_reminders(sessionmaker, user) == []

    async with UnitOfWork(sessionmaker) as uow:
        await services.reopen_task(uow, user, task.id, now=NOW)
    assert len(await pending_reminders(sessionmaker, user)) == 2

    async with UnitOfWork(sessionmaker) as uow:
        await services.delete_task(uow, user, task.id)
    assert await pending_reminders(sessionmaker, user) == []


async def test_reminders_in_the_past_are_not_scheduled(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    user = owner()
    body = TaskCreate.model_validate(
        {"title": "late", "reminders": [{"at": (NOW - timedelta(minutes=5)).isoformat()}]}
    )
    async with UnitOfWork(sessionmaker) as uow:
        await services.create_task(uow, user, body, now=NOW)
    assert await pending_reminders(sessionmaker, user) == []
