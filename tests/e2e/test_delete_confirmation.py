"""Server-side delete confirmation (issue #13, finding 10): no model deletes without the user.

A delete through MCP or the chat agent answers a pending confirmation kept in PostgreSQL. Over
MCP only `confirm_delete` with its id carries it out (once, same user, within its lifetime);
in the chat only the user's next message saying yes does, without the model deciding.
Driven end to end: a real server, the real MCP client, the offline model and an
OpenAI-compatible server whose model tries to delete in one turn.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.chat import chat_client, final, say, tool_calls
from tests.support.fake_openai import FakeOpenAI, ToolCall, gateway_on
from tests.support.mcp import call, mcp_as

Client = Callable[[str | None], httpx.AsyncClient]


async def add(client: httpx.AsyncClient, title: str) -> dict[str, Any]:
    response = await client.post("/api/tasks", json={"title": title})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def exists(client: httpx.AsyncClient, task: dict[str, Any]) -> bool:
    status = (await client.get(f"/api/tasks/{task['id']}")).status_code
    assert status in (200, 404)
    return status == 200


async def refused(client: Any, name: str, **arguments: Any) -> str:
    """Call a tool that must fail; its error text."""
    result = await client.call_tool(name, arguments)
    assert result.is_error, result.content
    return " ".join(getattr(part, "text", "") for part in result.content)


def results(events: list[tuple[str, Any]]) -> list[Any]:
    outputs = [data["output"] for name, data in events if name == "tool_result"]
    return [json.loads(o) if o.startswith("{") else o for o in outputs]


async def expire(
    engine: AsyncEngine, confirmation: str, ago: timedelta = timedelta(seconds=1)
) -> None:
    """Let a confirmation's lifetime pass (it expired `ago`)."""
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE delete_confirmations SET expires_at = :at "
                 "WHERE id = :id"),
            {"id": confirmation, "at": datetime.now(UTC) - ago},
        )  # fmt: skip


# -- MCP ------------------------------------------------------------------------------------


async def test_mcp_delete_asks_and_confirm_delete_carries_it_out_once(
    api_url: str, issue_token: Callable[[str], str], make_client: Client
) -> None:
    rest = make_client("del-mcp-owner")
    task, other = await add(rest, "Old receipts"), await add(rest, "Keep me")
    async with mcp_as(api_url, issue_token("del-mcp-owner")) as client:
        asked = await call(client, "delete_task", task_id=task["id"])
        # `confirm=true`, which used to delete at once, now asks too.
        forced = await call(client, "delete_task", task_id=task["id"], confirm=True)
        for answer in (asked, forced):
            assert answer["status"] == "confirmation_needed" and answer["deleted"] is False
            assert answer["title"] == "Old receipts" and "confirm_delete" in answer["message"]
            assert len(answer["confirmation_id"]) >= 32
        assert asked["confirmation_id"] != forced["confirmation_id"]
        assert await exists(rest, task), "nothing is deleted before the confirmation"

        done = await call(client, "confirm_delete", confirmation_id=asked["confirmation_id"])
        assert [t["id"] for t in done["deleted"]] == [task["id"]]
        assert done["message"] == "Deleted “Old receipts”."
        assert not await exists(rest, task)

        again = await refused(client, "confirm_delete", confirmation_id=asked["confirmation_id"])
        assert "already used" in again
        # The other id of the same task: the task is gone, so it deletes nothing and says so.
        gone = await refused(client, "confirm_delete", confirmation_id=forced["confirmation_id"])
        assert "no longer exist" in gone
        for bad in ("", "x", "not-a-confirmation-id" * 10):
            assert await refused(client, "confirm_delete", confirmation_id=bad)
    assert await exists(rest, other)


async def test_mcp_confirmation_of_another_user_or_expired_deletes_nothing(
    api_url: str, issue_token: Callable[[str], str], make_client: Client, engine: AsyncEngine
) -> None:
    alice = make_client("del-mcp-alice")
    rent, old = await add(alice, "Pay rent"), await add(alice, "Old plan")
    async with mcp_as(api_url, issue_token("del-mcp-alice")) as client:
        stolen = (await call(client, "delete_task", task_id=rent["id"]))["confirmation_id"]
        stale = (await call(client, "delete_task", task_id=old["id"]))["confirmation_id"]
    async with mcp_as(api_url, issue_token("del-mcp-mallory")) as mallory:
        message = await refused(mallory, "confirm_delete", confirmation_id=stolen)
        # The same answer as an unknown id: no telling whose it is.
        assert message == await refused(mallory, "confirm_delete", confirmation_id="nope" * 8)
    assert await exists(alice, rent)

    await expire(engine, stale, timedelta(days=2))  # time passes for this one
    async with mcp_as(api_url, issue_token("del-mcp-alice")) as client:
        assert "expired" in await refused(client, "confirm_delete", confirmation_id=stale)
        assert await exists(alice, old)
        # Mallory's try did not spend Alice's confirmation: she still can.
        done = await call(client, "confirm_delete", confirmation_id=stolen)
        assert [t["title"] for t in done["deleted"]] == ["Pay rent"]
        assert not await exists(alice, rent) and await exists(alice, old)
        # Her next delete request drops confirmations expired over a day ago, not newer ones.
        await call(client, "delete_task", task_id=old["id"])
    async with engine.connect() as conn:
        kept = await conn.scalars(
            text("SELECT id FROM delete_confirmations WHERE id IN (:a, :b)"),
            {"a": stale, "b": stolen},
        )
        assert list(kept) == [stolen]


