"""The task quota under parallel creates, and the per-owner counts that enforce it (0018)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core import services
from core.errors import QuotaExceeded
from core.quotas import MAX_TASKS
from core.store.db import asyncpg_dsn, make_engine
from core.store.migrate import upgrade
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
PARALLEL = 32


@pytest.fixture
async def wide_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine with a connection for each of the parallel creates."""
    engine = make_engine(database_url, pool_size=PARALLEL)
    yield engine
    await engine.dispose()


def _limited(engine: AsyncEngine, limit: int) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, info={MAX_TASKS: limit})


async def _create(sessions: async_sessionmaker[AsyncSession], user: str, title: str) -> str:
    try:
        async with UnitOfWork(sessions) as uow:
            await services.create_task(uow, user, TaskCreate(title=title), now=NOW)
    except QuotaExceeded as refused:
        assert refused.limit == 5 and "5 tasks per user" in refused.message
        return "refused"
    return "created"


async def _stored(engine: AsyncEngine, user: str) -> tuple[int, int | None]:
    """(tasks the user has, the count kept for them)."""
    async with engine.connect() as conn:
        tasks = await conn.scalar(select(func.count()).where(TaskRow.owner == user))
        kept = await conn.scalar(
            text("SELECT tasks FROM task_counts WHERE owner = :owner"), {"owner": user}
        )
    return tasks or 0, kept


async def test_parallel_creates_of_one_user_stop_exactly_at_the_limit(
    wide_engine: AsyncEngine,
) -> None:
    user = f"quota-par-{uuid.uuid4().hex[:8]}"
    sessions = _limited(wide_engine, 5)
    outcomes = await asyncio.gather(*(_create(sessions, user, f"t{n}") for n in range(PARALLEL)))
    assert outcomes.count("created") == 5, outcomes
    assert outcomes.count("refused") == PARALLEL - 5
    assert await _stored(wide_engine, user) == (5, 5)


async def test_parallel_creates_with_one_place_left_create_one(wide_engine: AsyncEngine) -> None:
    user = f"quota-last-{uuid.uuid4().hex[:8]}"
    sessions = _limited(wide_engine, 5)
    for n in range(4):
        assert await _create(sessions, user, f"before {n}") == "created"
    outcomes = await asyncio.gather(*(_create(sessions, user, f"t{n}") for n in range(PARALLEL)))
    assert outcomes.count("created") == 1, outcomes
    assert await _stored(wide_engine, user) == (5, 5)


