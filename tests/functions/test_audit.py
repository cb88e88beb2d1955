"""The audit function through functions-framework, in both CloudEvent HTTP modes."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.events import TaskCompleted, TaskCreated
from core.store.db import make_engine, make_sessionmaker
from core.store.eventing_models import ActivityRow
from tests.functions.conftest import FunctionClient, signed
from tests.support.cloud_events import MODES, cloud_event
from tests.support.tasks import snapshot


async def entries(sessions: async_sessionmaker[AsyncSession], owner: str) -> list[ActivityRow]:
    async with sessions() as session:
        query = select(ActivityRow).where(ActivityRow.owner == owner).order_by(ActivityRow.seq)
        return list((await session.execute(query)).scalars())


@pytest.mark.parametrize("mode", MODES)
async def test_event_is_recorded_once_whatever_the_redeliveries(
    mode: str, function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"audit-{uuid.uuid4().hex[:8]}"
    event = cloud_event(TaskCreated(task=snapshot(owner), actor="agent"))
    headers, body = MODES[mode](event)
    client = function_client("audit")
    for _ in range(3):
        response = await client.post("/", content=body, headers=headers)
        assert response.status_code == 200, response.text
    [entry] = await entries(sessionmaker, owner)
    assert entry.event_id == event["id"] and entry.actor == "agent"
    assert entry.changes == {"title": {"before": None, "after": "audited"}}


async def test_entries_chain_per_user(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"audit-{uuid.uuid4().hex[:8]}"
    task = snapshot(owner)
    client = function_client("audit")
    for event in (
        TaskCreated(task=task, actor="user"),
        TaskCompleted(task=task.model_copy(update={"completed": True}), actor="user"),
    ):
        headers, body = MODES["structured"](cloud_event(event))
        assert (await client.post("/", content=body, headers=headers)).status_code == 200
    first, second = await entries(sessionmaker, owner)
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    assert second.changes == {"completed": {"before": False, "after": True}}


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"{not json", {"Content-Type": "application/cloudevents+json"}),
        (b'{"x": 1}', {"Content-Type": "application/json"}),
        (  # a signed CloudEvent whose data does not match the schema of its type
            signed(
                b'{"specversion":"1.0","id":"1","source":"/t","type":"todo.task.created",'
                b'"time":"2026-01-01T00:00:00Z","data":{"task":{"title":"no id"}}}'
            ),
            {"Content-Type": "application/cloudevents+json"},
        ),
    ],
)
async def test_malformed_events_get_400(
    function_client: FunctionClient, body: bytes, headers: dict[str, str]
) -> None:
    response = await function_client("audit").post("/", content=body, headers=headers)
    assert response.status_code == 400


async def test_a_type_it_does_not_handle_is_acknowledged(function_client: FunctionClient) -> None:
    body = b'{"specversion":"1.0","id":"x","source":"/t","type":"todo.reminder.due","data":{}}'
    headers = {"Content-Type": "application/cloudevents+json"}
    assert (
        await function_client("audit").post("/", content=body, headers=headers)
    ).status_code == 200


async def test_database_down_is_a_5xx(function_client: FunctionClient) -> None:
    owner = f"audit-{uuid.uuid4().hex[:8]}"
    dead = make_sessionmaker(make_engine("postgresql://postgres@127.0.0.1:1/none", pool_size=1))
    headers, body = MODES["binary"](cloud_event(TaskCreated(task=snapshot(owner), actor="user")))
    response = await function_client("audit", dead).post("/", content=body, headers=headers)  # type: ignore[call-arg]
    assert response.status_code >= 500
