"""The OpenAPI document says what the gateway does: statuses, auth, streams, examples, links.

Checked against the document the app generates (the one /openapi.json serves) and, where a
claim is about behaviour, against the running gateway.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from gateway.app import create_app
from gateway.openapi_doc import ERRORS
from gateway.openapi_examples import REQUEST_EXAMPLES
from gateway.settings import Settings

SPEC: dict[str, Any] = create_app(
    Settings(data_dir=Path(tempfile.gettempdir()) / "todo-openapi-only"), "postgresql://unused"
).openapi()
OPERATIONS = [
    (path, method, operation)
    for path, methods in SPEC["paths"].items()
    for method, operation in methods.items()
]
PUBLIC = {"/healthz", "/readyz", "/metrics", "/.well-known/jwks.json"}
UNKNOWN_ID = "6f1f7c52-0000-4000-8000-000000000000"


def _operation(operation_id: str) -> tuple[str, str, dict[str, Any]]:
    [found] = [entry for entry in OPERATIONS if entry[2]["operationId"] == operation_id]
    return found


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for `schema`, whose `#/components/...` refs resolve in the document."""
    return Draft202012Validator(
        {**schema, "components": SPEC["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _url(path: str) -> str:
    return (
        path.replace("{task_id}", UNKNOWN_ID)
        .replace("{notification_id}", UNKNOWN_ID)
        .replace("{conversation_id}", "no-such-conversation")
    )


def test_operation_ids_are_readable_and_stable() -> None:
    assert sorted(operation["operationId"] for _, _, operation in OPERATIONS) == sorted(ERRORS)
    assert _operation("create_task")[:2] == ("/api/tasks", "post")
    assert _operation("list_tasks")[:2] == ("/api/tasks", "get")
    assert _operation("stream_updates")[:2] == ("/api/updates", "get")


def test_live_updates_declare_their_stream_auth_and_parameters() -> None:
    operation = SPEC["paths"]["/api/updates"]["get"]
    assert list(operation["responses"]["200"]["content"]) == ["text/event-stream"]
    assert operation["security"] == [
        {"HTTPBearer": []}, {"StreamTicket": []}, {"AccessTokenQuery": []}
    ]  # fmt: skip
    schemes = SPEC["components"]["securitySchemes"]
    assert schemes["StreamTicket"] == {**schemes["StreamTicket"], "in": "query", "name": "ticket"}
    assert schemes["AccessTokenQuery"]["name"] == "access_token"
    parameters = {(p["in"], p["name"]) for p in operation["parameters"]}
    assert parameters == {("query", "last_event_id"), ("header", "Last-Event-ID")}
    assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]


def test_chat_declares_its_event_stream() -> None:
    response = SPEC["paths"]["/api/chat"]["post"]["responses"]["200"]
    assert list(response["content"]) == ["text/event-stream"]
    for event in ("conversation", "delta", "tool_call", "tool_result", "done", "error"):
        assert f"`{event}`" in response["description"], event


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=lambda v: str(v))
def test_each_operation_declares_its_auth(path: str, method: str, operation: Any) -> None:
    if path in PUBLIC:
        assert "security" not in operation and "401" not in operation["responses"]
        assert "security" not in SPEC  # no global default that would apply to them
    else:
        assert {"HTTPBearer": []} in operation["security"]
        assert "401" in operation["responses"]


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=lambda v: str(v))
def test_each_operation_has_examples_that_fit_its_schemas(
    path: str, method: str, operation: Any
) -> None:
    for status, response in operation["responses"].items():
        if not status.startswith("2") or status == "204":
            continue
        [(media_type, media)] = response["content"].items()
        assert "example" in media, (status, media_type)
        if media_type == "application/json":
            _validator(media["schema"]).validate(media["example"])
    if "requestBody" in operation:
        [media] = operation["requestBody"]["content"].values()
        _validator(media["schema"]).validate(media["example"])


def test_links_lead_from_a_new_task_to_what_can_be_done_with_it() -> None:
    links = SPEC["paths"]["/api/tasks"]["post"]["responses"]["201"]["links"]
    assert set(links) == {
        "get_task", "update_task", "delete_task", "complete_task", "reopen_task", "skip_task"
    }  # fmt: skip
    ids = {operation["operationId"]: path for path, _, operation in OPERATIONS}
    for name, link in links.items():
        assert ids[link["operationId"]].startswith("/api/tasks/{task_id}"), name
        assert link["parameters"] == {"task_id": "$response.body#/id"}
    listed = SPEC["paths"]["/api/tasks"]["get"]["responses"]["200"]["links"]
    assert listed["get_task"]["parameters"] == {"task_id": "$response.body#/items/0/id"}


