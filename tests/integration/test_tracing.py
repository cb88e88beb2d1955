"""Tracing (issue #16): one trace from the HTTP request through the outbox, relay, router and
functions, exported over OTLP/HTTP to a real collector; and nothing at all when it is off.

`todo serve` runs as it does for a user (gateway process + eventing child), pointed at the test's
collector by OTEL_EXPORTER_OTLP_ENDPOINT. Each process exports on its own, so the checks below
also show that both configure tracing from their environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from tests.otlp_collector import Collector, ReceivedSpan, otlp_collector
from tests.support.databases import libpq_url
from tests.support.serve_process import ROOT, WAIT_S, Serve, serving
from tests.support.waits import eventually, log_tail

OTEL_SETTINGS = (
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_SERVICE_NAME",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
    "OTEL_SDK_DISABLED",
)
INCOMING_TRACE, INCOMING_SPAN = "ab" * 16, "cd" * 8


def _query(url: str, sql: str, *args: Any) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        conn = await asyncpg.connect(libpq_url(url))
        try:
            return [dict(row) for row in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    return asyncio.run(run())


def _outbox(url: str, task_id: str) -> dict[str, dict[str, Any]]:
    """The task's outbox rows by topic."""
    rows = _query(
        url,
        "SELECT event_id, topic, traceparent, tracestate FROM outbox WHERE subject = $1",
        task_id,
    )
    return {row["topic"]: row for row in rows}


