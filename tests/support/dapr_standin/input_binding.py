"""The input side: an input binding probes the app, consumes its topics and POSTs each record
to the app, one at a time per partition, committing what the app acked."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus

import httpx
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord, TopicPartition

from tests.kafka_broker import leave_group
from tests.support.dapr_standin.components import KafkaBindingComponent

if TYPE_CHECKING:
    from tests.support.dapr_standin.sidecar import DaprSidecarStandIn

log = logging.getLogger(__name__)
# What an HTTP header name may hold, and what a value may not (a record header failing either
# is left out of the delivery).
_HEADER_NAME = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_BAD_HEADER_VALUE = re.compile(rb"[\r\n\x00]")


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


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc,unused-ignore]  # untyped
    def __init__(self, binding: InputBinding) -> None:
        self.binding = binding

    async def on_partitions_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        self.binding.state = "joining"  # a rebalance: deliveries pause until it ends
        await self.binding.stop_workers(set(revoked))

    async def on_partitions_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        self.binding.start_workers(set(assigned))


class InputBinding:
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
