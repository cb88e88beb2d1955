"""Live updates as a client sees them: the server-sent events of /api/updates, and the
gateway's gauge of open streams."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from tests.support.waits import latest_async


async def sse_events(
    base_url: str, token: str, *, last_id: str | None = None, want: int = 1, timeout: float = 15
) -> list[dict[str, Any]]:
    """Read `want` events from /api/updates (each: id, event, data)."""
    headers = {"Authorization": f"Bearer {token}"}
    if last_id is not None:
        headers["Last-Event-ID"] = last_id
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        try:
            async with (
                asyncio.timeout(timeout),
                client.stream("GET", "/api/updates", headers=headers) as response,
            ):
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("text/event-stream")
                async for line in response.aiter_lines():
                    if not line:
                        if "data" in current:
                            events.append(current)
                            if len(events) >= want:
                                return events
                        current = {}
                        continue
                    field, _, value = line.partition(":")
                    current[field] = value.strip()
        except TimeoutError:
            pass  # what arrived until then
    return events


async def listen_then(
    base_url: str, token: str, action: Callable[[], Any], want: int = 1
) -> list[dict[str, Any]]:
    """Connect, wait until the stream is open, run `action`, collect `want` events."""
    before = await live_clients(base_url)
    reader = asyncio.create_task(sse_events(base_url, token, want=want))
    await streams_open(base_url, before + 1)
    await action()
    return await reader


async def live_clients(base_url: str) -> float:
    """The gateway's todo_live_clients gauge: streams that have taken their starting point."""
    async with httpx.AsyncClient(base_url=base_url) as client:
        text = (await client.get("/metrics")).text
    return next(
        float(line.split()[-1])
        for line in text.splitlines()
        if line.startswith("todo_live_clients ")
    )


async def streams_open(base_url: str, count: float, timeout: float = 10) -> None:
    """Wait until at least `count` streams are open (a stream of another test may close
    meanwhile: then go on after `timeout`, as a fixed pause would)."""
    await latest_async(lambda: live_clients(base_url), lambda now: now >= count, timeout)
