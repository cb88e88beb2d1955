"""Live updates over SSE and WebSocket, through the running gateway and its push function."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from tests.support.live import listen_then, live_clients, sse_events, streams_open
from tests.support.servers import TODO, free_port, process, wait_http_ready
from tests.support.waits import eventually_async


async def test_sse_delivers_own_updates_only(
    api_url: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    alice = make_client("live-alice")
    bob_reader = asyncio.create_task(
        sse_events(api_url, issue_token("live-bob"), want=1, timeout=6)
    )

    async def act() -> None:
        await alice.post("/api/tasks", json={"title": "seen live"})

    [event] = await listen_then(api_url, issue_token("live-alice"), act)
    payload = json.loads(event["data"])
    assert event["event"] == "task" and payload["op"] == "upsert"
    assert payload["task"]["title"] == "seen live"
    assert await bob_reader == []  # bob's stream stayed silent


async def test_reconnect_with_last_event_id_gets_what_was_missed(
    api_url: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    user = "live-replay"
    client = make_client(user)

    async def first() -> None:
        await client.post("/api/tasks", json={"title": "one"})

    [seen] = await listen_then(api_url, issue_token(user), first)
    # While disconnected: two more changes.
    await client.post("/api/tasks", json={"title": "two"})
    await client.post("/api/tasks", json={"title": "three"})
    missed = await sse_events(api_url, issue_token(user), last_id=seen["id"], want=2)
    assert [json.loads(e["data"])["task"]["title"] for e in missed] == ["two", "three"]
    assert int(missed[0]["id"]) > int(seen["id"])


async def test_websocket_with_token_in_query(
    api_url: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    user = "live-ws"
    ws_url = api_url.replace("http://", "ws://") + f"/ws?access_token={issue_token(user)}"
    before = await live_clients(api_url)
    async with websockets.connect(ws_url) as socket_:
        await streams_open(api_url, before + 1)
        await make_client(user).post("/api/tasks", json={"title": "over ws"})
        async with asyncio.timeout(15):
            message = json.loads(await socket_.recv())
    assert message["kind"] == "task" and message["task"]["title"] == "over ws"

    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        async with websockets.connect(api_url.replace("http://", "ws://") + "/ws"):
            pass
    assert refused.value.response.status_code == 401  # refused before accept: no token


async def test_a_websocket_that_closes_frees_its_stream_at_once(
    api_url: str, issue_token: Callable[[str], str]
) -> None:
    ws_url = api_url.replace("http://", "ws://") + f"/ws?access_token={issue_token('live-bye')}"
    before = await live_clients(api_url)
    async with websockets.connect(ws_url):

        async def opened() -> bool:
            return await live_clients(api_url) >= before + 1

        await eventually_async(opened, 5, "the socket's stream open")

    async def freed() -> bool:
        return await live_clients(api_url) <= before

    # Well before the 15 s heartbeat that would otherwise find the socket gone.
    await eventually_async(freed, 3, "the closed socket's stream freed")


@pytest.fixture
def second_gateway(database_url: str, data_dir: Path, tmp_path: Path) -> Iterator[str]:
    """Another serving process on the same database (no relay of its own: dapr transport)."""
    port = free_port()
    env = {
        **os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(data_dir),
        "EVENT_TRANSPORT": "dapr", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    log = tmp_path / "gateway2.log"
    with process([TODO, "gateway", "--port", str(port)], log, env) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_http_ready(f"{url}/readyz", proc, log, timeout=30)
        yield url


async def test_a_change_through_one_process_reaches_a_client_of_another(
    second_gateway: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    user = "live-two-processes"

    async def act() -> None:
        await make_client(user).post("/api/tasks", json={"title": "crossed processes"})

    [event] = await listen_then(second_gateway, issue_token(user), act)
    assert json.loads(event["data"])["task"]["title"] == "crossed processes"


async def test_updates_need_a_token(api_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        assert (await client.get("/api/updates")).status_code == 401
        assert (
            await client.get("/api/updates", params={"access_token": "x.y.z"})
        ).status_code == 401


async def test_a_ticket_from_one_process_opens_a_stream_on_another_once(
    api_url: str,
    second_gateway: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    user = "live-ticket-replicas"
    ticket = (await make_client(user).post("/api/stream-ticket")).json()["ticket"]

    async def open_with_ticket(base_url: str) -> int:
        async with (
            httpx.AsyncClient(base_url=base_url, timeout=15) as client,
            client.stream("GET", "/api/updates", params={"ticket": ticket}) as response,
        ):
            return response.status_code

    # Both replicas try the same ticket at once: exactly one stream opens.
    statuses = await asyncio.gather(open_with_ticket(second_gateway), open_with_ticket(api_url))
    assert sorted(statuses) == [200, 401]
