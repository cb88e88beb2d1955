"""Series rules in core.services.series, without HTTP: skip, next occurrence, delete a series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.errors import TaskNotFound, TaskStateConflict
from core.events import TaskDeleted, TaskSkipped, snapshot
from core.services import series
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
DUE = datetime(2030, 1, 20, 9, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]
DAILY = {"rule": "FREQ=DAILY"}


async def create(sessions: Sessions, owner: str, **body: object) -> TaskRow:
    async with UnitOfWork(sessions) as uow:
        return await services.create_task(uow, owner, TaskCreate.model_validate(body), now=NOW)


async def occurrences(sessions: Sessions, owner: str) -> list[TaskRow]:
    async with sessions() as session:
        query = select(TaskRow).where(TaskRow.owner == owner).order_by(TaskRow.occurrence_index)
        return list((await session.execute(query)).scalars())


async def test_skip_closes_the_occurrence_and_the_next_follows_once(
    sessionmaker: Sessions, owner: str
) -> None:
    task = await create(
        sessionmaker, owner, title="Stretch", due=DUE.isoformat(), recurrence=DAILY,
        reminders=[{"before": "PT10M"}],
    )  # fmt: skip
    async with UnitOfWork(sessionmaker) as uow:
        skipped = await series.skip_task(uow, owner, task.id, now=NOW)
    assert (skipped.completed, skipped.skipped, skipped.completed_at) == (True, True, NOW)
    assert isinstance(uow.events[0], TaskSkipped)

    # What recur does with the skip's event: the next occurrence, a day on, exactly once.
    for made in (True, False):
        async with UnitOfWork(sessionmaker, actor="function:recur") as uow:
            following = await series.create_next_occurrence(uow, snapshot(skipped), now=NOW)
            await uow.commit()
        assert (following is not None) is made
    first, second = await occurrences(sessionmaker, owner)
    assert first.id == task.id and second.occurrence_index == 1
    assert second.due == DUE + timedelta(days=1)
    assert (second.completed, second.skipped, second.reminders) == (
        False, False, [{"before": "PT10M"}],
    )  # fmt: skip


async def test_only_an_open_occurrence_of_a_series_can_be_skipped(
    sessionmaker: Sessions, owner: str
) -> None:
    one_off = await create(sessionmaker, owner, title="Once", due=DUE.isoformat())
    with pytest.raises(TaskStateConflict):
        async with UnitOfWork(sessionmaker) as uow:
            await series.skip_task(uow, owner, one_off.id, now=NOW)
    repeating = await create(
        sessionmaker, owner, title="Daily", due=DUE.isoformat(), recurrence=DAILY
    )
    async with UnitOfWork(sessionmaker) as uow:
        await series.skip_task(uow, owner, repeating.id, now=NOW)
    with pytest.raises(TaskStateConflict):
        async with UnitOfWork(sessionmaker) as uow:
            await series.skip_task(uow, owner, repeating.id, now=NOW)
    async with sessionmaker() as session:
        assert not (await services.get_task(session, owner, one_off.id)).completed


async def test_a_reopened_occurrence_makes_no_next_one(sessionmaker: Sessions, owner: str) -> None:
    task = await create(sessionmaker, owner, title="Plants", due=DUE.isoformat(), recurrence=DAILY)
    async with UnitOfWork(sessionmaker) as uow:
        done = snapshot(await services.complete_task(uow, owner, task.id, now=NOW))
    async with UnitOfWork(sessionmaker) as uow:
        await services.reopen_task(uow, owner, task.id, now=NOW)
    async with UnitOfWork(sessionmaker) as uow:
        assert await series.create_next_occurrence(uow, done, now=NOW) is None
    assert len(await occurrences(sessionmaker, owner)) == 1


async def test_delete_series_deletes_every_occurrence(sessionmaker: Sessions, owner: str) -> None:
    task = await create(sessionmaker, owner, title="Gym", due=DUE.isoformat(), recurrence=DAILY)
    async with UnitOfWork(sessionmaker) as uow:
        done = snapshot(await services.complete_task(uow, owner, task.id, now=NOW))
    async with UnitOfWork(sessionmaker) as uow:
        await series.create_next_occurrence(uow, done, now=NOW)
        await uow.commit()
    keep = await create(sessionmaker, owner, title="Not in the series")
    async with UnitOfWork(sessionmaker) as uow:
        assert await series.delete_series(uow, owner, task.id) == 2
    deleted = [event for event in uow.events if isinstance(event, TaskDeleted)]
    assert [event.scope for event in deleted] == ["series", "series"]
    assert [row.id for row in await occurrences(sessionmaker, owner)] == [keep.id]
    with pytest.raises(TaskNotFound):
        async with UnitOfWork(sessionmaker) as uow:
            await series.delete_series(uow, owner, task.id)