async def test_the_links_work(alice: httpx.AsyncClient) -> None:
    created = await alice.post("/api/tasks", json=REQUEST_EXAMPLES["create_task"])
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/tasks/{created.json()['id']}"
    links = SPEC["paths"]["/api/tasks"]["post"]["responses"]["201"]["links"]
    for name in ("get_task", "complete_task", "reopen_task", "skip_task", "delete_task"):
        path, method, operation = _operation(links[name]["operationId"])
        answer = await alice.request(method, path.replace("{task_id}", created.json()["id"]))
        assert str(answer.status_code) in operation["responses"], (name, answer.text)
        assert answer.status_code < 300, (name, answer.text)


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=lambda v: str(v))
async def test_what_each_operation_answers_is_declared(
    api_url: str, alice: httpx.AsyncClient, path: str, method: str, operation: Any
) -> None:
    declared = operation["responses"]
    error_body = _validator({"$ref": "#/components/schemas/ErrorBody"})
    async with httpx.AsyncClient(base_url=api_url) as anonymous:
        # A method the path does not take: 405 with every method it does take.
        other = next(m for m in ("PUT", "DELETE", "PATCH", "POST") if m.lower() not in
                     SPEC["paths"][path])  # fmt: skip
        refused = await anonymous.request(other, _url(path))
        if refused.status_code == 405:
            assert "405" in declared and refused.headers["allow"]
            error_body.validate(refused.json())
        if path not in PUBLIC:
            no_token = await anonymous.request(method.upper(), _url(path))
            assert no_token.status_code == 401
            assert no_token.headers["www-authenticate"].startswith("Bearer")
            error_body.validate(no_token.json())
    if "{" in path and path not in PUBLIC:  # an unknown id
        unknown = await alice.request(method.upper(), _url(path), json={})
        assert str(unknown.status_code) in declared, (unknown.status_code, unknown.text)
        error_body.validate(unknown.json())
    if "requestBody" in operation:
        broken = await alice.request(
            method.upper(), _url(path), content=b"{", headers={"Content-Type": "application/json"}
        )
        assert str(broken.status_code) in declared, (broken.status_code, broken.text)
        error_body.validate(broken.json())


def test_error_statuses_are_only_those_that_apply() -> None:
    def errors(operation_id: str) -> set[str]:
        return {s for s in _operation(operation_id)[2]["responses"] if s >= "4"}

    assert errors("healthz") == {"405", "500"}
    assert errors("get_jwks") == {"404", "405", "500"}
    assert errors("list_tasks") == {"400", "401", "405", "422", "429", "500", "503"}
    assert errors("get_task") == {"401", "404", "405", "429", "500", "503"}
    assert errors("create_task") == {
        "400", "401", "403", "405", "413", "422", "429", "500", "503"
    }  # fmt: skip
    # A 409 only where the task's state can refuse a valid request.
    assert {op["operationId"] for _, _, op in OPERATIONS if "409" in op["responses"]} == {
        "update_task",
        "skip_task",
    }
    create = _operation("create_task")[2]["responses"]
    assert "Location" in create["201"]["headers"]
    assert "Retry-After" in create["429"]["headers"]
    assert "Allow" in create["405"]["headers"]


def test_the_error_body_declares_every_part() -> None:
    detail = SPEC["components"]["schemas"]["ErrorDetail"]
    assert set(detail["required"]) == {"code", "message"}
    assert set(detail["properties"]) == {
        "code", "message", "fields", "request_id", "limit", "retry_after"
    }  # fmt: skip
    field = SPEC["components"]["schemas"]["FieldError"]
    assert set(field["required"]) == {"field", "message"}
    for code in ("validation_error", "internal_error", "method_not_allowed", "rate_limited"):
        assert f"`{code}`" in detail["properties"]["code"]["description"]


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ({"webhook_url": "https://hooks.example.com/x"}, True),
        ({"webhook_url": "HTTPS://hooks.example.com/x"}, True),
        ({"webhook_url": ""}, True),
        ({"webhook_url": "ftp://hooks.example.com/x"}, False),
        ({"webhook_url": "https://hooks.example.com/a b"}, False),
        ({"webhook_secret": "0123456789abcdef"}, True),
        ({"webhook_secret": "short"}, False),
        ({"webhook_secret": "0123456789abcdef\u0000"}, False),
        ({"timezone": ""}, False),
    ],
)
async def test_settings_limits_in_the_document_match_the_server(
    alice: httpx.AsyncClient, body: dict[str, str], accepted: bool
) -> None:
    schema = SPEC["paths"]["/api/settings"]["patch"]["requestBody"]["content"]
    valid = _validator(schema["application/json"]["schema"]).is_valid(body)
    response = await alice.patch("/api/settings", json=body)
    assert (response.status_code == 200) == accepted, response.text
    assert valid == accepted


@pytest.mark.parametrize(
    ("conversation_id", "accepted"),
    [("chat-1_A", True), ("x" * 64, True), ("x" * 65, False), ("a b", False), ("abc\n", False)],
)
async def test_the_conversation_id_pattern_matches_the_server(
    alice: httpx.AsyncClient, conversation_id: str, accepted: bool
) -> None:
    schema = SPEC["paths"]["/api/chat"]["post"]["requestBody"]["content"]
    body = {"message": "hi", "conversation_id": conversation_id}
    if "\n" not in conversation_id:  # Python's `$` (jsonschema's engine) also ends at "\n"
        assert _validator(schema["application/json"]["schema"]).is_valid(body) == accepted
    if not accepted:  # an accepted one starts a chat stream; the refusal is enough here
        response = await alice.post("/api/chat", json=body)
        assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/activity", {"cursor": ""}),
        ("/api/activity", {"limit": "201"}),
        ("/api/notifications", {"limit": "0"}),
        ("/api/notifications", {"limit": "201"}),
        ("/api/tasks/counts", {"timezone": ""}),
    ],
)
async def test_query_limits_in_the_document_are_enforced(
    alice: httpx.AsyncClient, path: str, params: dict[str, str]
) -> None:
    response = await alice.get(path, params=params)
    assert response.status_code == 422, response.text
    [(name, value)] = params.items()
    [parameter] = [p for p in SPEC["paths"][path]["get"]["parameters"] if p["name"] == name]
    schema = parameter["schema"]
    typed = int(value) if "integer" in str(schema) else value
    assert not _validator(schema).is_valid(typed)


async def test_the_served_document_is_the_generated_one(api_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        served = await client.get("/openapi.json")
    assert served.status_code == 200
    assert served.json()["paths"].keys() == SPEC["paths"].keys()
    assert (
        served.json()["components"]["schemas"]["ErrorDetail"]
        == (SPEC["components"]["schemas"]["ErrorDetail"])
    )
