"""The embedded router calls each function directly (`in_process`); held here to the very
functions-framework app a function serves (`through_asgi`): the same status for the same body,
and the same effect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.cloudevents import structured_http
from core.store.db import make_engine, make_sessionmaker
from eventing.delivery import FunctionTarget
from eventing.targets import in_process
from tests.functions.conftest import through_asgi
from tests.functions.function_events import FUNCTIONS, JUNK, wanted_event

# Two ways to reach a function: both give a FunctionTarget over the given sessions.
WAYS: dict[str, Callable[[str, async_sessionmaker[AsyncSession]], FunctionTarget]] = {
    "in_process": in_process,
    "through_asgi": through_asgi,
}


def body_of(event: Any) -> bytes:
    return structured_http(event)[1]


@pytest.mark.parametrize("name", FUNCTIONS)
async def test_junk_gets_the_same_answer_both_ways(
    sessionmaker: async_sessionmaker[AsyncSession], name: str
) -> None:
    direct, served = in_process(name, sessionmaker), through_asgi(name, sessionmaker)
    for body, refused_by in JUNK:
        expected = 400 if name in refused_by else 200
        assert (await direct.post(body)).status == expected, body
        assert (await served.post(body)).status == expected, body
    refused = (await direct.post(b"[]")).error or ""
    assert refused.startswith("HTTP 400: Bad Request: Got CloudEvent exception")


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("way", WAYS)
async def test_an_event_applies_once_and_a_redelivery_changes_nothing(
    sessionmaker: async_sessionmaker[AsyncSession], name: str, way: str
) -> None:
    target = WAYS[way](name, sessionmaker)
    event = wanted_event(name)
    body = body_of(event)
    assert (await target.post(body)).status == 200
    assert (await target.post(body)).status == 200
    async with sessionmaker() as session:
        applied = await session.scalar(
            text("SELECT count(*) FROM processed_events WHERE consumer = :c AND event_id = :id"),
            {"c": name, "id": event["id"]},
        )
    assert applied == 1


@pytest.mark.parametrize("name", FUNCTIONS)
async def test_database_down_is_500_both_ways(name: str) -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:1/none", pool_size=1)
    dead = make_sessionmaker(engine)
    try:
        for make in WAYS.values():
            outcome = await make(name, dead).post(body_of(wanted_event(name)))
            assert outcome.status == 500 and not outcome.ok and not outcome.permanent
    finally:
        await engine.dispose()
