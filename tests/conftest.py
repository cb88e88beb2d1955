"""Shared fixtures: one migrated database per test session, engines and sessions over it."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.support.databases import database_fixtures, fresh_database, server_url, sessions_for

# The session gateway queues webhooks but sends none: each webhook test runs its own sender
# with its own settings, which no other sender may race for the same rows.
os.environ.setdefault("WEBHOOK_SENDER", "false")


@pytest.fixture(scope="session", autouse=True)
def _failed_sign_ins_unlimited() -> Iterator[None]:
    """The suites send hundreds of forged tokens from 127.0.0.1 and expect each one's 401, not
    the 429 the per-address budget gives after a few dozen: off here (and for the servers the
    tests start as processes); tests/security/test_limits.py sets its own budgets."""
    saved = os.environ.get("RATE_LIMIT_UNAUTHENTICATED")
    os.environ["RATE_LIMIT_UNAUTHENTICATED"] = "off"
    yield
    if saved is None:
        os.environ.pop("RATE_LIMIT_UNAUTHENTICATED", None)
    else:
        os.environ["RATE_LIMIT_UNAUTHENTICATED"] = saved


# One event signing key for the whole session, inherited by every process a test starts (the
# gateway, `todo eventing`, functions-framework), so their internal events verify everywhere.
os.environ.setdefault("EVENT_SIGNING_KEY", "test-event-signing-key-" + uuid.uuid4().hex)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of the PostgreSQL server under test (never skipped: no server is a failure)."""
    with server_url() as url:
        yield url


# A database migrated to head, private to this test session, with an engine and sessions.
database_url, engine, sessionmaker = database_fixtures("session")


@pytest.fixture(scope="module")
def module_database(pg_server: str) -> Iterator[str]:
    """A migrated database for one test module alone: no relay but the module's own (not the
    session gateway's) publishes from it, so its tests count exactly what they wrote."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture
async def module_sessions(module_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions over `module_database`."""
    async with sessions_for(module_database) as sessions:
        yield sessions


@pytest.fixture
def own_database(pg_server: str) -> Iterator[str]:
    """A migrated database for one test alone (a process under test owns all of it)."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gateway's data folder for this session (holds the local signing key)."""
    return tmp_path_factory.mktemp("todo-data")


@pytest.fixture(scope="session")
def api_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """Base URL of the gateway on a real HTTP server, over the session's database."""
    from gateway.app import create_app
    from gateway.settings import Settings
    from tests.support.servers import serve_in_thread

    # The fuzzer (test_schemathesis) writes hundreds of times a minute as one user; the
    # budgets themselves are tested in tests/security/test_limits.py.
    settings = Settings(data_dir=data_dir, database_url=database_url, rate_limit_writes="off")
    with serve_in_thread(create_app(settings, database_url)) as url:
        yield url


@pytest.fixture(scope="session")
def issue_token(data_dir: Path) -> Callable[[str], str]:
    """Issue a local bearer token for a user name (signed with the session's key)."""
    from gateway.auth import LocalSigningKey

    key = LocalSigningKey.load_or_create(data_dir)
    return lambda user: key.issue_token(user)


@pytest.fixture
async def make_client(
    api_url: str, issue_token: Callable[[str], str]
) -> AsyncIterator[Callable[[str | None], httpx.AsyncClient]]:
    """Make HTTP clients for fresh users (unique per test, so tests never share rows)."""
    clients: list[httpx.AsyncClient] = []

    def make(user: str | None = None) -> httpx.AsyncClient:
        name = user or f"user-{uuid.uuid4().hex[:10]}"
        client = httpx.AsyncClient(
            base_url=api_url,
            headers={"Authorization": f"Bearer {issue_token(name)}"},
            timeout=30,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def alice(make_client: Callable[[str | None], httpx.AsyncClient]) -> httpx.AsyncClient:
    """A client for a fresh user."""
    return make_client(None)


@pytest.fixture
def bob(make_client: Callable[[str | None], httpx.AsyncClient]) -> httpx.AsyncClient:
    """A client for another fresh user."""
    return make_client(None)
