"""Schemathesis against the gateway's OpenAPI document, driven from pytest.

test_schemathesis_run.py runs every phase and every check with a valid token for two users;
here every `/api` operation is fuzzed with no token and with a garbage one (always a JSON 401
with a Bearer challenge, or the 405 of a method the path does not take), and the responses the
document declares are checked against what the gateway really answers.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from gateway.app import create_app
from gateway.settings import Settings
from tests.security.support import unique

# A generated case of one of the schema's operations (the operation's own types left open).
ApiCase = schemathesis.Case[schemathesis.APIOperation[Any, Any, Any, Any]]

# The document as the app generates it; building the app connects to nothing. The first test
# proves it is exactly what the running gateway serves at /openapi.json.
SPEC: dict[str, Any] = create_app(
    Settings(data_dir=Path(tempfile.gettempdir()) / "todo-openapi-only"), "postgresql://unused"
).openapi()
schema = schemathesis.openapi.from_dict(SPEC)
# schemathesis's own generators use `random`, which this Hypothesis release frowns upon.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
# Without a token every input gets the same 401: the coverage phase's hundreds of boundary
# cases per operation would add minutes and nothing else.
anonymous = schemathesis.openapi.from_dict(
    SPEC,
    config=schemathesis.Config.from_dict(
        {"phases": {"coverage": {"enabled": False}, "examples": {"enabled": False}}}
    ),
).include(
    path_regex=r"^/api/"
)  # streams too: without a valid credential they answer 401 before any event

BUILTIN_CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]


@pytest.fixture(scope="module")
def fuzz_user(issue_token: Callable[[str], str]) -> str:
    """One user for every fuzzed request (so created rows do not flood other users)."""
    return issue_token(unique("fuzz-"))


def test_the_fuzzed_document_is_the_served_one(api_url: str) -> None:
    served = httpx.get(f"{api_url}/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(json.dumps(SPEC))
    operations = {f"{m.upper()} {p}" for p, ops in SPEC["paths"].items() for m in ops}
    assert {
        "POST /api/tasks", "GET /api/tasks", "GET /api/tasks/{task_id}",
        "PATCH /api/tasks/{task_id}", "DELETE /api/tasks/{task_id}",
        "POST /api/tasks/{task_id}/complete", "POST /api/tasks/{task_id}/reopen",
        "POST /api/tasks/{task_id}/skip", "GET /api/activity", "GET /api/notifications",
    } <= operations  # fmt: skip


@anonymous.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_refuses_a_missing_or_garbage_token(
    case: ApiCase, api_url: str
) -> None:
    for headers in ({}, {"Authorization": "Bearer garbage.garbage.garbage"}):
        response = case.call(base_url=api_url, headers=headers)
        case.validate_response(response, checks=BUILTIN_CHECKS, headers=headers)
        body = json.loads(response.content)
        if case.method.upper() != case.operation.method.upper():
            assert response.status_code == 405, response.text  # routing comes before auth
            continue
        if not _routable(case):
            assert response.status_code == 404, response.text  # so does a path of no route
            continue
        assert response.status_code == 401, (response.status_code, response.text[:300])
        assert body["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"][0].startswith("Bearer")


def _routable(case: ApiCase) -> bool:
    """Whether the path's ids have the shape its route takes (task ids are UUIDs)."""
    task_id = (case.path_parameters or {}).get("task_id")
    if task_id is None:
        return True
    try:
        uuid.UUID(str(task_id))
    except ValueError:
        return False
    return "/" not in str(task_id)


def _error_schema_of(operation: str, status: str) -> dict[str, Any]:
    method, path = operation.split(" ")
    content = SPEC["paths"][path][method.lower()]["responses"][status]["content"]
    reference: str = content["application/json"]["schema"]["$ref"]
    resolved: dict[str, Any] = SPEC["components"]["schemas"][reference.rsplit("/", 1)[1]]
    return resolved


# Regression: the document listed only 2xx and FastAPI's default 422 ({detail: [...]}), while
# the app also answers 400/401/404/413/503 with {error: {code, message}}; no bearer scheme was
# declared; /metrics was documented as JSON. gateway/errors.py API_ERRORS now documents them.
@pytest.mark.parametrize(
    "scenario",
    ["404 unknown task", "400 bad cursor", "401 no token", "metrics content type",
     "422 body shape", "bearer scheme"],
)  # fmt: skip
def test_documented_responses_match_reality(api_url: str, fuzz_user: str, scenario: str) -> None:
    auth = {"Authorization": f"Bearer {fuzz_user}"}
    status_check = [openapi_checks.status_code_conformance]
    if scenario == "404 unknown task":
        case = schema["/api/tasks/{task_id}"]["GET"].Case(
            path_parameters={"task_id": "6f1f7c52-0000-4000-8000-000000000000"}
        )
        case.validate_response(case.call(base_url=api_url, headers=auth), checks=status_check)
    elif scenario == "400 bad cursor":
        case = schema["/api/tasks"]["GET"].Case(query={"cursor": "garbage"})
        case.validate_response(case.call(base_url=api_url, headers=auth), checks=status_check)
    elif scenario == "401 no token":
        case = schema["/api/tasks"]["GET"].Case()
        case.validate_response(case.call(base_url=api_url), checks=status_check)
    elif scenario == "metrics content type":
        case = schema["/metrics"]["GET"].Case()
        case.validate_response(
            case.call(base_url=api_url), checks=[openapi_checks.content_type_conformance]
        )
    elif scenario == "422 body shape":
        assert "error" in _error_schema_of("POST /api/tasks", "422").get("properties", {})
    else:
        schemes = SPEC.get("components", {}).get("securitySchemes", {})
        assert any(s.get("scheme") == "bearer" for s in schemes.values()), schemes
