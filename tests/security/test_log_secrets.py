"""No token in any log line (issue #13, finding 2), read from a real `todo serve` process.

The UI opens its WebSocket and event stream with `?access_token=<JWT>` (browsers cannot set
headers there), and uvicorn logs each WebSocket handshake with its whole query string: a
30-day token copied from that line worked. The server runs at LOG_LEVEL=DEBUG, where every
library logs all it has (uvicorn's handshake lines included), and the test makes sure those
lines are there, with the token redacted.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from tests.support.databases import fresh_database
from tests.support.servers import TODO, free_port, process, stop, wait_http_ready
from tests.support.servers import token as local_token

pytestmark = pytest.mark.e2e
WAIT_S = 60.0
WEBHOOK_SECRET = "whsec-never-in-a-log-0123456789"
# The code under test is this checkout's, also where an editable install points elsewhere.
ROOT = str(Path(__file__).resolve().parents[2])


def _env(**extra: str) -> dict[str, str]:
    drop = {"AUTH_JWKS_URL", "LOG_FORMAT", "LOG_LEVEL", "DATABASE_URL"}
    path = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p)
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "PYTHONPATH": path, **extra}


@pytest.fixture
def served(
    pg_server: str, tmp_path: Path
) -> Iterator[tuple[str, Path, Path, subprocess.Popen[bytes]]]:
    """`todo serve` at LOG_LEVEL=DEBUG on a fresh database: (url, data dir, log file, process)."""
    data_dir, log_path, port = tmp_path / "data", tmp_path / "serve.log", free_port()
    with fresh_database(pg_server) as database_url:
        env = _env(DATABASE_URL=database_url, LOG_LEVEL="DEBUG", LOG_FORMAT="json")
        argv = [TODO, "serve", "--data-dir", str(data_dir), "--port", str(port)]
        with process(argv, log_path, env) as proc:
            url = f"http://127.0.0.1:{port}"
            wait_http_ready(f"{url}/readyz", proc, log_path, timeout=WAIT_S)
            yield url, data_dir, log_path, proc


def _forged(good: str) -> str:
    """A well-formed JWT the server refuses: the good one with its signature changed."""
    head, payload, signature = good.split(".")
    return f"{head}.{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


async def _use_every_way_a_token_travels(url: str, token: str, refused: str) -> None:
    ws = url.replace("http://", "ws://", 1)
    async with websockets.connect(f"{ws}/ws?access_token={token}", proxy=None) as socket_:
        await socket_.send("ping")
        # The pong to a protocol ping comes after the server has read all sent before it.
        await asyncio.wait_for(await socket_.ping(), WAIT_S)
    with pytest.raises(websockets.exceptions.InvalidStatus):
        async with websockets.connect(f"{ws}/ws?access_token={refused}", proxy=None):
            pass
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        async with client.stream("GET", f"/api/updates?access_token={token}") as stream:
            assert stream.status_code == 200
        refused_stream = await client.get(f"/api/updates?access_token={refused}")
        assert refused_stream.status_code == 401
        bearer = {"Authorization": f"Bearer {token}"}
        created = await client.post("/api/tasks", json={"title": "logged?"}, headers=bearer)
        assert created.status_code == 201
        assert (
            await client.get("/api/tasks", headers={"Authorization": f"Bearer {refused}"})
        ).status_code == 401
        # The UI's sign-in link carries the token in its fragment; a server never sees that,
        # but a query-string copy of it must not be logged either.
        await client.get(f"/?token={token}")
        saved = await client.put(
            "/api/settings",
            json={"webhook_url": "https://hooks.example/x?token=hook-query-secret",
                  "webhook_secret": WEBHOOK_SECRET},
            headers=bearer,
        )  # fmt: skip
        assert saved.status_code == 200, saved.text
        # A release: the server's idle /ws handler notices the closed socket and ends.
        await client.post("/api/tasks", json={"title": "release"}, headers=bearer)


def test_no_token_reaches_the_log(
    served: tuple[str, Path, Path, subprocess.Popen[bytes]],
) -> None:
    url, data_dir, log_path, proc = served
    token = local_token(data_dir, "log-alice")
    assert token.count(".") == 2
    refused = _forged(token)
    asyncio.run(_use_every_way_a_token_travels(url, token, refused))
    stop(proc)  # its last lines are in the file once it has exited (no pause guessed at)
    log = log_path.read_text()
    # The lines that held the token are there, redacted: the test looked where it mattered.
    handshakes = [line for line in log.splitlines() if "WebSocket /ws?access_token=" in line]
    assert len(handshakes) >= 2, log[-3000:]
    assert all("access_token=[redacted]" in line for line in handshakes), handshakes
    print(f"{len(log.splitlines())} log lines; handshake lines: {handshakes[0][:200]}")
    for secret in (token, refused):
        _, payload, signature = secret.split(".")
        assert payload not in log and signature not in log
    assert WEBHOOK_SECRET not in log and "hook-query-secret" not in log
