"""The MCP server at /mcp, driven by the real `mcp` client over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.support.mcp import call, mcp_as

TOOLS = {
    "add_task", "list_tasks", "get_task", "update_task", "complete_task", "reopen_task",
    "skip_task", "delete_task", "task_activity", "confirm_delete",
}  # fmt: skip


@pytest.fixture
def token(issue_token: Callable[[str], str]) -> Callable[[str], str]:
    return issue_token


async def test_tools_are_listed_with_full_schemas(
    api_url: str, token: Callable[[str], str]
) -> None:
    async with mcp_as(api_url, token("mcp-schema")) as client:
        listed = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(listed) == TOOLS
    add = listed["add_task"].input_schema
    assert add["required"] == ["title"]
    assert {"title", "description", "priority", "tags", "due", "timezone", "recurrence",
            "anchor", "reminders"} <= set(add["properties"])  # fmt: skip
    assert "caller" not in add["properties"] and "ctx" not in add["properties"]
    assert not any(
        "user" in name for tool in listed.values() for name in tool.input_schema["properties"]
    )
    assert listed["delete_task"].annotations is not None
    assert listed["delete_task"].annotations.destructive_hint is True
    assert listed["confirm_delete"].annotations is not None
    assert listed["confirm_delete"].annotations.destructive_hint is True
    assert listed["confirm_delete"].input_schema["required"] == ["confirmation_id"]
    assert listed["add_task"].output_schema is not None


async def test_every_tool_works_for_its_user(api_url: str, token: Callable[[str], str]) -> None:
    async with mcp_as(api_url, token("mcp-user")) as client:
        task = await call(
            client, "add_task", title="Pay rent", priority="urgent", tags=["#Home"],
            due="2031-12-01T09:00:00+01:00", timezone="Europe/Berlin",
            recurrence="every month on the 1st", reminders=["30 minutes before"],
        )  # fmt: skip
        assert task["recurrence"] == {
            "rule": "FREQ=MONTHLY;BYMONTHDAY=1",
            "anchor": "due",
            "text": "every month on the 1st at 9:00",
        }
        assert task["reminders"] == [{"before": "PT30M", "text": "30 min before"}]
        assert task["tags"] == ["home"]
        listed = await call(client, "list_tasks", q="rent")
        assert [t["id"] for t in listed["items"]] == [task["id"]]
        assert (await call(client, "get_task", task_id=task["id"]))["title"] == "Pay rent"
        moved = await call(
            client, "update_task", task_id=task["id"], title="Pay the rent", priority="high"
        )
        assert (moved["title"], moved["priority"]) == ("Pay the rent", "high")
        done = await call(client, "complete_task", task_id=task["id"])
        assert done["completed"] is True
        reopened = await call(client, "reopen_task", task_id=task["id"])
        assert reopened["completed"] is False
        skipped = await call(client, "skip_task", task_id=task["id"])
        assert skipped["skipped"] is True
        asked = await call(client, "delete_task", task_id=task["id"])
        assert asked["deleted"] is False and asked["status"] == "confirmation_needed"
        assert (await call(client, "get_task", task_id=task["id"]))["id"] == task["id"]
        gone = await call(client, "confirm_delete", confirmation_id=asked["confirmation_id"])
        assert [t["id"] for t in gone["deleted"]] == [task["id"]]
        history = await call(client, "task_activity", task_id=task["id"])
        assert isinstance(history["items"], list)


async def test_bad_input_is_a_tool_error_not_a_crash(
    api_url: str, token: Callable[[str], str]
) -> None:
    async with mcp_as(api_url, token("mcp-bad")) as client:
        cases: list[tuple[str, dict[str, Any]]] = [
            ("add_task", {"title": ""}),
            ("add_task", {"title": "x", "due": "when pigs fly"}),
            ("add_task", {"title": "x", "recurrence": "FREQ=SOMETIMES"}),
            ("add_task", {"title": "x", "timezone": "Mars/Olympus"}),
            ("get_task", {"task_id": "not-an-id"}),
            ("list_tasks", {"limit": 5000}),
            ("add_task", {"title": "x" * 501}),
            ("add_task", {"title": "x", "priority": "p9"}),
            ("add_task", {"title": "x", "tags": ["a"] * 31 + [f"t{i}" for i in range(31)]}),
        ]
        for name, arguments in cases:
            result = await client.call_tool(name, arguments)
            assert result.is_error, (name, arguments)
            # A message for people and agents: what is wrong, without library internals.
            message = " ".join(getattr(part, "text", "") for part in result.content)
            print(name, arguments if len(str(arguments)) < 80 else "...", "->", message)
            assert message.strip()
            assert "pydantic" not in message and "https://" not in message, message


async def test_another_users_task_is_unreachable(api_url: str, token: Callable[[str], str]) -> None:
    async with mcp_as(api_url, token("mcp-owner")) as owner:
        task = await call(owner, "add_task", title="mine")
    async with mcp_as(api_url, token("mcp-intruder")) as intruder:
        for name, arguments in [
            ("get_task", {"task_id": task["id"]}),
            ("update_task", {"task_id": task["id"], "title": "stolen"}),
            ("complete_task", {"task_id": task["id"]}),
            ("delete_task", {"task_id": task["id"], "confirm": True}),
        ]:
            assert (await intruder.call_tool(name, arguments)).is_error
        assert (await call(intruder, "list_tasks"))["items"] == []
    async with mcp_as(api_url, token("mcp-owner")) as owner:
        assert (await call(owner, "get_task", task_id=task["id"]))["title"] == "mine"


async def test_no_token_is_401(api_url: str) -> None:
    async with httpx.AsyncClient() as plain:
        response = await plain.post(
            f"{api_url}/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"Accept": "application/json, text/event-stream"},
        )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    with pytest.raises(Exception):  # noqa: B017 - the client surfaces the 401 its own way
        async with mcp_as(api_url, None) as client:
            await client.list_tools()
