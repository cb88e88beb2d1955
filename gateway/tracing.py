"""The gateway's server spans: OpenTelemetry's FastAPI instrumentation, only when tracing is on.

Each request gets a SERVER span (continuing a W3C `traceparent` header the caller sent); the
outbox rows a request writes keep that span's context (core.store.uow), so the events it causes
join its trace. Probes, metrics and static files make no spans.
"""

from __future__ import annotations

from fastapi import FastAPI

from core import tracing

# Regular expressions matched against each request's URL (OpenTelemetry's ExcludeList).
UNTRACED = ("/healthz$", "/readyz$", "/metrics$", "/static/", "/static-offline-docs/")


def instrument(app: FastAPI, service_name: str = "gateway") -> bool:
    """Configure tracing for this process and trace `app`'s requests; False when tracing is off."""
    if not tracing.configure(service_name):
        return False
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        excluded_urls=",".join(UNTRACED),
        # One span per request: no extra span per ASGI message (a streamed answer has many).
        exclude_spans=["receive", "send"],
    )
    return True
