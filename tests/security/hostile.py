"""Hostile rules and dates (issue #13): the cases, and how a test reads what was refused."""

from __future__ import annotations

import httpx

DUE = "2031-06-02T09:00:00+02:00"
WEEKLY = {"title": "weekly", "due": DUE, "recurrence": {"rule": "FREQ=WEEKLY"}}
RANGE = "between 1900-01-01 and 2200-12-31"

BAD_RULES = [
    ("FREQ=HOURLY;BYHOUR=25", "BYHOUR=25"),
    ("FREQ=YEARLY;BYEASTER=400", "BYEASTER=400"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS=0"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
    ("FREQ=DAILY;COUNT=999999999999", "COUNT=999999999999"),
    ("FREQ=DAILY;UNTIL=99991231T235959Z", "UNTIL=99991231T235959Z"),
    ("FREQ=DAILY;BYDAY=+60MO", "BYDAY=+60MO"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=7", "no occurrence within 10 years"),
]

BAD_DATES = [
    ({"due": "0001-01-01T00:00:00+14:00"}, "due"),
    ({"due": "0001-01-01T00:00:00Z"}, "due"),
    ({"due": "9999-12-31T23:59:59-12:00"}, "due"),
    ({"due": "9999-12-31T23:59:59Z"}, "due"),
    ({"due": "9999-12-31T12:00:00Z", "timezone": "Pacific/Kiritimati"}, "due"),
    ({"due": "0001-01-01T12:00:00Z", "reminders": [{"before": "P1D"}]}, "due"),
    ({"reminders": [{"at": "9999-12-31T23:59:59-01:00"}]}, "reminders"),
    ({"reminders": [{"at": "0001-01-01T00:00:00+01:00"}]}, "reminders"),
    ({"due": "2201-01-01T00:00:00Z"}, "due"),
    ({"due": "1899-12-31T23:59:59Z"}, "due"),
]


def problem(response: httpx.Response) -> str:
    """Everything a 422 says: its message and each field's."""
    error = response.json()["error"]
    fields = " ".join(f"{f['field']}: {f['message']}" for f in error.get("fields", []))
    return f"{error['message']} {fields}"


async def titles(client: httpx.AsyncClient) -> list[str]:
    page = await client.get("/api/tasks", params={"status": "all", "limit": "200"})
    return [task["title"] for task in page.json()["items"]]
