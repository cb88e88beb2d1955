"""The stand-in sidecar itself: its event loop thread, HTTP and gRPC servers, output binding
and the input bindings it runs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import threading
from collections.abc import Mapping
from typing import Any

import grpc
import httpx
import uvicorn
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.dapr_standin.components import (
    BindingError,
    ComponentError,
    KafkaBindingComponent,
    go_json,
    load_components,
)
from tests.support.dapr_standin.grpc_api import DaprServicer
from tests.support.dapr_standin.input_binding import DeliveryAttempt, InputBinding

log = logging.getLogger(__name__)


class DaprSidecarStandIn:
    """daprd's Kafka bindings for tests (see the module docstring for what it covers).

    `components`: manifest files, folders, dicts or `KafkaBindingComponent`s. `app_url`: the
    app's base URL for input deliveries (None: no input binding runs, like daprd without an
    app port). `brokers`: overrides every component's `brokers`. `app_id`: components whose
    `scopes` leave it out are not loaded. `http_port`/`grpc_port`: 0 picks free ports, kept
    across `restart()`.
    """

    def __init__(
        self,
        components: Any,
        *,
        app_url: str | None = None,
        brokers: str | None = None,
        app_id: str = "app",
        http_port: int = 0,
        grpc_port: int = 0,
        session_timeout: float | None = 2.0,
        retry_backoff: tuple[float, float] = (0.05, 1.0),
        app_timeout: float = 30.0,
        produce_timeout: float = 10.0,
        app_token: str | None = None,
    ) -> None:
        loaded = load_components(components)
        loaded = [c for c in loaded if not c.scopes or app_id in c.scopes]
        if brokers:
            loaded = [c.with_brokers(brokers) for c in loaded]
        names = [c.name for c in loaded]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ComponentError(f"duplicate component names: {duplicates}")
        self.components: dict[str, KafkaBindingComponent] = {c.name: c for c in loaded}
        self.app_url = app_url
        self.app_id = app_id
        self.http_port = http_port
        self.grpc_port = grpc_port
        self.session_timeout = session_timeout
        self.retry_backoff = retry_backoff
        self.app_timeout = app_timeout
        self.produce_timeout = produce_timeout
        # What daprd sends as `dapr-api-token` on every call to the app (APP_API_TOKEN).
        self.app_token = app_token if app_token is not None else os.environ.get("APP_API_TOKEN")
        #: every delivery attempt to the app, in order, across restarts
        self.deliveries: list[DeliveryAttempt] = []
        #: the `traceparent` metadata of every InvokeBinding call (None: the call sent none)
        self.call_traceparents: list[str | None] = []
        self._state_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._startup_error: BaseException | None = None
        self._inputs: dict[str, InputBinding] = {}
        self._producers: dict[str, AIOKafkaProducer] = {}
        self._http_client: httpx.AsyncClient | None = None
        self._http_server: uvicorn.Server | None = None
        self._http_task: asyncio.Task[None] | None = None
        self._grpc_server: grpc.aio.Server | None = None

    # ----------------------------------------------------------------- public API

    @property
    def http_endpoint(self) -> str:
        """The sidecar HTTP API base URL (`DAPR_HTTP_ENDPOINT`)."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def grpc_endpoint(self) -> str:
        """The sidecar gRPC address (`DAPR_GRPC_ENDPOINT`)."""
        return f"127.0.0.1:{self.grpc_port}"

    def env(self) -> dict[str, str]:
        """Environment variables that point the dapr SDK (any process) at this stand-in."""
        if not (self.http_port and self.grpc_port):
            raise RuntimeError("start the stand-in first: its ports are chosen at start")
        return {
            "DAPR_HTTP_ENDPOINT": self.http_endpoint,
            "DAPR_GRPC_ENDPOINT": self.grpc_endpoint,
            "DAPR_HTTP_PORT": str(self.http_port),
            "DAPR_GRPC_PORT": str(self.grpc_port),
            "DAPR_RUNTIME_HOST": "127.0.0.1",
        }

    @property
    def states(self) -> dict[str, str]:
        """Each input binding's state: starting, waiting-for-app, not-subscribed, joining,
        consuming (partitions assigned, positions known), failed or stopped."""
        return {name: binding.state for name, binding in self._inputs.items()}

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 30.0) -> DaprSidecarStandIn:
        """Start servers, producers and input bindings on a background loop; block until up.

        Raises if an output producer cannot reach its brokers (daprd would fail to start).
        Input bindings start in the background: see `wait_consuming`.
        """
        if self.running:
            raise RuntimeError("the stand-in is already running")
        self._started.clear()
        self._startup_error = None
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._main()), name=f"daprd-{self.app_id}", daemon=True
        )
        self._thread.start()
        if not self._started.wait(timeout):
            self.stop()
            raise TimeoutError(f"the Dapr stand-in did not start within {timeout}s")
        if self._startup_error is not None:
            self._thread.join(timeout)
            self._thread = None
            raise RuntimeError(f"the Dapr stand-in failed to start: {self._startup_error!r}") from (
                self._startup_error
            )
        log.info("dapr stand-in up: http %s grpc %s", self.http_endpoint, self.grpc_endpoint)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop consuming (consumers leave their groups), close servers and producers."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stopping.set)
        thread.join(timeout)
        if thread.is_alive():
            raise TimeoutError(f"the Dapr stand-in did not stop within {timeout}s")
        self._thread = None

    def restart(self) -> None:
        """Stop and start again on the same ports (groups resume from committed offsets)."""
        self.stop()
        self.start()

    async def wait_consuming(self) -> None:
        """Wait until every input binding consumes (or was refused by the app's OPTIONS).

        Bound it with `asyncio.timeout(...)`; on timeout the binding states are logged.
        """
        changed = asyncio.Event()
        waiter = (asyncio.get_running_loop(), changed)
        self._state_waiters.append(waiter)
        try:
            while not all(s in ("consuming", "not-subscribed") for s in self.states.values()):
                await changed.wait()
                changed.clear()
        except asyncio.CancelledError:
            log.error("input bindings not consuming yet: %s", self.states)
            raise
        finally:
            self._state_waiters.remove(waiter)

    def _state_changed(self) -> None:
        """Wake `wait_consuming` callers (they run on other threads' loops)."""
        for loop, changed in list(self._state_waiters):
            with contextlib.suppress(RuntimeError):  # that loop is closed
                loop.call_soon_threadsafe(changed.set)

    async def invoke_output(
        self, name: str, operation: str, data: bytes, metadata: Mapping[str, str]
    ) -> None:
        """Produce through output binding `name`, as daprd does (on the stand-in's loop)."""
        producer = self._producers.get(name)
        component = self.components.get(name)
        if producer is None or component is None:
            raise BindingError(f"couldn't find output binding {name}")
        if operation != "create":
            raise BindingError(
                f"binding {name} does not support operation {operation}. "
                "supported operations:create"
            )
        if not component.publish_topic:
            raise BindingError(f"binding {name} has no publishTopic")
        key: bytes | None = None
        headers: list[tuple[str, bytes]] = []
        exclude = component.exclude_header_regex
        for meta_name, value in metadata.items():
            if meta_name in ("partitionKey", "__key"):
                key = value.encode()
            if exclude and exclude.search(meta_name):
                continue
            headers.append((meta_name, value.encode()))
        try:
            # Fail fast when no broker answers, as sarama does. Without this check aiokafka
            # keeps the record queued past our timeout and publishes it once a broker is back,
            # after the caller was told that publishing failed.
            if not await asyncio.wait_for(
                producer.client.force_metadata_update(), self.produce_timeout
            ):
                raise BindingError("kafka: client has run out of available brokers to talk to")
            await asyncio.wait_for(
                producer.send_and_wait(component.publish_topic, data, key=key, headers=headers),
                self.produce_timeout,
            )
        except (KafkaError, TimeoutError) as exc:
            raise BindingError(f"{type(exc).__name__}: {exc}") from exc

    def __enter__(self) -> DaprSidecarStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> DaprSidecarStandIn:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.to_thread(self.stop)

    # ----------------------------------------------------------------- the loop

    @property
    def http(self) -> httpx.AsyncClient:
        """The stand-in's client to the app (only on the stand-in's loop)."""
        assert self._http_client is not None
        return self._http_client

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        try:
            await self._startup()
        except BaseException as exc:
            self._startup_error = exc
            await self._shutdown()
            self._started.set()
            return
        self._started.set()
        await self._stopping.wait()
        await self._shutdown()

    async def _startup(self) -> None:
        self._inputs = {}
        self._http_client = httpx.AsyncClient(timeout=self.app_timeout)
        for component in self.components.values():
            if component.is_output:
                producer = AIOKafkaProducer(
                    bootstrap_servers=component.brokers,
                    client_id=component.get("clientID", "sarama"),
                    acks="all",
                    request_timeout_ms=int(self.produce_timeout * 1000),
                )
                self._producers[component.name] = producer
                await producer.start()
        await self._start_http()
        await self._start_grpc()
        if self.app_url is None:
            if any(c.is_input for c in self.components.values()):
                log.warning("dapr stand-in without app_url: input bindings are not started")
            return
        for component in self.components.values():
            if component.is_input:
                binding = InputBinding(self, component)
                self._inputs[component.name] = binding
                binding.task = asyncio.create_task(binding.run(), name=f"binding {component.name}")
        self._state_changed()

    async def _start_http(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.http_port))
        self.http_port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            self._http_app(),
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=3,
        )
        self._http_server = uvicorn.Server(config)
        self._http_task = asyncio.create_task(self._http_server.serve(sockets=[sock]))
        while not self._http_server.started:
            if self._http_task.done():
                self._http_task.result()
                raise RuntimeError("the stand-in's HTTP server stopped at start-up")
            await asyncio.sleep(0.01)

    async def _start_grpc(self) -> None:
        server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
        DaprServicer(self).add_to_server(server)
        port = server.add_insecure_port(f"127.0.0.1:{self.grpc_port}")
        if not port:
            raise RuntimeError(f"cannot bind gRPC on 127.0.0.1:{self.grpc_port}")
        self.grpc_port = port
        self._grpc_server = server
        await server.start()

    async def _shutdown(self) -> None:
        # inputs first, so nothing is delivered once stop() returns; they stay listed as stopped
        inputs = list(self._inputs.values())
        await asyncio.gather(*(binding.close() for binding in inputs), return_exceptions=True)
        if self._grpc_server is not None:
            with contextlib.suppress(Exception):
                await self._grpc_server.stop(grace=1)
            self._grpc_server = None
        if self._http_server is not None and self._http_task is not None:
            self._http_server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._http_task, 10)
            self._http_server = self._http_task = None
        producers, self._producers = list(self._producers.values()), {}
        for producer in producers:
            with contextlib.suppress(Exception):
                await producer.stop()
        if self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None

    def _http_app(self) -> Starlette:
        async def healthz(request: Request) -> Response:
            return Response(status_code=204)

        async def output_binding(request: Request) -> Response:
            name = request.path_params["name"]
            try:
                body = json.loads(await request.body())
                if not isinstance(body, dict):
                    raise ValueError("the request body must be a JSON object")
                metadata = body.get("metadata") or {}
                operation = body.get("operation") or ""
                if not isinstance(metadata, dict) or not all(
                    isinstance(v, str) for v in metadata.values()
                ):
                    raise ValueError("metadata must map strings to strings")
                if not isinstance(operation, str):
                    raise ValueError("operation must be a string")
            except ValueError as exc:
                return _dapr_error(400, "ERR_MALFORMED_REQUEST", f"failed deserializing: {exc}")
            try:
                await self.invoke_output(name, operation, go_json(body.get("data")), metadata)
            except BindingError as exc:
                return _dapr_error(
                    500, "ERR_INVOKE_OUTPUT_BINDING", f"error invoking output binding {name}: {exc}"
                )
            return Response(status_code=204)

        return Starlette(
            routes=[
                Route("/v1.0/healthz", healthz, methods=["GET"]),
                Route("/v1.0/healthz/outbound", healthz, methods=["GET"]),
                Route("/v1.0/bindings/{name}", output_binding, methods=["POST", "PUT"]),
            ]
        )


def _dapr_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errorCode": code, "message": message}, status_code=status)
