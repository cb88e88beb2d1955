"""Contract tests of the Knative Services of both overlays (minikube, oke): one per function plus
the gateway and eventing, how each scales, who may reach it, what it runs and with which env,
and eventing's Dapr sidecar. Knative's admission rules are checked by
tests/contract/validators/knative.py, which is also given services Knative would refuse.
"""

from __future__ import annotations

import inspect
import json

import pytest

from eventing.delivery import HttpFunction
from eventing.parking import Parking
from eventing.subscriptions import FUNCTIONS, SUBSCRIPTIONS
from tests.contract.manifests import (
    ALL_INTERFACES,
    APP_ID,
    AUTOSCALING,
    SERVICES,
    VISIBILITY,
    env_of,
)
from tests.contract.rendering import NAMESPACE, OVERLAYS, knative_services, one
from tests.contract.validators.knative import (
    KNATIVE_FLAGGED_POD_FIELDS,
    container,
    dapr_sidecar_errors,
    flags_the_docs_enable,
    knative_webhook_errors,
    revision_annotations,
)

# kn's `--security-context strict`, plus a read-only root filesystem.
STRICT_SECURITY_CONTEXT = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}
# Env names Knative sets itself and rejects in a Service.
KNATIVE_RESERVED_ENV = {"PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"}
# Knative's default max-revision-timeout-seconds.
MAX_TIMEOUT_SECONDS = 600
SECRET_ENV = {"DATABASE_URL", "EVENT_SIGNING_KEY"}  # from todo-secrets, one key each


