"""Notifications in words, and read state that reaches every open tab of the user."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.humanize import describe_moment
from core.store.eventing_models import NotificationRow
from tests.support.live import live_clients, sse_events, streams_open
from tests.support.waits import latest_async


async def wait_for_notifications(client: httpx.AsyncClient, count: int) -> list[dict[str, Any]]:
    async def items() -> list[dict[str, Any]]:
        return cast(
            "list[dict[str, Any]]", (await client.get("/api/notifications")).json()["items"]
        )

    return await latest_async(items, lambda got: len(got) >= count, 20)


async def test_a_reminder_reads_in_words_in_the_users_zone(alice: httpx.AsyncClient) -> None:
    await alice.patch("/api/settings", json={"timezone": "Europe/Berlin"})
    due = (datetime.now(UTC) + timedelta(hours=2)).replace(second=0, microsecond=0)
    remind_at = datetime.now(UTC) + timedelta(seconds=1)
    task = (
        await alice.post(
            "/api/tasks",
            json={
                "title": "Pay rent",
                "due": due.isoformat(),
                "timezone": "America/New_York",
                "reminders": [{"at": remind_at.isoformat()}],
            },
        )
    ).json()
    [note] = await wait_for_notifications(alice, 1)
    assert note["task_id"] == task["id"]
    assert datetime.fromisoformat(note["due"]) == due
    assert note["timezone"] == "Europe/Berlin"  # the user's zone, not the task's
    delivered = datetime.fromisoformat(note["created_at"])
    assert note["body"] == f"Pay rent is due {describe_moment(due, 'Europe/Berlin', delivered)}"
    assert due.isoformat()[:10] not in note["body"]  # no raw timestamps


async def add_notification(sessions: async_sessionmaker[AsyncSession], owner: str) -> str:
    now = datetime.now(UTC)
    row = NotificationRow(
        id=uuid.uuid4(), owner=owner, task_id=None, reminder_version=0, reminder={"before": "PT0S"},
        fire_at=now, title="Water plants", body="Water plants is due Today 09:00", due=now,
        timezone="UTC", late=False, created_at=now,
    )  # fmt: skip
    async with sessions() as session, session.begin():
        session.add(row)
    return str(row.id)


async def test_read_state_reaches_every_open_stream_of_the_user_only(
    api_url: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], httpx.AsyncClient],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    user, other = f"reader-{uuid.uuid4().hex[:8]}", f"other-{uuid.uuid4().hex[:8]}"
    client = make_client(user)
    first = await add_notification(sessionmaker, user)
    await add_notification(sessionmaker, user)
    await add_notification(sessionmaker, other)
    before = await live_clients(api_url)
    tabs = [
        asyncio.create_task(sse_events(api_url, issue_token(user), want=2, timeout=20))
        for _ in range(2)
    ]
    outsider = asyncio.create_task(sse_events(api_url, issue_token(other), want=1, timeout=8))
    await streams_open(api_url, before + 3)

    marked = await client.post(f"/api/notifications/{first}/read")
    assert marked.status_code == 200 and marked.json()["read"] is True
    assert (await client.post(f"/api/notifications/{first}/read")).status_code == 200  # no-op
    assert (await client.post("/api/notifications/read-all")).json()["unread"] == 0

    for tab in await asyncio.gather(*tabs):
        assert [event["event"] for event in tab] == ["notifications_read"] * 2
        one, everything = (json.loads(event["data"]) for event in tab)
        assert one == {"kind": "notifications_read", "ids": [first], "unread": 1}
        assert everything == {"kind": "notifications_read", "ids": None, "unread": 0}
    assert await outsider == []  # the other user's stream stayed silent
    listed = (await client.get("/api/notifications")).json()
    assert listed["unread"] == 0 and all(item["read"] for item in listed["items"])
