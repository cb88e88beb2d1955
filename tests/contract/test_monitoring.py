"""Contract tests of the metrics off the public route and of the opt-in PodMonitors.

Both cluster overlays give the gateway METRICS_PORT (its /metrics then answers 404 on the routed
port 8080, tests/integration/test_metrics_port.py); deploy/components/monitoring adds Prometheus
Operator PodMonitors. Those are checked against the PodMonitor CRD (vendored in
tests/contract/upstream/k8s-crds, strict) and against the pods they must find: the selector
matches the workload's pod labels, each named port is one the pod declares (Knative names the
app's port `user-port`; Dapr's injector names the sidecar's metrics port `dapr-metrics`, at
dapr.io/metrics-port), and the gateway's address rewrite points at its METRICS_PORT.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import cast

import pytest

from tests.contract.components import find, rendered_with
from tests.contract.rendering import Doc, knative_services, one, pod_labels, rendered
from tests.contract.validators.knative import QUEUE_PROXY_PORTS
from tests.contract.validators.schemas import schema_errors

PORT_NAMES = {"user-port", "dapr-metrics"}  # what Knative and Dapr name the ports they declare
APP_PORT = 8080


def metrics_port(docs: list[Doc]) -> str | None:
    return cast("str | None", find(docs, "ConfigMap", "todo-config")["data"].get("METRICS_PORT"))


def pod_monitor_errors(monitor: Doc, docs: list[Doc]) -> list[str]:
    """What would keep a PodMonitor from scraping the pods it is meant for."""
    name = monitor["metadata"]["name"]
    services = {
        d["metadata"]["name"]: d for d in docs if d["kind"] == "Service" and "template" in d["spec"]
    }
    wanted = monitor["spec"]["selector"].get("matchLabels", {})
    matched = [s for s in services.values() if wanted and wanted.items() <= pod_labels(s).items()]
    if len(matched) != 1 or monitor["metadata"]["namespace"] != matched[0]["metadata"]["namespace"]:
        return [f"{name}: selects {len(matched)} services in its namespace, not one"]
    notes = matched[0]["spec"]["template"]["metadata"].get("annotations", {})
    errors = []
    for endpoint in monitor["spec"]["podMetricsEndpoints"]:
        port = endpoint.get("port")
        if port not in PORT_NAMES or (
            port == "dapr-metrics" and "dapr.io/metrics-port" not in notes
        ):
            errors.append(f"{name}: the pod declares no port {port!r}")
        for rule in endpoint.get("relabelings", []):
            if rule.get("targetLabel") == "__address__":
                target = rule["replacement"].rsplit(":", 1)[-1]
                if target != metrics_port(docs):
                    errors.append(f"{name}: scrapes port {target}, not METRICS_PORT")
    return errors


def monitored() -> list[Doc]:
    return rendered_with("oke", "monitoring")


# ---------------------------------------------------------------------------------------------
# The gateway's metrics port


def test_the_oke_gateway_serves_metrics_off_its_public_port() -> None:
    port = metrics_port(rendered("oke"))
    assert port is not None and port.isdigit()
    gateway = knative_services("oke")["gateway"]
    # Knative routes the one declared port; the metrics port is not it, and clashes with nothing
    # else in the pod (queue-proxy, the Dapr sidecar's metrics port).
    assert gateway["spec"]["template"]["spec"]["containers"][0]["ports"] == [
        {"containerPort": APP_PORT}
    ]
    eventing = knative_services("oke")["eventing"]
    dapr_metrics = eventing["spec"]["template"]["metadata"]["annotations"]["dapr.io/metrics-port"]
    assert port not in {*QUEUE_PROXY_PORTS, dapr_metrics, str(APP_PORT)}


def test_no_cluster_serves_metrics_on_the_public_route() -> None:
    for overlay in ("minikube", "oke"):
        assert metrics_port(rendered(overlay)) == "9095", overlay


# ---------------------------------------------------------------------------------------------
# PodMonitors (opt-in)


def test_the_overlays_need_no_prometheus_operator_unless_they_opt_in() -> None:
    for overlay in ("minikube", "oke"):
        assert not [d for d in rendered(overlay) if d["apiVersion"].startswith("monitoring.")]


def test_the_pod_monitors_match_their_schema_and_their_pods() -> None:
    docs = monitored()
    monitors = [d for d in docs if d["kind"] == "PodMonitor"]
    assert {m["metadata"]["name"] for m in monitors} == {"gateway", "eventing"}
    for monitor in monitors:
        assert schema_errors(monitor) == [], monitor["metadata"]["name"]
        assert pod_monitor_errors(monitor, docs) == []
    ports = {e["port"] for e in find(docs, "PodMonitor", "eventing")["spec"]["podMetricsEndpoints"]}
    assert ports == {"user-port", "dapr-metrics"}  # eventing's own and its sidecar's


def test_the_monitoring_component_changes_nothing_else() -> None:
    without = [d for d in monitored() if d["kind"] != "PodMonitor"]
    assert without == rendered("oke")


def scrape_queue_proxy(monitor: Doc) -> None:
    monitor["spec"]["podMetricsEndpoints"][0]["relabelings"][0]["replacement"] = "${1}:9090"


BROKEN: list[tuple[str, str, Callable[[Doc], object]]] = [
    ("selector", "gateway", lambda m: m["spec"]["selector"]["matchLabels"].update(x="y")),
    ("no selector", "gateway", lambda m: m["spec"]["selector"].pop("matchLabels")),
    ("bad port", "eventing", lambda m: m["spec"]["podMetricsEndpoints"].append({"port": "x"})),
    ("queue-proxy's port", "gateway", scrape_queue_proxy),
    ("namespace", "eventing", lambda m: m["metadata"].update(namespace="default")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "breaks"), BROKEN, ids=[c for c, _, _ in BROKEN])
def test_a_pod_monitor_that_would_miss_its_pods_is_caught(
    case: str, name: str, breaks: Callable[[Doc], object]
) -> None:
    docs = monitored()
    monitor = copy.deepcopy(find(docs, "PodMonitor", name))
    breaks(monitor)
    assert pod_monitor_errors(monitor, docs), case


def test_a_pod_monitor_with_schema_errors_is_rejected() -> None:
    monitor = find(monitored(), "PodMonitor", "gateway")
    typo = copy.deepcopy(monitor)
    typo["spec"]["podMetricsEndpoints"][0]["intervall"] = "30s"
    wrong_type = copy.deepcopy(monitor)
    wrong_type["spec"]["podMetricsEndpoints"][0]["portNumber"] = "9095"
    bad_action = copy.deepcopy(monitor)
    bad_action["spec"]["podMetricsEndpoints"][0]["relabelings"][0]["action"] = "rewrite"
    for broken in (typo, wrong_type, bad_action):
        assert schema_errors(broken)


def test_the_eventing_dapr_metrics_port_is_the_annotated_one() -> None:
    eventing = one("oke", "Service", "eventing")
    notes = eventing["spec"]["template"]["metadata"]["annotations"]
    assert notes["dapr.io/metrics-port"] not in QUEUE_PROXY_PORTS