def _create(server: Serve, title: str, headers: dict[str, str] | None = None) -> str:
    token = server.token("ada")
    answer = httpx.post(
        f"{server.url}/api/tasks",
        json={"title": title},
        headers={"Authorization": f"Bearer {token}", **(headers or {})},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _spans_where(
    collector: Collector, log: Path, what: str, wanted: dict[str, Callable[[ReceivedSpan], bool]]
) -> dict[str, ReceivedSpan]:
    """Wait until each of `wanted` (name -> test) matched a received span; the matches."""

    def found() -> dict[str, ReceivedSpan] | None:
        spans = collector.spans()
        matches = {key: next((s for s in spans if test(s)), None) for key, test in wanted.items()}
        return None if None in matches.values() else matches  # type: ignore[return-value]

    return eventually(found, WAIT_S, what, details=log_tail(log))


def _for_event(name: str, event_id: uuid.UUID) -> Callable[[ReceivedSpan], bool]:
    return lambda s: s.name == name and s.attributes.get("cloudevents.event_id") == str(event_id)


def test_one_trace_spans_the_request_the_relay_the_router_and_the_functions(
    tmp_path: Path, own_database: str
) -> None:
    with otlp_collector() as collector:
        environ: dict[str, str | None] = {name: None for name in OTEL_SETTINGS}
        environ |= {"OTEL_EXPORTER_OTLP_ENDPOINT": collector.url, "OTEL_BSP_SCHEDULE_DELAY": "100"}
        with serving(tmp_path, own_database, environ) as server:
            task_id = _create(server, "traced from the request")
            rows = _outbox(own_database, task_id)
            assert set(rows) == {"task-events", "task-updates"}
            traceparent = rows["task-events"]["traceparent"]
            assert traceparent is not None, "the outbox row keeps the request's trace context"
            assert rows["task-updates"]["traceparent"] == traceparent  # one commit, one origin
            version, trace_id, origin, flags = traceparent.split("-")
            assert version == "00" and int(flags, 16) & 1  # sampled (0x02: random trace id)

            def in_trace(s: ReceivedSpan) -> bool:
                return bool(s.trace_id == trace_id)

            spans = _spans_where(collector, server.log, "the request's whole trace", {
                "request": lambda s: in_trace(s) and s.span_id == origin,
                "publish events": lambda s: in_trace(s) and s.name == "publish task-events",
                "publish updates": lambda s: in_trace(s) and s.name == "publish task-updates",
                "route": lambda s: in_trace(s) and s.name == "route",
                "audit": lambda s: in_trace(s) and s.name == "audit consume",
                "push": lambda s: in_trace(s) and s.name == "push consume",
            })  # fmt: skip
            request = spans["request"]
            assert (request.service, request.kind, request.parent_id) == ("gateway", "server", "")
            assert "/api/tasks" in request.name
            # Everything downstream hangs off the request span stored with the events, and was
            # exported by the eventing child (a process of its own, configured from env).
            for key, kind in [
                ("publish events", "producer"),
                ("publish updates", "producer"),
                ("route", "consumer"),
                ("audit", "consumer"),
                ("push", "consumer"),
            ]:
                span = spans[key]
                assert (span.service, span.kind, span.parent_id) == ("eventing", kind, origin), key
            assert spans["audit"].attributes["cloudevents.event_id"] == str(
                rows["task-events"]["event_id"]
            )
            assert spans["push"].attributes["cloudevents.event_id"] == str(
                rows["task-updates"]["event_id"]
            )
            # Probes make no spans.
            assert httpx.get(f"{server.url}/healthz").status_code == 200
            assert not any(s.name.endswith("/healthz") for s in collector.spans())

            # A caller's W3C traceparent is continued: the request span is its child.
            incoming = f"00-{INCOMING_TRACE}-{INCOMING_SPAN}-01"
            task_id = _create(server, "traced from the caller", {"traceparent": incoming})
            stored = _outbox(own_database, task_id)["task-events"]["traceparent"]
            assert stored.split("-")[1] == INCOMING_TRACE
            spans = _spans_where(collector, server.log, "the caller's trace", {
                "request": lambda s: s.trace_id == INCOMING_TRACE and s.kind == "server",
                "audit": lambda s: s.trace_id == INCOMING_TRACE and s.name == "audit consume",
            })  # fmt: skip
            assert spans["request"].parent_id == INCOMING_SPAN
            assert spans["audit"].parent_id == spans["request"].span_id

            # Events a function makes carry its span: recur's next occurrence of a completed task.
            series = httpx.post(
                f"{server.url}/api/tasks",
                json={
                    "title": "daily, traced",
                    "due": "2030-01-01T09:00:00+00:00",
                    "recurrence": {"rule": "FREQ=DAILY", "anchor": "due"},
                },
                headers={"Authorization": f"Bearer {server.token('ada')}"},
                timeout=10,
            )
            assert series.status_code == 201, series.text
            done = httpx.post(
                f"{server.url}/api/tasks/{series.json()['id']}/complete",
                headers={"Authorization": f"Bearer {server.token('ada')}"},
                timeout=10,
            )
            assert done.status_code == 200, done.text
            made = eventually(
                lambda: _query(
                    own_database,
                    "SELECT traceparent FROM outbox WHERE source = '/todo/functions/recur' "
                    "AND type = 'todo.task.created'",
                ),
                WAIT_S,
                "recur's next occurrence",
                details=log_tail(server.log),
            )
            _, recur_trace, recur_span, _ = made[0]["traceparent"].split("-")
            spans = _spans_where(collector, server.log, "recur's span", {
                "recur": lambda s: s.span_id == recur_span and s.name == "recur consume",
                "complete": lambda s: s.trace_id == recur_trace and s.kind == "server",
            })  # fmt: skip
            assert "/complete" in spans["complete"].name
            assert spans["recur"].parent_id == spans["complete"].span_id

            # A malformed traceparent in an event is ignored: the event is applied, its spans
            # start a trace of their own.
            event_id = uuid.uuid4()
            _query(
                own_database,
                """
                WITH copied AS (
                    INSERT INTO outbox (event_id, topic, type, source, subject, partition_key,
                                        time, dataschema, data, task_id, traceparent, tracestate)
                    SELECT $1, topic, type, source, subject, partition_key, time, dataschema,
                           data, task_id, '00-not-a-trace-01', 'x=='
                    FROM outbox WHERE event_id = $2)
                SELECT pg_notify('todo_outbox', '')
                """,
                event_id,
                rows["task-events"]["event_id"],
            )
            eventually(
                lambda: _query(
                    own_database, "SELECT 1 FROM activity WHERE event_id = $1", str(event_id)
                ),
                WAIT_S,
                "the activity entry of the event with a malformed traceparent",
                details=log_tail(server.log),
            )
            spans = _spans_where(collector, server.log, "the spans of that event", {
                "publish": _for_event("publish task-events", event_id),
                "audit": _for_event("audit consume", event_id),
            })  # fmt: skip
            assert spans["publish"].parent_id == ""  # a new trace, not an error
            assert spans["audit"].trace_id not in (trace_id, INCOMING_TRACE)
            assert not _query(own_database, "SELECT 1 FROM dead_letters")


async def test_with_tracing_off_events_carry_no_trace_context(
    alice: httpx.AsyncClient, sessionmaker: Any, database_url: str
) -> None:
    # The test process never configures an exporter: the API server here runs untraced, and
    # then even a caller's traceparent is not stored (tracing off means no work at all).
    incoming = f"00-{INCOMING_TRACE}-{INCOMING_SPAN}-01"
    created = await alice.post("/api/tasks", json={"title": "untraced"}, headers={
        "traceparent": incoming
    })  # fmt: skip
    assert created.status_code == 201, created.text
    rows = await asyncio.to_thread(_outbox, database_url, created.json()["id"])
    assert rows and all(row["traceparent"] is None for row in rows.values())
    assert all(row["tracestate"] is None for row in rows.values())


_PROBE = textwrap.dedent(
    """
    import json, sys
    from core import tracing
    from gateway.app import create_app
    from gateway.settings import Settings

    on = tracing.configure("gateway")
    create_app(Settings(), "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    from opentelemetry import trace  # the API only: what any library could have imported

    provider = trace.get_tracer_provider()
    processors = getattr(getattr(provider, "_active_span_processor", None), "_span_processors", ())
    exporters = [getattr(p, "span_exporter", None) for p in processors]
    resource = getattr(provider, "resource", None)
    with tracing.span("probe", parents=[{"traceparent": "00-zz-yy-01"}, {"traceparent": 7}]) as s:
        context = tracing.current_context()
    print(json.dumps({
        "on": on,
        "sdk_loaded": "opentelemetry.sdk" in sys.modules,
        "processors": [type(p).__name__ for p in processors],
        "endpoints": [getattr(e, "_endpoint", None) for e in exporters],
        "service": resource.attributes.get("service.name") if resource else None,
        "span": s is not None,
        "context": context,
    }))
    """
)


def _probe(tmp_path: Path, **settings: str) -> dict[str, Any]:
    """Start a process as the gateway does, with `settings` as its only OTEL_* variables."""
    env = {k: v for k, v in os.environ.items() if k not in OTEL_SETTINGS}
    env |= {"PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path), **settings}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return dict(json.loads(done.stdout.decode().strip().splitlines()[-1]))


def test_tracing_off_loads_no_sdk_and_adds_no_span_processor(tmp_path: Path) -> None:
    found = _probe(tmp_path)
    assert found == {
        "on": False,
        "sdk_loaded": False,
        "processors": [],
        "endpoints": [],
        "service": None,
        "span": False,
        "context": [None, None],
    }


def test_an_endpoint_turns_tracing_on_and_spans_leave_at_exit(tmp_path: Path) -> None:
    with otlp_collector() as collector:
        found = _probe(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=collector.url)
        assert found["on"] and found["sdk_loaded"] and found["span"]
        assert found["processors"] == ["BatchSpanProcessor"]
        assert found["endpoints"] == [f"{collector.url}/v1/traces"]
        assert found["service"] == "gateway"
        # Malformed parents were skipped: the probe span began a trace of its own...
        traceparent, tracestate = found["context"]
        _, trace_id, span_id, _ = traceparent.split("-")
        assert tracestate is None
        # ... and the process flushed it on its way out (no wait: it has exited).
        probe = [s for s in collector.spans() if s.name == "probe"]
        assert [(s.trace_id, s.span_id, s.parent_id, s.service) for s in probe] == [
            (trace_id, span_id, "", "gateway")
        ]

        named = _probe(
            tmp_path,
            OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=f"{collector.url}/v1/traces",
            OTEL_SERVICE_NAME="todo-gateway-eu",
        )
        assert named["service"] == "todo-gateway-eu"
        assert [s.service for s in collector.spans() if s.name == "probe"][-1] == named["service"]

    disabled = _probe(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT="http://x", OTEL_SDK_DISABLED="true")
    assert not disabled["on"] and not disabled["sdk_loaded"]


_HEADER_PROBE = textwrap.dedent(
    """
    import asyncio, json
    import httpx
    from core import tracing
    from eventing.delivery import HttpFunction

    seen = []

    def answer(request):
        seen.append(dict(request.headers))
        return httpx.Response(200)

    async def main():
        target = HttpFunction("audit", "http://audit.test/", transport=httpx.MockTransport(answer))
        with tracing.span("deliver audit", kind="consumer") as span:
            await target.post(b"{}")
            context = span.get_span_context() if span else None
        await target.post(b"{}")  # outside any span
        ids = [format(context.trace_id, "032x"), format(context.span_id, "016x")] if context else []
        print(json.dumps({"ids": ids, "seen": seen}))

    tracing.configure("eventing")
    asyncio.run(main())
    """
)


def test_the_router_sends_its_span_as_the_traceparent_header(tmp_path: Path) -> None:
    def run(**settings: str) -> dict[str, Any]:
        env = {k: v for k, v in os.environ.items() if k not in OTEL_SETTINGS}
        env |= {"PYTHONPATH": str(ROOT), **settings}
        done = subprocess.run(
            [sys.executable, "-c", _HEADER_PROBE], cwd=ROOT, env=env, capture_output=True,
            timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return dict(json.loads(done.stdout.decode().strip().splitlines()[-1]))

    with otlp_collector() as collector:
        on = run(OTEL_EXPORTER_OTLP_ENDPOINT=collector.url)
    trace_id, span_id = on["ids"]
    inside, outside = on["seen"]
    assert inside["traceparent"].split("-")[1:3] == [trace_id, span_id]
    assert inside["content-type"] == "application/cloudevents+json"
    assert "traceparent" not in outside
    off = run()
    assert off["ids"] == [] and all("traceparent" not in seen for seen in off["seen"])
