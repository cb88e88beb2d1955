"""Dead letters of transient failures heal on their own; refusals wait for a person."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import DeadLetterRow
from eventing.dead_letters import AutoReplay, DeadLetters
from eventing.router import Router
from eventing.subscriptions import SUBSCRIPTIONS
from tests.support.databases import sessions_for
from tests.support.targets import FAST, StatusApp, status_target
from tests.support.waits import eventually_async

AUDIT = tuple(sub for sub in SUBSCRIPTIONS if sub.function == "audit")
NOW = AutoReplay(first_delay=0, max_replays=3)  # due at once, then after 0 s again


def body(event_id: str) -> bytes:
    return (
        b'{"specversion":"1.0","id":"%s","source":"/t","type":"todo.task.created","data":{}}'
        % event_id.encode()
    )


@pytest.fixture
async def sessions(module_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    tables = ("dead_letters",)
    async with sessions_for(module_database, pool_size=5, truncate=tables) as sessions:
        yield sessions


def audit_router(
    sessions: async_sessionmaker[AsyncSession], app: StatusApp, auto: AutoReplay = NOW
) -> Router:
    """A router with audit behind `app`, fast retries, and dead letters replayed per `auto`."""
    return Router(
        {"audit": status_target("audit", app)},
        DeadLetters(sessions, auto),
        policy=FAST,
        subscriptions=AUDIT,
    )


async def letters(sessions: async_sessionmaker[AsyncSession]) -> list[DeadLetterRow]:
    async with sessions() as session:
        rows = await session.execute(select(DeadLetterRow).order_by(DeadLetterRow.id))
        return list(rows.scalars())


async def test_a_transient_failure_is_replayed_once_the_function_is_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = StatusApp(503)
    router = audit_router(sessions, app)
    [delivery] = await router.dispatch("task-events", body("t-1"))
    assert delivery.result == "dead_lettered"
    [letter] = await letters(sessions)
    assert letter.retry_at is not None and letter.auto_replays == 0
    assert await router.retry_due() == 0  # still failing: due again later
    [letter] = await letters(sessions)
    assert letter.auto_replays == 1 and letter.retry_at is not None and letter.replayed_at is None
    app.status = 200
    assert await router.retry_due() == 1
    [letter] = await letters(sessions)
    assert letter.replayed_at is not None and letter.retry_at is None
    assert app.calls == 2 * FAST.max_attempts + 1


async def test_a_refusal_waits_for_a_person(sessions: async_sessionmaker[AsyncSession]) -> None:
    app = StatusApp(400)
    router = audit_router(sessions, app)
    await router.dispatch("task-events", body("r-1"))
    [letter] = await letters(sessions)
    assert letter.status == 400 and letter.retry_at is None
    app.status = 200
    assert await router.retry_due() == 0 and app.calls == 1


async def test_replays_stop_after_the_last_one_and_back_off_in_between(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = StatusApp(503)
    spaced = AutoReplay(first_delay=60, max_replays=3)
    router = audit_router(sessions, app, spaced)
    await router.dispatch("task-events", body("g-1"))
    waits = []
    for _ in range(spaced.max_replays):
        async with sessions() as session, session.begin():  # time passes: it is due now
            await session.execute(update(DeadLetterRow).values(retry_at=text("now()")))
        assert await router.retry_due() == 0
        [letter] = await letters(sessions)
        if letter.retry_at is not None:
            waits.append((letter.retry_at - letter.created_at).total_seconds())
    [letter] = await letters(sessions)
    assert letter.auto_replays == 3 and letter.retry_at is None  # now it waits for a person
    assert waits[0] == pytest.approx(120, abs=30) and waits[1] == pytest.approx(240, abs=30)


async def test_two_routers_never_replay_the_same_letter_at_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = StatusApp(503)
    setup = audit_router(sessions, app)
    for i in range(20):
        await setup.dispatch("task-events", body(f"c-{i}"))
    app.status, app.calls = 200, 0
    routers = [audit_router(sessions, app) for _ in range(2)]
    delivered = await asyncio.gather(*(router.retry_due(limit=15) for router in routers))
    delivered_again = await asyncio.gather(*(router.retry_due() for router in routers))
    assert sum(delivered) + sum(delivered_again) == 20 and app.calls == 20
    assert all(letter.replayed_at is not None for letter in await letters(sessions))


async def test_the_retry_loop_heals_without_being_asked(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = StatusApp(503)
    router = audit_router(sessions, app)
    await router.dispatch("task-events", body("l-1"))
    app.status = 200
    stop = asyncio.Event()
    loop = asyncio.create_task(router.run_retries(stop, interval=0.1))
    try:

        async def replayed() -> bool:
            return (await letters(sessions))[0].replayed_at is not None

        await eventually_async(replayed, 10, "the dead letter replayed")
    finally:
        stop.set()
        await loop
