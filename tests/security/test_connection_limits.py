"""Finding 7 held: request head size, read deadlines and body size, on a real server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from tests.security.limits_support import count, gateway_with, user
from tests.security.support import unique
from tests.support.servers import wait_http_ready

REPO = Path(__file__).resolve().parents[2]
HEAD_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0


@pytest.fixture(scope="module")
def limited_url(database_url: str, data_dir: Path) -> Iterator[str]:
    """Deadlines a test reaches quickly: 2 s for the head, 2 s for the body."""
    with gateway_with(
        database_url, data_dir=data_dir,
        request_head_timeout=HEAD_TIMEOUT, request_body_timeout=BODY_TIMEOUT,
    ) as url:  # fmt: skip
        yield url


async def test_a_huge_header_gets_431_and_others_are_served(limited_url: str) -> None:
    async with httpx.AsyncClient(base_url=limited_url, timeout=10) as http:
        big = await http.get("/healthz", headers={"X-Big": "a" * (64 * 1024)})
        assert big.status_code == 431
        assert (await http.get("/healthz")).status_code == 200


async def test_slow_and_idle_connections_are_cut_off(limited_url: str) -> None:
    host, port = limited_url.removeprefix("http://").split(":")

    async def one_header_byte_a_second() -> tuple[float, bytes]:
        started = time.monotonic()
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        answer = b""
        try:
            for _ in range(30):
                writer.write(b"a")
                try:
                    answer += await asyncio.wait_for(reader.read(1024), 1.0)
                except TimeoutError:
                    continue
                if answer == b"" or reader.at_eof():
                    break
        except ConnectionError:
            pass
        writer.close()
        return time.monotonic() - started, answer

    async def idle() -> float:
        started = time.monotonic()
        reader, writer = await asyncio.open_connection(host, int(port))
        await asyncio.wait_for(reader.read(), 30)  # until the server closes
        writer.close()
        return time.monotonic() - started

    idle_many = [idle() for _ in range(200)]
    # gather() of two kinds of coroutine is typed list[object]: (seconds, bytes), then seconds.
    results: list[Any] = await asyncio.gather(one_header_byte_a_second(), *idle_many)
    slow, *idles = results
    elapsed, answer = slow
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert elapsed < HEAD_TIMEOUT + 1.5
    assert max(idles) < HEAD_TIMEOUT + 1.5
    print(
        f"\nslowloris (1 header byte/s) cut off after {elapsed:.2f} s; 200 idle connections "
        f"closed after {min(idles):.2f} to {max(idles):.2f} s (REQUEST_HEAD_TIMEOUT "
        f"{HEAD_TIMEOUT:g} s)"
    )
    async with httpx.AsyncClient(base_url=limited_url, timeout=10) as http:
        assert (await http.get("/healthz")).status_code == 200


async def test_a_slow_body_is_cut_off_and_changes_nothing(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    host, port = limited_url.removeprefix("http://").split(":")
    name = unique("lim-body-")
    body = json.dumps({"title": "slow"}).encode()
    reader, writer = await asyncio.open_connection(host, int(port))
    started = time.monotonic()
    writer.write(
        b"POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {issue_token(name)}\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    answer = b""
    for byte in body:
        writer.write(bytes([byte]))
        try:
            answer += await asyncio.wait_for(reader.read(1024), 0.5)
        except TimeoutError:
            continue
        except ConnectionError:
            break
        if answer:
            break
    elapsed = time.monotonic() - started
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert BODY_TIMEOUT <= elapsed < BODY_TIMEOUT + 1.5
    print(f"\nslow body (2 bytes/s) cut off after {elapsed:.2f} s")
    headers = {"Authorization": f"Bearer {issue_token(name)}"}
    async with httpx.AsyncClient(base_url=limited_url, headers=headers, timeout=10) as http:
        assert await count(http) == 0


async def test_a_two_megabyte_body_gets_413(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    async with user(limited_url, issue_token) as grace:
        big: dict[str, Any] = {"title": "big", "description": "x" * (2 * 1024 * 1024)}
        response = await grace.post("/api/tasks", json=big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
        assert await count(grace) == 0


def test_todo_gateway_serves_with_the_limits(database_url: str, tmp_path: Path) -> None:
    """`todo gateway` (as the container runs it) passes the settings to uvicorn."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path),
        "PORT": str(port), "EVENT_TRANSPORT": "dapr", "LOG_LEVEL": "WARNING",
        "REQUEST_HEAD_TIMEOUT": "1", "MAX_HEADER_BYTES": "4096",
    }  # fmt: skip
    # `python -m` from the checkout, so this tree's code runs (not an installed copy's).
    gateway = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "gateway"],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http_ready(f"{base}/readyz", gateway, timeout=60)
        assert httpx.get(f"{base}/healthz", headers={"X-Big": "a" * 5000}).status_code == 431
        with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
            started = time.monotonic()
            answer = idle.recv(1024)
            elapsed = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408") and elapsed < 2.5, (answer, elapsed)
        assert httpx.get(f"{base}/healthz").status_code == 200
    finally:
        gateway.send_signal(signal.SIGTERM)
        gateway.wait(20)


async def test_kept_alive_connections_and_long_answers_are_not_cut(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    """The deadlines cover reading a request only: a second request on a kept-alive
    connection and an event stream open longer than both deadlines are served."""
    async with user(limited_url, issue_token) as henry:
        assert (await henry.get("/api/tasks")).status_code == 200
        await asyncio.sleep(HEAD_TIMEOUT + 0.5)  # longer than the deadlines, within keep-alive
        assert (await henry.get("/api/tasks")).status_code == 200
        async with henry.stream("GET", "/api/updates") as stream:
            assert stream.status_code == 200
            lines = stream.aiter_lines()
            await asyncio.sleep(HEAD_TIMEOUT + BODY_TIMEOUT)  # deliberate: past both deadlines
            created = await henry.post("/api/tasks", json={"title": "seen live"})
            task_id = created.json()["id"]

            async def until_seen() -> None:
                async for line in lines:
                    if task_id in line:
                        return

            await asyncio.wait_for(until_seen(), 10)


async def test_a_websocket_outlives_the_read_deadlines(
    limited_url: str, issue_token: Callable[[str], str]
) -> None:
    """After the upgrade no request deadline applies: the socket still delivers updates."""
    name = unique("lim-ws-")
    headers = {"Authorization": f"Bearer {issue_token(name)}"}
    url = limited_url.replace("http://", "ws://", 1) + "/ws"
    async with websockets.connect(url, additional_headers=headers, proxy=None) as socket_:
        await asyncio.sleep(HEAD_TIMEOUT + BODY_TIMEOUT)  # deliberate: past both deadlines
        async with httpx.AsyncClient(base_url=limited_url, headers=headers, timeout=10) as http:
            task_id = (await http.post("/api/tasks", json={"title": "live"})).json()["id"]

        async def until_seen() -> None:
            while task_id not in str(await socket_.recv()):
                pass

        await asyncio.wait_for(until_seen(), 10)
