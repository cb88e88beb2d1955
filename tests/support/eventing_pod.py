"""The cluster's eventing pod, unpacked on one machine: a router process, the Dapr sidecar
stand-in in front of it (Kafka input bindings, output binding) and a relay process."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from eventing.subscriptions import TOPICS
from tests.kafka_broker import KafkaBroker
from tests.support.dapr_standin import DaprSidecarStandIn
from tests.support.servers import DAPR_COMPONENTS, TODO, Restartable, free_port, wait_http_ready


@contextmanager
def kafka_with_topics(partitions: int) -> Iterator[KafkaBroker]:
    """A Kafka-protocol broker holding the topics the pod reads and writes, `partitions` each."""
    with KafkaBroker() as kafka:
        kafka.create_topics(list(TOPICS), partitions=partitions)
        yield kafka


@contextmanager
def eventing_pod(
    database_url: str,
    brokers: str,
    log_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    router_env: Mapping[str, str] | None = None,
) -> Iterator[dict[str, Restartable]]:
    """Start router, sidecar and relay on `database_url` and Kafka at `brokers`; yield the two
    processes (to kill and restart) by name; stop all three on exit.

    `env` goes to both processes (over this one's environment); `router_env` to the router."""
    router_port = free_port()
    base = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", **(env or {})}
    router = Restartable(
        [TODO, "eventing", "--no-relay", "--port", str(router_port)],
        {**base, "EVENT_TRANSPORT": "local", **(router_env or {})},
        log_dir / "router.log",
    )
    router.start()
    sidecar: DaprSidecarStandIn | None = None
    relay: Restartable | None = None
    try:
        assert router.proc is not None
        wait_http_ready(
            f"http://127.0.0.1:{router_port}/healthz", router.proc, router.log_path, timeout=30
        )
        sidecar = DaprSidecarStandIn(
            [DAPR_COMPONENTS / "bindings-input.yaml", DAPR_COMPONENTS / "bindings-output.yaml"],
            app_url=f"http://127.0.0.1:{router_port}",
            brokers=brokers,
            app_id="todo-eventing",
        )
        sidecar.start()
        relay = Restartable(
            [TODO, "eventing", "--no-router", "--port", "0"],
            {**base, **sidecar.env(), "EVENT_TRANSPORT": "dapr", "DAPR_HEALTH_TIMEOUT": "5"},
            log_dir / "relay.log",
        )
        relay.start()
        yield {"router": router, "relay": relay}
    finally:
        if relay is not None:
            relay.stop()
        if sidecar is not None:
            sidecar.stop()
        router.stop()
