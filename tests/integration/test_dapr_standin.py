"""The Dapr sidecar stand-in against a real Kafka-protocol broker (Tansu) and the real dapr SDK.

These tests pin down the daprd Kafka binding behaviour that the eventing tests rely on
(../shared/PLATFORM_FACTS.md, "Dapr Kafka binding"): output through the SDK's gRPC call and
the HTTP API, input delivery to a real HTTP app with Dapr's headers, retry or skip on failure,
consumer groups, the OPTIONS subscription probe, and resuming from committed offsets.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.kafka_broker import KafkaBroker, free_port
from tests.support.dapr_standin import (
    ComponentError,
    DaprSidecarStandIn,
    load_components,
)
from tests.support.servers import serve_in_thread
from tests.support.waits import eventually_async

pytestmark = pytest.mark.timeout(60)

#: How long a test waits for something the stand-in should do in well under a second.
WAIT = 15.0


# --------------------------------------------------------------------------- helpers


def component(name: str, **metadata: str) -> dict[str, Any]:
    """A bindings.kafka Component manifest (brokers are overridden by the stand-in)."""
    metadata = {"brokers": "unused:9092", "authType": "none", **metadata}
    return {
        "apiVersion": "dapr.io/v1alpha1",
        "kind": "Component",
        "metadata": {"name": name},
        "spec": {
            "type": "bindings.kafka",
            "version": "v1",
            "metadata": [{"name": k, "value": v} for k, v in metadata.items()],
        },
    }


def unique(prefix: str) -> str:
    """A name no other test uses (the broker is shared by the module)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Received:
    """One POST the app got, and what it answered."""

    path: str
    headers: dict[str, str]
    body: bytes
    status: int


class RecordingApp:
    """A real HTTP app that records input binding deliveries and answers as scripted."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.options_status: dict[str, int] = {}
        #: decides the status for a delivery: (path, body, earlier attempts of that body)
        self.respond: Callable[[str, bytes, int], int] = lambda path, body, tries: 200
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._lock = threading.Lock()
        self.app = Starlette(
            routes=[Route("/{path:path}", self._endpoint, methods=["POST", "OPTIONS"])]
        )

    async def _endpoint(self, request: Request) -> Response:
        path = "/" + request.path_params["path"]
        if request.method == "OPTIONS":
            return Response(status_code=self.options_status.get(path, 200))
        body = await request.body()
        with self._lock:
            tries = sum(1 for r in self.received if r.path == path and r.body == body)
            status = self.respond(path, body, tries)
            self.received.append(Received(path, dict(request.headers), body, status))
        for loop, event in list(self._waiters):
            loop.call_soon_threadsafe(event.set)
        return Response(status_code=status)

    def on(self, path: str, *, status: int | None = None) -> list[Received]:
        """Deliveries to `path` (only those answered `status`, if given)."""
        return [r for r in self.received if r.path == path and status in (None, r.status)]

    async def until(self, predicate: Callable[[], bool]) -> None:
        """Wait (at most WAIT seconds) until `predicate()` holds after some delivery."""
        changed = asyncio.Event()
        waiter = (asyncio.get_running_loop(), changed)
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(WAIT):
                while not predicate():
                    await changed.wait()
                    changed.clear()
        finally:
            self._waiters.remove(waiter)


async def produce(
    bootstrap: str, topic: str, records: Sequence[tuple[bytes | None, bytes, int | None]]
) -> None:
    """Produce (key, value, partition) records in order, with a header on each."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value, partition in records:
            await producer.send_and_wait(
                topic, value, key=key, partition=partition, headers=[("origin", b"test")]
            )
    finally:
        await producer.stop()


