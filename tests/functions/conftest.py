"""Fixtures for calling each function through functions-framework's own ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.cloudevents import parse_json, to_json_bytes
from core.signing import current_ring
from eventing.delivery import HttpFunction
from tests.support.databases import database_fixtures
from tests.support.targets import served_app

FunctionClient = Callable[[str], httpx.AsyncClient]


# These tests call each function by hand and count what it wrote. The session gateway's relay
# (tests/conftest.py `api_url`) delivers every outbox row of the session database to the same
# functions, so over that database a test's own set-up events could be applied twice (once by
# the test, once by the relay). The functions get a database no relay watches.
database_url, engine, sessionmaker = database_fixtures("package")


def through_asgi(name: str, sessions: async_sessionmaker[AsyncSession]) -> HttpFunction:
    """The function reached through its served app: the reference `in_process` is held to."""
    transport = httpx.ASGITransport(app=served_app(name, sessions))
    return HttpFunction(name, f"http://{name}.local/", transport=transport)


@pytest.fixture
async def function_client(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[FunctionClient]:
    """An HTTP client for a function's functions-framework app (create_asgi_app)."""
    clients: list[httpx.AsyncClient] = []

    def make(
        name: str, sessions: async_sessionmaker[AsyncSession] | None = None
    ) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=served_app(name, sessions or sessionmaker))
        client = httpx.AsyncClient(transport=transport, base_url="http://function")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def signed(body: bytes) -> bytes:
    """A structured CloudEvent's JSON with the relay's signature, so only its content is wrong."""
    return to_json_bytes(current_ring().sign(parse_json(body)))
