"""The /api/tasks endpoints over real HTTP and real PostgreSQL: what a client sees."""

from __future__ import annotations

from typing import Any, cast

import httpx

FULL = {
    "title": "  Pay rent  ",
    "description": "transfer to landlord",
    "priority": "urgent",
    "tags": ["Home", "#home", "bills", "FINANCE"],
    "due": "2026-12-01T09:00:00+01:00",
    "timezone": "Europe/Berlin",
    "recurrence": {"rule": "rrule:freq=monthly;bymonthday=1", "anchor": "due"},
    "reminders": [{"before": "PT30M"}, {"at": "2026-11-30T18:00:00Z"}],
}


async def create(client: httpx.AsyncClient, **fields: object) -> dict[str, Any]:
    response = await client.post("/api/tasks", json={"title": "a task", **fields})
    assert response.status_code == 201, response.text
    return cast("dict[str, Any]", response.json())


async def test_create_minimal_task_has_defaults(alice: httpx.AsyncClient) -> None:
    response = await alice.post("/api/tasks", json={"title": "Buy milk"})
    assert response.status_code == 201
    task = response.json()
    assert response.headers["location"] == f"/api/tasks/{task['id']}"
    assert task["title"] == "Buy milk"
    assert task["description"] == ""
    assert task["priority"] == "none"
    assert task["tags"] == []
    assert task["due"] is None
    assert task["timezone"] == "UTC"
    assert task["recurrence"] is None
    assert task["reminders"] == []
    assert task["completed"] is False and task["completed_at"] is None
    assert task["series_id"] is None
    assert task["created_at"] == task["updated_at"]


async def test_create_with_every_field_normalises_them(alice: httpx.AsyncClient) -> None:
    task = (await alice.post("/api/tasks", json=FULL)).json()
    assert task["title"] == "Pay rent"
    assert task["priority"] == "urgent"
    assert task["tags"] == ["home", "bills", "finance"]
    # Written in the task's own zone: 09:00 in Berlin stays 09:00.
    assert task["due"] == "2026-12-01T09:00:00+01:00"
    assert task["timezone"] == "Europe/Berlin"
    assert task["recurrence"] == {
        "rule": "FREQ=MONTHLY;BYMONTHDAY=1",
        "anchor": "due",
        "text": "every month on the 1st at 9:00",
    }
    before, at = task["reminders"]
    assert before == {"before": "PT30M", "text": "30 min before"}
    # The fixed moment in words, in the task's zone (the year only when it is not this one).
    assert at["at"] == "2026-11-30T18:00:00+00:00"
    assert at["text"] in ("at Mon 30 Nov 19:00", "at Mon 30 Nov 2026 19:00")
    assert task["series_id"] == task["id"]
    fetched = (await alice.get(f"/api/tasks/{task['id']}")).json()
    assert fetched == task


async def test_due_is_rendered_in_task_timezone(alice: httpx.AsyncClient) -> None:
    task = await create(alice, due="2026-07-01T13:00:00Z", timezone="America/New_York")
    assert task["due"] == "2026-07-01T09:00:00-04:00"


