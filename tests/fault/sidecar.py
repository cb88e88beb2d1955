"""The Dapr sidecar stand-in in a process of its own, for the fault suite.

    python -m tests.fault.sidecar --brokers HOST:PORT --app-url URL --http-port P --grpc-port G

Runs `tests.support.dapr_standin.DaprSidecarStandIn` with the Kafka bindings of deploy/dapr, prints
`READY` once every input binding consumes, and stops (its consumers leave their groups) on
SIGTERM or when its stdin closes. Besides the sidecar API, its HTTP port answers
`GET /fault/acked`: for each input binding, its topic and, per partition, the highest offset
the app acknowledged with a 200 during this process's life (a partition moves on only after a
200, so every record up to that offset was applied or dead-lettered).

Why a process of its own: the stand-in serves gRPC, and a process with live gRPC threads that
forks (as `subprocess` does to run `pg_ctl` as another user) can crash the child in gRPC's
fork handlers. It also keeps the stand-in's work off the test process's GIL, as a real
sidecar is a process of its own.

One change to the stand-in, for speed only: deliveries to the app (`POST /<binding>`) go
through `LeanHttp`, a minimal HTTP/1.1 keep-alive client on asyncio streams, instead of
httpx. Over a run of 10,000 task events httpx alone cost the stand-in minutes of CPU that a
real (Go) daprd does not spend, on a 2-core CI machine shared with the system under test.
Everything else is the stand-in as is: the same request (body, headers, Content-Type), the
same outcome (the status, or no status when the request failed), the same retries.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiokafka.structs import ConsumerRecord
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import tests.support.dapr_standin.sidecar
from tests.support.dapr_standin import DaprSidecarStandIn
from tests.support.dapr_standin.input_binding import InputBinding

COMPONENTS = Path(__file__).resolve().parents[2] / "deploy" / "dapr"


class LeanHttp:
    """POSTs to one `http://host:port` origin over kept-alive HTTP/1.1 connections."""

    def __init__(self, origin: str, timeout: float) -> None:
        url = urlsplit(origin)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.timeout = timeout
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> int:
        """The response status; raises OSError/TimeoutError/ValueError if there is none."""
        reader, writer = (
            self._idle.pop() if self._idle else await asyncio.open_connection(self.host, self.port)
        )
        try:
            async with asyncio.timeout(self.timeout):
                head = [
                    f"POST {path} HTTP/1.1".encode(),
                    f"Host: {self.host}:{self.port}".encode(),
                    f"Content-Length: {len(body)}".encode(),
                    *(name + b": " + value for name, value in headers),
                ]
                writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
                await writer.drain()
                status, keep = await self._response(reader)
        except BaseException:
            writer.close()
            raise
        if keep:
            self._idle.append((reader, writer))
        else:
            writer.close()
        return status

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
        line = await reader.readline()
        if not line:
            raise ConnectionResetError("the app closed the connection")
        version, status, *_ = line.decode("latin-1").split(" ", 2)
        length, chunked, keep = 0, False, version == "HTTP/1.1"
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value
            elif name == "connection":
                keep = value != "close"
        if chunked:
            while size := int((await reader.readline()).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readline()
        else:
            await reader.readexactly(length)
        return int(status), keep


class LeanInputBinding(InputBinding):
    """The stand-in's input binding, delivering through `LeanHttp`."""

    async def _post(self, record: ConsumerRecord[Any, Any]) -> tuple[int | None, str | None]:
        sidecar = self.sidecar
        assert isinstance(sidecar, ObservableSidecar)
        try:
            status = await sidecar.lean.post(
                urlsplit(self.url).path, record.value or b"", self._headers(record)
            )
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as exc:
            return None, f"{type(exc).__name__}: {exc}"
        return status, None


class ObservableSidecar(DaprSidecarStandIn):
    """The stand-in, plus `GET /fault/acked` (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lean = LeanHttp(self.app_url or "", self.app_timeout)
        self._seen = 0
        self._acked: dict[str, dict[int, int]] = {}

    def _http_app(self) -> Starlette:
        app = super()._http_app()

        async def acked(request: Request) -> Response:
            # runs on the stand-in's loop, where deliveries are appended: no race
            for attempt in self.deliveries[self._seen :]:
                if attempt.status == 200:
                    partitions = self._acked.setdefault(attempt.binding, {})
                    partitions[attempt.partition] = max(
                        partitions.get(attempt.partition, -1), attempt.offset
                    )
            self._seen = len(self.deliveries)
            inputs = {
                name: {"topics": c.topics, "acked": self._acked.get(name, {})}
                for name, c in self.components.items()
                if c.is_input
            }
            return JSONResponse(inputs)

        return Starlette(routes=[*app.routes, Route("/fault/acked", acked, methods=["GET"])])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--app-url", required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--grpc-port", type=int, required=True)
    args = parser.parse_args()
    tests.support.dapr_standin.sidecar.InputBinding = LeanInputBinding  # type: ignore[attr-defined]  # this process only; sidecar imports, not exports, it
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    sidecar = ObservableSidecar(
        [COMPONENTS / "bindings-input.yaml", COMPONENTS / "bindings-output.yaml"],
        app_url=args.app_url,
        brokers=args.brokers,
        app_id="todo-eventing",
        http_port=args.http_port,
        grpc_port=args.grpc_port,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def watch_stdin() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    sidecar.start()

    async def consuming() -> None:
        async with asyncio.timeout(90):
            await sidecar.wait_consuming()

    asyncio.run(consuming())
    print("READY", flush=True)
    while not stop.wait(0.5):
        pass
    sidecar.stop()


if __name__ == "__main__":
    main()
