"""Prometheus metrics on a port of their own (METRICS_PORT), beside the app's port.

Knative routes only a Service's declared container port, so metrics served on a second port
cannot be reached through the public route: only from inside the cluster (Prometheus scraping
the pod). prometheus_client's own WSGI server does the serving, in a thread of this process, and
reads the same default registry as the app's /metrics would: the gateway's counters and, under
`todo serve`, the eventing child's (gateway/eventing_process.py's ChildMetrics is registered
there).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from wsgiref.simple_server import WSGIServer

from prometheus_client import REGISTRY, start_http_server

log = logging.getLogger(__name__)


class MetricsPortUnavailable(RuntimeError):
    """METRICS_PORT could not be bound (taken, or not allowed)."""


@dataclass
class MetricsListener:
    """A running metrics server; `stop()` closes its socket and ends its thread."""

    server: WSGIServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    def stop(self) -> None:
        """Stop serving and release the port (blocks until the serving loop has ended)."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_metrics_listener(host: str, port: int) -> MetricsListener:
    """Serve the default registry on http://HOST:PORT/metrics in a daemon thread."""
    try:
        server, thread = start_http_server(port, addr=host, registry=REGISTRY)
    except OSError as exc:
        raise MetricsPortUnavailable(f"METRICS_PORT {port} on {host}: {exc.strerror}") from exc
    log.info("metrics on http://%s:%d/metrics", host, server.server_port)
    return MetricsListener(server, thread)
