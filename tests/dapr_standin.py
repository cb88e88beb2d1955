"""A test stand-in for the Dapr sidecar (daprd), limited to its Kafka bindings.

The real daprd binary cannot be installed here, so tests run `DaprSidecarStandIn` instead. It
stands for what daprd does with `bindings.kafka` components, as ../shared/PLATFORM_FACTS.md
("Dapr Kafka binding") describes and dapr/components-contrib implements, on top of a real
Kafka-protocol broker (`tests.kafka_broker.KafkaBroker`):

- It loads Dapr Component manifests (`apiVersion: dapr.io/v1alpha1`, `kind: Component`,
  `spec.type: bindings.kafka`, `spec.metadata: [{name, value}]`, optional `scopes`) from YAML
  files, folders or dicts, and reads `brokers` (which the test may override), `topics`,
  `publishTopic`, `consumerGroup`, `direction`, `initialOffset`, `consumeRetryEnabled`,
  `route`, `authType` (required, as in Dapr), `clientID`, `excludeHeaderMetaRegex`,
  `escapeHeaders`. Other component types in the same files are ignored.
- Sidecar HTTP API: `GET /v1.0/healthz` and `GET /v1.0/healthz/outbound` answer 204;
  `POST /v1.0/bindings/<name>` with `{"data", "metadata", "operation": "create"}` re-encodes
  `data` as JSON (as Go's `json.Marshal` does: compact, sorted keys, `<>&` escaped) and
  produces it; 204 on success, 500 `{"errorCode": "ERR_INVOKE_OUTPUT_BINDING", ...}` on
  failure, 400 for a malformed body.
- Sidecar gRPC API: `Dapr/InvokeBinding` produces `data` as given. Every other RPC answers
  UNIMPLEMENTED. An unknown binding, an input-only binding, an operation other than `create`,
  or a failed produce answer INTERNAL, as daprd does.
- Output: the record goes to the component's `publishTopic`; the key is metadata
  `partitionKey` (or `__key`); every metadata entry is also a Kafka header; acks=all, and the
  call answers only after the broker acknowledged the record. When no broker answers, the call
  fails within `produce_timeout` and the record is not published later.
- Input: at start, `OPTIONS {app_url}/<route or name>`: 2xx or 405 means subscribed, anything
  else (404) means the binding is not started; connection errors are retried until the app is
  up. Then one consumer per binding in its `consumerGroup` (`initialOffset` oldest/newest,
  manual commits). Records of one partition are delivered one at a time, in order; different
  partitions run in parallel. Each delivery is `POST {app_url}/<route or name>` with the raw
  record value as body, `Content-Type: application/json`, every Kafka header as an HTTP
  header, plus `__key`, `__topic`, `__partition`, `__offset`, `__timestamp` (ms). Only a 200
  acks the record (its offset is committed). Otherwise, with `consumeRetryEnabled: "true"` the
  same record is retried with backoff and its partition waits; with `"false"` (the default)
  the failure is logged and the partition moves on: the record is not committed, but the
  next acked record of the partition commits past it, so it is effectively skipped.
  The stand-in never adds `ce_` headers to records.

What it does not do: no other component types (pub/sub, state, secrets, cron), no service
invocation, actors, workflows, subscriptions, resiliency policies, tracing, metrics or app
health checks; no SASL/TLS (auth metadata is accepted and ignored: the test broker is
plaintext); no `secretKeyRef` resolution (such values read as ""); no bulk or schema-registry
(Avro) handling. Its differences from daprd:

- Offsets are committed synchronously after each 200. daprd (sarama) marks the message and
  auto-commits every second, so after a crash daprd can redeliver up to a second of acked
  records; consumers must be idempotent either way.
- Retry backoff is exponential from `retry_backoff[0]` to `retry_backoff[1]` seconds, forever;
  daprd's default is a constant 5 s interval, forever.
- The consumer session timeout defaults to 2 s (`session_timeout`), daprd's to 10 s, because
  the test broker makes every group join wait half the session timeout.

How a test reaches it: `env()` gives `DAPR_HTTP_ENDPOINT`, `DAPR_GRPC_ENDPOINT`,
`DAPR_HTTP_PORT`, `DAPR_GRPC_PORT` and `DAPR_RUNTIME_HOST`. The dapr 1.19 SDK reads its
settings from the environment every time it uses them (`dapr.conf.Settings.__getattr__`), so
setting them (`monkeypatch.setenv`) any time before `DaprClient()` is constructed works, and
import order does not matter. `DaprClient(address=...)` alone is not enough: the constructor
first polls `GET {DAPR_HTTP_ENDPOINT}/v1.0/healthz/outbound` for up to
`DAPR_HEALTH_TIMEOUT` (60 s), always from the environment. A process started by the test gets
the same variables in its environment.

That health poll is a blocking `urllib` call, even in `dapr.aio.clients.DaprClient()`. This is
why the stand-in runs its servers, producers and consumers on its own event loop in a
background thread: an async test (or product code) can construct a `DaprClient` on its own loop
without deadlocking the stand-in. `start()`/`stop()` block; `async with` runs them in a worker
thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import grpc
import httpx
import uvicorn
import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord, TopicPartition
from dapr.proto.runtime.v1 import binding_pb2, dapr_pb2_grpc
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.kafka_broker import leave_group

log = logging.getLogger(__name__)

_AUTH_TYPES = {
    "none",
    "password",
    "mtls",
    "oidc",
    "oidc_private_key_jwt",
    "certificate",
    "awsiam",
}
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_HEADER_NAME = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_BAD_HEADER_VALUE = re.compile(rb"[\r\n\x00]")


class ComponentError(ValueError):
    """A component manifest the real sidecar would refuse too."""


class BindingError(RuntimeError):
    """An output binding invocation failed (daprd answers 500 / INTERNAL)."""


# --------------------------------------------------------------------------- components


def parse_go_bool(value: str, *, name: str) -> bool:
    """Parse a boolean as Go's strconv.ParseBool (which Dapr's metadata decoding uses)."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ComponentError(f"invalid boolean for {name!r}: {value!r}")