async def read_topic(bootstrap: str, topic: str, count: int) -> list[Any]:
    """Read `count` records from every partition of `topic`, without a consumer group."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # loads the cluster metadata partitions_for_topic reads
        partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        await consumer.seek_to_beginning()
        records: list[Any] = []
        async with asyncio.timeout(WAIT):
            while len(records) < count:
                batch = await consumer.getmany(timeout_ms=200)
                records.extend(r for rs in batch.values() for r in rs)
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        await consumer.stop()


async def committed(bootstrap: str, group: str, topic: str) -> dict[int, int | None]:
    """The committed offset of each partition of `topic` for a consumer group.

    Asks as a group member that never joins: aiokafka's admin `list_consumer_group_offsets`
    cannot decode Tansu's OffsetFetch answer.
    """
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        await consumer.topics()
        partitions = sorted(consumer.partitions_for_topic(topic) or ())
        return {p: await consumer.committed(TopicPartition(topic, p)) for p in partitions}
    finally:
        await consumer.stop()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def broker() -> Iterator[KafkaBroker]:
    with KafkaBroker() as broker:
        yield broker


@pytest.fixture
def app() -> Iterator[tuple[RecordingApp, str]]:
    recording = RecordingApp()
    with serve_in_thread(recording.app) as url:
        yield recording, url


@pytest.fixture
async def sidecar(
    broker: KafkaBroker,
) -> AsyncIterator[Callable[..., Awaitable[DaprSidecarStandIn]]]:
    """Start stand-ins on the test broker; all are stopped after the test."""
    started: list[DaprSidecarStandIn] = []

    async def start(*components: Any, **options: Any) -> DaprSidecarStandIn:
        standin = DaprSidecarStandIn(list(components), brokers=broker.bootstrap, **options)
        started.append(standin)
        await asyncio.to_thread(standin.start)
        return standin

    yield start
    for standin in started:
        await asyncio.to_thread(standin.stop)


@pytest.fixture
def dapr_env(monkeypatch: pytest.MonkeyPatch) -> Callable[[DaprSidecarStandIn], None]:
    """Point the dapr SDK at a stand-in (the SDK reads these when a client is made)."""

    def point(standin: DaprSidecarStandIn) -> None:
        for name, value in standin.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("DAPR_HEALTH_TIMEOUT", "5")

    return point


# --------------------------------------------------------------------------- components


def test_components_load_from_yaml_with_scopes_and_broker_override(tmp_path: Path) -> None:
    (tmp_path / "kafka.yaml").write_text(
        """
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: task-events-in}
spec:
  type: bindings.kafka
  version: v1
  metadata:
    - {name: brokers, value: "redpanda:9092"}
    - {name: topics, value: task-events}
    - {name: consumerGroup, value: audit}
    - {name: direction, value: input}
    - {name: initialOffset, value: oldest}
    - {name: consumeRetryEnabled, value: true}
    - {name: route, value: /events}
    - {name: authType, value: none}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: task-events-out}
spec:
  type: bindings.kafka
  version: v1
  metadata:
    - {name: brokers, value: "redpanda:9092"}
    - {name: publishTopic, value: task-events}
    - {name: direction, value: output}
    - {name: authType, value: none}