async def test_mcp_concurrent_confirms_delete_once(
    api_url: str, issue_token: Callable[[str], str], make_client: Client
) -> None:
    rest = make_client("del-mcp-race")
    task = await add(rest, "Raced")
    async with mcp_as(api_url, issue_token("del-mcp-race")) as client:
        confirmation = (await call(client, "delete_task", task_id=task["id"]))["confirmation_id"]
    token = issue_token("del-mcp-race")

    async def confirm() -> bool:
        async with mcp_as(api_url, token) as client:
            result = await client.call_tool("confirm_delete", {"confirmation_id": confirmation})
            return not result.is_error

    outcomes = await asyncio.gather(*(confirm() for _ in range(5)))
    assert sorted(outcomes) == [False] * 4 + [True]
    assert not await exists(rest, task)


async def test_a_chat_confirmation_cannot_be_confirmed_over_mcp(
    api_url: str, issue_token: Callable[[str], str], make_client: Client
) -> None:
    client = make_client("del-chat-to-mcp")
    task = await add(client, "Chat only")
    asked = await say(client, "delete chat only")
    [pending] = [r for r in results(asked) if isinstance(r, dict) and "confirmation_id" in r]
    async with mcp_as(api_url, issue_token("del-chat-to-mcp")) as mcp:
        await refused(mcp, "confirm_delete", confirmation_id=pending["confirmation_id"])
    assert await exists(client, task)


# -- chat, the offline model ----------------------------------------------------------------


async def test_chat_delete_then_yes_deletes_without_the_model(make_client: Client) -> None:
    client = make_client(None)
    task = await add(client, "Dentist")
    asked = await say(client, "delete dentist")
    conversation = asked[0][1]["conversation_id"]
    assert final(asked) == "Delete “Dentist”? Say yes to confirm."
    [pending] = [r for r in results(asked) if isinstance(r, dict) and "status" in r]
    assert pending["status"] == "confirmation_needed" and pending["deleted"] is False
    assert await exists(client, task)

    started = time.perf_counter()
    confirmed = await say(client, "Yes!", conversation)
    print(f"\nthe yes turn, answered by the server: {time.perf_counter() - started:.3f} s")
    assert tool_calls(confirmed) == [("delete_task", {"task_id": task["id"], "confirm": True})]
    [done] = results(confirmed)
    assert done["deleted"] is True and done["task"]["title"] == "Dentist"
    assert final(confirmed) == "Deleted “Dentist”."
    assert any(name == "delta" for name, _ in confirmed)
    assert not await exists(client, task)

    # The turn is in the history like any other: the UI restores it, the model reads it.
    restored = (await client.get(f"/api/conversations/{conversation}/messages")).json()
    assert restored["messages"][-3:] == [
        {"role": "user", "text": "Yes!"},
        {"role": "tool", "name": "delete_task",
         "arguments": {"task_id": task["id"], "confirm": True}, "output": done},
        {"role": "assistant", "text": "Deleted “Dentist”."},
    ]  # fmt: skip
    after = await say(client, "undo", conversation)
    assert final(after) == "A deleted task cannot be restored."


@pytest.mark.parametrize("answer", ["no", "actually add milk", "yes, but rename it first"])
async def test_chat_anything_but_yes_cancels(make_client: Client, answer: str) -> None:
    client = make_client(None)
    task = await add(client, "Gym")
    conversation = (await say(client, "delete gym"))[0][1]["conversation_id"]
    reply = await say(client, answer, conversation)
    assert "delete_task" not in [name for name, _ in tool_calls(reply)]
    if answer == "no":
        assert final(reply) == "OK, I kept “Gym”."
    if answer == "actually add milk":
        assert [name for name, _ in tool_calls(reply)] == ["add_task"]
    # A yes later is not the next turn: the confirmation was cancelled.
    late = await say(client, "yes", conversation)
    assert "Deleted" not in final(late)
    assert await exists(client, task)