def parse_go_duration(value: str, *, name: str) -> float:
    """Seconds in a Go duration ("10s", "1m30s", "500ms"); a bare number means seconds."""
    text = value.strip()
    with contextlib.suppress(ValueError):
        return float(text)
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ComponentError(f"invalid duration for {name!r}: {value!r}")
    return sum(float(n) * _DURATION_UNITS[u] for n, u in parts)


def go_json(value: Any) -> bytes:
    """JSON bytes as Go's json.Marshal writes a decoded value (daprd's HTTP output binding)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


@dataclass(frozen=True)
class KafkaBindingComponent:
    """One `bindings.kafka` Dapr component: its name, metadata (strings) and scopes."""

    name: str
    metadata: Mapping[str, str]
    scopes: tuple[str, ...] = ()

    @classmethod
    def from_manifest(cls, doc: Mapping[str, Any]) -> KafkaBindingComponent:
        """Build from a Component manifest (the Kubernetes CRD shape), validating it."""
        if doc.get("apiVersion") != "dapr.io/v1alpha1" or doc.get("kind") != "Component":
            raise ComponentError("not a dapr.io/v1alpha1 Component")
        name = (doc.get("metadata") or {}).get("name")
        spec = doc.get("spec") or {}
        if not name:
            raise ComponentError("component without metadata.name")
        if spec.get("type") != "bindings.kafka":
            raise ComponentError(f"{name}: type {spec.get('type')!r} is not bindings.kafka")
        metadata: dict[str, str] = {}
        for item in spec.get("metadata") or []:
            if "value" in item:
                metadata[item["name"]] = _metadata_string(item["value"])
            elif "secretKeyRef" in item:
                log.info("%s: %s is a secretKeyRef; the stand-in reads it as ''", name, item)
                metadata[item["name"]] = ""
        component = cls(name=name, metadata=metadata, scopes=tuple(doc.get("scopes") or ()))
        component.validate()
        return component

    def get(self, key: str, default: str = "") -> str:
        """A metadata value; names match case-insensitively, as in Dapr's decoding."""
        for name, value in self.metadata.items():
            if name.lower() == key.lower():
                return value
        return default

    @property
    def brokers(self) -> str:
        """The `brokers` metadata as a comma-separated bootstrap list."""
        return ",".join(b.strip() for b in self.get("brokers").split(",") if b.strip())

    @property
    def topics(self) -> list[str]:
        """Topics the input side consumes."""
        return [t.strip() for t in self.get("topics").split(",") if t.strip()]

    @property
    def publish_topic(self) -> str:
        """The one topic the output side produces to."""
        return self.get("publishTopic").strip()

    @property
    def consumer_group(self) -> str:
        """The input side's consumer group."""
        return self.get("consumerGroup").strip()

    @property
    def directions(self) -> set[str]:
        """`direction` metadata; without it Dapr tries both sides."""
        raw = self.get("direction")
        if not raw.strip():
            return {"input", "output"}
        return {d.strip().lower() for d in raw.split(",") if d.strip()}

    @property
    def is_input(self) -> bool:
        """True when this component runs an input binding (it also needs topics)."""
        return "input" in self.directions and bool(self.topics)

    @property
    def is_output(self) -> bool:
        """True when this component accepts output binding invocations."""
        return "output" in self.directions

    @property
    def auto_offset_reset(self) -> str:
        """aiokafka's `auto_offset_reset` for `initialOffset` (default newest)."""
        value = self.get("initialOffset", "newest").strip().lower()
        return "earliest" if value == "oldest" else "latest"

    @property
    def consume_retry_enabled(self) -> bool:
        """`consumeRetryEnabled` (default false)."""
        return parse_go_bool(self.get("consumeRetryEnabled", "false"), name="consumeRetryEnabled")

    @property
    def route(self) -> str:
        """The app path input deliveries go to: `route` metadata, else the component name."""
        return (self.get("route").strip() or self.name).lstrip("/")

    @property
    def escape_headers(self) -> bool:
        """`escapeHeaders`: URL-escape header values on delivery."""
        return parse_go_bool(self.get("escapeHeaders", "false"), name="escapeHeaders")

    @property
    def exclude_header_regex(self) -> re.Pattern[str] | None:
        """`excludeHeaderMetaRegex`: metadata/header names not copied across."""
        pattern = self.get("excludeHeaderMetaRegex")
        return re.compile(pattern) if pattern else None

    def session_timeout(self) -> float:
        """`sessionTimeout` in seconds (Dapr default 10 s)."""
        return parse_go_duration(self.get("sessionTimeout", "10s"), name="sessionTimeout")

    def validate(self) -> None:
        """Refuse what daprd's Kafka component refuses at init."""
        auth = self.get("authType").strip().lower()
        if not auth:
            raise ComponentError(f"{self.name}: kafka error: 'authType' attribute was missing")
        if auth not in _AUTH_TYPES:
            raise ComponentError(f"{self.name}: kafka error: invalid value for 'authType'")
        if not self.brokers:
            raise ComponentError(f"{self.name}: kafka error: 'brokers' is required")
        if self.get("initialOffset").strip().lower() not in ("", "oldest", "newest"):
            raise ComponentError(f"{self.name}: kafka error: invalid initialOffset")
        unknown = self.directions - {"input", "output"}
        if unknown:
            raise ComponentError(f"{self.name}: invalid direction {sorted(unknown)}")
        if self.is_input and not self.consumer_group:
            raise ComponentError(f"{self.name}: an input binding needs consumerGroup")
        parse_go_bool(self.get("consumeRetryEnabled", "false"), name="consumeRetryEnabled")
        parse_go_bool(self.get("escapeHeaders", "false"), name="escapeHeaders")
        self.session_timeout()

    def with_brokers(self, brokers: str) -> KafkaBindingComponent:
        """A copy whose `brokers` metadata is `brokers` (to point at the test broker)."""
        metadata = {k: v for k, v in self.metadata.items() if k.lower() != "brokers"}
        metadata["brokers"] = brokers
        return replace(self, metadata=metadata)