scopes: [eventing]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: tick}
spec: {type: bindings.cron, version: v1, metadata: [{name: schedule, value: "@every 1s"}]}
"""
    )
    found = {c.name: c for c in load_components(tmp_path)}
    assert set(found) == {"task-events-in", "task-events-out"}
    inbound = found["task-events-in"]
    assert (inbound.is_input, inbound.is_output) == (True, False)
    assert inbound.topics == ["task-events"]
    assert inbound.consumer_group == "audit"
    assert inbound.auto_offset_reset == "earliest"
    assert inbound.consume_retry_enabled is True
    assert inbound.route == "events"
    outbound = found["task-events-out"]
    assert (outbound.is_input, outbound.is_output) == (False, True)
    assert outbound.publish_topic == "task-events"

    standin = DaprSidecarStandIn(tmp_path, app_id="audit", brokers="127.0.0.1:1")
    assert set(standin.components) == {"task-events-in"}  # the output is scoped to eventing
    assert standin.components["task-events-in"].brokers == "127.0.0.1:1"
    assert set(DaprSidecarStandIn(tmp_path, app_id="eventing").components) == set(found)


def test_component_defaults_follow_dapr() -> None:
    [binding] = load_components(component("b", topics="t", consumerGroup="g"))
    assert (binding.is_input, binding.is_output) == (True, True)  # no direction: both sides
    assert binding.auto_offset_reset == "latest"  # initialOffset defaults to newest
    assert binding.consume_retry_enabled is False
    assert binding.route == "b"


@pytest.mark.parametrize(
    "metadata",
    [
        {"authType": ""},
        {"authType": "SCRAM"},
        {"consumeRetryEnabled": "yes"},
        {"initialOffset": "earliest"},
        {"direction": "sideways"},
        {"consumerGroup": ""},
    ],
)
def test_components_daprd_would_refuse_are_refused(metadata: dict[str, str]) -> None:
    base = {"topics": "t", "consumerGroup": "g", **metadata}
    with pytest.raises(ComponentError):
        load_components(component("bad", **base))


# --------------------------------------------------------------------------- output


async def test_sdk_invoke_binding_produces_keyed_record_with_metadata_headers(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    dapr_env: Callable[[DaprSidecarStandIn], None],
) -> None:
    from dapr.aio.clients import DaprClient

    topic = unique("out")
    await broker.create_topics_async([topic], partitions=3)
    standin = await sidecar(component("events", publishTopic=topic, direction="output"))
    dapr_env(standin)
    event = b'{"specversion":"1.0","id":"e1","type":"todo.task.created"}'

    async with DaprClient() as client:
        for n in range(3):
            await client.invoke_binding(
                "events",
                "create",
                event,
                binding_metadata={"partitionKey": "user-1", "attempt": str(n)},
            )
        await client.invoke_binding("events", "create", b"other", {"partitionKey": "user-2"})

    records = await read_topic(broker.bootstrap, topic, 4)
    mine = [r for r in records if r.key == b"user-1"]
    assert [r.value for r in mine] == [event] * 3
    assert len({r.partition for r in mine}) == 1  # one key, one partition, in order
    assert [dict(r.headers) for r in mine] == [
        {"partitionKey": b"user-1", "attempt": str(n).encode()} for n in range(3)
    ]
    assert [r.key for r in records if r.value == b"other"] == [b"user-2"]
    assert not any(h.lower().startswith("ce_") for r in records for h, _ in r.headers)


async def test_sdk_errors_match_daprd(
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    dapr_env: Callable[[DaprSidecarStandIn], None],
) -> None:
    from dapr.aio.clients import DaprClient

    standin = await sidecar(
        component("out", publishTopic=unique("t"), direction="output"),
        component("in-only", topics=unique("t"), consumerGroup="g", direction="input"),
    )
    dapr_env(standin)
    async with DaprClient() as client:
        for name, operation in (("missing", "create"), ("in-only", "create"), ("out", "delete")):
            with pytest.raises(grpc.RpcError) as failure:
                await client.invoke_binding(name, operation, b"x")
            assert failure.value.code() == grpc.StatusCode.INTERNAL, (name, operation)
        with pytest.raises(grpc.RpcError) as failure:
            await client.get_state("store", "key")
        assert failure.value.code() == grpc.StatusCode.UNIMPLEMENTED


async def test_http_output_binding_and_health(
    broker: KafkaBroker, sidecar: Callable[..., Awaitable[DaprSidecarStandIn]]
) -> None:
    topic = unique("http-out")
    await broker.create_topics_async([topic], partitions=1)
    standin = await sidecar(component("out", publishTopic=topic, direction="output"))

    async with httpx.AsyncClient(base_url=standin.http_endpoint, timeout=WAIT) as http:
        assert (await http.get("/v1.0/healthz")).status_code == 204
        assert (await http.get("/v1.0/healthz/outbound")).status_code == 204
        ok = await http.post(
            "/v1.0/bindings/out",
            json={
                "data": {"z": 1, "a": "<b>"},
                "metadata": {"partitionKey": "u9", "x": "y"},
                "operation": "create",
            },
        )
        assert ok.status_code == 204
        missing = await http.post("/v1.0/bindings/nope", json={"data": 1, "operation": "create"})
        assert missing.status_code == 500
        assert missing.json()["errorCode"] == "ERR_INVOKE_OUTPUT_BINDING"
        malformed = await http.post("/v1.0/bindings/out", content=b"{not json")
        assert malformed.status_code == 400

    [record] = await read_topic(broker.bootstrap, topic, 1)
    assert record.key == b"u9"
    assert record.value == b'{"a":"\\u003cb\\u003e","z":1}'  # Go's json.Marshal of `data`
    assert dict(record.headers) == {"partitionKey": b"u9", "x": b"y"}


# --------------------------------------------------------------------------- input


async def test_input_delivers_raw_values_with_dapr_headers_in_partition_order(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    app: tuple[RecordingApp, str],
) -> None:
    recording, url = app
    topic = unique("in")
    await broker.create_topics_async([topic], partitions=3)
    standin = await sidecar(
        component(
            "task-events-audit",
            topics=topic,
            consumerGroup=unique("audit"),
            direction="input",
            initialOffset="oldest",
            route="/deliver",
        ),
        app_url=url,
    )
    sent = [(f"user-{n % 4}".encode(), f'{{"n":{n}}}'.encode(), None) for n in range(24)]
    await produce(broker.bootstrap, topic, sent)
    async with asyncio.timeout(WAIT):
        await standin.wait_consuming()
    await recording.until(lambda: len(recording.on("/deliver")) >= 24)

    got = recording.on("/deliver")
    assert sorted(r.body for r in got) == sorted(value for _, value, _ in sent)
    for r in got:
        assert r.headers["content-type"] == "application/json"
        assert r.headers["__topic"] == topic
        assert r.headers["origin"] == "test"  # the Kafka header
        assert int(r.headers["__timestamp"]) > 1_600_000_000_000
        assert not any(name.startswith("ce_") for name in r.headers)
    for partition in {r.headers["__partition"] for r in got}:
        offsets = [int(r.headers["__offset"]) for r in got if r.headers["__partition"] == partition]
        assert offsets == sorted(offsets) == list(range(len(offsets)))
    for key, *_ in sent[:4]:
        in_order = [r.body for r in got if r.headers["__key"] == key.decode()]
        assert in_order == [value for k, value, _ in sent if k == key]
    assert all(a.status == 200 for a in standin.deliveries)


async def test_retry_enabled_redelivers_until_200_and_blocks_only_that_partition(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    app: tuple[RecordingApp, str],
) -> None:
    recording, url = app
    topic, group = unique("retry"), unique("g")
    await broker.create_topics_async([topic], partitions=2)

    def respond(path: str, body: bytes, tries: int) -> int:
        if body != b'"p0-a"':
            return 200
        other_partition_done = any(r.body == b'"p1-a"' for r in recording.received)
        return 200 if tries >= 3 and other_partition_done else 500

    recording.respond = respond
    standin = await sidecar(
        component(
            "retrying",
            topics=topic,
            consumerGroup=group,
            direction="input",
            initialOffset="oldest",
            consumeRetryEnabled="true",
        ),
        app_url=url,
    )
    await produce(
        broker.bootstrap,
        topic,
        [(b"k", b'"p0-a"', 0), (b"k", b'"p0-b"', 0), (b"j", b'"p1-a"', 1)],
    )
    await recording.until(lambda: bool(recording.on("/retrying", status=200)[2:]))

    bodies = [(r.body, r.status) for r in recording.on("/retrying")]
    first_tries = [s for b, s in bodies if b == b'"p0-a"']
    assert first_tries[:3] == [500, 500, 500] and first_tries[-1] == 200
    attempts = [a for a in standin.deliveries if a.partition == 0 and a.offset == 0]
    assert len(attempts) == len(first_tries)  # the same record, redelivered
    assert bodies.index((b'"p0-b"', 200)) > bodies.index((b'"p0-a"', 200))  # partition waited
    assert bodies.index((b'"p1-a"', 200)) < bodies.index((b'"p0-a"', 200))  # others did not

    async def all_committed() -> bool:
        return await committed(broker.bootstrap, group, topic) == {0: 2, 1: 1}

    await eventually_async(all_committed, WAIT, "every offset committed")  # broker state: polled


async def test_retry_disabled_by_default_skips_the_failed_record(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    app: tuple[RecordingApp, str],
) -> None:
    recording, url = app
    topic, group = unique("skip"), unique("g")
    await broker.create_topics_async([topic], partitions=1)
    recording.respond = lambda path, body, tries: 500 if body == b'"bad"' else 200
    standin = await sidecar(
        component("skipping", topics=topic, consumerGroup=group, initialOffset="oldest"),
        app_url=url,
    )
    await produce(broker.bootstrap, topic, [(None, b'"bad"', 0), (None, b'"good"', 0)])
    await recording.until(lambda: bool(recording.on("/skipping", status=200)))

    assert [(r.body, r.status) for r in recording.on("/skipping")] == [
        (b'"bad"', 500),
        (b'"good"', 200),
    ]
    assert "__key" not in recording.on("/skipping")[0].headers  # a record without a key

    async def committed_past_the_failure() -> bool:
        return await committed(broker.bootstrap, group, topic) == {0: 2}

    await eventually_async(
        committed_past_the_failure, WAIT, "the offset committed past the failure"
    )  # broker state: polled
    assert [(a.offset, a.status) for a in standin.deliveries] == [(0, 500), (1, 200)]


async def test_two_consumer_groups_on_one_topic_each_get_every_record(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    app: tuple[RecordingApp, str],
) -> None:
    recording, url = app
    topic = unique("fanout")
    await broker.create_topics_async([topic], partitions=2)
    await sidecar(
        component("audit", topics=topic, consumerGroup=unique("audit"), initialOffset="oldest"),
        component("recur", topics=topic, consumerGroup=unique("recur"), initialOffset="oldest"),
        app_url=url,
    )
    sent = [(f"u{n}".encode(), f'"{n}"'.encode(), None) for n in range(6)]
    await produce(broker.bootstrap, topic, sent)
    await recording.until(lambda: len(recording.on("/audit")) + len(recording.on("/recur")) >= 12)

    expected = sorted(value for _, value, _ in sent)
    assert sorted(r.body for r in recording.on("/audit")) == expected
    assert sorted(r.body for r in recording.on("/recur")) == expected


async def test_options_404_means_the_binding_never_delivers(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    app: tuple[RecordingApp, str],
) -> None:
    recording, url = app
    recording.options_status["/unwanted"] = 404
    recording.options_status["/allowed"] = 405  # 405 still means subscribed
    topic = unique("probe")
    await broker.create_topics_async([topic], partitions=1)
    standin = await sidecar(
        component("unwanted", topics=topic, consumerGroup=unique("a"), initialOffset="oldest"),
        component("allowed", topics=topic, consumerGroup=unique("b"), initialOffset="oldest"),
        app_url=url,
    )
    async with asyncio.timeout(WAIT):
        await standin.wait_consuming()
    assert standin.states == {"unwanted": "not-subscribed", "allowed": "consuming"}
    await produce(broker.bootstrap, topic, [(None, b'"one"', 0)])
    await recording.until(lambda: bool(recording.on("/allowed")))
    assert recording.on("/unwanted") == []


async def test_restart_resumes_after_the_last_committed_offset(
    broker: KafkaBroker,
    sidecar: Callable[..., Awaitable[DaprSidecarStandIn]],
    app: tuple[RecordingApp, str],
) -> None:
    recording, url = app
    topic = unique("resume")
    await broker.create_topics_async([topic], partitions=2)
    standin = await sidecar(
        component("resume", topics=topic, consumerGroup=unique("g"), initialOffset="newest"),
        app_url=url,
    )
    async with asyncio.timeout(WAIT):
        await standin.wait_consuming()  # "newest": only records produced from now on
    env = standin.env()
    await produce(
        broker.bootstrap, topic, [(f"u{n}".encode(), f'"a{n}"'.encode(), None) for n in range(4)]
    )
    # Wait for the commits (the app sees a record before the stand-in commits it).
    await eventually_async(
        lambda: sum(d.status == 200 for d in standin.deliveries) >= 4, WAIT, "4 commits"
    )

    await asyncio.to_thread(standin.stop)
    assert standin.states == {"resume": "stopped"}
    await produce(
        broker.bootstrap, topic, [(f"u{n}".encode(), f'"b{n}"'.encode(), None) for n in range(3)]
    )
    await asyncio.to_thread(standin.start)
    assert standin.env() == env  # same ports after a restart
    await recording.until(lambda: len(recording.on("/resume")) >= 7)

    bodies = [r.body for r in recording.on("/resume")]
    assert sorted(bodies) == sorted(
        [f'"a{n}"'.encode() for n in range(4)] + [f'"b{n}"'.encode() for n in range(3)]
    )
    positions = [(r.headers["__partition"], r.headers["__offset"]) for r in recording.on("/resume")]
    assert len(positions) == len(set(positions))  # nothing acked was delivered again


async def test_app_down_does_not_stop_the_binding(
    broker: KafkaBroker, sidecar: Callable[..., Awaitable[DaprSidecarStandIn]]
) -> None:
    recording = RecordingApp()
    port = free_port()
    topic = unique("crash")
    await broker.create_topics_async([topic], partitions=1)
    standin = await sidecar(
        component(
            "crashy",
            topics=topic,
            consumerGroup=unique("g"),
            initialOffset="oldest",
            consumeRetryEnabled="true",
        ),
        app_url=f"http://127.0.0.1:{port}",
    )

    async def waiting_for_app() -> bool:  # nothing listens there yet
        return standin.states == {"crashy": "waiting-for-app"}

    await eventually_async(
        waiting_for_app, WAIT, "the stand-in waiting for the app"
    )  # broker state: polled

    with serve_in_thread(recording.app, port=port, timeout=WAIT):
        await produce(broker.bootstrap, topic, [(None, b'"first"', 0)])
        await recording.until(lambda: bool(recording.on("/crashy")))
    # the app is down: the next record fails with connection errors and is retried
    await produce(broker.bootstrap, topic, [(None, b'"second"', 0)])

    async def failing() -> bool:
        return any(a.status is None and a.offset == 1 for a in standin.deliveries)

    await eventually_async(failing, WAIT, "the binding failing")  # broker state: polled
    with serve_in_thread(recording.app, port=port, timeout=WAIT):
        await recording.until(lambda: len(recording.on("/crashy")) >= 2)
    assert [r.body for r in recording.on("/crashy")] == [b'"first"', b'"second"']


# --------------------------------------------------------------------------- broker faults


async def test_broker_kill_and_restart_keeps_the_port_and_loses_everything() -> None:
    with KafkaBroker() as broker:
        bootstrap, topic = broker.bootstrap, unique("lost")
        await broker.create_topics_async([topic], partitions=2)
        await produce(bootstrap, topic, [(None, b'"before"', 0)])
        await asyncio.to_thread(broker.restart, kill=True)

        assert broker.bootstrap == bootstrap
        assert await asyncio.to_thread(broker.partitions, topic) == 0  # memory storage
        await broker.create_topics_async([topic], partitions=2)
        await produce(bootstrap, topic, [(None, b'"after"', 0)])
        assert [r.value for r in await read_topic(bootstrap, topic, 1)] == [b'"after"']


async def test_output_fails_while_the_broker_is_unreachable_and_is_not_published_later() -> None:
    with KafkaBroker() as broker:
        topic = unique("outage")
        await broker.create_topics_async([topic], partitions=1)
        standin = DaprSidecarStandIn(
            [component("out", publishTopic=topic, direction="output")],
            brokers=broker.bootstrap,
            produce_timeout=1.0,
        )
        async with standin, httpx.AsyncClient(base_url=standin.http_endpoint) as http:

            async def publish(value: str) -> int:
                body = {"data": value, "operation": "create"}
                return (await http.post("/v1.0/bindings/out", json=body, timeout=WAIT)).status_code

            assert await publish("one") == 204
            await asyncio.to_thread(broker.pause)
            assert await publish("two") == 500
            await asyncio.to_thread(broker.resume)
            assert await publish("three") == 204

        assert [r.value for r in await read_topic(broker.bootstrap, topic, 2)] == [
            b'"one"',
            b'"three"',
        ]
