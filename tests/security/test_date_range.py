"""Dates outside 1900-01-01..2200-12-31 (UTC) are a 422, never a 500 (issue #13, finding 5).

Before: due dates in the year 1 or 9999, with +14:00 / -12:00 offsets, in Pacific/Kiritimati
or with a reminder, answered 500 (Python's datetime or asyncpg overflowed). Through the real
gateway over HTTP: REST and the MCP client (the chat's tools are in test_hostile_rules.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.models import TaskRow
from tests.security.hostile import BAD_DATES, DUE, RANGE, problem, titles
from tests.security.support import unique
from tests.support.mcp import mcp_as, tool


@pytest.mark.parametrize(("fields", "field"), BAD_DATES)
async def test_rest_refuses_dates_outside_the_range(
    alice: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    response = await alice.post("/api/tasks", json={"title": "far away", **fields})
    assert response.status_code == 422, response.text
    assert RANGE in problem(response) and field in problem(response), response.text
    assert await titles(alice) == []


@pytest.mark.parametrize(("fields", "field"), BAD_DATES)
async def test_rest_patch_refuses_dates_outside_the_range(
    alice: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    task = (await alice.post("/api/tasks", json={"title": "near", "due": DUE})).json()
    response = await alice.patch(f"/api/tasks/{task['id']}", json=fields)
    assert response.status_code == 422, response.text
    assert RANGE in problem(response), response.text
    kept = (await alice.get(f"/api/tasks/{task['id']}")).json()
    assert kept["due"] == task["due"] and kept["updated_at"] == task["updated_at"]


@pytest.mark.parametrize(
    "fields",
    [
        {"due": "1900-01-01T00:00:00Z"},
        {"due": "1900-01-01T00:00:00-14:00", "reminders": [{"before": "PT14H"}]},
        {"due": "2200-12-31T23:59:59Z", "reminders": [{"at": "2200-12-31T23:59:59Z"}]},
        {"due": "2200-12-31T10:00:00Z", "timezone": "Pacific/Kiritimati"},
        {"due": "2200-12-31T23:00:00Z", "recurrence": {"rule": "FREQ=DAILY"}},
        # Fires in 1899: long past, so at once (marked late); nothing overflows there.
        {"due": "1900-01-01T12:00:00Z", "reminders": [{"before": "P1D"}]},
    ],
)
async def test_dates_at_the_edges_of_the_range_are_kept(
    alice: httpx.AsyncClient, fields: dict[str, Any]
) -> None:
    response = await alice.post("/api/tasks", json={"title": "edge", **fields})
    assert response.status_code == 201, response.text
    again = await alice.get(f"/api/tasks/{response.json()['id']}")
    assert again.status_code == 200 and again.json()["due"] == response.json()["due"]


async def test_a_zone_that_moves_a_stored_due_out_of_range_is_422_not_500(
    alice: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # A task stored before the range was enforced: due at noon UTC on the last day of 9999,
    # which Pacific/Kiritimati (+14:00) would show in the year 10000.
    task = (await alice.post("/api/tasks", json={"title": "stored long ago", "due": DUE})).json()
    async with sessionmaker() as session, session.begin():
        row = await session.get(TaskRow, uuid.UUID(task["id"]))
        assert row is not None
        row.due = datetime(9999, 12, 31, 12, tzinfo=UTC)
    listed = await alice.get("/api/tasks", params={"status": "all"})
    assert listed.status_code == 200, listed.text
    response = await alice.patch(
        f"/api/tasks/{task['id']}", json={"timezone": "Pacific/Kiritimati"}
    )
    assert response.status_code == 422, response.text
    assert RANGE in problem(response) and "due" in problem(response)
    fixed = await alice.patch(
        f"/api/tasks/{task['id']}",
        json={"timezone": "Pacific/Kiritimati", "due": "2031-06-02T09:00:00+14:00"},
    )
    assert fixed.status_code == 200, fixed.text


async def test_mcp_tools_refuse_dates_outside_the_range(
    api_url: str, issue_token: Callable[[str], str]
) -> None:
    async with mcp_as(api_url, issue_token(unique("mcp-date-"))) as client:
        cases: list[dict[str, Any]] = [
            {"due": "0001-01-01T00:00:00+14:00"},
            {"due": "9999-12-31T23:59:59-12:00"},
            {"due": "9999-12-31T12:00:00Z", "timezone": "Pacific/Kiritimati"},
            {"reminders": ["9999-12-31T23:59:59-01:00"]},
        ]
        for arguments in cases:
            failed, message = await tool(client, "add_task", title="far", **arguments)
            assert failed and RANGE in message, (arguments, message)
        failed, task = await tool(client, "add_task", title="near", due=DUE)
        assert not failed, task
        failed, message = await tool(
            client, "update_task", task_id=task["id"], due="9999-12-31T23:59:59-12:00"
        )
        assert failed and RANGE in message, message
        failed, listed = await tool(client, "list_tasks", status="all")
        assert not failed and [t["title"] for t in listed["items"]] == ["near"]
