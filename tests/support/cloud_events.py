"""Domain events as the CloudEvents the relay publishes, for tests that deliver them by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from cloudevents.http import CloudEvent

from core.cloudevents import binary_http, build, structured_http
from core.events import Event
from core.signing import current_ring

# The two ways an event travels over HTTP: a function or endpoint must take both.
MODES = {"structured": structured_http, "binary": binary_http}


def unsigned_cloud_event(event: Event, *, event_id: str | None = None) -> CloudEvent:
    """The CloudEvent of `event` as the gateway's outbox makes it, before the relay signs it
    (what a forger could send: the right shape, no signature)."""
    return build(
        event_id=event_id or str(uuid.uuid4()),
        source="/todo/gateway",
        type=event.type,
        subject=event.subject(),
        time=datetime.now(UTC),
        dataschema=event.schema_id(),
        partitionkey=event.partition_key(),
        data=event.model_dump(mode="json"),
    )


def cloud_event(event: Event, *, event_id: str | None = None) -> CloudEvent:
    """The CloudEvent of `event`, signed as the relay publishes it."""
    return current_ring().sign(unsigned_cloud_event(event, event_id=event_id))
