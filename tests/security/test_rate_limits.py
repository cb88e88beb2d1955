"""Finding 6 held: per-user rate limits on writes, chat and MCP tool calls, on a real server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from gateway.settings import Settings
from tests.security.limits_support import assert_rate_limited, count, gateway_with, user
from tests.security.support import unique
from tests.support.chat import say
from tests.support.mcp import mcp_as


@pytest.fixture(scope="module")
def limited_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """Budgets a test reaches quickly: 10 writes per 30 s (one back every 3 s), 3 chat
    messages and 4 MCP tool calls a minute, 5 failed sign-ins a minute per address."""
    with gateway_with(
        database_url, data_dir=data_dir, rate_limit_writes="10/30s", rate_limit_chat="3/1m",
        rate_limit_mcp="4/1m", rate_limit_unauthenticated="5/1m",
    ) as url:  # fmt: skip
        yield url


@pytest.fixture(scope="module")
def default_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """A gateway with the default budgets."""
    with gateway_with(database_url, data_dir=data_dir) as url:
        yield url


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
        await asyncio.sleep(waits[-1])  # deliberate: the Retry-After the server named
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
