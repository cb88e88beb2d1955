"""Helpers of the limit tests: a gateway with chosen limits on a real server, a user's client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx

from gateway.app import create_app
from gateway.cli import server_limits
from gateway.settings import Settings
from tests.security.support import unique
from tests.support.servers import serve_in_thread


@contextmanager
def gateway_with(database_url: str, **settings: Any) -> Iterator[str]:
    """A gateway with these settings, served with the HTTP options `todo serve` uses."""
    configured = Settings(database_url=database_url, **settings)
    app = create_app(configured, database_url)
    with serve_in_thread(app, **server_limits(configured)) as url:
        yield url


@asynccontextmanager
async def user(base: str, issue_token: Callable[[str], str]) -> AsyncIterator[httpx.AsyncClient]:
    """A client for a fresh user."""
    headers = {"Authorization": f"Bearer {issue_token(unique('lim-'))}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        yield client


async def count(client: httpx.AsyncClient) -> int:
    """How many tasks the client's user has."""
    response = await client.get("/api/tasks", params={"status": "all", "limit": 200})
    assert response.status_code == 200, response.text
    return len(response.json()["items"])


def assert_rate_limited(response: httpx.Response, limit: str) -> int:
    """The response is the 429 of `limit`; returns its Retry-After."""
    assert response.status_code == 429, response.text
    seconds = int(response.headers["retry-after"])
    assert seconds >= 1
    error = response.json()["error"]
    assert (error["code"], error["limit"], error["retry_after"]) == ("rate_limited", limit, seconds)
    return seconds
