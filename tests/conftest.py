"""Shared fixtures: one migrated database per test session, engines and sessions over it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.store.db import make_engine, make_sessionmaker
from tests.dbserver import fresh_database, server_url


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of the PostgreSQL server under test (never skipped: no server is a failure)."""
    with server_url() as url:
        yield url


@pytest.fixture(scope="session")
def database_url(pg_server: str) -> Iterator[str]:
    """A database migrated to head, private to this test session."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)
