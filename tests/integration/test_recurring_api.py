"""Recurring tasks through the running gateway: complete or skip, and the next one appears."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.waits import latest_async

DAILY: dict[str, Any] = {
    "title": "stretch",
    "due": "2031-06-01T07:30:00+02:00",
    "timezone": "Europe/Berlin",
    "recurrence": {"rule": "FREQ=DAILY", "anchor": "due"},
}


async def next_in_series(
    client: httpx.AsyncClient, series_id: str, index_count: int
) -> list[dict[str, Any]]:
    async def series() -> list[dict[str, Any]]:
        listed = await client.get("/api/tasks", params={"status": "all", "limit": 200})
        found = [t for t in listed.json()["items"] if t["series_id"] == series_id]
        return sorted(found, key=lambda t: t["due"])

    return await latest_async(series, lambda found: len(found) >= index_count, 15)


async def test_complete_makes_the_next_occurrence(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    done = (await alice.post(f"/api/tasks/{task['id']}/complete")).json()
    assert done["completed"] is True
    first, second = await next_in_series(alice, task["series_id"], 2)
    assert first["id"] == task["id"]
    assert second["due"] == "2031-06-02T07:30:00+02:00" and second["completed"] is False
    assert second["recurrence"] == {**DAILY["recurrence"], "text": "every day at 7:30"}


async def test_skip_marks_skipped_and_makes_the_next(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    skipped = (await alice.post(f"/api/tasks/{task['id']}/skip")).json()
    assert skipped["skipped"] is True and skipped["completed"] is True
    assert len(await next_in_series(alice, task["series_id"], 2)) == 2
    again = await alice.post(f"/api/tasks/{task['id']}/skip")
    assert again.status_code == 409  # valid, but not for an occurrence already skipped
    assert again.json()["error"]["code"] == "conflict"


async def test_skip_refuses_a_one_off_task(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json={"title": "once"})).json()
    response = await alice.post(f"/api/tasks/{task['id']}/skip")
    assert response.status_code == 409
    assert "recurring" in response.json()["error"]["message"]


async def test_delete_series_ends_every_occurrence(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    await alice.post(f"/api/tasks/{task['id']}/complete")
    _, second = await next_in_series(alice, task["series_id"], 2)
    response = await alice.delete(f"/api/tasks/{second['id']}", params={"scope": "series"})
    assert response.status_code == 204
    assert await next_in_series(alice, task["series_id"], 0) == []
    assert (
        await alice.delete(f"/api/tasks/{task['id']}", params={"scope": "all"})
    ).status_code == 422


async def test_another_users_series_is_out_of_reach(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    task = (await alice.post("/api/tasks", json=DAILY)).json()
    assert (await bob.post(f"/api/tasks/{task['id']}/skip")).status_code == 404
    assert (
        await bob.delete(f"/api/tasks/{task['id']}", params={"scope": "series"})
    ).status_code == 404
    assert (await alice.get(f"/api/tasks/{task['id']}")).json()["completed"] is False
