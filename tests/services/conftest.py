"""The service tests call core.services directly, in units of work, without HTTP.

They get a database of their own: over the session database the gateway's relay (started by
any test that serves the API) would deliver their events to the functions, e.g. recur making
the next occurrence a test makes itself.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.store.db import make_engine, make_sessionmaker


@pytest.fixture(scope="package")
def database_url(pg_server: str) -> Iterator[str]:
    from tests.dbserver import fresh_database

    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="package")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=3)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="package")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
def owner() -> str:
    """A user of this test alone."""
    return f"svc-{uuid.uuid4().hex[:10]}"
