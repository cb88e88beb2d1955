"""`todo serve` as a user runs it: a real process, an embedded PostgreSQL, real HTTP.

No DATABASE_URL: the command starts PostgreSQL from the wheel in the data folder, must answer
on its port within 15 s (the README's promise), keep data across restarts, log JSON lines with
a request id, and stop the database when it is interrupted.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.servers import BIN, embedded_env, serving, token

pytestmark = pytest.mark.e2e


def test_serve_embedded_answers_keeps_data_and_stops_cleanly(tmp_path: Path) -> None:
    data_dir, log_path = tmp_path / "data", tmp_path / "serve.log"
    with serving(data_dir, log_path) as (url, ready_after, proc):
        print(f"todo serve ready after {ready_after:.2f}s")
        headers = {"Authorization": f"Bearer {token(data_dir, 'erin')}"}
        created = httpx.post(
            f"{url}/api/tasks", json={"title": "survive a restart"}, headers=headers
        )
        assert created.status_code == 201
        assert httpx.get(f"{url}/docs").status_code == 200
    assert proc.returncode == 0, log_path.read_text()
    # The embedded server stopped with us: no postmaster is left holding the data folder.
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()

    with serving(data_dir, log_path) as (url, _, _):
        headers = {"Authorization": f"Bearer {token(data_dir, 'erin')}"}
        titles = [
            t["title"] for t in httpx.get(f"{url}/api/tasks", headers=headers).json()["items"]
        ]
        assert titles == ["survive a restart"]
        httpx.get(f"{url}/healthz", headers={"X-Request-ID": "e2e-trace-1"})

    records = [
        json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")
    ]
    assert any(
        r.get("request_id") == "e2e-trace-1" and r.get("path") == "/healthz" for r in records
    )


def test_token_refuses_a_bad_user_name(tmp_path: Path) -> None:
    out = subprocess.run(
        [str(BIN / "todo"), "token", "no spaces allowed", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=embedded_env(),
    )
    assert out.returncode == 2
    assert "invalid user name" in out.stderr
