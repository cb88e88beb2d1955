"""The one module that speaks CloudEvents (cloudevents 1.12, the API functions-framework pins).

Events travel as structured JSON: it is the Kafka record value, the body the router POSTs to a
function, and what dead letters keep. Either HTTP encoding can be produced (functions are
tested in both); parsing reads the structured JSON, as functions-framework parses the HTTP
forms itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cloudevents.conversion import to_binary, to_dict, to_structured
from cloudevents.exceptions import GenericException
from cloudevents.http import CloudEvent, from_dict

from core.events import EVENT_TYPES, Event
from core.signing import current_ring
from core.store.eventing_models import OutboxRow
from core.tracing import TRACEPARENT, TRACESTATE

SPEC_VERSION = "1.0"
STRUCTURED = "application/cloudevents+json"
REQUIRED = ("id", "source", "specversion", "type")


class InvalidEvent(ValueError):
    """Not a CloudEvent we can take: names every bad attribute at once."""


def build(
    *,
    event_id: str,
    source: str,
    type: str,
    subject: str | None,
    time: datetime,
    dataschema: str,
    partitionkey: str,
    data: Mapping[str, Any],
    traceparent: str | None = None,
    tracestate: str | None = None,
) -> CloudEvent:
    """A CloudEvent with every attribute this product sets; `time` must be timezone-aware.

    `traceparent` / `tracestate`: the W3C trace context of the event's origin, as the
    CloudEvents distributed-tracing extension (set only when there is one).
    """
    if time.tzinfo is None:
        raise ValueError("CloudEvent time must be timezone-aware")
    attributes: dict[str, Any] = {
        "id": event_id,
        "source": source,
        "type": type,
        "specversion": SPEC_VERSION,
        "time": time.isoformat(),
        "datacontenttype": "application/json",
        "dataschema": dataschema,
        "partitionkey": partitionkey,
    }
    if subject is not None:
        attributes["subject"] = subject
    if traceparent:
        attributes[TRACEPARENT] = traceparent
        if tracestate:
            attributes[TRACESTATE] = tracestate
    return CloudEvent(attributes, dict(data))


def from_outbox(row: OutboxRow) -> CloudEvent:
    """The signed CloudEvent an outbox row stands for (the same id and time on every publish).

    Signing here, where the relay makes the Kafka value, means the signature travels with the
    event through Kafka, the router and dead letters (see core/signing.py).
    """
    event = build(
        event_id=str(row.event_id),
        source=row.source,
        type=row.type,
        subject=row.subject,
        time=row.time,
        dataschema=row.dataschema,
        partitionkey=row.partition_key,
        data=row.data,
        traceparent=row.traceparent,
        tracestate=row.tracestate,
    )
    return current_ring("the outbox relay").sign(event)


def to_json_bytes(event: CloudEvent) -> bytes:
    """Structured-mode JSON: the Kafka value and the router's POST body."""
    return json.dumps(to_dict(event), separators=(",", ":")).encode()


def structured_http(event: CloudEvent) -> tuple[dict[str, str], bytes]:
    """Headers and body of a structured-mode HTTP request."""
    headers, body = to_structured(event)
    return dict(headers), body if isinstance(body, bytes) else str(body).encode()


def binary_http(event: CloudEvent) -> tuple[dict[str, str], bytes]:
    """Headers (`ce-*`) and body of a binary-mode HTTP request."""
    headers, body = to_binary(event)
    return dict(headers), body if isinstance(body, bytes) else json.dumps(body).encode()


def parse_json(raw: bytes | str) -> CloudEvent:
    """A structured CloudEvent from JSON text (a Kafka value, a dead letter)."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidEvent(f"not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise InvalidEvent("a structured CloudEvent is a JSON object")
    missing = [name for name in REQUIRED if not document.get(name)]
    if missing:
        raise InvalidEvent(f"missing CloudEvent attributes: {', '.join(missing)}")
    try:
        return from_dict(document)
    except (GenericException, ValueError, TypeError) as exc:
        raise InvalidEvent(str(exc)) from None


def domain_event(event: CloudEvent) -> Event:
    """The validated domain event inside a CloudEvent; InvalidEvent if type or data are wrong."""
    model = EVENT_TYPES.get(str(event["type"]))
    if model is None:
        raise InvalidEvent(f"unknown event type {event['type']!r}")
    data = event.get_data()
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError:
            raise InvalidEvent("event data is not JSON") from None
    try:
        return model.model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise InvalidEvent(f"{event['type']} data does not match its schema: {exc}") from None
