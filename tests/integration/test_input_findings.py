"""Issue #14, input normalisation: one test per finding, through the real HTTP server."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

import asyncpg
import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from core.reminders import BEFORE_PATTERN
from core.store.migrate import upgrade
from core.tags import MAX_TAGS, TAG_PATTERN
from tests.support.databases import admin
from tests.support.waits import eventually_async

DUE = {"due": "2027-03-01T09:00:00Z"}
PYTHON_REPRS = re.compile(r"timedelta|datetime\(|\bNone\b|ZoneInfo|<class")


async def create(client: httpx.AsyncClient, **fields: object) -> dict[str, Any]:
    response = await client.post("/api/tasks", json={"title": "a task", **fields})
    assert response.status_code == 201, response.text
    return cast("dict[str, Any]", response.json())


def message(response: httpx.Response) -> str:
    return str(response.json()["error"])


async def test_reminders_of_a_year_are_stored_in_days_and_read_back(
    alice: httpx.AsyncClient,
) -> None:
    reminders = [{"before": "P365D"}, {"before": "P366D"}, {"before": "PT90M"}, {"before": "P1W"}]
    task = await create(alice, due="2027-12-31T09:00:00Z", reminders=reminders)
    assert [item["before"] for item in task["reminders"]] == ["P365D", "P366D", "PT1H30M", "P7D"]
    hours = await create(alice, due="2027-12-31T09:00:00Z", reminders=[{"before": "PT8784H"}])
    assert hours["reminders"][0]["before"] == "P366D"
    for task_id in (task["id"], hours["id"]):
        assert (await alice.get(f"/api/tasks/{task_id}")).status_code == 200
        assert (await alice.post(f"/api/tasks/{task_id}/complete")).status_code == 200
    assert (await alice.get("/api/tasks", params={"status": "all"})).status_code == 200


async def test_years_and_months_are_refused_saying_what_is_allowed(
    alice: httpx.AsyncClient,
) -> None:
    for before in ("P1Y", "P1M", "p2y", "P1Y2M3D"):
        response = await alice.post(
            "/api/tasks", json={"title": "t", **DUE, "reminders": [{"before": before}]}
        )
        assert response.status_code == 422, before
        text_ = message(response)
        assert "years or months" in text_ and "P365D" in text_, text_
        assert "not an ISO 8601" not in text_ and not PYTHON_REPRS.search(text_), text_
    for body in (
        {"reminders": [{"before": "P400D"}]},
        {"reminders": [{"before": 5}]},
        {"reminders": [{"before": None}]},
        {"timezone": 5},
        {"title": None},
    ):
        response = await alice.post("/api/tasks", json={"title": "t", **DUE, **body})
        assert response.status_code == 422, body
        assert not PYTHON_REPRS.search(message(response)), message(response)


async def test_equal_reminders_are_merged_keeping_the_first(alice: httpx.AsyncClient) -> None:
    reminders = [
        {"before": "PT60M"},
        {"before": "PT1H"},
        {"at": "2027-02-28T18:00:00Z"},
        {"before": "PT1H"},
        {"at": "2027-02-28T19:00:00+01:00"},  # the same instant
        {"before": "P1D"},
    ]
    task = await create(alice, **DUE, reminders=reminders)
    assert [{k: v for k, v in r.items() if k != "text"} for r in task["reminders"]] == [
        {"before": "PT1H"},
        {"at": "2027-02-28T18:00:00+00:00"},
        {"before": "P1D"},
    ]
    patched = await alice.patch(
        f"/api/tasks/{task['id']}",
        json={"reminders": [{"before": "PT30M"}, {"before": "PT1800S"}, {"before": "pt30m"}]},
    )
    assert patched.status_code == 200
    assert [r["before"] for r in patched.json()["reminders"]] == ["PT30M"]


async def test_tags_are_nfkc_case_folded(alice: httpx.AsyncClient) -> None:
    decomposed, composed = "cafe\u0301", "caf\u00e9"
    tags = ["Straße", "STRASSE", "#strasse", "\ufb01x", "fix", decomposed, composed, "İstanbul"]
    task = await create(alice, tags=tags)
    assert task["tags"] == ["strasse", "fix", composed, "i\u0307stanbul"]
    found = await alice.get("/api/tasks", params={"tag": ["#STRASSE", "FIX"], "status": "all"})
    assert found.status_code == 200
    assert [item["id"] for item in found.json()["items"]] == [task["id"]]
    for bad in (
        ["a b"],
        ["a,b"],
        ["#"],
        ["##x"],
        ["x" * 65],
        ["\u00a8"],
        [f"t{n}" for n in range(31)],
    ):
        response = await alice.post("/api/tasks", json={"title": "t", "tags": bad})
        assert response.status_code == 422, bad
    # The published pattern and limit are the ones enforced.
    document = (await alice.get("/openapi.json")).json()
    tags_schema = _nullable_branch(_schema(document, "TaskCreate")["properties"]["tags"])
    assert tags_schema["items"]["pattern"] == TAG_PATTERN and tags_schema["maxItems"] == MAX_TAGS


async def test_a_new_task_gets_the_users_time_zone(
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    client = make_client(f"tokyo-{time.time_ns()}")
    assert (await client.patch("/api/settings", json={"timezone": "Asia/Tokyo"})).status_code == 200
    assert (await create(client))["timezone"] == "Asia/Tokyo"
    assert (await create(client, timezone=None))["timezone"] == "Asia/Tokyo"
    task = await create(client, due="2027-03-01T09:00:00+09:00")
    assert task["timezone"] == "Asia/Tokyo" and task["due"] == "2027-03-01T09:00:00+09:00"
    assert (await create(client, timezone="Europe/Berlin"))["timezone"] == "Europe/Berlin"


async def test_host_dependent_zones_are_refused(alice: httpx.AsyncClient) -> None:
    for name in ("localtime", "posixrules", "Factory", "posix/Europe/Berlin", "right/UTC"):
        response = await alice.post("/api/tasks", json={"title": "t", "timezone": name})
        assert response.status_code == 422, name
        settings = await alice.patch("/api/settings", json={"timezone": name})
        assert settings.status_code == 422, name
    assert (await create(alice, timezone="Europe/Berlin"))["timezone"] == "Europe/Berlin"


async def test_an_offset_never_carries_seconds(alice: httpx.AsyncClient) -> None:
    cases = [
        ("1920-05-01T12:00:00Z", "Europe/Amsterdam"),
        ("1960-05-01T12:00:00Z", "Africa/Monrovia"),
        ("1900-01-02T00:00:00Z", "America/New_York"),
    ]
    for due, zone in cases:
        task = await create(alice, due=due, timezone=zone)
        assert re.fullmatch(r".*[+-]\d{2}:\d{2}", task["due"]), task["due"]
        assert datetime.fromisoformat(task["due"]) == datetime.fromisoformat(due)


async def test_null_resets_a_field_to_its_default(
    make_client: Callable[[str | None], httpx.AsyncClient],
) -> None:
    client = make_client(f"nulls-{time.time_ns()}")
    await client.patch("/api/settings", json={"timezone": "Asia/Tokyo"})
    task = await create(
        client,
        description="d",
        priority="high",
        tags=["x"],
        timezone="Europe/Berlin",
        reminders=[{"before": "PT5M"}],
        recurrence={"rule": "FREQ=DAILY"},
        **DUE,
    )
    cleared = await client.patch(
        f"/api/tasks/{task['id']}",
        json={
            "description": None,
            "priority": None,
            "tags": None,
            "reminders": None,
            "timezone": None,
            "recurrence": None,
            "due": None,
        },
    )
    assert cleared.status_code == 200, cleared.text
    out = cleared.json()
    assert (out["description"], out["priority"], out["tags"], out["reminders"]) == (
        "",
        "none",
        [],
        [],
    )
    assert (out["timezone"], out["recurrence"], out["due"]) == ("Asia/Tokyo", None, None)
    refused = await client.patch(f"/api/tasks/{task['id']}", json={"title": None})
    assert refused.status_code == 422
    assert "title cannot be empty or null" in message(refused)
    assert (await client.post("/api/tasks", json={"title": None})).status_code == 422
    posted = await create(
        client, description=None, priority=None, tags=None, reminders=None, due=None
    )
    assert (posted["description"], posted["priority"], posted["tags"]) == ("", "none", [])


async def test_limits_are_schema_constraints(alice: httpx.AsyncClient) -> None:
    document = (await alice.get("/openapi.json")).json()
    create_ = _schema(document, "TaskCreate")["properties"]
    patch = _schema(document, "TaskPatch")["properties"]
    for title in (create_["title"], patch["title"]):
        assert (title["type"], title["minLength"], title["maxLength"]) == ("string", 1, 500)
        assert "null" not in str(title.get("anyOf", ""))
        assert not re.search(title["pattern"], " \t ") and re.search(title["pattern"], " x ")
    assert _nullable_branch(create_["description"])["maxLength"] == 20000
    assert _nullable_branch(create_["reminders"])["maxItems"] == 10
    for name in ("description", "priority", "tags", "due", "timezone", "recurrence", "reminders"):
        assert {"type": "null"} in patch[name]["anyOf"], name
        assert "null" in patch[name]["description"], name
    reminder = _schema(document, "Reminder")["oneOf"]
    before = reminder[0]["properties"]["before"]
    assert before["pattern"] == BEFORE_PATTERN and "366 days" in before["description"]
    at = reminder[1]["properties"]["at"]
    assert at["format"] == "date-time" and "1900-01-01" in at["description"]
    assert "RRULE" in _schema(document, "Recurrence")["properties"]["rule"]["description"]
    out = _schema(document, "TaskOut")["properties"]["reminders"]["items"]["oneOf"]
    assert [sorted(item["required"]) for item in out] == [["before", "text"], ["at", "text"]]
    # What the pattern takes is accepted, lower case included; what it refuses is refused.
    for accepted in ("pt1h", "P1W2D", "P1DT2H30M", "PT0.5S"):
        assert re.search(BEFORE_PATTERN, accepted)
        await create(alice, **DUE, reminders=[{"before": accepted}])
    for refused in ("P", "PT", "P1DT", "P1Y", "PT1.S", "P\u0661D"):
        assert not re.search(BEFORE_PATTERN, refused)
        response = await alice.post(
            "/api/tasks", json={"title": "t", **DUE, "reminders": [{"before": refused}]}
        )
        assert response.status_code == 422, refused
    count0 = {"rule": "FREQ=DAILY;COUNT=0"}
    response = await alice.post("/api/tasks", json={"title": "t", **DUE, "recurrence": count0})
    assert response.status_code == 422 and "COUNT" in message(response)


async def test_models_carry_examples(alice: httpx.AsyncClient) -> None:
    document = (await alice.get("/openapi.json")).json()
    for name in ("TaskCreate", "TaskPatch", "TaskOut", "Recurrence", "Reminder"):
        examples = _schema(document, name).get("examples")
        assert examples and isinstance(examples[0], dict), name
    example = _schema(document, "TaskCreate")["examples"][0]
    assert (await alice.post("/api/tasks", json=example)).status_code == 201


async def test_a_series_ends_cleanly_at_the_end_of_the_range(
    alice: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    task = await create(
        alice, due="2200-12-31T12:00:00Z", recurrence={"rule": "FREQ=DAILY", "anchor": "due"}
    )
    done = await alice.post(f"/api/tasks/{task['id']}/complete")
    assert done.status_code == 200
    event_id = await _wait_processed_by_recur(engine, task["id"])
    async with engine.connect() as conn:
        dead = await conn.scalar(
            text("SELECT count(*) FROM dead_letters WHERE event_id = :id"), {"id": event_id}
        )
    assert dead == 0
    items = (await alice.get("/api/tasks", params={"status": "all", "limit": 200})).json()["items"]
    assert [t["id"] for t in items if t["series_id"] == task["series_id"]] == [task["id"]]


async def _wait_processed_by_recur(engine: AsyncEngine, task_id: str) -> str:
    async def processed() -> str | None:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT o.event_id::text, p.event_id IS NOT NULL FROM outbox o "
                        "LEFT JOIN processed_events p ON p.consumer = 'recur' "
                        "AND p.event_id = o.event_id::text "
                        "WHERE o.subject = :id AND o.type = 'todo.task.completed'"
                    ),
                    {"id": task_id},
                )
            ).first()
        return str(row[0]) if row is not None and row[1] else None

    return await eventually_async(processed, 20, "recur processed the completion")


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    schemas = document["components"]["schemas"]
    return cast("dict[str, Any]", schemas.get(name) or schemas[f"{name}-Input"])


def _nullable_branch(schema: dict[str, Any]) -> dict[str, Any]:
    return next(branch for branch in schema["anyOf"] if branch.get("type") != "null")


def test_migration_0016_rewrites_stored_reminders_and_tags(pg_server: str) -> None:
    """Rows written before: `P1Y` durations, duplicates and un-folded tags are made canonical."""
    name = f"todo_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin(pg_server, f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url, "0015")
        rows = {
            "years": ([{"before": "P1Y"}, {"before": "P1Y1D"}, {"before": "PT1H"}], ["straße"]),
            "dupes": (
                [{"before": "PT1H"}, {"before": "PT1H"}, {"at": "2027-01-01T09:00:00+00:00"}],
                ["home"],
            ),
            "plain": ([{"before": "PT30M"}], ["work"]),
        }
        asyncio.run(_insert(url, rows))
        upgrade(url, "0016")
        stored = asyncio.run(_read(url))
        assert stored["years"] == (
            [{"before": "P365D"}, {"before": "P366D"}, {"before": "PT1H"}],
            ["strasse"],
        )
        assert stored["dupes"] == (
            [{"before": "PT1H"}, {"at": "2027-01-01T09:00:00+00:00"}],
            ["home"],
        )
        assert stored["plain"] == rows["plain"]
    finally:
        asyncio.run(admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))


async def _insert(url: str, rows: dict[str, tuple[list[dict[str, Any]], list[str]]]) -> None:
    conn = await _connect(url)
    try:
        for title, (reminders, tags) in rows.items():
            await conn.execute(
                "INSERT INTO tasks (id, owner, title, description, priority, tags, due, timezone,"
                " reminders, completed, occurrence_index, reminder_version, skipped,"
                " series_base_index, created_at, updated_at) VALUES ($1, 'migrated', $2, '', 0,"
                " $3, now(), 'UTC', $4::jsonb, false, 0, 0, false, 0, now(), now())",
                uuid.uuid4(),
                title,
                tags,
                json.dumps(reminders),
            )
    finally:
        await conn.close()


async def _read(url: str) -> dict[str, tuple[list[dict[str, Any]], list[str]]]:
    conn = await _connect(url)
    try:
        rows = await conn.fetch("SELECT title, reminders, tags FROM tasks")
        return {row["title"]: (json.loads(row["reminders"]), list(row["tags"])) for row in rows}
    finally:
        await conn.close()
