"""A lean HTTP/1.1 load generator for the write benchmarks: keep-alive POSTs over raw streams.

On a 2-core machine the load generator shares the cores with the server it measures. httpx
spends about 3 ms of CPU per request (measured with `top` during bench_events' serve row: the
generator used 0.7 of a core at 240 creates/s, more than the gateway itself), so the figure
said more about the client than the server. pgbench, beside which the API is compared, is
native code. This client writes a prepared request and reads the answer's head and
Content-Length body, nothing more: about a tenth of httpx's cost, so the server gets the cores.

It is for 127.0.0.1 only, stops by itself at its deadline, and refuses chunked answers (the
gateway's JSON answers carry Content-Length).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LoadResult:
    """What the clients did: answers by status, and each request's latency."""

    elapsed_s: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str | None = None

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def count(self, ok: Callable[[int], bool]) -> int:
        return sum(n for status, n in self.statuses.items() if ok(status))

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, _, header_block = head.partition(b"\r\n")
    status = int(status_line.split(b" ", 2)[1])
    length = None
    for line in header_block.split(b"\r\n"):
        name, _, value = line.partition(b":")
        lowered = name.strip().lower()
        if lowered == b"content-length":
            length = int(value.strip())
        elif lowered == b"transfer-encoding":
            raise RuntimeError("chunked answers are not supported by this load generator")
    body = await reader.readexactly(length) if length else b""
    return status, body


def json_request(method: str, host: str, port: int, path: str, token: str, payload: Any) -> bytes:
    """The bytes of one keep-alive request with a JSON body and a bearer token."""
    body = json.dumps(payload).encode()
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def post_json_request(host: str, port: int, path: str, token: str, payload: Any) -> bytes:
    """The bytes of one keep-alive `POST path` with a JSON body and a bearer token."""
    return json_request("POST", host, port, path, token, payload)


class Connection:
    """One keep-alive connection sending JSON requests one after another (a writer's)."""

    def __init__(self, port: int, token: str, host: str = "127.0.0.1") -> None:
        self.host, self.port, self.token = host, port, token
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, method: str, path: str, payload: Any) -> tuple[int, Any]:
        """The answer's status and JSON body (None when empty).

        A kept connection the server has closed meanwhile (its keep-alive timeout is shorter
        than a slow writer's pause) is opened again and the request sent once more, as HTTP
        clients do: the server closes only an idle connection, so it never saw the request.
        """
        request = json_request(method, self.host, self.port, path, self.token, payload)
        reused = self._streams is not None
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        try:
            status, body = await _exchange(*self._streams, request)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError):
            await self.close()
            if not reused:
                raise
            self._streams = await asyncio.open_connection(self.host, self.port)
            status, body = await _exchange(*self._streams, request)
        return status, json.loads(body) if body else None

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def post_load(
    port: int,
    path: str,
    token: str,
    body_of: Callable[[int, int], Any],
    *,
    clients: int,
    seconds: float,
    host: str = "127.0.0.1",
) -> LoadResult:
    """`clients` connections POST `body_of(client, n)` to `path` back to back for `seconds`."""
    result = LoadResult()
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            n = 0
            while time.monotonic() < deadline:
                request = post_json_request(host, port, path, token, body_of(number, n))
                started = time.perf_counter()
                status, answer = await _exchange(reader, writer, request)
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status >= 300 and result.first_error is None:
                    result.first_error = f"HTTP {status}: {answer[:300].decode(errors='replace')}"
                n += 1
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    result.elapsed_s = time.monotonic() - started
    return result