def without_pool(env: dict[str, str | None]) -> dict[str, str | None]:
    """The env without the pool settings (DB_*), which tests/contract/test_budgets.py checks."""
    return {k: v for k, v in env.items() if not k.startswith("DB_")}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_there_is_a_knative_service_per_function_plus_gateway_and_eventing(overlay: str) -> None:
    services = knative_services(overlay)
    assert set(services) == SERVICES
    assert all(doc["metadata"]["namespace"] == NAMESPACE for doc in services.values())
    for sub in SUBSCRIPTIONS:
        assert sub.function in services, sub


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_functions_scale_to_zero_and_stay_inside_the_cluster(overlay: str, name: str) -> None:
    service = knative_services(overlay)[name]
    notes = revision_annotations(service)
    spec = service["spec"]["template"]["spec"]
    assert notes[AUTOSCALING + "min-scale"] == "0"
    assert int(notes[AUTOSCALING + "max-scale"]) >= 1
    assert int(notes[AUTOSCALING + "target"]) <= spec["containerConcurrency"]
    assert service["metadata"]["labels"][VISIBILITY] == "cluster-local"
    assert 0 < spec["timeoutSeconds"] <= MAX_TIMEOUT_SECONDS
    assert without_pool(env_of(service)) == {
        "HOST": ALL_INTERFACES,
        "FUNCTION_TARGET": "handle",
        "FUNCTION_SOURCE": f"functions/{name}/main.py",
        **dict.fromkeys(SECRET_ENV),
    }
    # functions-framework answers GET with 404/405 for a CloudEvent function: probe the port.
    assert container(service)["readinessProbe"] == {"tcpSocket": {"port": 8080}}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_function_manifests_differ_only_in_their_name(overlay: str) -> None:
    def shape(name: str) -> str:
        text = json.dumps(knative_services(overlay)[name], sort_keys=True)
        return (
            text.replace(f'"{name}"', '"NAME"')
            .replace(f'"todo-{name}"', '"todo-NAME"')
            .replace(f"functions/{name}/", "functions/NAME/")
        )

    assert len({shape(name) for name in FUNCTIONS}) == 1


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_is_public_and_probes_its_health_endpoints(overlay: str) -> None:
    gateway = knative_services(overlay)["gateway"]
    assert VISIBILITY not in gateway["metadata"].get("labels", {})
    box = container(gateway)
    assert box["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert box["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert without_pool(env_of(gateway)) == {
        "HOST": ALL_INTERFACES,
        "TODO_ROLE": "gateway",
        "OPENAI_API_KEY": None,
        **dict.fromkeys(SECRET_ENV),
    }
    assert int(revision_annotations(gateway)[AUTOSCALING + "min-scale"]) >= 1


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_knative_would_admit_every_service(overlay: str) -> None:
    services = knative_services(overlay)
    refused = {name: knative_webhook_errors(doc) for name, doc in services.items()}
    assert {name: errors for name, errors in refused.items() if errors} == {}


def test_the_knative_webhook_check_notices_refused_fields() -> None:
    eventing = knative_services("minikube")["eventing"]
    spec = eventing["spec"]["template"]["spec"]
    spec["automountServiceAccountToken"] = True
    spec["hostNetwork"] = True
    spec["containers"][0]["securityContext"]["privileged"] = False
    spec["volumes"].append({"name": "h", "hostPath": {"path": "/"}})
    assert len(knative_webhook_errors(eventing)) == 4


def test_the_oke_gateways_spread_over_nodes_and_zones() -> None:
    spec = knative_services("oke")["gateway"]["spec"]["template"]["spec"]
    spread = {c["topologyKey"]: c for c in spec["topologySpreadConstraints"]}
    assert set(spread) == {"kubernetes.io/hostname", "topology.kubernetes.io/zone"}
    for constraint in spread.values():
        assert constraint["labelSelector"]["matchLabels"] == {"app.kubernetes.io/name": "gateway"}
        assert constraint["whenUnsatisfiable"] == "ScheduleAnyway"  # a drain still schedules
    # Knative refuses the field unless its feature flag is on (the docs turn it on).
    assert KNATIVE_FLAGGED_POD_FIELDS["topologySpreadConstraints"] in flags_the_docs_enable()


def test_the_oke_overlay_keeps_two_gateways_up_through_a_drain() -> None:
    gateway = knative_services("oke")["gateway"]
    assert revision_annotations(gateway)[AUTOSCALING + "min-scale"] == "2"
    budget = one("oke", "PodDisruptionBudget", "gateway")["spec"]
    labels = gateway["spec"]["template"]["metadata"]["labels"]
    assert budget["minAvailable"] == 1
    assert budget["selector"]["matchLabels"].items() <= labels.items()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_eventing_is_always_on_with_its_dapr_sidecar(overlay: str) -> None:
    eventing = knative_services(overlay)["eventing"]
    notes = revision_annotations(eventing)
    assert int(notes[AUTOSCALING + "min-scale"]) >= 1
    assert notes["dapr.io/enabled"] == "true"
    assert notes["dapr.io/app-id"] == APP_ID
    assert notes["dapr.io/app-port"] == "8080"
    assert notes["dapr.io/metrics-port"] == "9092"
    # The restricted Pod Security level needs a seccomp profile on the injected daprd too.
    assert notes["dapr.io/sidecar-seccomp-profile-type"] == "RuntimeDefault"
    assert dapr_sidecar_errors(eventing) == []
    assert eventing["metadata"]["labels"][VISIBILITY] == "cluster-local"
    box = container(eventing)
    assert box["readinessProbe"] == {"httpGet": {"path": "/readyz", "port": 8080}}
    assert box["livenessProbe"] == {"httpGet": {"path": "/healthz", "port": 8080}}
    assert without_pool(env_of(eventing)) == {
        "HOST": ALL_INTERFACES,
        "TODO_ROLE": "eventing",
        "APP_API_TOKEN": None,
        **dict.fromkeys(SECRET_ENV),
    }
    # The sidecar: sized, JSON logs, stops the bindings while the app fails /healthz, and on
    # shutdown waits out a delivery in flight (2 inline tries of the 30 s HTTP timeout).
    assert {"dapr.io/sidecar-cpu-request", "dapr.io/sidecar-memory-request"} <= set(notes)
    assert notes["dapr.io/sidecar-memory-limit"]
    assert notes["dapr.io/log-as-json"] == "true"
    assert notes["dapr.io/enable-app-health-check"] == "true"
    assert notes["dapr.io/app-health-check-path"] == "/healthz"
    http_timeout = inspect.signature(HttpFunction).parameters["timeout"].default
    delivery = Parking().inline_attempts * http_timeout
    grace = int(notes["dapr.io/graceful-shutdown-seconds"])
    assert delivery < grace < eventing["spec"]["template"]["spec"].get("timeoutSeconds", 300)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_eventing_knows_the_dapr_sidecar_by_the_app_api_token(overlay: str) -> None:
    """Dapr sends the token of `dapr.io/app-token-secret` with every delivery; eventing reads the
    same secret as APP_API_TOKEN, so only the sidecar can post events to its binding routes."""
    eventing = knative_services(overlay)["eventing"]
    secret = revision_annotations(eventing)["dapr.io/app-token-secret"]
    token = next(e for e in container(eventing)["env"] if e["name"] == "APP_API_TOKEN")
    assert token["valueFrom"]["secretKeyRef"] == {"name": secret, "key": "token"}


def test_a_dapr_metrics_port_on_the_queue_proxy_is_rejected() -> None:
    eventing = knative_services("minikube")["eventing"]
    eventing["spec"]["template"]["metadata"]["annotations"]["dapr.io/metrics-port"] = "9090"
    assert dapr_sidecar_errors(eventing)
    del eventing["spec"]["template"]["metadata"]["annotations"]["dapr.io/metrics-port"]
    assert dapr_sidecar_errors(eventing)


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_runs_the_overlay_image_with_its_config(overlay: str, name: str) -> None:
    services = knative_services(overlay)
    box = container(services[name])
    images = {container(s)["image"] for s in services.values()}
    job = one(overlay, "Job")
    images |= {c["image"] for c in job["spec"]["template"]["spec"]["containers"]}
    assert len(images) == 1
    assert box["envFrom"] == [{"configMapRef": {"name": "todo-config"}}]
    assert not set(env_of(services[name])) & KNATIVE_RESERVED_ENV
    assert box["ports"] == [{"containerPort": 8080}]
    for probe in ("readinessProbe", "livenessProbe"):
        for action in ("httpGet", "tcpSocket"):
            if action in box.get(probe, {}):
                assert box[probe][action]["port"] == 8080, (name, probe)
    assert box["securityContext"] == STRICT_SECURITY_CONTEXT
    spec = services[name]["spec"]["template"]["spec"]
    assert spec.get("timeoutSeconds", 0) <= MAX_TIMEOUT_SECONDS


def test_the_overlays_pin_their_own_image() -> None:
    gateway = {overlay: container(knative_services(overlay)["gateway"]) for overlay in OVERLAYS}
    assert gateway["minikube"]["image"] == "dev.local/todo-events:dev"
    assert gateway["oke"]["image"].split("/")[0].endswith(".ocir.io")
