"""The recur function through functions-framework: the next occurrence, exactly once."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.events import TaskCompleted, snapshot
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from tests.functions.conftest import FunctionClient
from tests.support.cloud_events import MODES, cloud_event

NOW = datetime.now(UTC)


async def completed_task(
    sessions: async_sessionmaker[AsyncSession], body: dict[str, Any], owner: str | None = None
) -> TaskRow:
    owner = owner or f"recur-{uuid.uuid4().hex[:8]}"
    async with UnitOfWork(sessions) as uow:
        task = await services.create_task(uow, owner, TaskCreate.model_validate(body), now=NOW)
    async with UnitOfWork(sessions) as uow:
        return await services.complete_task(uow, owner, task.id, now=NOW)


async def series(sessions: async_sessionmaker[AsyncSession], row: TaskRow) -> list[TaskRow]:
    async with sessions() as session:
        query = (
            select(TaskRow)
            .where(TaskRow.series_id == row.series_id)
            .order_by(TaskRow.occurrence_index)
        )
        return list((await session.execute(query)).scalars())


@pytest.mark.parametrize("mode", MODES)
async def test_completion_creates_the_next_occurrence_once(
    mode: str, function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    due = "2031-03-29T09:00:00+01:00"  # Berlin springs forward on Sunday 30 March 2031
    done = await completed_task(
        sessionmaker,
        {
            "title": "water plants",
            "tags": ["home"],
            "priority": "high",
            "due": due,
            "timezone": "Europe/Berlin",
            "recurrence": {"rule": "FREQ=DAILY"},
            "reminders": [{"before": "PT15M"}],
        },
    )
    headers, body = MODES[mode](cloud_event(TaskCompleted(task=snapshot(done), actor="user")))
    client = function_client("recur")
    for _ in range(3):  # redeliveries change nothing
        assert (await client.post("/", content=body, headers=headers)).status_code == 200
    first, second = await series(sessionmaker, done)
    assert (first.id, second.occurrence_index) == (done.id, 1)
    # 09:00 stays 09:00 across the change to summer time.
    assert second.due is not None
    assert second.due.isoformat() == "2031-03-30T07:00:00+00:00"
    assert (second.title, second.tags, second.priority) == ("water plants", ["home"], 3)
    assert second.recurrence_rule == "FREQ=DAILY" and not second.completed
    assert second.reminders == [{"before": "PT15M"}]


async def test_a_second_completion_of_the_same_occurrence_adds_nothing(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    done = await completed_task(
        sessionmaker,
        {"title": "t", "due": "2031-01-31T09:00:00Z", "recurrence": {"rule": "FREQ=MONTHLY"}},
    )
    client = function_client("recur")
    # Two different events about the same occurrence (complete, reopen, complete), in parallel.
    events = [cloud_event(TaskCompleted(task=snapshot(done), actor="user")) for _ in range(2)]
    requests = [MODES["structured"](event) for event in events]
    responses = await asyncio.gather(
        *(client.post("/", content=body, headers=headers) for headers, body in requests)
    )
    assert [r.status_code for r in responses] == [200, 200]
    tasks = await series(sessionmaker, done)
    assert [t.occurrence_index for t in tasks] == [0, 1]
    # Monthly on the 31st skips February, it does not drift to the 28th.
    assert tasks[1].due == datetime(2031, 3, 31, 9, 0, tzinfo=UTC)


async def test_count_ends_the_series(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"recur-{uuid.uuid4().hex[:8]}"
    done = await completed_task(
        sessionmaker,
        {
            "title": "twice",
            "due": "2031-05-01T08:00:00Z",
            "recurrence": {"rule": "FREQ=WEEKLY;COUNT=2"},
        },
        owner,
    )
    client = function_client("recur")
    headers, body = MODES["binary"](cloud_event(TaskCompleted(task=snapshot(done), actor="user")))
    assert (await client.post("/", content=body, headers=headers)).status_code == 200
    _, last = await series(sessionmaker, done)
    async with UnitOfWork(sessionmaker) as uow:
        last = await services.complete_task(uow, owner, last.id, now=NOW)
    headers, body = MODES["binary"](cloud_event(TaskCompleted(task=snapshot(last), actor="user")))
    assert (await client.post("/", content=body, headers=headers)).status_code == 200
    assert len(await series(sessionmaker, done)) == 2


async def test_overdue_completion_leaves_no_backlog(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    long_ago = (NOW - timedelta(days=10)).replace(microsecond=0)
    done = await completed_task(
        sessionmaker,
        {"title": "daily", "due": long_ago.isoformat(), "recurrence": {"rule": "FREQ=DAILY"}},
    )
    headers, body = MODES["structured"](
        cloud_event(TaskCompleted(task=snapshot(done), actor="user"))
    )
    assert (
        await function_client("recur").post("/", content=body, headers=headers)
    ).status_code == 200
    _, following = await series(sessionmaker, done)
    assert following.due is not None and NOW < following.due <= NOW + timedelta(days=1)
    assert following.occurrence_index >= 10  # the missed days were counted, not created


async def test_a_one_off_task_is_acknowledged_and_left_alone(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    done = await completed_task(sessionmaker, {"title": "once"})
    headers, body = MODES["structured"](
        cloud_event(TaskCompleted(task=snapshot(done), actor="user"))
    )
    assert (
        await function_client("recur").post("/", content=body, headers=headers)
    ).status_code == 200


async def test_a_stale_completion_after_reopen_and_complete_adds_nothing(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"recur-{uuid.uuid4().hex[:8]}"
    # Daily, due long ago: the first completion's next is day 11, a later one's is further on.
    long_ago = (NOW - timedelta(days=10)).replace(microsecond=0)
    body = {"title": "daily", "due": long_ago.isoformat(), "recurrence": {"rule": "FREQ=DAILY"}}
    first = snapshot(await completed_task(sessionmaker, body, owner))
    async with UnitOfWork(sessionmaker) as uow:
        await services.reopen_task(uow, owner, first.id, now=NOW)
    async with UnitOfWork(sessionmaker) as uow:
        later = NOW + timedelta(days=3)
        second = snapshot(await services.complete_task(uow, owner, first.id, now=later))
    client = function_client("recur")
    # The first completion's event arrives late, after the task was finished again.
    for done in (first, second, first):
        headers, body_bytes = MODES["structured"](
            cloud_event(TaskCompleted(task=done, actor="user"))
        )
        assert (await client.post("/", content=body_bytes, headers=headers)).status_code == 200
    async with sessionmaker() as session:
        query = select(TaskRow).where(TaskRow.series_id == first.series_id)
        tasks = list((await session.execute(query)).scalars())
    following = [t for t in tasks if t.id != first.id]
    assert len(following) == 1
    assert following[0].due is not None and following[0].due > later


@pytest.mark.parametrize(
    "rule", ["FREQ=HOURLY;BYHOUR=25", "FREQ=YEARLY;BYEASTER=400", "FREQ=DAILY;INTERVAL=0"]
)
async def test_a_rule_saved_before_rules_were_checked_is_a_permanent_failure(
    rule: str, function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # The gateway refuses these rules now (tests/security/test_hostile_rules.py); one saved
    # earlier crashed dateutil inside recur (TypeError, IndexError), a 5xx the router retried
    # for ~30 s while other users' events waited. Now it is a 400: dead-lettered at once.
    owner = f"recur-{uuid.uuid4().hex[:8]}"
    body = {"title": "old", "due": "2031-05-01T08:00:00Z", "recurrence": {"rule": "FREQ=DAILY"}}
    async with UnitOfWork(sessionmaker) as uow:
        task = await services.create_task(uow, owner, TaskCreate.model_validate(body), now=NOW)
    async with sessionmaker() as session, session.begin():
        row = await session.get(TaskRow, task.id)
        assert row is not None
        row.recurrence_rule = rule  # as stored before the check existed
    async with UnitOfWork(sessionmaker) as uow:
        done = await services.complete_task(uow, owner, task.id, now=NOW)
    assert done.recurrence_rule == rule
    headers, body_bytes = MODES["structured"](
        cloud_event(TaskCompleted(task=snapshot(done), actor="user"))
    )
    answer = await function_client("recur").post("/", content=body_bytes, headers=headers)
    assert answer.status_code == 400, answer.text
    assert len(await series(sessionmaker, done)) == 1


async def test_a_series_ends_where_the_date_range_does(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    done = await completed_task(
        sessionmaker,
        {
            "title": "last day",
            "due": "2200-12-31T09:00:00Z",
            "recurrence": {"rule": "FREQ=DAILY"},
            "reminders": [{"at": "2200-12-31T08:00:00Z"}],
        },
    )
    headers, body = MODES["structured"](
        cloud_event(TaskCompleted(task=snapshot(done), actor="user"))
    )
    answer = await function_client("recur").post("/", content=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert len(await series(sessionmaker, done)) == 1  # 2201-01-01 is past the range: no task
