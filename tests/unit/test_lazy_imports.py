"""Start-up imports only what start-up needs (issue #15): the rest loads on first use.

Each check runs in a fresh interpreter, since this test process has long imported everything.
A heavy module back in an import chain shows as start-up time a user waits for (`todo serve`
ready, a function scaled from zero answering); no timing is asserted here, only which modules
are loaded. The last test starts a real `todo serve` and uses MCP, the chat and quick-add the
moment it is ready, while those still load beside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port, process, wait_http_ready

ROOT = Path(__file__).resolve().parents[2]
# Loaded beside the running server (mcp, openai-agents) or on first use (the rest).
HEAVY = ("agents", "openai", "mcp", "mcp_types", "dateparser", "flask", "functions_framework")
FUNCTIONS = ("recur", "notify", "audit", "push")


def loaded_after(code: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` are in sys.modules after `code` runs in a fresh interpreter."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    )
    env = {**os.environ, "EVENT_SIGNING_KEY": "lazy-imports-test-key-0123456789abcdef"}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_gateway_loads_no_agent_mcp_or_date_parser() -> None:
    assert loaded_after("import gateway.app", HEAVY) == []


def test_the_cli_loads_no_server_before_it_is_asked_to_serve() -> None:
    assert loaded_after("import gateway.cli", (*HEAVY, "gateway.app", "sqlalchemy")) == []


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_function_loads_only_what_its_handler_needs(name: str) -> None:
    # Loaded in-process by `todo serve`: no functions-framework (flask), no parsers, no httpx
    # (webhooks are sent by eventing's sender; notify only queues them).
    assert loaded_after(f"import functions.{name}.main", (*HEAVY, "httpx")) == []


@pytest.mark.parametrize("name", FUNCTIONS)
def test_under_functions_framework_the_entry_point_is_an_async_cloud_event_function(
    name: str,
) -> None:
    code = (
        "import functions_framework.aio\n"
        "from functions_framework import _function_registry as r\n"
        f"import functions.{name}.main\n"
        "assert r.REGISTRY_MAP['handle'] == r.CLOUDEVENT_SIGNATURE_TYPE, r.REGISTRY_MAP\n"
        "assert 'handle' in r.ASGI_FUNCTIONS\n"
    )
    assert loaded_after(code, ("agents", "mcp", "dateparser")) == []


def test_a_transport_error_of_httpx_is_still_transient() -> None:
    from functions.runtime import is_permanent

    assert not is_permanent(httpx.ConnectError("refused"))
    assert is_permanent(ValueError("bad rule"))


def test_mcp_chat_and_quick_add_answer_the_moment_todo_serve_is_ready(
    database_url: str, tmp_path: Path
) -> None:
    """Ready while MCP and the agent still load: a request for them waits, it never fails."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EVENT_SIGNING_KEY": "lazy-imports-test-key-0123456789abcdef",
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
    }
    log = tmp_path / "serve.log"
    argv = [sys.executable, "-m", "gateway.cli", "serve", "--data-dir", str(tmp_path),
            "--port", str(port)]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with process(argv, log, env, cwd=ROOT, grace=60) as server:
        wait_http_ready(f"{base}/readyz", server, log, timeout=60)
        from gateway.auth import LocalSigningKey

        token = LocalSigningKey.load_or_create(tmp_path).issue_token("lazy-imports")
        headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json, text/event-stream",
        }
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            listed = http.post(
                "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
            )
            assert listed.status_code == 200, listed.text
            assert "add_task" in {tool["name"] for tool in listed.json()["result"]["tools"]}
            chat = http.post("/api/chat", json={"message": "add buy milk tomorrow 5pm"})
            assert chat.status_code == 200, chat.text
            assert "event: done" in chat.text, chat.text
            parsed = http.post("/api/tasks/parse", json={"text": "call mom friday 9am !high"})
            assert parsed.status_code == 200, parsed.text
            tasks = http.get("/api/tasks").json()
        assert [task["title"].lower() for task in tasks["items"]] == ["buy milk"]
        assert "Traceback" not in log.read_text()
