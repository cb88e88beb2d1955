"""Finding 6 and 7 held: rate limits, the task quota, head size and read deadlines.

Each test runs against a real uvicorn server with the gateway's own protocol options
(gateway.cli.server_limits) and small budgets, so limits are reached in a few requests.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.cli import server_limits
from gateway.settings import Settings
from tests.e2e.test_chat import say
from tests.e2e.test_mcp import mcp_as
from tests.security.support import unique
from tests.server import serve_in_thread

REPO = Path(__file__).resolve().parents[2]
HEAD_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0


@pytest.fixture(scope="module")
def limited_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """A gateway with budgets a test reaches quickly: 10 writes per 30 s (one back every 3 s)."""
    settings = Settings(
        data_dir=data_dir, database_url=database_url,
        rate_limit_writes="10/30s", rate_limit_chat="3/1m", rate_limit_mcp="4/1m",
        rate_limit_unauthenticated="5/1m",
        request_head_timeout=HEAD_TIMEOUT, request_body_timeout=BODY_TIMEOUT,
    )  # fmt: skip
    with serve_in_thread(create_app(settings, database_url), **server_limits(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def quota_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """A gateway where each user may keep 3 tasks, and a conversation 10 items."""
    settings = Settings(
        data_dir=data_dir, database_url=database_url, max_tasks=3, max_conversation_items=10
    )
    with serve_in_thread(create_app(settings, database_url), **server_limits(settings)) as url:
        yield url


@pytest.fixture(scope="module")
def default_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """A gateway with the default budgets."""
    settings = Settings(data_dir=data_dir, database_url=database_url)
    with serve_in_thread(create_app(settings, database_url), **server_limits(settings)) as url:
        yield url


@asynccontextmanager
async def user(base: str, issue_token: Callable[[str], str]) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {issue_token(unique('lim-'))}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        yield client


async def count(client: httpx.AsyncClient) -> int:
    response = await client.get("/api/tasks", params={"status": "all", "limit": 200})
    assert response.status_code == 200, response.text
    return len(response.json()["items"])


def assert_rate_limited(response: httpx.Response, limit: str) -> int:
    assert response.status_code == 429, response.text
    seconds = int(response.headers["retry-after"])
    assert seconds >= 1
    error = response.json()["error"]
    assert (error["code"], error["limit"], error["retry_after"]) == ("rate_limited", limit, seconds)
    return seconds


async def test_a_burst_of_creates_is_refused_and_another_user_is_not_slowed(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    async with user(limited_url, issue_token) as alice, user(limited_url, issue_token) as bob:

        async def burst() -> list[httpx.Response]:
            return await asyncio.gather(
                *(alice.post("/api/tasks", json={"title": f"burst {i}"}) for i in range(40))
            )

        async def meanwhile() -> list[float]:
            latencies = []
            for i in range(5):
                started = time.perf_counter()
                response = await bob.post("/api/tasks", json={"title": f"calm {i}"})
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 201, response.text
            return latencies

        quiet = await meanwhile()  # the same 5 creates with nobody else busy, to compare
        answers, latencies = await asyncio.gather(burst(), meanwhile())
        created = [r for r in answers if r.status_code == 201]
        refused = [r for r in answers if r.status_code != 201]
        # The burst of 10, plus one if 3 s passed while the 40 were answered.
        assert 10 <= len(created) <= 12, [r.status_code for r in answers]
        for response in refused:
            assert_rate_limited(response, "writes")
        assert await count(alice) == len(created)  # a refused create changed nothing
        assert await count(bob) == 10
    print(
        f"\nburst: {len(created)} of 40 created, {len(refused)} refused with 429; the other "
        f"user's creates meanwhile: max {max(latencies) * 1000:.1f} ms, "
        f"mean {sum(latencies) / len(latencies) * 1000:.1f} ms "
        f"(alone: max {max(quiet) * 1000:.1f} ms, mean {sum(quiet) / len(quiet) * 1000:.1f} ms)"
    )
    assert max(latencies) < 5.0


async def test_the_bucket_refills_after_retry_after_and_reads_are_not_limited(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    async with user(limited_url, issue_token) as carol:
        for i in range(10):
            assert (await carol.post("/api/tasks", json={"title": f"t{i}"})).status_code == 201
        first = (await carol.get("/api/tasks")).json()["items"][0]
        task_id = first["id"]
        # Every write spends the same budget: POST, PATCH, DELETE.
        refused = [
            await carol.post("/api/tasks", json={"title": "one more"}),
            await carol.patch(f"/api/tasks/{task_id}", json={"title": "renamed"}),
            await carol.delete(f"/api/tasks/{task_id}"),
            await carol.post(f"/api/tasks/{task_id}/complete"),
        ]
        waits = [assert_rate_limited(response, "writes") for response in refused]
        for _ in range(20):
            assert (await carol.get("/api/tasks")).status_code == 200
        assert (await carol.get(f"/api/tasks/{task_id}")).json() == first  # unchanged
        started = time.monotonic()
        await asyncio.sleep(waits[-1])
        assert (await carol.post("/api/tasks", json={"title": "later"})).status_code == 201
        print(f"\nrefilled after Retry-After {waits[-1]} s ({time.monotonic() - started:.2f} s)")
        assert await count(carol) == 11


async def test_chat_messages_are_limited(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    async with user(limited_url, issue_token) as dave:
        for _ in range(3):
            await say(dave, "list my tasks")
        refused = await dave.post("/api/chat", json={"message": "add buy milk"})
        seconds = assert_rate_limited(refused, "chat")
        assert 1 <= seconds <= 20
        assert await count(dave) == 0  # the refused message never reached the agent


async def test_mcp_tool_calls_are_limited_with_an_http_429(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    token = issue_token(unique("lim-mcp-"))
    async with mcp_as(limited_url, token) as client:
        for _ in range(4):
            assert not (await client.call_tool("list_tasks", {})).is_error
        with pytest.raises(Exception, match="too many requests") as refused:
            await client.call_tool("add_task", {"title": "over the budget"})
        print(f"\nMCP client saw: {refused.value!r}")
        assert (await client.list_tools()).tools  # listing is not a tool call
    call = {
        "jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": {"name": "add_task", "arguments": {"title": "raw"}},
    }  # fmt: skip
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
    }
    async with httpx.AsyncClient(base_url=limited_url, timeout=30) as http:
        response = await http.post("/mcp", json=call, headers=headers)
        assert response.status_code == 429
        assert int(response.headers["retry-after"]) >= 1
        body = response.json()
        assert body["id"] == 7 and body["error"]["data"]["code"] == "rate_limited"
        listed = await http.get(
            "/api/tasks", params={"q": "raw"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert listed.json()["items"] == []


async def test_failed_sign_ins_are_limited_per_address_and_good_tokens_still_pass(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    forged = {"Authorization": "Bearer not.a.token"}
    async with httpx.AsyncClient(base_url=limited_url, timeout=30, headers=forged) as mallory:
        answers = [(await mallory.get("/api/tasks")).status_code for _ in range(5)]
        assert answers == [401] * 5
        refused = await mallory.post("/api/tasks", json={"title": "x"})
        assert_rate_limited(refused, "unauthenticated")
        assert (await mallory.get("/api/tasks")).status_code == 429
    async with user(limited_url, issue_token) as erin:  # same address, a valid token
        assert (await erin.get("/api/tasks")).status_code == 200
        assert (await erin.post("/api/tasks", json={"title": "mine"})).status_code == 201


async def test_the_task_quota_holds_through_rest_mcp_and_chat(
    quota_url: str, issue_token: Callable[[str], str]
) -> None:
    token = issue_token(unique("lim-quota-"))
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=quota_url, headers=headers, timeout=30) as frank:
        ids = []
        for i in range(3):
            response = await frank.post("/api/tasks", json={"title": f"t{i}"})
            assert response.status_code == 201
            ids.append(response.json()["id"])
        over = await frank.post("/api/tasks", json={"title": "one too many"})
        assert over.status_code == 403, over.text
        error = over.json()["error"]
        assert (error["code"], error["limit"]) == ("quota_exceeded", 3)
        assert "3 tasks per user" in error["message"]
        async with mcp_as(quota_url, token) as client:
            result = await client.call_tool("add_task", {"title": "by mcp"})
            assert result.is_error
            assert "task limit reached" in json.dumps([c.model_dump() for c in result.content])
        events = await say(frank, "add buy milk")
        results = [data for name, data in events if name == "tool_result"]
        assert "task limit reached" in json.dumps(results), events
        assert await count(frank) == 3  # nothing was added by any of them
        assert (await frank.delete(f"/api/tasks/{ids[0]}")).status_code == 204
        assert (await frank.post("/api/tasks", json={"title": "room again"})).status_code == 201


async def test_a_huge_header_gets_431_and_others_are_served(limited_url: str) -> None:
    async with httpx.AsyncClient(base_url=limited_url, timeout=10) as http:
        big = await http.get("/healthz", headers={"X-Big": "a" * (64 * 1024)})
        assert big.status_code == 431
        assert (await http.get("/healthz")).status_code == 200


async def test_slow_and_idle_connections_are_cut_off(limited_url: str) -> None:
    host, port = limited_url.removeprefix("http://").split(":")

    async def one_header_byte_a_second() -> tuple[float, bytes]:
        started = time.monotonic()
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        answer = b""
        try:
            for _ in range(30):
                writer.write(b"a")
                try:
                    answer += await asyncio.wait_for(reader.read(1024), 1.0)
                except TimeoutError:
                    continue
                if answer == b"" or reader.at_eof():
                    break
        except ConnectionError:
            pass
        writer.close()
        return time.monotonic() - started, answer

    async def idle() -> float:
        started = time.monotonic()
        reader, writer = await asyncio.open_connection(host, int(port))
        await asyncio.wait_for(reader.read(), 30)  # until the server closes
        writer.close()
        return time.monotonic() - started

    idle_many = [idle() for _ in range(200)]
    slow, *idles = await asyncio.gather(one_header_byte_a_second(), *idle_many)
    elapsed, answer = slow
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert elapsed < HEAD_TIMEOUT + 1.5
    assert max(idles) < HEAD_TIMEOUT + 1.5
    print(
        f"\nslowloris (1 header byte/s) cut off after {elapsed:.2f} s; 200 idle connections "
        f"closed after {min(idles):.2f} to {max(idles):.2f} s (REQUEST_HEAD_TIMEOUT "
        f"{HEAD_TIMEOUT:g} s)"
    )
    async with httpx.AsyncClient(base_url=limited_url, timeout=10) as http:
        assert (await http.get("/healthz")).status_code == 200


async def test_a_slow_body_is_cut_off_and_changes_nothing(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    host, port = limited_url.removeprefix("http://").split(":")
    name = unique("lim-body-")
    body = json.dumps({"title": "slow"}).encode()
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    writer.write(
        b"POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {issue_token(name)}\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    answer = b""
    for byte in body:
        writer.write(bytes([byte]))
        try:
            answer += await asyncio.wait_for(reader.read(1024), 0.5)
        except TimeoutError:
            continue
        except ConnectionError:
            break
        if answer:
            break
    elapsed = time.monotonic() - started
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert BODY_TIMEOUT <= elapsed < BODY_TIMEOUT + 1.5
    print(f"\nslow body (2 bytes/s) cut off after {elapsed:.2f} s")
    headers = {"Authorization": f"Bearer {issue_token(name)}"}
    async with httpx.AsyncClient(base_url=limited_url, headers=headers, timeout=10) as http:
        assert await count(http) == 0


async def test_a_two_megabyte_body_gets_413(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    async with user(limited_url, issue_token) as grace:
        big: dict[str, Any] = {"title": "big", "description": "x" * (2 * 1024 * 1024)}
        response = await grace.post("/api/tasks", json=big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
        assert await count(grace) == 0


def test_todo_gateway_serves_with_the_limits(database_url: str, tmp_path: Path) -> None:
    """`todo gateway` (as the container runs it) passes the settings to uvicorn."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path),
        "PORT": str(port), "EVENT_TRANSPORT": "dapr", "LOG_LEVEL": "WARNING",
        "REQUEST_HEAD_TIMEOUT": "1", "MAX_HEADER_BYTES": "4096",
    }  # fmt: skip
    # `python -m` from the checkout, so this tree's code runs (not an installed copy's).
    gateway = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "gateway"],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert gateway.poll() is None and time.monotonic() < deadline, "no gateway"
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert httpx.get(f"{base}/healthz", headers={"X-Big": "a" * 5000}).status_code == 431
        with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
            started = time.monotonic()
            answer = idle.recv(1024)
            elapsed = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408") and elapsed < 2.5, (answer, elapsed)
        assert httpx.get(f"{base}/healthz").status_code == 200
    finally:
        gateway.send_signal(signal.SIGTERM)
        gateway.wait(20)


