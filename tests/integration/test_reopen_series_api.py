"""Undo of completing (or skipping) a recurring task: reopening takes back the next occurrence."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.support.waits import latest_async

DAILY = {
    "title": "stretch",
    "due": "2031-06-01T07:30:00+02:00",
    "timezone": "Europe/Berlin",
    "recurrence": {"rule": "FREQ=DAILY", "anchor": "due"},
    "reminders": [{"before": "PT10M"}],
}


async def series_of(client: httpx.AsyncClient, series_id: str) -> list[dict[str, Any]]:
    params: dict[str, str | int] = {"status": "all", "limit": 200}
    items = (await client.get("/api/tasks", params=params)).json()["items"]
    return sorted((t for t in items if t["series_id"] == series_id), key=lambda t: t["due"])


async def wait_for_series(
    client: httpx.AsyncClient, series_id: str, count: int
) -> list[dict[str, Any]]:
    """The series once it has `count` tasks (recur runs in-process; poll for up to 15 s)."""
    return await latest_async(lambda: series_of(client, series_id), lambda f: len(f) >= count, 15)


async def settled(client: httpx.AsyncClient, series_id: str) -> list[dict[str, Any]]:
    """The series after the events in flight had time to be handled (nothing more appears)."""
    await asyncio.sleep(1.0)  # deliberate: time for what must NOT happen to show itself
    return await series_of(client, series_id)


async def activity_types(client: httpx.AsyncClient, task_id: str) -> list[str]:
    async def types() -> list[str]:
        body = (await client.get("/api/activity", params={"task_id": task_id})).json()
        return [entry["type"] for entry in body["items"]]

    return await latest_async(types, lambda got: "todo.task.deleted" in got, 15)


async def test_reopen_takes_back_the_next_occurrence(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    await alice.post(f"/api/tasks/{task['id']}/complete")
    _, nxt = await wait_for_series(alice, task["series_id"], 2)
    assert nxt["due"] == "2031-06-02T07:30:00+02:00"

    reopened = await alice.post(f"/api/tasks/{task['id']}/reopen")
    assert reopened.status_code == 200 and reopened.json()["completed"] is False
    assert [t["id"] for t in await series_of(alice, task["series_id"])] == [task["id"]]
    assert (await alice.get(f"/api/tasks/{nxt['id']}")).status_code == 404
    # Deleted like any delete: the activity log has it.
    assert "todo.task.deleted" in await activity_types(alice, nxt["id"])

    # Completing again makes the next occurrence again, exactly once.
    await alice.post(f"/api/tasks/{task['id']}/complete")
    first, again = await wait_for_series(alice, task["series_id"], 2)
    assert (first["id"], first["completed"]) == (task["id"], True)
    assert again["id"] != nxt["id"] and again["due"] == nxt["due"]
    assert again["completed"] is False
    assert len(await settled(alice, task["series_id"])) == 2


async def test_reopen_after_skip_takes_back_the_next_too(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    await alice.post(f"/api/tasks/{task['id']}/skip")
    await wait_for_series(alice, task["series_id"], 2)
    reopened = (await alice.post(f"/api/tasks/{task['id']}/reopen")).json()
    assert (reopened["completed"], reopened["skipped"]) == (False, False)
    assert [t["id"] for t in await series_of(alice, task["series_id"])] == [task["id"]]
    await alice.post(f"/api/tasks/{task['id']}/skip")
    assert len(await wait_for_series(alice, task["series_id"], 2)) == 2
    assert len(await settled(alice, task["series_id"])) == 2


async def test_an_edited_next_occurrence_survives_a_reopen(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    await alice.post(f"/api/tasks/{task['id']}/complete")
    _, nxt = await wait_for_series(alice, task["series_id"], 2)
    await alice.patch(f"/api/tasks/{nxt['id']}", json={"title": "stretch longer"})

    await alice.post(f"/api/tasks/{task['id']}/reopen")
    first, kept = await series_of(alice, task["series_id"])
    assert (first["id"], first["completed"]) == (task["id"], False)
    assert (kept["id"], kept["title"]) == (nxt["id"], "stretch longer")

    # Completing again finds its occurrence taken: still one next, the edited one.
    await alice.post(f"/api/tasks/{task['id']}/complete")
    assert [t["id"] for t in await settled(alice, task["series_id"])] == [task["id"], nxt["id"]]


async def test_a_completed_next_occurrence_survives_a_reopen(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    await alice.post(f"/api/tasks/{task['id']}/complete")
    _, nxt = await wait_for_series(alice, task["series_id"], 2)
    await alice.post(f"/api/tasks/{nxt['id']}/complete")
    await wait_for_series(alice, task["series_id"], 3)

    await alice.post(f"/api/tasks/{task['id']}/reopen")
    tasks = await series_of(alice, task["series_id"])
    assert [t["id"] for t in tasks[:2]] == [task["id"], nxt["id"]] and len(tasks) == 3
    assert tasks[1]["completed"] is True


async def test_reopening_a_one_off_task_deletes_nothing(alice: httpx.AsyncClient) -> None:
    one = (await alice.post("/api/tasks", json={"title": "one"})).json()
    other = (await alice.post("/api/tasks", json={"title": "other"})).json()
    await alice.post(f"/api/tasks/{one['id']}/complete")
    assert (await alice.post(f"/api/tasks/{one['id']}/reopen")).json()["completed"] is False
    ids = {t["id"] for t in (await alice.get("/api/tasks")).json()["items"]}
    assert ids == {one["id"], other["id"]}
