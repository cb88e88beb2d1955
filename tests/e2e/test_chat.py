"""POST /api/chat end to end: the offline model, and a local OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.chat import chat_client, final, say, tool_calls
from tests.support.fake_openai import FakeOpenAI, gateway_on


async def test_offline_model_adds_lists_and_deletes_with_confirmation(
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    client = make_client("chat-offline")
    events = await say(client, "remind me to pay rent every month on the 1st at 9am, p1 #home")
    conversation = events[0][1]["conversation_id"]
    [(name, arguments)] = tool_calls(events)
    assert name == "add_task"
    assert (
        arguments["recurrence"] == "FREQ=MONTHLY;BYMONTHDAY=1" and arguments["priority"] == "urgent"
    )
    assert "Pay rent" in final(events)
    assert any(name == "delta" for name, _ in events)  # the answer streamed
    [task] = (await client.get("/api/tasks", params={"q": "rent"})).json()["items"]
    assert task["tags"] == ["home"] and task["recurrence"]["rule"] == "FREQ=MONTHLY;BYMONTHDAY=1"

    asked = await say(client, "delete pay rent", conversation)
    assert "confirm" in final(asked).lower() or "?" in final(asked)
    assert (await client.get(f"/api/tasks/{task['id']}")).status_code == 200  # not yet

    confirmed = await say(client, "yes", conversation)
    assert ("delete_task", {"task_id": task["id"], "confirm": True}) in tool_calls(confirmed)
    assert (await client.get(f"/api/tasks/{task['id']}")).status_code == 404


async def test_a_conversation_belongs_to_its_user(
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    alice, mallory = make_client("chat-alice"), make_client("chat-mallory")
    await say(alice, "add dentist appointment tomorrow 3pm")
    asked = await say(alice, "delete dentist")
    conversation = asked[0][1]["conversation_id"]
    # Mallory reuses Alice's conversation id: she gets her own, empty conversation.
    hijack = await say(mallory, "yes", conversation)
    assert not any(name == "delete_task" for name, _ in tool_calls(hijack))
    assert len((await alice.get("/api/tasks", params={"q": "dentist"})).json()["items"]) == 1


async def test_bad_chat_requests(
    api_url: str, make_client: Callable[[str | None], httpx.AsyncClient]
) -> None:
    client = make_client("chat-bad")
    for body in (
        {"message": ""},
        {"message": "x" * 4001},
        {"message": "hi", "conversation_id": "../x"},
        {},
    ):
        assert (await client.post("/api/chat", json=body)).status_code == 422, body
    async with httpx.AsyncClient(base_url=api_url) as anonymous:
        assert (await anonymous.post("/api/chat", json={"message": "hi"})).status_code == 401


async def test_unknown_commands_get_a_helpful_reply(
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    # Keyboard mashing (a plain statement would be added as a task, as Todoist does).
    events = await say(make_client("chat-help"), "qwerty asdf zxcv")
    assert tool_calls(events) == []
    assert final(events)  # says what it can do instead of failing


async def test_offline_model_several_tasks_compound_edits_counts_and_follow_ups(
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    """The offline grammar's multi-step flows through the real agent runner and MCP tools."""
    client = make_client("chat-flows")

    async def shopping() -> dict[str, dict[str, Any]]:
        items = (await client.get("/api/tasks", params={"tag": "shopping"})).json()["items"]
        return {task["title"]: task for task in items}

    added = await say(client, "add milk, eggs and bread tomorrow #shopping")
    conversation = added[0][1]["conversation_id"]
    assert [name for name, _ in tool_calls(added)] == ["add_task"] * 3
    tasks = await shopping()
    assert sorted(tasks) == ["Bread", "Eggs", "Milk"]
    assert len({task["due"] for task in tasks.values()}) == 1  # the date is shared

    moved = await say(client, "move milk and eggs to friday", conversation)
    names = [name for name, _ in tool_calls(moved)]
    assert names == ["list_tasks", "list_tasks", "update_task", "update_task"], names
    tasks = await shopping()
    assert tasks["Milk"]["due"] == tasks["Eggs"]["due"] != tasks["Bread"]["due"]

    counted = await say(client, "how many #shopping tasks do I have?", conversation)
    assert "3" in final(counted) and "Bread" in final(counted)

    compound = await say(
        client, "change the priority of bread to high and rename it to sourdough bread"
    )
    [update] = [args for name, args in tool_calls(compound) if name == "update_task"]
    assert update["priority"] == "high" and update["title"] == "Sourdough bread"
    assert (await shopping())["Sourdough bread"]["priority"] == "high"

    reminded = await say(client, "remind me about sourdough an hour before", conversation)
    assert "update_task" in [name for name, _ in tool_calls(reminded)]
    [reminder] = (await shopping())["Sourdough bread"]["reminders"]
    assert reminder["before"] == "PT1H"

    await say(client, "show #shopping", conversation)
    done = await say(client, "tick off the first two", conversation)
    assert [name for name, _ in tool_calls(done)] == ["complete_task", "complete_task"]
    assert len(await shopping()) == 1  # two completed, one open

    quiet = await say(client, "thanks, that's it for today", conversation)
    assert tool_calls(quiet) == [] and "understand" not in final(quiet)


# -- an OpenAI-compatible server (what Ollama, llama.cpp or vLLM would be) --------------------


MILK = {"title": "Buy milk", "tags": ["shopping"], "due": "tomorrow 5pm"}


@pytest.fixture
def llm_gateway(database_url: str, data_dir: Path) -> Iterator[tuple[str, FakeOpenAI]]:
    """First a tool call, then (after the tool result) an answer."""
    fake = FakeOpenAI([("add_task", MILK)], "Added “Buy milk” for you.")
    with gateway_on(fake, "local-model", database_url, data_dir) as url:
        yield url, fake


async def test_agent_against_an_openai_compatible_server(
    llm_gateway: tuple[str, FakeOpenAI], issue_token: Callable[[str], str]
) -> None:
    url, fake = llm_gateway
    async with chat_client(url, issue_token("chat-llm")) as client:
        events = await say(client, "I need milk tomorrow evening")
        assert final(events) == "Added “Buy milk” for you."
        [task] = (await client.get("/api/tasks", params={"q": "milk"})).json()["items"]
    assert task["tags"] == ["shopping"] and task["due"].endswith("17:00:00+00:00")
    first, second = fake.requests
    assert first["model"] == "local-model"
    offered = {tool["function"]["name"] for tool in first["tools"]}
    assert {"add_task", "list_tasks", "delete_task", "task_activity"} <= offered
    for tool in first["tools"]:  # no tool lets the model name a user
        assert not {"caller", "ctx", "user", "user_id", "owner"} & set(
            tool["function"]["parameters"]["properties"]
        )
    tool_message = next(m for m in second["messages"] if m.get("role") == "tool")
    assert json.loads(tool_message["content"])["title"] == "Buy milk"
