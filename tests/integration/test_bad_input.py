"""Bad input gets a JSON error with a fitting 4xx, and nothing is written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

LONG = "x" * 501


async def count(client: httpx.AsyncClient) -> int:
    page = (await client.get("/api/tasks", params={"status": "all", "limit": "200"})).json()
    return len(page["items"])


@pytest.mark.parametrize(
    ("body", "code", "mentions"),
    [
        ({}, "validation_error", "title"),
        ({"title": ""}, "validation_error", "empty"),
        ({"title": "   "}, "validation_error", "empty"),
        ({"title": LONG}, "validation_error", "500"),
        ({"title": 5}, "validation_error", "title"),
        ({"title": "t", "surprise": 1}, "validation_error", "unknown field"),
        (
            {"title": "t", "recurrence": {"rule": "FREQ=SOMETIMES"}, "due": "2026-12-01T09:00:00Z"},
            "validation_error",
            "RRULE",
        ),
        (
            {"title": "t", "recurrence": {"rule": "FREQ=SECONDLY"}, "due": "2026-12-01T09:00:00Z"},
            "validation_error",
            "hourly",
        ),
        (
            {
                "title": "t",
                "recurrence": {"rule": "FREQ=DAILY", "anchor": "whenever"},
                "due": "2026-12-01T09:00:00Z",
            },
            "validation_error",
            "anchor",
        ),
        ({"title": "t", "recurrence": {"rule": "FREQ=DAILY"}}, "validation_error", "due date"),
        ({"title": "t", "timezone": "Mars/Olympus"}, "validation_error", "time zone"),
        ({"title": "t", "timezone": "../etc/passwd"}, "validation_error", "time zone"),
        ({"title": "t", "due": "tomorrow"}, "validation_error", "RFC 3339"),
        ({"title": "t", "due": "2026-12-01"}, "validation_error", "RFC 3339"),
        ({"title": "t", "due": "2026-12-01T09:00:00"}, "validation_error", "RFC 3339"),
        ({"title": "t", "due": 1767225600}, "validation_error", "RFC 3339"),
        ({"title": "t", "due": "2026-13-01T09:00:00Z"}, "validation_error", "due"),
        ({"title": "t", "tags": [f"t{i}" for i in range(31)]}, "validation_error", "30"),
        ({"title": "t", "tags": ["two words"]}, "validation_error", "tag"),
        ({"title": "t", "tags": "work"}, "validation_error", "list"),
        ({"title": "t", "priority": "p1"}, "validation_error", "priority"),
        ({"title": "t", "reminders": [{"before": "PT30M"}]}, "validation_error", "due date"),
        (
            {"title": "t", "reminders": [{"before": "30 minutes"}], "due": "2026-12-01T09:00:00Z"},
            "validation_error",
            "ISO 8601",
        ),
        (
            {
                "title": "t",
                "reminders": [{"before": "PT1M", "at": "2026-12-01T09:00:00Z"}],
                "due": "2026-12-01T09:00:00Z",
            },
            "validation_error",
            "exactly one",
        ),
        ({"title": "t", "reminders": [{"at": "soon"}]}, "validation_error", "RFC 3339"),
        ({"title": "t", "description": "d" * 20_001}, "validation_error", "description"),
    ],
)
async def test_invalid_task_is_rejected_and_nothing_written(
    alice: httpx.AsyncClient, body: dict[str, Any], code: str, mentions: str
) -> None:
    before = await count(alice)
    response = await alice.post("/api/tasks", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert mentions.lower() in error["message"].lower()
    assert await count(alice) == before


@pytest.mark.parametrize("raw", [b"{", b"not json", b'{"title": "t",}', b"\xff\xfe"])
async def test_malformed_json_is_400(alice: httpx.AsyncClient, raw: bytes) -> None:
    response = await alice.post(
        "/api/tasks", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


async def test_json_that_is_not_an_object_is_422(alice: httpx.AsyncClient) -> None:
    body: object
    for body in ([], "title", None):
        response = await alice.post("/api/tasks", json=body)
        assert response.status_code == 422, body


async def test_body_over_one_mebibyte_is_413(alice: httpx.AsyncClient) -> None:
    before = await count(alice)
    big = {"title": "t", "description": "d" * (1024 * 1024)}
    response = await alice.post("/api/tasks", json=big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"

    async def chunks() -> AsyncIterator[
        bytes
    ]:  # no Content-Length: the limit holds for streamed bodies too
        for _ in range(70):
            yield b"x" * 16384

    streamed = await alice.post(
        "/api/tasks", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert await count(alice) == before


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "garbage"},
        {"cursor": "eyJ4IjogMX0"},
    ],
)
async def test_bad_cursor_is_400(alice: httpx.AsyncClient, params: dict[str, Any]) -> None:
    response = await alice.get("/api/tasks", params=params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "params",
    [
        {"status": "done"},
        {"priority": "p1"},
        {"sort": "random"},
        {"order": "sideways"},
        {"limit": "0"},
        {"limit": "100000"},
        {"limit": "ten"},
        {"due_before": "yesterday"},
        {"overdue": "maybe"},
        {"color": "red"},
    ],
)
async def test_bad_query_parameters_are_422(
    alice: httpx.AsyncClient, params: dict[str, Any]
) -> None:
    response = await alice.get("/api/tasks", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not.a.jwt"},
        {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
        {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."},
    ],
)
async def test_missing_or_bad_token_is_401(api_url: str, headers: dict[str, Any]) -> None:
    async with httpx.AsyncClient(base_url=api_url, headers=headers) as client:
        for method, path in [
            ("GET", "/api/tasks"),
            ("POST", "/api/tasks"),
            ("GET", "/api/tasks/6f1f7c52-0000-4000-8000-000000000000"),
            ("DELETE", "/api/tasks/6f1f7c52-0000-4000-8000-000000000000"),
        ]:
            response = await client.request(method, path, json={"title": "t"})
            assert response.status_code == 401, (method, path)
            assert response.json()["error"]["code"] == "unauthorized"
            assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path", "raw"),
    [
        ("POST", "/api/tasks", b"{"),
        ("POST", "/api/tasks", b'{"title": 5, "priority": "p9"}'),
        ("PATCH", "/api/tasks/6f1f7c52-0000-4000-8000-000000000000", b"not json"),
        ("GET", "/api/tasks?limit=0&sort=sideways", None),
    ],
)
async def test_without_a_valid_token_a_bad_request_is_still_401(
    api_url: str, method: str, path: str, raw: bytes | None
) -> None:
    # Who the caller is comes before what is wrong with the request: nothing about the
    # API's validation leaks to a caller it does not know.
    for headers in ({}, {"Authorization": "Bearer not.a.jwt"}):
        async with httpx.AsyncClient(base_url=api_url, headers=headers) as client:
            response = await client.request(
                method, path, content=raw, headers={"Content-Type": "application/json"}
            )
        assert response.status_code == 401, (headers, response.text)
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_unknown_route_and_method_are_json(alice: httpx.AsyncClient) -> None:
    missing = await alice.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = await alice.put("/api/tasks")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
