"""The chat client of the tests: POST /api/chat, read the answer's server-sent events."""

from __future__ import annotations

import json
from typing import Any

import httpx

ChatEvents = list[tuple[str, Any]]


def chat_client(base_url: str, token: str) -> httpx.AsyncClient:
    """A client of the API at `base_url` as `token`'s user, patient enough for a model's turn."""
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60)


async def say(
    client: httpx.AsyncClient, message: str, conversation: str | None = None
) -> ChatEvents:
    """Send one chat message; return the SSE events (name, data) of the answer."""
    body: dict[str, Any] = {"message": message}
    if conversation:
        body["conversation_id"] = conversation
    events: ChatEvents = []
    name = "message"
    async with client.stream("POST", "/api/chat", json=body) as response:
        assert response.status_code == 200, await response.aread()
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                name = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.removeprefix("data:"))))
    return events


def final(events: ChatEvents) -> str:
    """The answer's final text (its one `done` event)."""
    [done] = [data for name, data in events if name == "done"]
    return str(done["text"])


def tool_calls(events: ChatEvents) -> list[tuple[str, dict[str, Any]]]:
    """The tool calls the agent made during one answer."""
    return [
        (data["name"], json.loads(data["arguments"] or "{}"))
        for name, data in events
        if name == "tool_call"
    ]