async def test_chat_several_deletes_wait_on_one_confirmation(make_client: Client) -> None:
    client = make_client(None)
    milk, eggs, bread = [await add(client, t) for t in ("Milk", "Eggs", "Bread")]
    asked = await say(client, "delete milk and eggs")
    conversation = asked[0][1]["conversation_id"]
    assert final(asked) == "Delete “Milk” and “Eggs”? Say yes to confirm."
    pending = [r for r in results(asked) if isinstance(r, dict) and "confirmation_id" in r]
    assert len(pending) == 2 and len({p["confirmation_id"] for p in pending}) == 1
    assert any(sorted(p["titles"]) == ["Eggs", "Milk"] for p in pending)  # the later one's
    assert await exists(client, milk) and await exists(client, eggs)

    confirmed = await say(client, "go ahead", conversation)
    assert sorted(args["task_id"] for _, args in tool_calls(confirmed)) == sorted(
        [milk["id"], eggs["id"]]
    )
    assert final(confirmed) in ("Deleted “Milk” and “Eggs”.", "Deleted “Eggs” and “Milk”.")
    assert not await exists(client, milk) and not await exists(client, eggs)
    assert await exists(client, bread)


async def test_chat_confirmation_stays_in_its_conversation_and_user(make_client: Client) -> None:
    alice_name = f"del-chat-alice-{time.monotonic_ns()}"
    alice, mallory = make_client(alice_name), make_client(None)
    task = await add(alice, "Passport renewal")
    conversation = (await say(alice, "delete passport renewal"))[0][1]["conversation_id"]

    elsewhere = await say(alice, "yes")  # a new conversation of hers
    assert elsewhere[0][1]["conversation_id"] != conversation
    hijack = await say(mallory, "yes", conversation)  # her id, Mallory's own conversation
    for events in (elsewhere, hijack):
        assert "delete_task" not in [name for name, _ in tool_calls(events)]
    assert await exists(alice, task)

    # Neither spent it: Alice's own next turn there still confirms.
    confirmed = await say(alice, "yes", conversation)
    assert final(confirmed) == "Deleted “Passport renewal”."
    assert not await exists(alice, task)


async def test_chat_yes_after_expiry_asks_again(make_client: Client, engine: AsyncEngine) -> None:
    client = make_client(None)
    task = await add(client, "Library books")
    asked = await say(client, "delete library books")
    conversation = asked[0][1]["conversation_id"]
    [pending] = [r for r in results(asked) if isinstance(r, dict) and "confirmation_id" in r]
    await expire(engine, pending["confirmation_id"])

    late = await say(client, "yes", conversation)  # goes to the model, which asks again
    assert final(late) == "Delete “Library books”? Say yes to confirm."
    assert await exists(client, task)
    confirmed = await say(client, "yes", conversation)
    assert final(confirmed) == "Deleted “Library books”."
    assert not await exists(client, task)


# -- chat, a model that deletes in one turn ---------------------------------------------------


@pytest.fixture
def deleter_gateway(database_url: str, data_dir: Path) -> Iterator[tuple[str, FakeOpenAI]]:
    """A model that deletes at once (the test scripts it once the task exists)."""
    model = FakeOpenAI("Nothing to delete.")
    with gateway_on(model, "one-turn-deleter", database_url, data_dir) as url:
        yield url, model


async def test_a_model_cannot_delete_in_one_turn(
    deleter_gateway: tuple[str, FakeOpenAI], issue_token: Callable[[str], str]
) -> None:
    url, model = deleter_gateway
    async with chat_client(url, issue_token("del-llm")) as client:
        task = await add(client, "Tax return")
        # delete_task(confirm=true) twice in a row (as a model "confirming" itself would),
        # then it says it is done.
        delete: list[ToolCall] = [("delete_task", {"task_id": task["id"], "confirm": True})]
        model.script = [delete, delete, "Deleted it for you."]
        turn = await say(client, "delete my tax return")
        conversation = turn[0][1]["conversation_id"]
        assert [name for name, _ in tool_calls(turn)] == ["delete_task", "delete_task"]
        answers = results(turn)
        assert all(a["status"] == "confirmation_needed" for a in answers), answers
        assert len({a["confirmation_id"] for a in answers}) == 1  # one question for the turn
        assert await exists(client, task), "the model's confirm=true deleted nothing"

        offered = {t["function"]["name"]: t for t in model.requests[0]["tools"]}
        assert "confirm_delete" not in offered
        assert not any(
            "confirmation" in name
            for tool in offered.values()
            for name in tool["function"]["parameters"]["properties"]
        )
        seen = len(model.requests)
        confirmed = await say(client, "yes", conversation)
        assert len(model.requests) == seen, "the yes never reached the model"
        assert final(confirmed) == "Deleted “Tax return”."
        assert not await exists(client, task)
        # The server's turn reads back to the model like its own (chat completions format).
        after = await say(client, "thanks", conversation)
        assert not [data for name, data in after if name == "error"], after
        tool_messages = [m for m in model.requests[seen]["messages"] if m.get("role") == "tool"]
        assert '"deleted": true' in tool_messages[-1]["content"].replace('":true', '": true')
