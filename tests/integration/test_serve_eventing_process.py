"""`todo serve` with its eventing in a child process (EMBEDDED_EVENTING=process, the default).

A real `todo serve` on a database of its own (no other relay may apply its events), real HTTP:
events are applied by the child; a child that is killed is started again and events are still
applied; SIGTERM stops both processes, the child after finishing its batch; and a parent killed
with SIGKILL leaves no child behind (the child sees its stdin close).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx

from tests.support.serve_process import (
    WAIT_S,
    create_and_see_its_activity,
    eventing_children,
    proc_alive,
    serving,
)
from tests.support.waits import eventually, http_ok, log_tail


def test_the_child_applies_events_and_is_restarted_when_killed(
    tmp_path: Path, own_database: str
) -> None:
    with serving(tmp_path, own_database) as server:
        first = server.child()
        server.create_and_see_its_activity("ada", "applied by the child")
        # The router's counters live in the child; the gateway's /metrics shows them.
        metrics = httpx.get(f"{server.url}/metrics").text
        assert 'todo_router_deliveries_total{function="audit",result="applied"}' in metrics
        assert metrics.count("# TYPE process_cpu_seconds_total") == 1  # the gateway's only

        os.kill(first, signal.SIGKILL)
        eventually(
            lambda: not proc_alive(first), WAIT_S, "the child gone", details=log_tail(server.log)
        )
        second = server.child()
        assert second != first
        assert "eventing process exited; starting it again" in server.log.read_text()
        eventually(
            lambda: http_ok(f"{server.url}/readyz"),
            WAIT_S,
            "/readyz 200 again",
            details=log_tail(server.log),
        )
        server.create_and_see_its_activity("ada", "applied by the restarted child")


def test_sigterm_stops_the_gateway_and_its_child(tmp_path: Path, own_database: str) -> None:
    with serving(tmp_path, own_database) as server:
        child = server.child()
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=WAIT_S) == 0, server.log.read_text()
        assert not proc_alive(child)
        # It stopped on its own (finishing its batch), not killed after the grace period.
        text = server.log.read_text()
        assert "eventing process stopping" in text
        assert "killing it" not in text


def test_a_parent_killed_with_sigkill_leaves_no_child(tmp_path: Path, own_database: str) -> None:
    with serving(tmp_path, own_database) as server:
        child = server.child()
        server.proc.kill()
        server.proc.wait()
        eventually(
            lambda: not proc_alive(child), WAIT_S, "the orphaned child exited",
            details=log_tail(server.log),
        )  # fmt: skip


def test_an_app_built_with_process_starts_and_stops_its_own_child(
    tmp_path: Path, own_database: str
) -> None:
    from gateway.app import create_app
    from gateway.auth import LocalSigningKey
    from gateway.settings import Settings
    from tests.support.servers import serve_in_thread

    settings = Settings(
        data_dir=tmp_path,
        database_url=own_database,
        event_transport="local",
        embedded_eventing="process",
    )
    app = create_app(settings, own_database)
    with serve_in_thread(app) as url:
        eventually(lambda: http_ok(f"{url}/readyz"), WAIT_S, "/readyz 200")
        child = app.state.eventing_process.pid
        assert eventing_children(os.getpid()) == [child]
        token = LocalSigningKey.load_or_create(tmp_path).issue_token("grace")
        create_and_see_its_activity(url, token, "applied by the app's own child", None)
    assert not proc_alive(child)
