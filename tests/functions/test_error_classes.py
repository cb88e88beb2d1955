"""Honest error classes: the event's own fault is a 400 (one try), infrastructure a 500 (#13).

Each error is raised for real (dateutil on `BYHOUR=25`, date arithmetic past year 9999, a
refused connection, a serialization failure from PostgreSQL) inside a handler run by the real
`consume`, over the real database; and a stored bad rule gets the same 400 from the
in-process target and from functions-framework's app.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import dateutil.parser
import httpx
import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.exceptions import HTTPException

from core import services
from core.cloudevents import structured_http
from core.events import TaskCompleted
from core.events import snapshot as task_snapshot
from core.store.binding import bind_sessions, unbind_sessions
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from eventing.targets import in_process
from functions.runtime import Envelope, consume
from tests.functions.conftest import through_asgi
from tests.support.cloud_events import cloud_event
from tests.support.tasks import snapshot

NOW = datetime(2030, 12, 31, 12, 0, tzinfo=UTC)


def _bad_rule() -> None:
    start = datetime(2031, 1, 1, tzinfo=UTC)
    rrulestr("FREQ=HOURLY;BYHOUR=25", dtstart=start).after(start)


def _past_9999() -> None:
    datetime(9999, 12, 31, tzinfo=UTC) + timedelta(days=2)


def _bad_event() -> None:
    TaskCompleted.model_validate({"task": {"title": 3}})


def _unparseable_date() -> None:
    dateutil.parser.parse("the 32nd of Smarch")


def _missing_key() -> None:
    _ = dict[str, object]()["reminder"]


def _wrapped_outage() -> None:
    try:
        raise ConnectionResetError("peer went away")
    except OSError as exc:
        raise ValueError("could not read the answer") from exc  # caused by the outage


def _unforeseen_while_handling_a_miss() -> None:
    try:
        _ = dict[str, object]()["cached"]
    except KeyError:
        raise RuntimeError("unforeseen")  # noqa: B904 - the KeyError stays only as context


async def _refused_connection() -> None:
    await asyncpg.connect("postgresql://postgres@127.0.0.1:1/none", timeout=2)


async def _refused_http() -> None:
    async with httpx.AsyncClient() as client:
        await client.get("http://127.0.0.1:1/")


EVENT_FAULTS: list[Callable[[], Any]] = [
    _bad_rule,
    _past_9999,
    _bad_event,
    _unparseable_date,
    _missing_key,
]
# Retried: outages, and what nobody foresaw (a bug is fixed, then the dead letter replays).
RETRIED: list[Callable[[], Any]] = [
    _refused_connection,
    _refused_http,
    _wrapped_outage,
    _unforeseen_while_handling_a_miss,
]


def completed_event() -> Any:
    owner = f"classes-{uuid.uuid4().hex[:8]}"
    return cloud_event(TaskCompleted(task=snapshot(owner, completed=True), actor="user"))


async def run_consume(sessions: async_sessionmaker[AsyncSession], fail: Callable[[], Any]) -> None:
    async def handler(envelope: Envelope, uow: UnitOfWork) -> None:
        result = fail()
        if result is not None:
            await result

    token = bind_sessions(sessions)
    try:
        await consume("classes", completed_event(), handler, frozenset({TaskCompleted.type}))
    finally:
        unbind_sessions(token)


@pytest.mark.parametrize("fail", EVENT_FAULTS, ids=lambda f: f.__name__)
async def test_the_events_own_fault_is_a_400(
    sessionmaker: async_sessionmaker[AsyncSession], fail: Callable[[], Any]
) -> None:
    with pytest.raises(HTTPException) as refused:
        await run_consume(sessionmaker, fail)
    assert refused.value.status_code == 400


@pytest.mark.parametrize("fail", RETRIED, ids=lambda f: f.__name__)
async def test_an_outage_or_the_unforeseen_is_raised_so_the_function_answers_500(
    sessionmaker: async_sessionmaker[AsyncSession], fail: Callable[[], Any]
) -> None:
    with pytest.raises(Exception) as raised:
        await run_consume(sessionmaker, fail)
    assert not isinstance(raised.value, HTTPException)


async def test_a_serialization_failure_from_postgresql_is_transient(
    sessionmaker: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    async def conflict() -> None:
        async with engine.connect() as conn:
            await conn.execute(
                text("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            )

    with pytest.raises(Exception) as raised:
        await run_consume(sessionmaker, conflict)
    assert not isinstance(raised.value, HTTPException)


async def test_a_stored_bad_rule_gets_400_both_ways(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    for make in (in_process, through_asgi):
        owner = f"classes-{uuid.uuid4().hex[:8]}"
        weekly = {
            "title": "old",
            "due": "2031-01-01T09:00:00Z",
            "recurrence": {"rule": "FREQ=WEEKLY"},
        }
        async with UnitOfWork(sessionmaker) as uow:
            task = await services.create_task(
                uow, owner, TaskCreate.model_validate(weekly), now=NOW
            )
        async with sessionmaker() as session, session.begin():  # as a row saved before the checks
            await session.execute(
                update(TaskRow)
                .where(TaskRow.id == task.id)
                .values(recurrence_rule="FREQ=HOURLY;BYHOUR=25")
            )
        async with UnitOfWork(sessionmaker) as uow:
            done = await services.complete_task(uow, owner, task.id, now=NOW)
        event = cloud_event(TaskCompleted(task=task_snapshot(done), actor="user"))
        outcome = await make("recur", sessionmaker).post(structured_http(event)[1])
        assert outcome.status == 400 and outcome.permanent, (make.__name__, outcome)
        assert "BYHOUR" in (outcome.error or ""), outcome
