"""METRICS_PORT: Prometheus metrics on a port of their own, and 404 for /metrics on the app's.

Real servers throughout: the gateway app on uvicorn with its metrics listener, and a real
`todo serve` process whose eventing child's counters must show on the metrics port too. Without
METRICS_PORT nothing changes (/metrics beside the API, as tests/integration/test_health.py
checks with the session gateway).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from gateway.app import create_app
from gateway.metrics_listener import MetricsPortUnavailable, start_metrics_listener
from gateway.settings import Settings
from tests.support.serve_process import WAIT_S, serving
from tests.support.servers import free_port, serve_in_thread
from tests.support.waits import eventually


@contextmanager
def gateway_with_metrics_port(tmp_path: Path, database_url: str) -> Iterator[tuple[str, str]]:
    """(app URL, metrics URL) of a gateway started with METRICS_PORT set."""
    port = free_port()
    settings = Settings(data_dir=tmp_path, database_url=database_url, metrics_port=port)
    with serve_in_thread(create_app(settings, database_url)) as url:
        yield url, f"http://127.0.0.1:{port}"


def refused(url: str) -> bool:
    try:
        httpx.get(url, timeout=2)
    except httpx.ConnectError:
        return True
    return False


async def test_metrics_leave_the_app_port_for_their_own(tmp_path: Path, database_url: str) -> None:
    with gateway_with_metrics_port(tmp_path, database_url) as (app_url, metrics_url):
        async with httpx.AsyncClient(base_url=app_url) as app:
            assert (await app.get("/healthz")).status_code == 200
            hidden = await app.get("/metrics")
            assert hidden.status_code == 404
            assert hidden.json()["error"]["code"] == "not_found"
        async with httpx.AsyncClient(base_url=metrics_url) as scrape:
            shown = await scrape.get("/metrics")
        assert shown.status_code == 200
        assert shown.headers["content-type"].startswith("text/plain")
        # The app's own request counters, including the /healthz just answered on the app port.
        assert 'http_requests_total{method="GET",route="/healthz",status="200"}' in shown.text
        assert "# TYPE process_cpu_seconds_total" in shown.text
    # The listener stops with the app and gives its port back.
    assert refused(f"{metrics_url}/metrics")


async def test_without_metrics_port_metrics_stay_on_the_app_port(api_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert "http_requests_total" in answer.text


def test_a_taken_metrics_port_stops_the_start_with_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(MetricsPortUnavailable, match=f"METRICS_PORT {port}"):
            start_metrics_listener("127.0.0.1", port)


def test_metrics_port_settings() -> None:
    assert Settings(metrics_port="").metrics_port is None  # METRICS_PORT= means unset
    assert Settings(metrics_port="9095").metrics_port == 9095
    for bad in ("0", "70000", "http"):
        with pytest.raises(ValidationError, match="metrics_port"):
            Settings(metrics_port=bad)
    with pytest.raises(ValidationError, match="METRICS_PORT must differ from PORT"):
        Settings(port=9095, metrics_port=9095)


def test_todo_serve_shows_its_eventing_child_metrics_on_the_metrics_port(
    tmp_path: Path,
    own_database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    metrics_port = free_port()
    monkeypatch.setenv("METRICS_PORT", str(metrics_port))
    with serving(tmp_path, own_database) as server:
        server.create_and_see_its_activity("ada", "counted by the child")
        assert httpx.get(f"{server.url}/metrics").status_code == 404
        scrape = f"http://127.0.0.1:{metrics_port}/metrics"
        applied = 'todo_router_deliveries_total{function="audit",result="applied"}'

        def scraped_with_child_counters() -> str:
            text = httpx.get(scrape).text
            return text if applied in text else ""

        text = eventually(scraped_with_child_counters, WAIT_S, "the child's counters")
        assert text.count("# TYPE process_cpu_seconds_total") == 1  # the gateway's only
