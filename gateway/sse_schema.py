"""JSON Schemas of server-sent events, as OpenAPI 3.1 documents a `text/event-stream`.

Before OpenAPI 3.2's `itemSchema`, the `schema` of an event-stream response describes each
event: an object of the SSE fields (`event`, `data`, `id`), whose `data` is JSON text described
by `contentMediaType` and `contentSchema`. Clients and schemathesis validate each event with it.
"""

from __future__ import annotations

from typing import Any


def sse_event(name: str, data: dict[str, Any], *, with_id: bool = False) -> dict[str, Any]:
    """One named event whose data is a JSON value matching `data`."""
    properties: dict[str, Any] = {
        "event": {"const": name},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": data,
        },
    }
    if with_id:
        properties["id"] = {"type": "string", "pattern": "^[0-9]+$"}
    return {
        "type": "object",
        "required": ["event", "data", *(["id"] if with_id else [])],
        "properties": properties,
    }


def json_object(required: dict[str, Any], **optional: Any) -> dict[str, Any]:
    """An object with `required` properties (name -> schema) and optional ones."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **optional},
    }


def event_stream(description: str, *events: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """A FastAPI `responses` entry: a 200 event stream of any of `events`."""
    return {
        200: {
            "description": description,
            "content": {"text/event-stream": {"schema": {"oneOf": list(events)}}},
        }
    }