async def test_kept_alive_connections_and_long_answers_are_not_cut(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    """The deadlines cover reading a request only: a second request on a kept-alive
    connection and an event stream open longer than both deadlines are served."""
    async with user(limited_url, issue_token) as henry:
        assert (await henry.get("/api/tasks")).status_code == 200
        await asyncio.sleep(HEAD_TIMEOUT + 0.5)  # longer than the deadlines, within keep-alive
        assert (await henry.get("/api/tasks")).status_code == 200
        async with henry.stream("GET", "/api/updates") as stream:
            assert stream.status_code == 200
            lines = stream.aiter_lines()
            await asyncio.sleep(HEAD_TIMEOUT + BODY_TIMEOUT)
            created = await henry.post("/api/tasks", json={"title": "seen live"})
            task_id = created.json()["id"]

            async def until_seen() -> None:
                async for line in lines:
                    if task_id in line:
                        return

            await asyncio.wait_for(until_seen(), 10)


async def test_finding_6_with_the_default_budgets(
    default_url: str, issue_token: Callable[[str], str]
) -> None:
    """Before: 300 creates in 5 s and 60 chat messages in 4 s were all taken."""
    defaults = Settings()
    writes, chat = defaults.rate_limits().writes, defaults.rate_limits().chat
    assert writes is not None and chat is not None
    async with user(default_url, issue_token) as ivan:
        started = time.monotonic()
        creates = await asyncio.gather(
            *(ivan.post("/api/tasks", json={"title": f"flood {i}"}) for i in range(300))
        )
        create_seconds = time.monotonic() - started
        started = time.monotonic()
        messages = await asyncio.gather(
            *(ivan.post("/api/chat", json={"message": "list my tasks"}) for _ in range(60))
        )
        chat_seconds = time.monotonic() - started
    taken = sum(r.status_code == 201 for r in creates)
    answered = sum(r.status_code == 200 for r in messages)
    assert {r.status_code for r in creates} <= {201, 429}
    assert {r.status_code for r in messages} <= {200, 429}
    # The burst, plus what refilled while the requests were answered.
    assert writes.count <= taken <= writes.count + create_seconds * writes.per_second + 1
    assert chat.count <= answered <= chat.count + chat_seconds * chat.per_second + 1
    print(
        f"\ndefaults: {taken} of 300 creates taken in {create_seconds:.1f} s, "
        f"{answered} of 60 chat messages in {chat_seconds:.1f} s"
    )


async def test_a_conversation_cannot_grow_for_ever(
    quota_url: str, issue_token: Callable[[str], str]
) -> None:
    async with user(quota_url, issue_token) as judy:
        conversation = unique("full-")
        turns = 0
        while True:
            response = await judy.post(
                "/api/chat", json={"message": "list my tasks", "conversation_id": conversation}
            )
            if response.status_code != 200:
                break
            turns += 1
            assert turns < 10, "the conversation never filled up"
        assert response.status_code == 403, response.text
        error = response.json()["error"]
        assert (error["code"], error["limit"]) == ("quota_exceeded", 10)
        assert "start a new one" in error["message"]
        stored = await judy.get(f"/api/conversations/{conversation}/messages")
        before = stored.json()["messages"]
        assert (await judy.post("/api/chat", json={"message": "list my tasks"})).status_code == 200
        again = await judy.get(f"/api/conversations/{conversation}/messages")
        assert again.json()["messages"] == before  # the refused turn added nothing
    print(f"\nconversation full after {turns} turns of 'list my tasks'")
