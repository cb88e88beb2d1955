"""Finding 6 held: per-user quotas (tasks; items of a chat conversation), on a real server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.limits_support import count, gateway_with, user
from tests.security.support import unique
from tests.support.chat import say
from tests.support.mcp import mcp_as


@pytest.fixture(scope="module")
def quota_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """A gateway where each user may keep 3 tasks, and a conversation 10 items."""
    with gateway_with(
        database_url, data_dir=data_dir, max_tasks=3, max_conversation_items=10
    ) as url:
        yield url


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
