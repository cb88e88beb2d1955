"""knative/smoke.sh against real gateways: it passes where events flow and fails, saying which
step, where they do not.

`todo serve` is the whole system on one machine (gateway, relay, router, audit), so a task's
audit entry appears and the script passes. `todo gateway` alone is a gateway whose eventing
service is missing (as in a cluster where eventing never started): the task is created, its
event stays in the outbox, and the script must fail at its deadline.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.databases import fresh_database
from tests.support.servers import (
    TODO,
    embedded_env,
    free_port,
    process,
    serving,
    token,
    wait_http_ready,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SMOKE = ROOT / "knative" / "smoke.sh"


def smoke(url: str, bearer: str, timeout_s: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMOKE_TIMEOUT": str(timeout_s), "SMOKE_NAMESPACE": ""}
    return subprocess.run(
        ["bash", str(SMOKE), url, bearer],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s + 60,
        check=False,
    )


def test_smoke_passes_when_the_event_reaches_audit(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with serving(data_dir, tmp_path / "serve.log") as (url, _, _):
        bearer = token(data_dir, "smoke")
        done = smoke(url, bearer, timeout_s=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "audit recorded the task's event" in done.stdout
        assert "smoke: ok" in done.stdout
        # The smoke task is gone again.
        tasks = httpx.get(f"{url}/api/tasks", headers={"Authorization": f"Bearer {bearer}"})
        assert tasks.json()["items"] == []


def test_smoke_fails_with_a_bad_token(tmp_path: Path) -> None:
    with serving(tmp_path / "data", tmp_path / "serve.log") as (url, _, _):
        done = smoke(url, "not-a-token", timeout_s=30)
    assert done.returncode == 1
    assert "answered 401" in done.stderr


@contextmanager
def gateway_only(database_url: str, data_dir: Path, log_path: Path) -> Iterator[str]:
    """`todo gateway` on DATABASE_URL with the Dapr transport and no eventing service."""
    port = free_port()
    env = {
        **embedded_env(),
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "EVENT_TRANSPORT": "dapr",
        "PORT": str(port),
    }
    with process([TODO, "gateway"], log_path, env) as proc:
        wait_http_ready(f"http://127.0.0.1:{port}/readyz", proc, log_path)
        yield f"http://127.0.0.1:{port}"


def test_smoke_fails_at_its_deadline_when_no_event_is_delivered(
    pg_server: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    # A database of its own: the session's shared one may be watched by another test's relay,
    # which would deliver the event this test expects to stay in the outbox.
    with (
        fresh_database(pg_server) as database_url,
        gateway_only(database_url, data_dir, tmp_path / "gateway.log") as url,
    ):
        done = smoke(url, token(data_dir, "smoke-no-eventing"), timeout_s=5)
    assert done.returncode == 1
    assert "task" in done.stdout and "created" in done.stdout  # the write itself worked
    assert "no audit entry for task" in done.stderr and "after 5s" in done.stderr
