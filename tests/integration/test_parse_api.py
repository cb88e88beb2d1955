"""POST /api/tasks/parse: what quick add would save, as chips, with nothing saved."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import httpx


async def parse(client: httpx.AsyncClient, text: str, **extra: Any) -> dict[str, Any]:
    response = await client.post("/api/tasks/parse", json={"text": text, **extra})
    assert response.status_code == 200, response.text
    return cast("dict[str, Any]", response.json())


def chips(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    return [(chip["kind"], chip["source"]) for chip in parsed["chips"]]


async def test_plain_text_is_a_title_and_no_chips(alice: httpx.AsyncClient) -> None:
    parsed = await parse(alice, "buy apples")
    assert parsed == {
        "title": "Buy apples", "description": None, "priority": "none", "tags": [], "due": None,
        "timezone": "UTC", "recurrence": None, "reminders": [], "chips": [],
    }  # fmt: skip
    assert (await alice.get("/api/tasks")).json()["items"] == []  # nothing was saved


async def test_every_piece_becomes_a_chip_with_its_words(alice: httpx.AsyncClient) -> None:
    text = "call mom tomorrow 5pm p1 #family, remind me 30 minutes before"
    parsed = await parse(alice, text, timezone="Europe/Berlin")
    assert parsed["title"] == "Call mom"
    assert parsed["priority"] == "urgent" and parsed["tags"] == ["family"]
    assert parsed["timezone"] == "Europe/Berlin"
    due = datetime.fromisoformat(parsed["due"])
    assert due.utcoffset() == ZoneInfo("Europe/Berlin").utcoffset(due.replace(tzinfo=None))
    assert (due.hour, due.minute) == (17, 0)
    assert parsed["reminders"] == [{"before": "PT30M", "text": "30 min before"}]
    # In the order the words appear.
    assert chips(parsed) == [
        ("date", "tomorrow 5pm"),
        ("priority", "p1"),
        ("tag", "#family"),
        ("reminder", "remind me 30 minutes before"),
    ]
    texts = {chip["kind"]: chip["text"] for chip in parsed["chips"]}
    assert texts == {
        "date": "Tomorrow 17:00", "priority": "Urgent", "tag": "#family",
        "reminder": "30 min before",
    }  # fmt: skip


async def test_recurrence_chip_says_the_rule_in_words(alice: httpx.AsyncClient) -> None:
    parsed = await parse(alice, "pay rent every month on the 1st at 9am #home", timezone="UTC")
    assert parsed["title"] == "Pay rent"
    assert parsed["recurrence"] == {
        "rule": "FREQ=MONTHLY;BYMONTHDAY=1", "anchor": "due",
        "text": "every month on the 1st at 9:00",
    }  # fmt: skip
    assert parsed["due"].endswith("T09:00:00+00:00") and parsed["due"][8:10] == "01"
    kinds = dict(chips(parsed))
    assert kinds["recurrence"] == "every month on the 1st"
    assert kinds["time"] == "at 9am"
    assert kinds["tag"] == "#home"


async def test_the_users_settings_zone_is_the_default(alice: httpx.AsyncClient) -> None:
    await alice.patch("/api/settings", json={"timezone": "Asia/Tokyo"})
    parsed = await parse(alice, "standup tomorrow 9:30")
    assert parsed["timezone"] == "Asia/Tokyo"
    assert parsed["due"].endswith("T09:30:00+09:00")
    # What parse returns is what POST /api/tasks saves.
    body = {k: parsed[k] for k in ("title", "priority", "tags", "due", "timezone", "reminders")}
    created = (await alice.post("/api/tasks", json=body)).json()
    assert created["due"] == parsed["due"] and created["title"] == "Standup"


async def test_bad_text_gets_a_clear_422(alice: httpx.AsyncClient) -> None:
    for body, words in (
        ({"text": ""}, "empty"),
        ({"text": "   "}, "empty"),
        ({"text": "x" * 1001}, "1000"),
        ({"text": "tomorrow 5pm"}, "called"),
        ({"text": "call bob, remind me 10 minutes before"}, "needs a due date"),
        ({"text": "milk", "timezone": "Mars/Base"}, "time zone"),
        ({"text": 5}, "text"),
        ({}, "text"),
    ):
        response = await alice.post("/api/tasks/parse", json=body)
        assert response.status_code == 422, (body, response.text)
        error = response.json()["error"]
        assert error["code"] and words in error["message"], (body, error)


async def test_parse_needs_a_signed_in_user(api_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as anonymous:
        response = await anonymous.post("/api/tasks/parse", json={"text": "milk"})
    assert response.status_code == 401
