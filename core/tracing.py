"""OpenTelemetry tracing: on only when an OTLP endpoint is set, and free when it is not.

`configure(service)` runs once per process at start-up (gateway, eventing, each function). With
`OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set it installs a
TracerProvider that batches spans to that collector over OTLP/HTTP (protobuf); the SDK reads the
standard `OTEL_*` settings itself (sampler: `OTEL_TRACES_SAMPLER`, default parentbased_always_on;
`OTEL_BSP_*`, headers, timeouts), and `OTEL_SERVICE_NAME` wins over the process's own name.
Without it nothing of opentelemetry is imported and every helper below returns at once: the
create path (issue #15) pays one boolean test per commit.

Events carry their origin's W3C trace context in the CloudEvents distributed-tracing extension
attributes `traceparent` / `tracestate`; `span(..., parents=[event])` continues that trace. A
missing or malformed `traceparent` is ignored (the span starts a trace of its own), never an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.trace import Span, Tracer
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT = "traceparent"
TRACESTATE = "tracestate"
ENDPOINT_SETTINGS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")

Kind = Literal["internal", "server", "client", "producer", "consumer"]
_NO_CONTEXT: tuple[None, None] = (None, None)

_decided = False  # configure() ran in this process
_enabled = False  # ... and installed an exporting TracerProvider


class Carrier(Protocol):
    """Where a trace context is read from: a CloudEvent, a dict of attributes or headers."""

    def get(self, key: str, default: Any = None, /) -> Any: ...


def wanted() -> bool:
    """Whether the environment asks for tracing (an OTLP endpoint, and the SDK not disabled)."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return any(os.environ.get(name, "").strip() for name in ENDPOINT_SETTINGS)


def configure(service_name: str) -> bool:
    """Install the exporting TracerProvider if `wanted()`; once per process. True: tracing on.

    The first call decides (later ones return its answer), so the code that starts a process
    names its service even when a library it loads calls this again.
    """
    global _decided, _enabled  # one provider per process, as OpenTelemetry's API allows
    if _decided:
        return _enabled
    _decided = True
    if not wanted():
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME", "").strip() or service_name
    # shutdown_on_exit (the default) flushes the batch at interpreter exit.
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _enabled = True
    return True


def enabled() -> bool:
    """Whether this process exports spans."""
    return _enabled


def shutdown() -> None:
    """Export what is buffered and stop (also done at exit; for tests and early exits)."""
    if _enabled:
        from opentelemetry import trace

        provider = trace.get_tracer_provider()
        getattr(provider, "shutdown", lambda: None)()


def current_context() -> tuple[str | None, str | None]:
    """`traceparent` and `tracestate` of the active span, to store with an event.

    (None, None) when tracing is off or no span is active; tracestate is None when empty.
    """
    if not _enabled:
        return _NO_CONTEXT
    carrier: dict[str, str] = {}
    _propagator().inject(carrier)
    return carrier.get(TRACEPARENT), carrier.get(TRACESTATE) or None


def headers() -> dict[str, str]:
    """W3C `traceparent` (and `tracestate`) headers of the active span; {} when off or none."""
    traceparent, tracestate = current_context()
    if traceparent is None:
        return {}
    found = {TRACEPARENT: traceparent}
    if tracestate:
        found[TRACESTATE] = tracestate
    return found


def start_span(
    name: str,
    *,
    kind: Kind = "internal",
    parents: Sequence[Carrier] = (),
    attributes: Mapping[str, str | int] | None = None,
) -> Span | None:
    """Start a span (not made current; end it with `end_span`); None when tracing is off.

    `parents`: the events it handles. It continues their trace when they all share one (the
    first one's span is the parent) and links to each when there are several; events of
    different traces make it a child of the active span, linked to each of them. Without a
    valid trace context among them, the active span (if any) is the parent.
    """
    if not _enabled:
        return None
    from opentelemetry.trace import Link, SpanKind, get_current_span

    contexts = [_extract(parent) for parent in parents]
    found = [(ctx, get_current_span(ctx).get_span_context()) for ctx in contexts]
    valid = [(ctx, sc) for ctx, sc in found if sc.is_valid]
    parent: Context | None = None
    if valid and len({sc.trace_id for _, sc in valid}) == 1:
        parent = valid[0][0]
    links = [Link(sc) for _, sc in valid] if len(valid) > 1 else None
    return _tracer().start_span(
        name, context=parent, kind=SpanKind[kind.upper()], links=links, attributes=attributes
    )


def end_span(span: Span | None, error: str | None = None) -> None:
    """End a span from `start_span`, marked failed with `error` if given."""
    if span is None:
        return
    if error is not None:
        from opentelemetry.trace import Status, StatusCode

        span.set_status(Status(StatusCode.ERROR, error[:500]))
    span.end()


@contextmanager
def span(
    name: str,
    *,
    kind: Kind = "internal",
    parents: Sequence[Carrier] = (),
    attributes: Mapping[str, str | int] | None = None,
) -> Iterator[Span | None]:
    """`start_span`, current while the block runs; an exception is recorded and ends it failed."""
    started = start_span(name, kind=kind, parents=parents, attributes=attributes)
    if started is None:
        yield None
        return
    from opentelemetry.trace import use_span

    with use_span(started, end_on_exit=True):
        yield started


def event_attributes(event: Carrier) -> dict[str, str | int]:
    """The OpenTelemetry `cloudevents.*` attributes of a CloudEvent (empty when tracing is off)."""
    if not _enabled:
        return {}
    found: dict[str, str | int] = {}
    for attribute, name in (("id", "event_id"), ("type", "event_type"), ("source", "event_source")):
        value = event.get(attribute)
        if value is not None:
            found[f"cloudevents.{name}"] = str(value)
    return found


def batch_attributes(events: Sequence[Carrier]) -> dict[str, str | int]:
    """Attributes of a span over `events`: their number, and the event's own when just one."""
    if not _enabled:
        return {}
    found = event_attributes(events[0]) if len(events) == 1 else {}
    found["messaging.batch.message_count"] = len(events)
    return found


def _extract(carrier: Carrier) -> Context:
    """The trace context in `carrier`; an empty one for a missing or malformed traceparent."""
    # Only strings reach the propagator: a number or a list in an event's JSON is ignored too.
    text = {
        name: value
        for name in (TRACEPARENT, TRACESTATE)
        if isinstance(value := carrier.get(name), str)
    }
    return _propagator().extract(text)


@cache
def _propagator() -> TraceContextTextMapPropagator:
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    return TraceContextTextMapPropagator()


@cache
def _tracer() -> Tracer:
    from opentelemetry import trace

    return trace.get_tracer("todo-events")
