"""Live-update streams cannot be turned against their user or against other users.

Findings 7 (500 streams on one token), 8 (a stream outlived its token) and 11 (update ids were
one global sequence), and the token in the URL: each reproduced on the real gateway, now held.
Streams open with single-use 60 s tickets, end when their credential expires, count against
a per-user quota, and number each user's updates on their own.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import websockets

from tests.security.conftest import Signer
from tests.security.support import SseReader
from tests.support.waits import eventually_async

QUOTA = 10  # MAX_STREAMS_PER_USER's default, which the session's gateway runs with


def fresh_user(prefix: str = "streams") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def ticket_for(api_url: str, token: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        answer = await client.post("/api/stream-ticket", headers=bearer(token))
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def add_task(api_url: str, token: str, title: str) -> None:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        answer = await client.post("/api/tasks", json={"title": title}, headers=bearer(token))
    assert answer.status_code == 201, answer.text


def titles(reader: SseReader) -> list[str]:
    return [p["task"]["title"] for p in reader.payloads() if p.get("kind") == "task"]


def ws_url(api_url: str, **params: str) -> str:
    return api_url.replace("http://", "ws://") + "/ws?" + str(httpx.QueryParams(params))


async def test_a_ticket_opens_one_stream_once(
    api_url: str, user_token: Callable[[str], str]
) -> None:
    token = user_token(fresh_user())
    issued = await ticket_for(api_url, token)
    lifetime = datetime.fromisoformat(issued["expires_at"]) - datetime.now(UTC)
    assert timedelta(seconds=50) < lifetime <= timedelta(seconds=60)

    reader = SseReader(api_url, None, params={"ticket": issued["ticket"]})
    await reader.opened()
    assert reader.status == 200
    await add_task(api_url, token, "through a ticket")
    await reader.until(lambda _: "through a ticket" in titles(reader))
    await reader.close()

    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        again = await client.get("/api/updates", params={"ticket": issued["ticket"]})
        assert again.status_code == 401
        assert "already used" in again.json()["error"]["message"]
        for forged in ("", "x" * 43, "x" * 5000):
            assert (await client.get("/api/updates", params={"ticket": forged})).status_code == 401
        assert (await client.post("/api/stream-ticket")).status_code == 401  # needs a token

    # The WebSocket takes tickets the same way, once each.
    ws_ticket = (await ticket_for(api_url, token))["ticket"]
    async with websockets.connect(ws_url(api_url, ticket=ws_ticket), proxy=None) as socket:
        await add_task(api_url, token, "over ws by ticket")
        async with asyncio.timeout(15):
            message = json.loads(await socket.recv())
        assert message["task"]["title"] == "over ws by ticket"
    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        async with websockets.connect(ws_url(api_url, ticket=ws_ticket), proxy=None):
            pass
    assert refused.value.response.status_code == 401


async def test_an_expired_ticket_is_refused(
    api_url: str, signer: Signer, user_token: Callable[[str], str]
) -> None:
    # A ticket never outlives the token that asked for it: from a 2 s token, it expires in 2 s.
    short = signer.token(fresh_user(), exp=int(time.time()) + 2)
    issued = await ticket_for(api_url, short)
    assert datetime.fromisoformat(issued["expires_at"]) <= datetime.now(UTC) + timedelta(seconds=3)
    await asyncio.sleep(3)  # deliberate: the ticket's 2 s pass
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        answer = await client.get("/api/updates", params={"ticket": issued["ticket"]})
    assert answer.status_code == 401


async def test_a_ticket_opens_its_owners_stream_only(
    api_url: str, user_token: Callable[[str], str]
) -> None:
    alice, bob = user_token(fresh_user("alice")), user_token(fresh_user("bob"))
    alices_ticket = (await ticket_for(api_url, alice))["ticket"]

    # Bob cannot use Alice's ticket beside his own token (nor does it turn into his stream).
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        mixed = await client.get(
            "/api/updates", params={"ticket": alices_ticket}, headers=bearer(bob)
        )
    assert mixed.status_code == 401

    ticket = (await ticket_for(api_url, alice))["ticket"]
    reader = SseReader(api_url, None, params={"ticket": ticket})
    await reader.opened()
    await add_task(api_url, bob, "bob's secret")
    await add_task(api_url, alice, "alice's own")
    await reader.until(lambda _: "alice's own" in titles(reader))
    await reader.close()
    assert titles(reader) == ["alice's own"]


@pytest.mark.parametrize("by_ticket", [False, True], ids=["token", "ticket"])
async def test_a_stream_ends_when_its_token_expires(
    api_url: str, signer: Signer, by_ticket: bool
) -> None:
    expires = int(time.time()) + 2
    short = signer.token(fresh_user(), exp=expires)
    if by_ticket:
        reader = SseReader(
            api_url, None, params={"ticket": (await ticket_for(api_url, short))["ticket"]}
        )
    else:
        reader = SseReader(api_url, short)
    await reader.opened()
    assert reader.status == 200
    async with asyncio.timeout(10):
        await reader._task  # the server ends the response
    late = time.time() - expires
    print(f"\nSSE stream ({'ticket' if by_ticket else 'token'}) closed {late:.2f} s after exp")
    assert late < 5
    assert reader.events[-1]["event"] == "expired"  # the client knows to renew, not retry

    # Reopening with the expired token (inside pyjwt's leeway) is refused, not a 0 s stream.
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        assert (await client.get("/api/updates", headers=bearer(short))).status_code == 401


async def test_a_websocket_closes_with_4001_when_its_token_expires(
    api_url: str, signer: Signer
) -> None:
    expires = int(time.time()) + 2
    short = signer.token(fresh_user(), exp=expires)
    async with websockets.connect(
        ws_url(api_url), additional_headers=bearer(short), proxy=None
    ) as socket:
        with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
            async with asyncio.timeout(10):
                while True:
                    await socket.recv()
    late = time.time() - expires
    print(f"\nWebSocket closed {late:.2f} s after exp")
    assert late < 5
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4001, "token expired")


async def test_the_eleventh_stream_is_refused_and_a_closed_one_frees_its_slot(
    api_url: str, user_token: Callable[[str], str]
) -> None:
    user = fresh_user()
    token = user_token(user)
    readers = [SseReader(api_url, token) for _ in range(QUOTA)]
    for reader in readers:
        await reader.opened()
    assert all(reader.status == 200 for reader in readers)
    others = SseReader(api_url, user_token(fresh_user()))  # another user is not affected
    await others.opened()
    try:
        async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
            over = await client.get("/api/updates", headers=bearer(token))
            assert over.status_code == 429
            assert over.json()["error"]["code"] == "too_many_streams"
            assert "Retry-After" in over.headers
        assert others.status == 200
        async with websockets.connect(
            ws_url(api_url), additional_headers=bearer(token), proxy=None
        ) as socket:
            with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                async with asyncio.timeout(5):
                    await socket.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
        assert "at most 10" in closed.value.rcvd.reason

        await readers.pop().close()
        started = time.monotonic()

        async def a_stream_opens() -> SseReader | None:
            reader = SseReader(api_url, token)
            await reader.opened()
            if reader.status == 200:
                return reader
            await reader.close()
            return None

        freed = await eventually_async(a_stream_opens, 5, "a stream slot free again")
        print(f"\nslot free again {time.monotonic() - started:.2f} s after a stream closed")
        readers.append(freed)
    finally:
        for reader in [*readers, others]:
            await reader.close()


async def first_update_id(api_url: str, token: str) -> str:
    reader = SseReader(api_url, token)
    await reader.opened()
    await add_task(api_url, token, "first")
    await reader.until(lambda payloads: len(payloads) >= 1)
    await reader.close()
    return str(reader.events[0]["id"])


async def test_update_ids_reveal_nothing_about_other_users(
    api_url: str, user_token: Callable[[str], str]
) -> None:
    before = await first_update_id(api_url, user_token(fresh_user("quiet")))

    busy = user_token(fresh_user("busy"))
    watcher = SseReader(api_url, busy)
    await watcher.opened()
    for n in range(100):
        await add_task(api_url, busy, f"busy {n}")
    await watcher.until(lambda payloads: len(payloads) >= 100, timeout=60)  # all pushed
    await watcher.close()

    after = await first_update_id(api_url, user_token(fresh_user("quiet")))
    assert before == after == "1"


async def test_resume_replays_exactly_the_missed_updates(
    api_url: str, user_token: Callable[[str], str]
) -> None:
    token, stranger = user_token(fresh_user()), user_token(fresh_user())
    live = SseReader(api_url, token)
    await live.opened()
    for n in range(3):
        await add_task(api_url, token, f"seen {n}")
    await live.until(lambda payloads: len(payloads) >= 3)
    await live.close()
    last_seen = live.events[-1]["id"]

    for n in range(5):
        await add_task(api_url, token, f"missed {n}")
        await add_task(api_url, stranger, f"not mine {n}")

    # Resume by header and by query parameter (the web app's ticket connect): the same 5.
    by_header = SseReader(api_url, token, headers={"Last-Event-ID": last_seen})
    ticket = (await ticket_for(api_url, token))["ticket"]
    by_ticket = SseReader(api_url, None, params={"ticket": ticket, "last_event_id": last_seen})
    for reader in (by_header, by_ticket):
        await reader.opened()
        await reader.until(lambda payloads: len(payloads) >= 5)
    await add_task(api_url, token, "after resume")
    for reader in (by_header, by_ticket):
        await reader.until(lambda payloads: len(payloads) >= 6)
        await reader.close()
        assert titles(reader) == [*(f"missed {n}" for n in range(5)), "after resume"]
        ids = [int(event["id"]) for event in reader.events]
        assert ids == list(range(int(last_seen) + 1, int(last_seen) + 7))
