"""Issue #14: what the document says and what the gateway does agree, where JSON Schema can say it.

Each test here failed before the change it names: an empty `due_before=` was ignored while
`tag=` was refused; time zones were free text the server then refused; the stream of
`/api/chat` was declared as one string; a task-state refusal was a 422 like a bad body; a
search order's rule was reported against the field `body`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from core.timefmt import check_timezone, zone_names
from gateway.app import create_app
from gateway.settings import Settings

DOCUMENT: dict[str, Any] = create_app(
    Settings(data_dir=Path(tempfile.gettempdir()) / "todo-openapi-only"), "postgresql://unused"
).openapi()


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the document's components, for jsonschema to follow its $refs."""
    return {**schema, "components": DOCUMENT["components"]}


@pytest.mark.parametrize("name", ["due_before", "due_after", "tag", "cursor"])
async def test_an_empty_query_value_is_refused_like_any_invalid_one(
    alice: httpx.AsyncClient, name: str
) -> None:
    response = await alice.get("/api/tasks", params={name: ""})
    assert response.status_code in (400, 422), response.text
    assert [item["field"] for item in response.json()["error"]["fields"]] == [name]


async def test_a_bare_date_bound_is_documented_and_accepted(alice: httpx.AsyncClient) -> None:
    response = await alice.get("/api/tasks", params={"due_before": "2031-01-01"})
    assert response.status_code == 200, response.text
    (parameter,) = [
        p for p in DOCUMENT["paths"]["/api/tasks"]["get"]["parameters"] if p["name"] == "due_before"
    ]
    formats = {branch.get("format") for branch in parameter["schema"]["anyOf"]}
    assert {"date", "date-time"} <= formats


async def test_the_relevance_rule_names_the_sort_parameter(alice: httpx.AsyncClient) -> None:
    response = await alice.get("/api/tasks", params={"sort": "relevance"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "sort", "message": "sort=relevance needs a search text q"}
    ]


def test_time_zones_in_the_document_are_exactly_the_names_accepted() -> None:
    listed = DOCUMENT["components"]["schemas"]["TimeZone"]["enum"]
    assert listed == zone_names() and "Europe/Berlin" in listed
    assert all(check_timezone(name) == name for name in listed)
    assert not {"localtime", "posixrules", "Factory"} & set(listed)
    assert not [name for name in listed if name.startswith(("posix/", "right/"))]
    settings_zone = DOCUMENT["components"]["schemas"]["SettingsIn"]["properties"]["timezone"]
    assert settings_zone["allOf"] == [{"$ref": "#/components/schemas/TimeZone"}]
    task_zone = DOCUMENT["components"]["schemas"]["TaskCreate"]["properties"]["timezone"]
    assert {"$ref": "#/components/schemas/TimeZone"} in task_zone["anyOf"]


async def test_every_listed_zone_is_taken_and_an_unlisted_one_refused(
    alice: httpx.AsyncClient,
) -> None:
    for name in ("Asia/Kathmandu", "America/St_Johns", "Etc/GMT+12"):
        assert name in zone_names()
        response = await alice.patch("/api/settings", json={"timezone": name})
        assert response.status_code == 200, response.text
    response = await alice.patch("/api/settings", json={"timezone": "localtime"})
    assert response.status_code == 422


async def test_each_chat_event_fits_the_documented_event_schema(
    alice: httpx.AsyncClient,
) -> None:
    schema = DOCUMENT["paths"]["/api/chat"]["post"]["responses"]["200"]["content"][
        "text/event-stream"
    ]["schema"]
    events: list[dict[str, str]] = []
    async with alice.stream(
        "POST", "/api/chat", json={"message": "add pay rent tomorrow at 9 p1 #home"}
    ) as response:
        assert response.status_code == 200
        event: dict[str, str] = {}
        async for line in response.aiter_lines():
            if not line:
                if event:
                    events.append(event)
                event = {}
            elif not line.startswith(":"):
                key, _, value = line.partition(": ")
                event[key] = value
    names = [event["event"] for event in events]
    assert names[0] == "conversation" and names[-1] == "done" and "tool_call" in names
    for event in events:
        jsonschema.validate(event, _resolved(schema))
        (branch,) = [
            b for b in schema["oneOf"] if b["properties"]["event"]["const"] == event["event"]
        ]
        data_schema = branch["properties"]["data"]["contentSchema"]
        jsonschema.validate(json.loads(event["data"]), data_schema)


async def test_a_refusal_by_the_tasks_state_is_a_409_and_by_the_body_a_422(
    alice: httpx.AsyncClient,
) -> None:
    one_off = (await alice.post("/api/tasks", json={"title": "once"})).json()
    skipped = await alice.post(f"/api/tasks/{one_off['id']}/skip")
    assert skipped.status_code == 409 and skipped.json()["error"]["code"] == "conflict"
    undated = await alice.patch(
        f"/api/tasks/{one_off['id']}", json={"reminders": [{"before": "PT1H"}]}
    )
    assert undated.status_code == 409, undated.text  # fine for a task with a due date
    create = await alice.post("/api/tasks", json={"title": "x", "reminders": [{"before": "PT1H"}]})
    assert create.status_code == 422, create.text  # the body alone breaks the rule
    rules = DOCUMENT["components"]["schemas"]["TaskCreate"]["allOf"]
    body = {"title": "x", "reminders": [{"before": "PT1H"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, {"allOf": rules})
    jsonschema.validate({**body, "due": "2031-01-01T09:00:00Z"}, {"allOf": rules})


async def test_a_path_with_no_task_id_shape_is_a_404_not_a_task_lookup(
    alice: httpx.AsyncClient,
) -> None:
    for path in ("/api/tasks/not-a-uuid", "/api/tasks/counts/complete"):
        response = await alice.get(path)
        assert response.status_code in (404, 405), response.text
    parameter = DOCUMENT["paths"]["/api/tasks/{task_id}"]["get"]["parameters"][0]
    assert parameter["schema"]["format"] == "uuid"