def _metadata_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def load_components(*sources: Any) -> list[KafkaBindingComponent]:
    """Kafka binding components from YAML files, folders (*.yaml, *.yml), dicts or components.

    Manifests of other component types (and other kinds) are skipped; a malformed Kafka
    binding raises ComponentError.
    """
    found: list[KafkaBindingComponent] = []
    for source in sources:
        if isinstance(source, KafkaBindingComponent):
            found.append(source)
        elif isinstance(source, Mapping):
            found.extend(_from_documents([source], origin="<dict>"))
        elif isinstance(source, str | Path):
            path = Path(source)
            files = (
                sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
                if path.is_dir()
                else [path]
            )
            for file in files:
                docs = [d for d in yaml.safe_load_all(file.read_text()) if d]
                found.extend(_from_documents(docs, origin=str(file)))
        elif isinstance(source, Iterable):
            found.extend(load_components(*source))
        else:
            raise TypeError(f"cannot load components from {source!r}")
    return found


def _from_documents(docs: Iterable[Mapping[str, Any]], *, origin: str) -> list[Any]:
    components = []
    for doc in docs:
        if doc.get("kind") != "Component" or (doc.get("spec") or {}).get("type") != (
            "bindings.kafka"
        ):
            log.debug("%s: skipping %s %s", origin, doc.get("kind"), doc.get("metadata"))
            continue
        components.append(KafkaBindingComponent.from_manifest(doc))
    return components


