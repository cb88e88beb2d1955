"""Activity log, notifications and settings over HTTP, each scoped to its user."""

from __future__ import annotations

from typing import Any, cast

import httpx

from tests.support.waits import latest_async


async def activity(client: httpx.AsyncClient, want: int, **params: str | int) -> dict[str, Any]:
    async def page() -> dict[str, Any]:
        return cast("dict[str, Any]", (await client.get("/api/activity", params=params)).json())

    return await latest_async(page, lambda got: len(got["items"]) >= want, 15)


async def test_activity_lists_what_happened_newest_first(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json={"title": "draft"})).json()
    await alice.patch(f"/api/tasks/{task['id']}", json={"title": "final", "priority": "high"})
    await alice.post(f"/api/tasks/{task['id']}/complete")
    page = await activity(alice, 3, task_id=task["id"])
    assert [item["type"] for item in page["items"]] == [
        "todo.task.completed",
        "todo.task.updated",
        "todo.task.created",
    ]
    assert page["items"][1]["changes"]["title"] == {"before": "draft", "after": "final"}
    assert {item["actor"] for item in page["items"]} == {"user"}
    first = (await alice.get("/api/activity", params={"limit": 2})).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (
        await alice.get("/api/activity", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    assert [i["seq"] for i in rest["items"]] == [1]
    assert (await alice.get("/api/activity", params={"cursor": "junk"})).status_code == 400


async def test_activity_of_another_user_is_invisible(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    task = (await alice.post("/api/tasks", json={"title": "private"})).json()
    await activity(alice, 1)
    page = (await bob.get("/api/activity", params={"task_id": task["id"]})).json()
    assert page == {"items": [], "next_cursor": None}


async def test_settings_roundtrip_and_validation(alice: httpx.AsyncClient) -> None:
    assert (await alice.get("/api/settings")).json() == {
        "webhook_url": None, "webhook_secret_set": False, "timezone": "UTC",
    }  # fmt: skip
    body = {
        "webhook_url": "https://hooks.example.com/todo",
        "webhook_secret": "a-long-enough-secret",
        "timezone": "Europe/Berlin",
    }
    saved = (await alice.put("/api/settings", json=body)).json()
    assert saved == {
        "webhook_url": body["webhook_url"], "webhook_secret_set": True, "timezone": "Europe/Berlin",
    }  # fmt: skip
    for bad in (
        {"webhook_url": "http://example.com/hook"},
        {"webhook_url": "ftp://example.com"},
        {"timezone": "Mars/Base"},
        {"webhook_secret": "short"},
        {"surprise": 1},
    ):
        assert (await alice.put("/api/settings", json=bad)).status_code == 422, bad
    assert (await alice.get("/api/settings")).json() == saved


async def test_notifications_start_empty_and_unknown_ones_are_404(alice: httpx.AsyncClient) -> None:
    assert (await alice.get("/api/notifications")).json() == {"items": [], "unread": 0}
    malformed = await alice.post("/api/notifications/not-a-uuid/read")
    assert malformed.status_code == 404
    assert malformed.json() == {
        "error": {"code": "not_found", "message": "no notification 'not-a-uuid'"}
    }
    missing = "00000000-0000-0000-0000-000000000000"
    unknown = await alice.post(f"/api/notifications/{missing}/read")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "error": {"code": "not_found", "message": f"no notification {missing}"}
    }


async def test_a_reminder_becomes_a_notification_that_can_be_read(alice: httpx.AsyncClient) -> None:
    from datetime import UTC, datetime, timedelta

    at = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    await alice.post("/api/tasks", json={"title": "soon", "reminders": [{"at": at}]})

    async def notifications() -> dict[str, Any]:
        return cast("dict[str, Any]", (await alice.get("/api/notifications")).json())

    listed = await latest_async(notifications, lambda got: got["items"], 15)
    [note] = listed["items"]
    assert note["title"] == "soon" and note["read"] is False and listed["unread"] == 1
    read = (await alice.post(f"/api/notifications/{note['id']}/read")).json()
    assert read["read"] is True
    assert (await alice.get("/api/notifications")).json()["unread"] == 0


async def test_a_forged_cursor_with_a_null_position_is_refused(alice: httpx.AsyncClient) -> None:
    import jwt

    from core.cursor import encode_cursor

    token = alice.headers["Authorization"].removeprefix("Bearer ")
    owner = jwt.decode(token, options={"verify_signature": False})["sub"]
    # The query print the server uses for this user, but a null position instead of a number.
    forged = encode_cursor(f"activity:{owner}:None", [None], ["int"])
    response = await alice.get("/api/activity", params={"cursor": forged})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"
