"""A realistic set of tasks for the browser tests, due relative to now in the user's zone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

ZONE = "Europe/Berlin"


def at(days: int, hour: int = 0, minute: int = 0, zone: str = ZONE) -> str:
    """RFC 3339 for `days` from today at hour:minute in `zone` (midnight: an all-day date)."""
    tz = ZoneInfo(zone)
    day = datetime.now(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tz).isoformat()


def sample_tasks() -> list[dict[str, Any]]:
    """Open tasks across overdue, today, the next two weeks and no date; tags and priorities."""
    return [
        {"title": "Submit the expense report", "due": at(-1, 17), "priority": "high",
         "tags": ["work"]},
        {"title": "Pay rent", "due": at(0, 9), "priority": "urgent", "tags": ["home"],
         "recurrence": {"rule": "FREQ=MONTHLY;BYMONTHDAY=1", "anchor": "due"},
         "reminders": [{"before": "PT1H"}]},
        {"title": "Buy oat milk", "due": at(0, 18), "priority": "medium", "tags": ["shopping"]},
        {"title": "Call mom", "due": at(1, 19), "tags": ["family"],
         "reminders": [{"before": "PT30M"}]},
        {"title": "Team standup", "due": at(1, 9, 30), "priority": "low", "tags": ["work"],
         "recurrence": {"rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "anchor": "due"}},
        {"title": "Dentist appointment", "due": at(3, 10), "priority": "low",
         "tags": ["health"], "description": "Bring the insurance card."},
        {"title": "Plan the summer vacation", "due": at(9), "tags": ["family"]},
        {"title": "Read Designing Data-Intensive Applications", "tags": ["reading"]},
        {"title": "Renew passport", "priority": "high"},
    ]  # fmt: skip


async def seed(client: httpx.AsyncClient, *, completed: int = 1) -> dict[str, dict[str, Any]]:
    """Add the sample tasks (plus `completed` done ones) for the client's user; by title."""
    made: dict[str, dict[str, Any]] = {}
    for body in sample_tasks():
        response = await client.post("/api/tasks", json={"timezone": ZONE, **body})
        response.raise_for_status()
        made[body["title"]] = response.json()
    for index in range(completed):
        title = "Book the flights" if index == 0 else f"Done thing {index}"
        response = await client.post("/api/tasks", json={"title": title, "tags": ["family"]})
        response.raise_for_status()
        done = await client.post(f"/api/tasks/{response.json()['id']}/complete")
        done.raise_for_status()
        made[title] = done.json()
    return made
