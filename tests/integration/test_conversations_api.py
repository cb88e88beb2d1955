"""GET /api/conversations/{id}/messages: a chat restored after a reload, the user's own only."""

from __future__ import annotations

import json
from typing import Any

import httpx


async def say(client: httpx.AsyncClient, message: str, conversation: str | None = None) -> str:
    """Send one chat message with the offline model; the conversation id it went to."""
    body: dict[str, Any] = {"message": message}
    if conversation:
        body["conversation_id"] = conversation
    found = conversation
    name = "message"
    async with client.stream("POST", "/api/chat", json=body) as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                name = line.removeprefix("event:").strip()
            elif line.startswith("data:") and name == "conversation":
                found = json.loads(line.removeprefix("data:"))["conversation_id"]
    assert found
    return found


async def test_a_conversation_reads_back_in_order_with_its_tool_calls(
    alice: httpx.AsyncClient,
) -> None:
    conversation = await say(alice, "add buy milk tomorrow 5pm #shop")
    await say(alice, "show my tasks", conversation)
    response = await alice.get(f"/api/conversations/{conversation}/messages")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["conversation_id"] == conversation
    messages = body["messages"]
    assert [m["role"] for m in messages] == [
        "user",
        "tool",
        "assistant",
        "user",
        "tool",
        "assistant",
    ]
    assert messages[0] == {"role": "user", "text": "add buy milk tomorrow 5pm #shop"}
    added = messages[1]
    assert added["name"] == "add_task"
    assert added["arguments"]["title"] == "Buy milk" and added["arguments"]["tags"] == ["shop"]
    assert added["output"]["title"] == "Buy milk"  # the tool's JSON, parsed
    assert messages[2]["text"].startswith("Added “Buy milk”")
    assert messages[4]["name"] == "list_tasks"
    assert [t["title"] for t in messages[4]["output"]["items"]] == ["Buy milk"]
    assert "Buy milk" in messages[5]["text"]


async def test_another_users_or_an_unknown_conversation_is_404(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    conversation = await say(alice, "add water plants")
    for client, conversation_id in (
        (bob, conversation),
        (alice, "never-used"),
        (alice, "bad%20id"),
    ):
        response = await client.get(f"/api/conversations/{conversation_id}/messages")
        assert response.status_code == 404, (conversation_id, response.text)
        assert response.json()["error"]["code"] == "not_found"
    # Bob's own conversation under the same id is his, and says nothing of Alice's.
    await say(bob, "hello", conversation)
    mine = (await bob.get(f"/api/conversations/{conversation}/messages")).json()["messages"]
    assert mine[0] == {"role": "user", "text": "hello"}
    assert all("water" not in json.dumps(m) for m in mine)
