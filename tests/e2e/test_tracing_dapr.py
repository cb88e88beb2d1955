"""Tracing on the cluster's path: relay -> Dapr -> Kafka -> router -> a function over HTTP.

The relay and the router run as two `todo eventing` processes around the Dapr sidecar stand-in
and a real Kafka-protocol broker, and audit runs under functions-framework as Knative runs it,
all exporting to the test's OTLP collector. An event whose outbox row holds a known trace
context must reach every one of them with it intact: each process's span is its child.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from core import services
from core.store.db import make_engine, make_sessionmaker
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from tests.kafka_broker import free_port
from tests.otlp_collector import ReceivedSpan, otlp_collector
from tests.support.dapr_standin import DaprSidecarStandIn
from tests.support.eventing_pod import kafka_with_topics
from tests.support.waits import eventually, http_answers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COMPONENTS = ROOT / "deploy" / "dapr"
TRACE, ORIGIN = "12" * 16, "34" * 8
OTEL_SETTINGS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_SDK_DISABLED")


class _Processes:
    """Processes started by the test, each logging to a file; all stopped at the end."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir, self.env = workdir, env
        self.logs: list[Path] = []
        self._procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], **env: str) -> None:
        log = self.workdir / f"{name}.log"
        self.logs.append(log)
        with log.open("ab") as out:
            self._procs.append(
                subprocess.Popen(
                    args, env={**self.env, **env}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
                )
            )

    def stop(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _tails(logs: list[Path]) -> str:
    return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}" for log in logs)


async def _task_with_known_trace(url: str) -> str:
    """Commit a task (its events), then give its outbox rows a trace context we know."""
    engine = make_engine(url, pool_size=1)
    try:
        sessions = make_sessionmaker(engine)
        async with UnitOfWork(sessions) as uow:
            task = await services.create_task(
                uow, "tracy", TaskCreate(title="traced via Dapr"), now=datetime.now(UTC)
            )
        async with sessions() as session, session.begin():
            await session.execute(
                text("UPDATE outbox SET traceparent = :tp WHERE subject = :id"),
                {"tp": f"00-{TRACE}-{ORIGIN}-01", "id": str(task.id)},
            )
        return str(task.id)
    finally:
        await engine.dispose()


def test_the_trace_context_crosses_kafka_and_reaches_a_function_over_http(
    own_database: str, tmp_path: Path
) -> None:
    asyncio.run(_task_with_known_trace(own_database))  # before any relay runs
    with ExitStack() as stack:
        collector = stack.enter_context(otlp_collector())
        kafka = stack.enter_context(kafka_with_topics(partitions=1))
        env = {k: v for k, v in os.environ.items() if k not in OTEL_SETTINGS}
        env |= {
            "DATABASE_URL": own_database,
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
            "OTEL_EXPORTER_OTLP_ENDPOINT": collector.url,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        }
        procs = _Processes(tmp_path, env)
        stack.callback(procs.stop)
        audit_port, router_port = free_port(), free_port()
        procs.start("audit", [
            str(BIN / "functions-framework"), "--target", "handle", "--source",
            str(ROOT / "functions" / "audit" / "main.py"), "--asgi", "--host", "127.0.0.1",
            "--port", str(audit_port),
        ])  # fmt: skip
        procs.start(
            "router",
            [sys.executable, "-m", "gateway.cli", "eventing", "--no-relay", "--port",
             str(router_port)],
            EVENT_TRANSPORT="local",
            FUNCTION_URL_AUDIT=f"http://127.0.0.1:{audit_port}/",
        )  # fmt: skip
        eventually(
            lambda: http_answers(f"http://127.0.0.1:{audit_port}/")
            and http_answers(f"http://127.0.0.1:{router_port}/healthz"),
            90, "audit and the router up", interval=0.1, details=lambda: _tails(procs.logs),
        )  # fmt: skip
        sidecar = DaprSidecarStandIn(
            [COMPONENTS / "bindings-input.yaml", COMPONENTS / "bindings-output.yaml"],
            app_url=f"http://127.0.0.1:{router_port}",
            brokers=kafka.bootstrap,
            app_id="todo-eventing",
        )
        sidecar.start()
        stack.callback(sidecar.stop)
        procs.start(
            "relay",
            [sys.executable, "-m", "gateway.cli", "eventing", "--no-router", "--port", "0"],
            **sidecar.env(),
            EVENT_TRANSPORT="dapr",
            DAPR_HEALTH_TIMEOUT="5",
        )

        def in_trace(name: str, service: str) -> Callable[[ReceivedSpan], bool]:
            return lambda s: s.trace_id == TRACE and s.name == name and s.service == service

        wanted = {
            "publish": in_trace("publish task-events", "eventing"),
            "deliver": in_trace("deliver audit", "eventing"),
            "audit": in_trace("audit consume", "audit"),
        }

        def found() -> dict[str, ReceivedSpan] | None:
            spans = collector.spans()
            matches = {
                key: next((s for s in spans if test(s)), None) for key, test in wanted.items()
            }
            return None if None in matches.values() else matches  # type: ignore[return-value]

        spans = eventually(
            found, 90, "the event's spans from relay, router and audit", interval=0.1,
            details=lambda: _tails(procs.logs),
        )  # fmt: skip
        assert [(spans[key].kind, spans[key].parent_id) for key in wanted] == [
            ("producer", ORIGIN),
            ("consumer", ORIGIN),
            ("consumer", ORIGIN),
        ]
        # The relay's gRPC call to the sidecar carried its publish span, so daprd's own spans
        # (and the context it writes into the Kafka record) join this trace.
        publish = spans["publish"]
        assert f"00-{TRACE}-{publish.span_id}-01" in sidecar.call_traceparents
