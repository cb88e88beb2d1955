"""A function under functions-framework (as Knative runs it) writes its log as the cluster's
config asks: LOG_FORMAT=json gives one JSON object per line, which log collectors parse."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.servers import BIN, alive, free_port
from tests.support.waits import eventually, log_tail

ROOT = Path(__file__).resolve().parents[2]


def run_audit(tmp_path: Path, log_format: str) -> list[str]:
    """Start audit, send it an unsigned event (refused, and logged), stop it: its stderr lines."""
    port = free_port()
    log_path = tmp_path / f"audit-{log_format}.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_FORMAT": log_format}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(BIN / "functions-framework"), "--target", "handle", "--source",
             str(ROOT / "functions" / "audit" / "main.py"), "--asgi", "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=log, env=env,
        )  # fmt: skip
    event_headers = {
        "ce-id": "e-1", "ce-source": "/tests", "ce-specversion": "1.0",
        "ce-type": "todo.task.created", "content-type": "application/json",
    }  # fmt: skip

    def answer_once_up() -> httpx.Response | None:
        alive(proc, log_path)
        try:
            return httpx.post(
                f"http://127.0.0.1:{port}/", headers=event_headers, content=b"{}", timeout=5
            )
        except httpx.TransportError:
            return None  # not listening yet

    try:
        answer = eventually(
            answer_once_up, 60, "audit answering", interval=0.1, details=log_tail(log_path)
        )
        assert answer.status_code == 401  # unsigned: refused, never applied
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return log_path.read_text().splitlines()


def test_json_log_lines_under_functions_framework(tmp_path: Path) -> None:
    lines = run_audit(tmp_path, "json")
    records = [json.loads(line) for line in lines if line.startswith("{")]
    refused = [r for r in records if r.get("message") == "refusing unsigned event"]
    assert refused, lines
    assert refused[0]["function"] == "audit"
    assert refused[0]["level"] == "WARNING" or refused[0].get("levelname") == "WARNING"


def test_text_log_lines_when_asked(tmp_path: Path) -> None:
    lines = run_audit(tmp_path, "text")
    assert any("refusing unsigned event" in line for line in lines), lines
    assert not any(line.startswith("{") and "refusing unsigned" in line for line in lines)


pytestmark = pytest.mark.timeout(180)
