"""Hostile recurrence rules are refused when saved, with a 422 naming the part (issue #13).

Before: FREQ=HOURLY;BYHOUR=25 and BYEASTER=400 were saved, then crashed the recur function on
completion, which the router retried as a transient failure for ~30 s while every other user's
events waited. Each case goes through the real gateway over HTTP: REST, the MCP client, and
the chat agent's tools (driven by a scripted model).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import DeadLetterRow
from core.store.models import TaskRow
from tests.security.hostile import (
    BAD_RULES,
    DUE,
    RANGE,
    WEEKLY,
    problem,
    titles,
)
from tests.security.support import unique
from tests.support.chat import chat_client, say, tool_calls
from tests.support.fake_openai import FakeOpenAI, ToolCall, gateway_on
from tests.support.mcp import mcp_as, tool
from tests.support.waits import eventually_async, latest_async


@pytest.mark.parametrize(("rule", "named"), BAD_RULES)
async def test_rest_create_refuses_a_rule_that_cannot_recur(
    alice: httpx.AsyncClient, rule: str, named: str
) -> None:
    body = {"title": "hostile rule", "due": DUE, "recurrence": {"rule": rule}}
    response = await alice.post("/api/tasks", json=body)
    assert response.status_code == 422, response.text
    assert named in problem(response) and "recurrence" in problem(response), response.text
    assert await titles(alice) == []


@pytest.mark.parametrize(("rule", "named"), BAD_RULES)
async def test_rest_patch_refuses_a_rule_that_cannot_recur(
    alice: httpx.AsyncClient, rule: str, named: str
) -> None:
    task = (
        await alice.post(
            "/api/tasks",
            json={"title": "weekly", "due": DUE, "recurrence": {"rule": "FREQ=WEEKLY"}},
        )
    ).json()
    response = await alice.patch(f"/api/tasks/{task['id']}", json={"recurrence": {"rule": rule}})
    assert response.status_code == 422, response.text
    assert named in problem(response), response.text
    kept = (await alice.get(f"/api/tasks/{task['id']}")).json()
    assert kept["recurrence"]["rule"] == "FREQ=WEEKLY" and kept["updated_at"] == task["updated_at"]


async def test_moving_the_due_date_rechecks_the_rule(alice: httpx.AsyncClient) -> None:
    # 29 February on a Monday: 2044 follows 2016 after 28 years, 2072 follows 2044.
    rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"
    body = {"title": "leap monday", "due": "2043-03-01T09:00:00Z", "recurrence": {"rule": rule}}
    task = (await alice.post("/api/tasks", json=body)).json()
    assert "id" in task, task
    moved = await alice.patch(f"/api/tasks/{task['id']}", json={"due": "2044-02-29T09:00:00Z"})
    assert moved.status_code == 422, moved.text
    assert "no occurrence within 10 years" in problem(moved)
    assert (await alice.get(f"/api/tasks/{task['id']}")).json()[
        "due"
    ] == "2043-03-01T09:00:00+00:00"
    # A patch of another field leaves the rule unchecked and unchanged.
    renamed = await alice.patch(f"/api/tasks/{task['id']}", json={"title": "renamed"})
    assert renamed.status_code == 200, renamed.text


async def test_a_sound_rule_still_recurs(alice: httpx.AsyncClient) -> None:
    rule = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    body = {"title": "last workday", "due": DUE, "recurrence": {"rule": rule}}
    created = await alice.post("/api/tasks", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["recurrence"]["rule"] == rule


async def test_mcp_tools_refuse_rules_that_cannot_recur(
    api_url: str, issue_token: Callable[[str], str]
) -> None:
    async with mcp_as(api_url, issue_token(unique("mcp-rule-"))) as client:
        for rule, named in BAD_RULES:
            failed, message = await tool(
                client, "add_task", title="hostile", due=DUE, recurrence=rule
            )
            assert failed and named in message, (rule, message)
        failed, task = await tool(
            client, "add_task", title="weekly", due=DUE, recurrence="FREQ=WEEKLY"
        )
        assert not failed, task
        for rule, named in BAD_RULES:
            failed, message = await tool(client, "update_task", task_id=task["id"], recurrence=rule)
            assert failed and named in message, (rule, message)
        failed, listed = await tool(client, "list_tasks", status="all")
        assert not failed and [t["recurrence"]["rule"] for t in listed["items"]] == ["FREQ=WEEKLY"]


async def test_chat_tools_refuse_hostile_rules_and_dates(
    database_url: str, data_dir: Path, issue_token: Callable[[str], str]
) -> None:
    hostile: list[ToolCall] = [
        ("add_task", {"title": "rule", "due": DUE, "recurrence": rule}) for rule, _ in BAD_RULES
    ] + [
        ("add_task", {"title": "year 1", "due": "0001-01-01T00:00:00+14:00"}),
        ("add_task", {"title": "year 9999", "due": "9999-12-31T23:59:59-12:00"}),
        ("add_task", {"title": "reminder", "reminders": ["9999-12-31T23:59:59-01:00"]}),
        ("add_task", {"title": "control", "due": DUE, "recurrence": "FREQ=WEEKLY"}),
    ]
    # The offline chat model only writes rules it understood from words, so the hostile ones
    # reach the agent's tools the way a real model would send them: as a model's tool calls.
    model = FakeOpenAI(hostile, "Done.")
    with gateway_on(model, "scripted", database_url, data_dir) as url:
        async with chat_client(url, issue_token(unique("chat-rule-"))) as client:
            events = await say(client, "add these")
            assert len(tool_calls(events)) == len(hostile), events
            results = list(model.tool_results().values())
            assert len(results) == len(hostile), results
            for (rule, named), result in zip(BAD_RULES, results, strict=False):
                assert result.startswith("Error") and named in result, (rule, result)
            for result in results[len(BAD_RULES) : -1]:
                assert result.startswith("Error") and RANGE in result, result
            assert not results[-1].startswith("Error"), results[-1]  # the control ran
            assert await titles(client) == ["control"]


async def test_a_rule_saved_before_the_check_is_refused_on_patch_not_500(
    alice: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    task = (await alice.post("/api/tasks", json={"title": "old rule", "due": DUE})).json()
    async with sessionmaker() as session, session.begin():
        row = await session.get(TaskRow, uuid.UUID(task["id"]))
        assert row is not None
        row.recurrence_rule, row.recurrence_anchor = "FREQ=HOURLY;BYHOUR=25", "due"
        row.series_id = row.id
    response = await alice.patch(f"/api/tasks/{task['id']}", json={"timezone": "Asia/Tokyo"})
    assert response.status_code == 422 and "BYHOUR=25" in problem(response), response.text
    fixed = await alice.patch(
        f"/api/tasks/{task['id']}", json={"recurrence": {"rule": "FREQ=HOURLY;BYHOUR=9,17"}}
    )
    assert fixed.status_code == 200, fixed.text


async def test_completing_a_rule_saved_before_the_check_stalls_nobody(
    make_client: Callable[[str | None], httpx.AsyncClient],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # Before issue #13 the recur function crashed on this rule (TypeError inside dateutil),
    # the router retried it for ~30 s as transient, and another user's create -> audit took
    # 31.4 s. A rule that cannot be computed is now the event's own fault: one try, 400, dead
    # letter.
    alice_name = unique("stall-alice-")
    alice, bob = make_client(alice_name), make_client(None)
    task = (await alice.post("/api/tasks", json=WEEKLY)).json()
    async with sessionmaker() as session, session.begin():
        row = await session.get(TaskRow, uuid.UUID(task["id"]))
        assert row is not None
        row.recurrence_rule = "FREQ=HOURLY;BYHOUR=25"
    assert (await alice.post(f"/api/tasks/{task['id']}/complete")).status_code == 200
    started = time.monotonic()
    await bob.post("/api/tasks", json={"title": "bob's own"})

    async def audited() -> bool:
        return bool((await bob.get("/api/activity")).json()["items"])

    await eventually_async(audited, 60, "bob's create audited")
    print(f"another user's create -> audit: {time.monotonic() - started:.2f} s")
    query = select(DeadLetterRow).where(
        DeadLetterRow.function == "recur", DeadLetterRow.partition_key == alice_name
    )

    async def dead_letters() -> list[DeadLetterRow]:
        async with sessionmaker() as session:
            return list((await session.execute(query)).scalars())

    # The assertion below says what was there when waiting stopped.
    letters = await latest_async(dead_letters, bool, max(0.0, 60 - (time.monotonic() - started)))
    assert [(letter.status, letter.attempts) for letter in letters] == [(400, 1)], letters
    assert "BYHOUR=25" in letters[0].error
    series = (await alice.get("/api/tasks", params={"status": "all"})).json()["items"]
    assert [t["id"] for t in series] == [task["id"]]  # no next occurrence was made
