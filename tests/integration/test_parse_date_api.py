"""POST /api/tasks/parse with "mode": "date": only a date or time, as an editor's date field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import httpx


async def parse_date(client: httpx.AsyncClient, text: str, **extra: Any) -> dict[str, Any]:
    response = await client.post("/api/tasks/parse", json={"text": text, "mode": "date", **extra})
    assert response.status_code == 200, response.text
    return cast("dict[str, Any]", response.json())


async def test_a_date_in_words_gives_the_due_and_its_chip(alice: httpx.AsyncClient) -> None:
    parsed = await parse_date(alice, "next friday 5pm", timezone="Europe/Berlin")
    due = datetime.fromisoformat(parsed["due"])
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    # "next friday" is the Friday of next week (weeks start on Monday).
    monday_next = today + timedelta(days=7 - today.weekday())
    assert due.date() == monday_next + timedelta(days=4)
    assert (due.hour, due.minute) == (17, 0)
    assert due.utcoffset() == ZoneInfo("Europe/Berlin").utcoffset(due.replace(tzinfo=None))
    chip = parsed["chips"][0]
    assert parsed == {
        "title": None, "description": None, "priority": "none", "tags": [],
        "due": parsed["due"], "timezone": "Europe/Berlin", "recurrence": None,
        "reminders": [], "chips": [chip],
    }  # fmt: skip
    assert (chip["kind"], chip["source"]) == ("date", "next friday 5pm")
    assert chip["text"].endswith("17:00")
    assert (await alice.get("/api/tasks")).json()["items"] == []  # nothing was saved


async def test_everyday_phrases(alice: httpx.AsyncClient) -> None:
    zone = ZoneInfo("Asia/Tokyo")
    before = datetime.now(UTC)
    tomorrow = await parse_date(alice, "tomorrow", timezone="Asia/Tokyo")
    assert tomorrow["due"] == (
        datetime.combine(before.astimezone(zone).date() + timedelta(days=1), datetime.min.time())
        .replace(hour=9, tzinfo=zone)
        .isoformat()
    )
    assert tomorrow["chips"][0]["text"] == "Tomorrow 09:00"

    later = await parse_date(alice, "in 2 hours", timezone="Asia/Tokyo")
    due = datetime.fromisoformat(later["due"])
    assert timedelta(hours=1, minutes=58) < due - before < timedelta(hours=2, minutes=2)

    christmas = await parse_date(alice, "dec 24", timezone="Asia/Tokyo")
    assert christmas["due"][5:] == "12-24T09:00:00+09:00"

    evening = await parse_date(alice, "at 5pm", timezone="Asia/Tokyo")
    assert [chip["kind"] for chip in evening["chips"]] == ["time"]
    assert evening["due"][11:] == "17:00:00+09:00"


async def test_the_settings_zone_is_the_default(alice: httpx.AsyncClient) -> None:
    await alice.patch("/api/settings", json={"timezone": "America/New_York"})
    parsed = await parse_date(alice, "dec 24 9:30")
    assert parsed["timezone"] == "America/New_York"
    assert parsed["due"].endswith("-12-24T09:30:00-05:00")


async def test_words_that_are_not_a_date_are_a_422(alice: httpx.AsyncClient) -> None:
    for text, words in (
        ("call mom friday", '"call mom" is not part of a date'),
        ("friday p1 #home", '"p1 #home" is not part of a date'),
        ("every friday", '"every" is not part of a date'),
        ("buy apples", "no date or time"),
        ("", "empty"),
    ):
        response = await alice.post("/api/tasks/parse", json={"text": text, "mode": "date"})
        assert response.status_code == 422, (text, response.text)
        error = response.json()["error"]
        assert words in error["message"], (text, error)
        if text:
            assert "only a date, e.g. next friday 5pm" in error["message"]
    # The same words are a task in the default mode.
    task = await alice.post("/api/tasks/parse", json={"text": "call mom friday"})
    assert task.status_code == 200 and task.json()["title"] == "Call mom"
    bad_mode = await alice.post("/api/tasks/parse", json={"text": "friday", "mode": "time"})
    assert bad_mode.status_code == 422
