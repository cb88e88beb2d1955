"""GET /api/tasks/counts: how many tasks each view of the web app lists, per view and per tag."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import httpx

from tests.support.waits import eventually_async


def midday_zone() -> str:
    """A fixed-offset zone where it is now about noon, so no boundary is near "now"."""
    now = datetime.now(UTC)
    # Etc/GMT-5 is UTC+5 (POSIX signs); offsets from -12 to +14 cover every hour of the day.
    zones = [f"Etc/GMT{-hours:+d}" if hours else "Etc/UTC" for hours in range(-12, 15)]
    return min(zones, key=lambda z: abs(now.astimezone(ZoneInfo(z)).hour - 12))


def at(day: int, clock: time, zone: str) -> str:
    """RFC 3339 of `clock` on today + `day` in `zone`."""
    today = datetime.now(ZoneInfo(zone)).date()
    return datetime.combine(today + timedelta(days=day), clock, ZoneInfo(zone)).isoformat()


async def add(client: httpx.AsyncClient, title: str, **fields: Any) -> dict[str, Any]:
    response = await client.post("/api/tasks", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    return cast("dict[str, Any]", response.json())


async def counts(client: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    response = await client.get("/api/tasks/counts", params=params)
    assert response.status_code == 200, response.text
    return cast("dict[str, Any]", response.json())


async def listed(client: httpx.AsyncClient, **params: str) -> int:
    """How many tasks GET /api/tasks lists for a view's query (every page)."""
    total, cursor = 0, None
    while True:
        page_params = {**params, "limit": "200", **({"cursor": cursor} if cursor else {})}
        body = (await client.get("/api/tasks", params=page_params)).json()
        total += len(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return total


async def seed(client: httpx.AsyncClient, zone: str) -> None:
    await add(client, "yesterday", due=at(-1, time(10), zone), tags=["family"])
    await add(client, "early today", due=at(0, time(0, 30), zone))
    await add(client, "tonight", due=at(0, time(23), zone), tags=["family", "work"])
    await add(client, "tomorrow midnight", due=at(1, time(0), zone))
    await add(client, "last upcoming day", due=at(13, time(23, 59), zone))
    await add(client, "beyond upcoming", due=at(14, time(0), zone))
    await add(client, "someday", tags=["errands"])
    done = await add(client, "done", due=at(-1, time(9), zone), tags=["work"])
    await client.post(f"/api/tasks/{done['id']}/complete")
    series = await add(
        client,
        "skipped",
        due=at(-2, time(9), zone),
        timezone=zone,
        recurrence={"rule": "FREQ=YEARLY"},
    )
    await client.post(f"/api/tasks/{series['id']}/skip")

    # recur adds the next occurrence (next year: inbox only); wait for it to settle the counts.
    async def ten_listed() -> bool:
        return await listed(client, status="all") >= 10

    await eventually_async(ten_listed, 15, "recur's next occurrence")


async def test_each_view_and_tag_is_counted(alice: httpx.AsyncClient) -> None:
    zone = midday_zone()
    await seed(alice, zone)
    got = await counts(alice, timezone=zone)
    assert got == {
        "inbox": 8,  # the seven open ones and the skipped one's next occurrence
        "today": 3,  # yesterday, early today, tonight
        "overdue": 2,  # yesterday, early today
        "upcoming": 4,  # early today, tonight, tomorrow midnight, last upcoming day
        "completed": 2,  # done and the skipped occurrence
        "tags": [
            {"tag": "errands", "count": 1},
            {"tag": "family", "count": 2},
            {"tag": "work", "count": 1},  # the completed one does not count
        ],
        "timezone": zone,
    }


async def test_counts_agree_with_what_each_view_lists(alice: httpx.AsyncClient) -> None:
    zone = midday_zone()
    await seed(alice, zone)
    got = await counts(alice, timezone=zone)
    # The queries the web app sends for each view (gateway/static/js/tasks.js queryOf).
    assert got["inbox"] == await listed(alice, status="open")
    assert got["today"] == await listed(alice, status="open", due_before=at(1, time(0), zone))
    assert got["overdue"] == await listed(alice, status="open", overdue="true")
    assert got["upcoming"] == await listed(
        alice, status="open", due_after=at(0, time(0), zone), due_before=at(14, time(0), zone)
    )
    assert got["completed"] == await listed(alice, status="completed")
    for item in got["tags"]:
        assert item["count"] == await listed(alice, status="open", tag=item["tag"])


async def test_the_days_are_the_zones_days(alice: httpx.AsyncClient) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    soon, earlier = now + timedelta(hours=6), now - timedelta(hours=6)
    await add(alice, "soon", due=soon.isoformat())
    await add(alice, "earlier", due=earlier.isoformat())
    zones = [f"Etc/GMT{-hours:+d}" if hours else "Etc/UTC" for hours in range(-12, 15)]
    seen_kinds = set()
    for zone in zones:
        today = now.astimezone(ZoneInfo(zone)).date()
        soon_today = soon.astimezone(ZoneInfo(zone)).date() == today
        earlier_today = earlier.astimezone(ZoneInfo(zone)).date() == today
        seen_kinds.add((soon_today, earlier_today))
        got = await counts(alice, timezone=zone)
        # "soon" is today's or tomorrow's; "earlier" (overdue) is today's or yesterday's.
        assert got["today"] == 1 + soon_today, zone
        assert got["upcoming"] == 1 + earlier_today, zone
        assert got["overdue"] == 1, zone
    # Somewhere "soon" is tomorrow, somewhere "earlier" was yesterday, somewhere both are today.
    assert {(False, True), (True, False), (True, True)} <= seen_kinds


async def test_the_settings_zone_is_the_default(alice: httpx.AsyncClient) -> None:
    assert (await counts(alice))["timezone"] == "UTC"
    await alice.patch("/api/settings", json={"timezone": "America/New_York"})
    assert (await counts(alice))["timezone"] == "America/New_York"


async def test_other_users_tasks_never_count(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    zone = midday_zone()
    await seed(bob, zone)
    assert await counts(alice, timezone=zone) == {
        "inbox": 0, "today": 0, "overdue": 0, "upcoming": 0, "completed": 0, "tags": [],
        "timezone": zone,
    }  # fmt: skip


async def test_a_bad_zone_is_a_422(alice: httpx.AsyncClient) -> None:
    response = await alice.get("/api/tasks/counts", params={"timezone": "Mars/Olympus"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_query" and "Mars/Olympus" in error["message"]
    assert (await alice.get("/api/tasks/counts")).status_code == 200
    assert (await alice.get("/api/tasks/counts", params={"timezone": ""})).status_code == 422
