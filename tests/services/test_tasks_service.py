"""Task rules in core.services.tasks, without HTTP: change detection, reminder rescheduling."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.errors import TaskNotFound
from core.events import REMINDERS, TaskUpdated
from core.store.eventing_models import OutboxRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.task_query import TaskQuery
from core.tasks import TaskCreate, TaskPatch

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
DUE = datetime(2030, 1, 20, 9, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


async def create(sessions: Sessions, owner: str, **body: Any) -> TaskRow:
    async with UnitOfWork(sessions) as uow:
        return await services.create_task(uow, owner, TaskCreate.model_validate(body), now=NOW)


async def update(sessions: Sessions, owner: str, task_id: uuid.UUID, **patch: Any) -> UnitOfWork:
    """The unit of work the patch ran in (its `events`: what the commit published)."""
    async with UnitOfWork(sessions) as uow:
        await services.update_task(uow, owner, task_id, TaskPatch.model_validate(patch), now=NOW)
    return uow


async def pending_reminders(sessions: Sessions, task_id: uuid.UUID) -> list[OutboxRow]:
    async with sessions() as session:
        query = select(OutboxRow).where(
            OutboxRow.task_id == task_id, OutboxRow.topic == REMINDERS, OutboxRow.sent_at.is_(None)
        )
        return list((await session.execute(query.order_by(OutboxRow.id))).scalars())


async def stored(sessions: Sessions, owner: str, task_id: uuid.UUID) -> TaskRow:
    async with sessions() as session:
        return await services.get_task(session, owner, task_id)


async def test_a_patch_restating_the_task_publishes_nothing(
    sessionmaker: Sessions, owner: str
) -> None:
    task = await create(sessionmaker, owner, title="Pay rent", tags=["home"], due=DUE.isoformat())
    same = await update(
        sessionmaker, owner, task.id, title="Pay rent", tags=["home"], due=DUE.isoformat()
    )
    assert same.events == []
    assert (await stored(sessionmaker, owner, task.id)).updated_at == task.updated_at
    # A real change is an update naming only what changed.
    renamed = await update(sessionmaker, owner, task.id, title="Pay the rent", tags=["home"])
    [updated, _live] = renamed.events
    assert isinstance(updated, TaskUpdated)
    assert set(updated.changes) == {"title"}
    assert updated.changes["title"].after == "Pay the rent"


async def test_moving_due_reschedules_the_reminders(sessionmaker: Sessions, owner: str) -> None:
    task = await create(
        sessionmaker, owner, title="Dentist", due=DUE.isoformat(), reminders=[{"before": "PT30M"}]
    )
    [first] = await pending_reminders(sessionmaker, task.id)
    assert first.deliver_at == DUE - timedelta(minutes=30)
    version = (await stored(sessionmaker, owner, task.id)).reminder_version

    later = DUE + timedelta(days=2)
    await update(sessionmaker, owner, task.id, due=later.isoformat())
    [moved] = await pending_reminders(sessionmaker, task.id)
    assert moved.deliver_at == later - timedelta(minutes=30)
    after_move = (await stored(sessionmaker, owner, task.id)).reminder_version
    assert after_move > version  # a reminder already on its way is recognised as stale
    assert moved.data["reminder_version"] == after_move

    # A change that does not touch when they fire leaves the reminders as they are.
    await update(sessionmaker, owner, task.id, title="Dentist at 9")
    [kept] = await pending_reminders(sessionmaker, task.id)
    assert kept.id == moved.id
    assert (await stored(sessionmaker, owner, task.id)).reminder_version == after_move


async def test_completing_cancels_the_reminders(sessionmaker: Sessions, owner: str) -> None:
    task = await create(
        sessionmaker, owner, title="Call", due=DUE.isoformat(), reminders=[{"before": "PT1H"}]
    )
    assert len(await pending_reminders(sessionmaker, task.id)) == 1
    async with UnitOfWork(sessionmaker) as uow:
        await services.complete_task(uow, owner, task.id, now=NOW)
    assert await pending_reminders(sessionmaker, task.id) == []


async def test_another_users_task_is_not_found(sessionmaker: Sessions, owner: str) -> None:
    task = await create(sessionmaker, owner, title="Mine")
    with pytest.raises(TaskNotFound):
        await update(sessionmaker, "someone-else", task.id, title="Theirs now")
    with pytest.raises(TaskNotFound):
        await update(sessionmaker, owner, uuid.uuid4(), title="Nothing")
    assert (await stored(sessionmaker, owner, task.id)).title == "Mine"


async def test_list_tasks_pages_with_a_cursor(sessionmaker: Sessions, owner: str) -> None:
    for title in ("a", "b", "c"):
        await create(sessionmaker, owner, title=title)
    async with sessionmaker() as session:
        query = TaskQuery.model_validate({"sort": "title", "order": "asc", "limit": 2})
        first = await services.list_tasks(session, owner, query, now=NOW)
        assert [item.title for item in first.items] == ["a", "b"]
        assert first.next_cursor is not None
        query = query.model_copy(update={"cursor": first.next_cursor})
        rest = await services.list_tasks(session, owner, query, now=NOW)
    assert [item.title for item in rest.items] == ["c"]
    assert rest.next_cursor is None


async def test_tasks_by_key_answers_only_each_owners_own(
    sessionmaker: Sessions, owner: str
) -> None:
    mine = await create(sessionmaker, owner, title="Mine")
    theirs = await create(sessionmaker, f"{owner}-other", title="Theirs")
    async with sessionmaker() as session:
        found = await services.tasks_by_key(
            session,
            [(mine.id, owner), (theirs.id, owner), (uuid.uuid4(), owner), (mine.id, owner)],
        )
        assert {key: row.title for key, row in found.items()} == {(mine.id, owner): "Mine"}
        assert await services.tasks_by_key(session, []) == {}