async def test_get_unknown_and_malformed_ids_are_404(alice: httpx.AsyncClient) -> None:
    for task_id in ("6f1f7c52-0000-4000-8000-000000000000", "not-a-uuid", "1"):
        response = await alice.get(f"/api/tasks/{task_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_list_shows_open_tasks_of_the_user(alice: httpx.AsyncClient) -> None:
    first = await create(alice, title="first")
    second = await create(alice, title="second")
    await alice.post(f"/api/tasks/{second['id']}/complete")
    page = (await alice.get("/api/tasks")).json()
    assert [item["id"] for item in page["items"]] == [first["id"]]
    assert page["next_cursor"] is None
    everything = (await alice.get("/api/tasks", params={"status": "all"})).json()
    assert {item["id"] for item in everything["items"]} == {first["id"], second["id"]}


async def test_list_pages_with_cursor(alice: httpx.AsyncClient) -> None:
    ids = [(await create(alice, title=f"t{i}"))["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", "sort": "created", "order": "asc"}
        if cursor:
            params["cursor"] = cursor
        page = (await alice.get("/api/tasks", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids


async def test_list_search_and_filters_over_http(alice: httpx.AsyncClient) -> None:
    groceries = await create(alice, title="Buy groceries", tags=["home"], priority="high")
    await create(alice, title="Write report", tags=["work"], priority="low")
    found = (await alice.get("/api/tasks", params={"q": "groc"})).json()["items"]
    assert [item["id"] for item in found] == [groceries["id"]]
    by_tag = (await alice.get("/api/tasks", params=[("tag", "home"), ("priority", "high")])).json()
    assert [item["id"] for item in by_tag["items"]] == [groceries["id"]]


async def test_patch_changes_only_sent_fields(alice: httpx.AsyncClient) -> None:
    task = await create(alice, title="old", description="keep me", tags=["a"], priority="low")
    response = await alice.patch(f"/api/tasks/{task['id']}", json={"title": "new"})
    assert response.status_code == 200
    patched = response.json()
    assert patched["title"] == "new"
    assert patched["description"] == "keep me"
    assert patched["tags"] == ["a"] and patched["priority"] == "low"
    assert patched["updated_at"] > task["updated_at"]


async def test_patch_null_clears_due_and_recurrence(alice: httpx.AsyncClient) -> None:
    task = await create(alice, due="2026-12-01T09:00:00Z", recurrence={"rule": "FREQ=DAILY"})
    cleared = (
        await alice.patch(f"/api/tasks/{task['id']}", json={"due": None, "recurrence": None})
    ).json()
    assert cleared["due"] is None and cleared["recurrence"] is None


async def test_patch_that_breaks_a_rule_changes_nothing(alice: httpx.AsyncClient) -> None:
    task = await create(alice, due="2026-12-01T09:00:00Z", recurrence={"rule": "FREQ=DAILY"})
    # Within the body: a 422 (the same body is wrong for every task).
    within = {"due": None, "recurrence": {"rule": "FREQ=WEEKLY"}}
    response = await alice.patch(f"/api/tasks/{task['id']}", json=within)
    assert response.status_code == 422, response.text
    assert "due date" in response.json()["error"]["message"]
    # With the recurrence the task keeps: a 409 (the same body is fine for a one-off task).
    response = await alice.patch(f"/api/tasks/{task['id']}", json={"title": "x", "due": None})
    assert response.status_code == 409, response.text
    assert response.json()["error"] == {
        "code": "conflict",
        "message": "a recurring task needs a due date",
        "fields": [{"field": "due", "message": "a recurring task needs a due date"}],
    }
    assert (await alice.get(f"/api/tasks/{task['id']}")).json() == task
    one_off = await create(alice, due="2026-12-01T09:00:00Z")
    cleared = await alice.patch(f"/api/tasks/{one_off['id']}", json={"title": "x", "due": None})
    assert cleared.status_code == 200, cleared.text


async def test_patch_rejects_read_only_and_null_title(alice: httpx.AsyncClient) -> None:
    task = await create(alice)
    for body in ({"completed": True}, {"id": task["id"]}, {"title": None}):
        response = await alice.patch(f"/api/tasks/{task['id']}", json=body)
        assert response.status_code == 422, body
    assert (await alice.get(f"/api/tasks/{task['id']}")).json() == task


async def test_delete_then_gone(alice: httpx.AsyncClient) -> None:
    task = await create(alice)
    response = await alice.delete(f"/api/tasks/{task['id']}")
    assert response.status_code == 204 and response.content == b""
    assert (await alice.get(f"/api/tasks/{task['id']}")).status_code == 404
    assert (await alice.delete(f"/api/tasks/{task['id']}")).status_code == 404


async def test_complete_and_reopen_are_idempotent(alice: httpx.AsyncClient) -> None:
    task = await create(alice)
    done = (await alice.post(f"/api/tasks/{task['id']}/complete")).json()
    assert done["completed"] is True and done["completed_at"] is not None
    again = (await alice.post(f"/api/tasks/{task['id']}/complete")).json()
    assert again["completed_at"] == done["completed_at"]
    reopened = (await alice.post(f"/api/tasks/{task['id']}/reopen")).json()
    assert reopened["completed"] is False and reopened["completed_at"] is None
    assert (await alice.post(f"/api/tasks/{task['id']}/reopen")).json() == reopened


async def test_other_users_task_is_unreachable_everywhere(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    task = await create(alice, title="alice's secret")
    tid = task["id"]
    attempts = [
        bob.get(f"/api/tasks/{tid}"),
        bob.patch(f"/api/tasks/{tid}", json={"title": "pwned"}),
        bob.delete(f"/api/tasks/{tid}"),
        bob.post(f"/api/tasks/{tid}/complete"),
        bob.post(f"/api/tasks/{tid}/reopen"),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    listing = (await bob.get("/api/tasks", params={"status": "all", "q": "secret"})).json()
    assert listing["items"] == []
    assert (await alice.get(f"/api/tasks/{tid}")).json() == task


async def test_openapi_docs_are_served(alice: httpx.AsyncClient) -> None:
    spec = (await alice.get("/openapi.json")).json()
    assert "/api/tasks" in spec["paths"] and "/api/tasks/{task_id}/complete" in spec["paths"]
    docs = await alice.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_words_are_read_only_a_task_sent_back_as_read_is_accepted(
    alice: httpx.AsyncClient,
) -> None:
    task = (await alice.post("/api/tasks", json=FULL)).json()
    echoed = {name: task[name] for name in ("title", "recurrence", "reminders")}
    echoed["recurrence"] = {**task["recurrence"], "text": "every blue moon"}
    echoed["reminders"] = [{**item, "text": "whenever"} for item in task["reminders"]]
    response = await alice.patch(f"/api/tasks/{task['id']}", json=echoed)
    assert response.status_code == 200, response.text
    again = response.json()
    assert again["recurrence"]["text"] == "every month on the 1st at 9:00"
    assert [item["text"] for item in again["reminders"]] == [
        item["text"] for item in task["reminders"]
    ]
    # Changing the due time changes the words: the series now starts at 18:30.
    moved = await alice.patch(f"/api/tasks/{task['id']}", json={"due": "2026-12-01T18:30:00+01:00"})
    assert moved.json()["recurrence"]["text"] == "every month on the 1st at 18:30"
