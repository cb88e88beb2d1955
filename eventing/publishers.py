"""Transports the relay publishes through, chosen by EVENT_TRANSPORT.

- local: hand the event to the router in this process; it returns once every subscribed
  function applied it, or it was parked for its user or dead-lettered (within about a second
  even when a function fails), so a crash before that republishes it. The relay hands over its
  whole claimed batch at once (`publish_batch`): each function applies it in one transaction.
- dapr: one Dapr Kafka output binding per topic, through the sidecar (gRPC, dapr SDK);
  `partitionKey` = user id keeps a user's events in one partition, in order.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from core import tracing
from eventing.router import Router
from eventing.subscriptions import output_binding

log = logging.getLogger("eventing.publishers")


class LocalPublisher:
    """In-process transport: the router is the broker."""

    def __init__(self, router: Router) -> None:
        self._router = router

    async def publish(self, topic: str, key: str, value: bytes) -> None:
        """Deliver to every subscriber now (raises if a parked or dead letter could not be kept)."""
        await self._router.dispatch(topic, value)

    async def publish_batch(
        self,
        items: Sequence[tuple[str, str, bytes]],
        *,
        waiting: Mapping[str, frozenset[str]] | None = None,
    ) -> list[str | None]:
        """Deliver `(topic, key, value)` items (in outbox order) to every subscriber at once.

        Per item: None once delivered, else the error (it and its user's later items wait).
        `waiting`: the users' parked functions as the relay's claim found them.
        """
        values = [(topic, value) for topic, _, value in items]
        return await self._router.dispatch_batch(values, waiting=waiting)


class DaprPublisher:
    """Publishes through the Dapr sidecar's Kafka output bindings."""

    def __init__(self, address: str | None = None) -> None:
        self._address = address
        self._client: Any = None

    async def _dapr(self) -> Any:
        if self._client is None:
            # Imported here: the SDK reads its settings (DAPR_* env vars) when first imported.
            from dapr.aio.clients import DaprClient

            interceptors = [_trace_context_interceptor()] if tracing.enabled() else None
            self._client = DaprClient(address=self._address, interceptors=interceptors)
        return self._client

    async def publish(self, topic: str, key: str, value: bytes) -> None:
        """`create` on the topic's output binding; returns once the sidecar acknowledged."""
        client = await self._dapr()
        await client.invoke_binding(
            binding_name=output_binding(topic),
            operation="create",
            data=value,
            binding_metadata={"partitionKey": key},
        )

    async def aclose(self) -> None:
        """Close the gRPC channel."""
        if self._client is not None:
            await self._client.close()
            self._client = None


def _trace_context_interceptor() -> Any:
    """A gRPC interceptor that sends the active span as `traceparent` metadata with each call, so
    the sidecar's own spans (and the trace context it writes into the Kafka record) join the
    event's trace instead of starting one of their own. Built on first use: grpc is imported
    only with the Dapr SDK."""
    import grpc.aio

    class TraceContext(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]  # untyped
        async def intercept_unary_unary(
            self, continuation: Any, client_call_details: Any, request: Any
        ) -> Any:
            extra = tracing.headers()
            if extra:
                metadata = grpc.aio.Metadata(*(client_call_details.metadata or ()), *extra.items())
                client_call_details = client_call_details._replace(metadata=metadata)
            return await continuation(client_call_details, request)

    return TraceContext()
