"""Errors over real HTTP: a clean 500 that keeps the connection, one field-error shape, Allow.

The 500s come from a gateway built by create_app (every middleware and handler of the real
one) with one extra route that fails, since the real routes are not meant to fail.
"""

from __future__ import annotations

import http.client
import json
import logging
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.responses import StreamingResponse

from gateway.app import create_app
from gateway.settings import Settings
from tests.support.servers import serve_in_thread


@pytest.fixture(scope="module")
def failing_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """A real gateway with `/boom` (raises before answering) and `/boom-midway` (raises
    after the first bytes of its answer were sent)."""
    app = create_app(Settings(data_dir=data_dir, database_url=database_url), database_url)

    async def boom() -> None:
        raise RuntimeError("a bug")

    async def boom_midway() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"first part\n"
            raise RuntimeError("a bug in the middle of a stream")

        return StreamingResponse(chunks(), media_type="text/plain")

    app.add_api_route("/boom", boom)
    app.add_api_route("/boom-midway", boom_midway)
    with serve_in_thread(app) as url:
        yield url


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)


def test_the_connection_stays_usable_after_a_500(failing_url: str) -> None:
    # http.client never reconnects by itself after an answer without `Connection: close`:
    # a server that dropped the connection makes the second request fail.
    connection = _connection(failing_url)
    connection.request("GET", "/boom")
    failed = connection.getresponse()
    body = json.loads(failed.read())
    assert failed.status == 500
    assert failed.getheader("connection") != "close"
    first_socket = connection.sock
    connection.request("GET", "/healthz")
    after = connection.getresponse()
    assert after.status == 200 and json.loads(after.read()) == {"status": "ok"}
    assert connection.sock is first_socket  # the same connection, not a new one
    connection.close()
    assert body["error"]["code"] == "internal_error"


def test_a_500_names_its_request_id_and_carries_the_security_headers(
    failing_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        response = httpx.get(f"{failing_url}/boom", headers={"X-Request-ID": "trace-me-42"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"] == "trace-me-42"
    assert response.json() == {
        "error": {
            "code": "internal_error",
            "message": "something went wrong on our side; quote request id trace-me-42 when "
            "reporting it",
            "request_id": "trace-me-42",
        }
    }
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "a bug" not in response.text
    # The traceback is logged once, by the gateway, not again by uvicorn.
    tracebacks = [r for r in caplog.records if r.exc_info and "a bug" in str(r.exc_info[1])]
    assert [r.name for r in tracebacks] == ["gateway.errors"]
    assert not [r for r in caplog.records if "Exception in ASGI application" in r.getMessage()]


def test_a_failure_after_the_answer_started_closes_the_connection(failing_url: str) -> None:
    connection = _connection(failing_url)
    connection.request("GET", "/boom-midway")
    started = connection.getresponse()
    assert started.status == 200
    with pytest.raises(http.client.IncompleteRead):  # cut off, never passed off as whole
        started.read()
    connection.close()
    assert httpx.get(f"{failing_url}/healthz").status_code == 200  # the server is fine


async def test_a_domain_error_names_its_field_like_a_validation_error(
    alice: httpx.AsyncClient,
) -> None:
    # InvalidTask from the domain (a rule across fields) and a pydantic 422: one shape.
    domain = await alice.post(
        "/api/tasks", json={"title": "rent", "recurrence": {"rule": "FREQ=MONTHLY"}}
    )
    assert domain.status_code == 422
    assert domain.json()["error"] == {
        "code": "validation_error",
        "message": "a recurring task needs a due date",
        "fields": [{"field": "due", "message": "a recurring task needs a due date"}],
    }
    schema = await alice.post("/api/tasks", json={"title": "rent", "priority": "soonish"})
    assert schema.status_code == 422
    error = schema.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert [f["field"] for f in error["fields"]] == ["priority"]


async def test_a_bad_cursor_names_its_field_too(alice: httpx.AsyncClient) -> None:
    response = await alice.get("/api/activity", params={"cursor": "garbage"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_cursor" and "field" not in error
    assert [f["field"] for f in error["fields"]] == ["cursor"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/api/tasks", "GET, POST"),
        ("DELETE", "/api/tasks", "GET, POST"),
        ("PUT", "/api/tasks/6f1f7c52-0000-4000-8000-000000000000", "GET, PATCH, DELETE"),
        ("POST", "/api/settings", "GET, PUT, PATCH"),
        ("PUT", "/api/tasks/parse", "POST"),  # task ids are UUIDs: "parse" is never one
        ("PATCH", "/api/tasks/counts", "GET"),
        ("DELETE", "/healthz", "GET"),
    ],
)
async def test_405_allows_every_method_of_the_path(
    alice: httpx.AsyncClient, method: str, path: str, allowed: str
) -> None:
    response = await alice.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert allowed in response.json()["error"]["message"]
    for other in allowed.split(", "):  # each one it names is really taken
        assert (await alice.request(other, path)).status_code != 405, other


def test_the_chat_history_right_after_start_is_not_a_500(database_url: str, tmp_path: Path) -> None:
    # The gateway imports the chat agent in a thread as it starts; a request importing it at
    # the same time made two threads import one package (KeyError: 'agents', a 500). A fresh
    # process, so the package is not already imported by earlier tests.
    script = f"""
import httpx
from pathlib import Path
from gateway.app import create_app
from gateway.auth import LocalSigningKey
from gateway.settings import Settings
from tests.support.servers import serve_in_thread
folder = Path({str(tmp_path)!r})
token = LocalSigningKey.load_or_create(folder).issue_token("early")
app = create_app(Settings(data_dir=folder, database_url={database_url!r}), {database_url!r})
with serve_in_thread(app) as url:
    answer = httpx.get(
        url + "/api/conversations/abc/messages",
        headers={{"Authorization": "Bearer " + token}},
        timeout=30,
    )
print(answer.status_code)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "404", done.stderr[-2000:]