# --------------------------------------------------------------------------- input side


@dataclass(frozen=True)
class DeliveryAttempt:
    """One POST of a record to the app: `status` is None when the request itself failed."""

    binding: str
    topic: str
    partition: int
    offset: int
    status: int | None
    error: str | None = None
    at: float = field(default_factory=time.monotonic)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, binding: _InputBinding) -> None:
        self.binding = binding

    async def on_partitions_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        self.binding.state = "joining"  # a rebalance: deliveries pause until it ends
        await self.binding.stop_workers(set(revoked))

    async def on_partitions_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        self.binding.start_workers(set(assigned))


class _InputBinding:
    """One input binding: the OPTIONS probe, its consumer, and one worker per partition."""

    def __init__(self, sidecar: DaprSidecarStandIn, component: KafkaBindingComponent) -> None:
        self.sidecar = sidecar
        self.component = component
        self.url = f"{(sidecar.app_url or '').rstrip('/')}/{component.route}"
        self._state = "starting"
        self.consumer: AIOKafkaConsumer | None = None
        self.workers: dict[TopicPartition, asyncio.Task[None]] = {}
        self.assigned: set[TopicPartition] = set()
        self.ready: set[TopicPartition] = set()
        self.task: asyncio.Task[None] | None = None

    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, value: str) -> None:
        if value != self._state:
            self._state = value
            self.sidecar._state_changed()

    async def run(self) -> None:
        try:
            if await self._probe():
                await self._consume()
        except asyncio.CancelledError:
            raise
        except Exception:
            self.state = "failed"
            log.exception("input binding %s failed", self.component.name)

    async def _probe(self) -> bool:
        """Ask the app whether it wants this binding, waiting for the app to come up."""
        delay = 0.05
        while True:
            try:
                token = self.sidecar.app_token
                response = await self.sidecar.http.options(
                    self.url, headers={"dapr-api-token": token} if token else None
                )
                break
            except httpx.HTTPError as exc:
                self.state = "waiting-for-app"
                log.debug("binding %s: app not reachable (%r)", self.component.name, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
        if 200 <= response.status_code < 300 or response.status_code == 405:
            return True
        self.state = "not-subscribed"
        log.info(
            "binding %s: OPTIONS %s answered %s: app not subscribed, binding not started",
            self.component.name,
            self.url,
            response.status_code,
        )
        return False

    async def _consume(self) -> None:
        component = self.component
        self.state = "joining"
        delay = 0.1
        while True:
            session = self.sidecar.session_timeout or component.session_timeout()
            consumer = AIOKafkaConsumer(
                bootstrap_servers=component.brokers,
                group_id=component.consumer_group,
                client_id=component.get("clientID", "sarama"),
                auto_offset_reset=component.auto_offset_reset,
                enable_auto_commit=False,
                session_timeout_ms=int(session * 1000),
                heartbeat_interval_ms=max(int(session * 250), 100),
            )
            self.consumer = consumer  # so that close() stops it even while it starts
            try:
                await consumer.start()
            except KafkaError as exc:
                log.warning("binding %s: consumer did not start: %r", component.name, exc)
                self.consumer = None
                await consumer.stop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            break
        consumer.subscribe(topics=component.topics, listener=_Rebalance(self))
        await asyncio.Event().wait()  # the workers do the rest until close() cancels us

    def start_workers(self, assigned: set[TopicPartition]) -> None:
        self.assigned = assigned
        self.ready &= assigned
        for tp in assigned:
            if tp not in self.workers or self.workers[tp].done():
                self.workers[tp] = asyncio.create_task(self._work(tp), name=f"deliver {tp}")
        self._update_state()

    async def stop_workers(self, revoked: set[TopicPartition]) -> None:
        tasks = [self.workers.pop(tp) for tp in revoked if tp in self.workers]
        self.ready -= revoked
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _update_state(self) -> None:
        if self.assigned <= self.ready:
            self.state = "consuming"

    async def _work(self, tp: TopicPartition) -> None:
        """Deliver one partition's records in order, one at a time."""
        consumer = self.consumer
        assert consumer is not None
        while True:
            try:
                # resolves initialOffset now, so "consuming" means no record can be missed
                await consumer.position(tp)
                break
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("binding %s: no position for %s yet: %r", self.component.name, tp, exc)
                await asyncio.sleep(0.2)
        self.ready.add(tp)
        self._update_state()
        while True:
            record = None
            try:
                batch = await consumer.getmany(tp, timeout_ms=500)
                for record in batch.get(tp, []):
                    await self._handle(consumer, tp, record)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("binding %s: consuming %s failed: %r", self.component.name, tp, exc)
                if record is not None:  # never skip the rest of the batch silently
                    with contextlib.suppress(Exception):
                        consumer.seek(tp, record.offset)
                await asyncio.sleep(0.2)

    async def _handle(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, record: ConsumerRecord[Any, Any]
    ) -> None:
        attempt = 0
        initial, ceiling = self.sidecar.retry_backoff
        while True:
            status, error = await self._post(record)
            attempt_record = DeliveryAttempt(
                self.component.name, record.topic, record.partition, record.offset, status, error
            )
            if status == 200:
                try:
                    await consumer.commit({tp: record.offset + 1})
                except Exception as exc:  # a rebalance: the next owner redelivers
                    log.warning("binding %s: commit failed: %r", self.component.name, exc)
                # Recorded once committed, so a test that saw it can rely on the commit.
                self.sidecar.deliveries.append(attempt_record)
                return
            self.sidecar.deliveries.append(attempt_record)
            where = f"{record.topic}/{record.partition}/{record.offset}"
            if not self.component.consume_retry_enabled:
                log.error(
                    "binding %s: error processing Kafka message %s: %s; moving on",
                    self.component.name,
                    where,
                    error or status,
                )
                return
            delay = min(initial * 2**attempt, ceiling)
            attempt += 1
            log.warning(
                "binding %s: error processing Kafka message %s: %s; retrying in %.2fs",
                self.component.name,
                where,
                error or status,
                delay,
            )
            await asyncio.sleep(delay)

    async def _post(self, record: ConsumerRecord[Any, Any]) -> tuple[int | None, str | None]:
        try:
            response = await self.sidecar.http.post(
                self.url, content=record.value or b"", headers=self._headers(record)
            )
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"
        return response.status_code, None

    def _headers(self, record: ConsumerRecord[Any, Any]) -> list[tuple[bytes, bytes]]:
        """Kafka headers and record facts as HTTP headers, as daprd's binding metadata."""
        metadata: dict[bytes, bytes] = {}
        if record.key is not None:
            metadata[b"__key"] = self._escape(record.key)
        metadata[b"__offset"] = str(record.offset).encode()
        metadata[b"__topic"] = record.topic.encode()
        metadata[b"__timestamp"] = str(record.timestamp).encode()
        metadata[b"__partition"] = str(record.partition).encode()
        exclude = self.component.exclude_header_regex
        for name, value in record.headers or ():
            if exclude and exclude.search(name):
                continue
            metadata[name.encode()] = self._escape(value or b"")
        headers = []
        for name, value in metadata.items():
            if name.lower() == b"content-type":
                continue
            if not _HEADER_NAME.match(name) or _BAD_HEADER_VALUE.search(value):
                log.warning("binding %s: header %r cannot go over HTTP", self.component.name, name)
                continue
            headers.append((name, value))
        headers.append((b"Content-Type", b"application/json"))
        if self.sidecar.app_token:
            headers.append((b"dapr-api-token", self.sidecar.app_token.encode()))
        return headers

    def _escape(self, value: bytes) -> bytes:
        if self.component.escape_headers:
            return quote_plus(value).encode()
        return value

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        await self.stop_workers(set(self.workers))
        consumer, self.consumer = self.consumer, None
        if consumer is not None:
            with contextlib.suppress(Exception):
                await leave_group(consumer)
                await consumer.stop()
        self.state = "stopped"


# --------------------------------------------------------------------------- the sidecar


class _DaprServicer(dapr_pb2_grpc.DaprServicer):
    """The sidecar's gRPC API: only InvokeBinding (see add_to_server)."""

    def __init__(self, sidecar: DaprSidecarStandIn) -> None:
        self.sidecar = sidecar

    async def InvokeBinding(
        self, request: binding_pb2.InvokeBindingRequest, context: grpc.aio.ServicerContext
    ) -> binding_pb2.InvokeBindingResponse:
        # The W3C trace context the caller sent as gRPC metadata (daprd continues it).
        self.sidecar.call_traceparents.append(
            dict(context.invocation_metadata() or ()).get("traceparent")
        )
        try:
            await self.sidecar.invoke_output(
                request.name, request.operation, request.data, dict(request.metadata)
            )
        except BindingError as exc:
            await context.abort(
                grpc.StatusCode.INTERNAL,
                f"error invoking output binding {request.name}: {exc}",
            )
        return binding_pb2.InvokeBindingResponse()

    def add_to_server(self, server: grpc.aio.Server) -> None:
        """Register InvokeBinding only, so every other Dapr RPC answers UNIMPLEMENTED."""
        handler = grpc.unary_unary_rpc_method_handler(
            self.InvokeBinding,
            request_deserializer=binding_pb2.InvokeBindingRequest.FromString,
            response_serializer=binding_pb2.InvokeBindingResponse.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            (
                grpc.method_handlers_generic_handler(
                    "dapr.proto.runtime.v1.Dapr", {"InvokeBinding": handler}
                ),
            )
        )


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
        self._inputs: dict[str, _InputBinding] = {}
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
                binding = _InputBinding(self, component)
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
        _DaprServicer(self).add_to_server(server)
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