async def test_a_deleted_task_makes_room_and_refusals_count_nothing(
    wide_engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    user = f"quota-del-{uuid.uuid4().hex[:8]}"
    sessions = _limited(wide_engine, 5)
    for n in range(5):
        assert await _create(sessions, user, f"t{n}") == "created"
    assert await _create(sessions, user, "over") == "refused"
    assert await _stored(wide_engine, user) == (5, 5)
    async with sessionmaker() as session:
        first = await session.scalar(select(TaskRow.id).where(TaskRow.owner == user).limit(1))
    assert first is not None
    async with UnitOfWork(sessionmaker) as uow:
        await services.delete_task(uow, user, first)
    assert await _stored(wide_engine, user) == (4, 4)
    # A task with reminders goes through the ORM's write: held to the same count.
    with_reminder = TaskCreate.model_validate(
        {"title": "call", "due": "2030-02-01T09:00:00Z", "reminders": [{"before": "PT1H"}]}
    )
    async with UnitOfWork(sessions) as uow:
        await services.create_task(uow, user, with_reminder, now=NOW)
    with pytest.raises(QuotaExceeded):
        async with UnitOfWork(sessions) as uow:
            await services.create_task(uow, user, with_reminder, now=NOW)
    assert await _stored(wide_engine, user) == (5, 5)


async def test_without_a_limit_creates_are_counted_but_never_refused(
    wide_engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    user = f"quota-none-{uuid.uuid4().hex[:8]}"
    limited = _limited(wide_engine, 2)
    for n in range(2):
        assert await _create(limited, user, f"t{n}") == "created"
    for n in range(2):  # sessionmaker has no MAX_TASKS (like the recur function's)
        async with UnitOfWork(sessionmaker) as uow:
            await services.create_task(uow, user, TaskCreate(title=f"free {n}"), now=NOW)
    assert await _stored(wide_engine, user) == (4, 4)
    with pytest.raises(QuotaExceeded):
        async with UnitOfWork(limited) as uow:
            await services.create_task(uow, user, TaskCreate(title="over"), now=NOW)


async def test_migration_counts_the_tasks_that_exist(pg_server: str) -> None:
    name = f"todo_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(asyncpg_dsn(pg_server))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url, "0017")
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            await conn.execute(
                "INSERT INTO tasks (id, owner, title, description, priority, tags, timezone, "
                "reminders, completed, skipped, occurrence_index, reminder_version, "
                "series_base_index, created_at, updated_at) "
                "SELECT gen_random_uuid(), owner, 'old', '', 0, '{}', 'UTC', '[]', false, false, "
                "0, 0, 0, now(), now() FROM (VALUES ('ann'), ('ann'), ('ann'), ('bob')) AS o(owner)"
            )
            await asyncio.to_thread(upgrade, url, "head")
            counts = await conn.fetch("SELECT owner, tasks FROM task_counts ORDER BY owner")
            assert [tuple(row) for row in counts] == [("ann", 3), ("bob", 1)]
            await conn.execute("TRUNCATE tasks CASCADE")
            assert await conn.fetchval("SELECT count(*) FROM task_counts") == 0
        finally:
            await conn.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_after_a_single_statement_create_its_connection_is_transactional_again(
    database_url: str,
) -> None:
    engine = make_engine(database_url, pool_size=1)  # one connection, used by both units
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    user = f"quota-conn-{uuid.uuid4().hex[:8]}"
    try:
        async with UnitOfWork(sessions) as uow:
            task = await services.create_task(uow, user, TaskCreate(title="kept"), now=NOW)
            created_on = await uow.session.scalar(text("SELECT pg_backend_pid()"))
        async with UnitOfWork(sessions) as uow:
            assert await uow.session.scalar(text("SELECT pg_backend_pid()")) == created_on
            row = await uow.session.get(TaskRow, task.id)
            assert row is not None
            row.title = "changed, then rolled back"
            await uow.session.flush()  # in autocommit this would be written for good
        async with sessions() as session:
            assert await session.scalar(select(TaskRow.title).where(TaskRow.id == task.id)) == (
                "kept"
            )
    finally:
        await engine.dispose()


_BULK = (
    "INSERT INTO tasks (id, owner, title, description, priority, tags, timezone, reminders, "
    "completed, skipped, occurrence_index, reminder_version, series_base_index, created_at, "
    "updated_at) SELECT gen_random_uuid(), CASE WHEN i % 3 = 0 THEN $1 ELSE $2 END, 'bulk', '', "
    "0, '{}', 'UTC', '[]', false, false, 0, 0, 0, now(), now() FROM generate_series(1, $3) AS i"
)


async def test_bulk_statements_move_each_owners_count_once_and_exactly(database_url: str) -> None:
    """A statement of many rows (a seed, a bulk delete, an owner change) counts every row."""
    ann, bob, cid = (f"bulk-{name}-{uuid.uuid4().hex[:6]}" for name in ("ann", "bob", "cid"))
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:

        async def counts() -> dict[str, int]:
            rows = await conn.fetch(
                "SELECT owner, tasks FROM task_counts WHERE owner = ANY($1)", [ann, bob, cid]
            )
            return {row["owner"]: row["tasks"] for row in rows}

        await conn.execute(_BULK, ann, bob, 3000)  # 1,000 of ann's, 2,000 of bob's
        assert await counts() == {ann: 1000, bob: 2000}
        await conn.execute(
            "DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE owner = $1 LIMIT 250)", bob
        )
        await conn.execute(
            "UPDATE tasks SET owner = $1 WHERE id IN (SELECT id FROM tasks WHERE owner = $2 "
            "LIMIT 100)",
            cid,
            ann,
        )
        assert await counts() == {ann: 900, bob: 1750, cid: 100}
        refusing = conn.transaction()  # a limit set for the transaction refuses the statement
        await refusing.start()
        try:
            await conn.execute("SELECT set_config('todo.max_tasks', '1000', true)")
            with pytest.raises(asyncpg.PostgresError) as refused:
                await conn.execute(_BULK, ann, bob, 300)  # ann 1,000 (fits), bob 1,950 (not)
            assert refused.value.sqlstate == "TQ001"
        finally:
            await refusing.rollback()
        assert await counts() == {ann: 900, bob: 1750, cid: 100}
    finally:
        await conn.close()
