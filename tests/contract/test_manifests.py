"""Contract tests of the cluster deployment (Dockerfile, deploy/, knative/, dapr/, docs/deploy.md).

The manifests are checked as the cluster gets them: each overlay of deploy/overlays (minikube,
oke) rendered with `kubectl kustomize`, plus the self-hosted Dapr resources of dapr/selfhosted
(themselves rendered from deploy/overlays/selfhosted). Each object is checked against what will
read it: the Knative and Dapr CRDs of
tests/contract/upstream/k8s-crds (made strict: an unknown field is an error, as `kubectl apply
--validate=strict` makes it), the documented metadata of `bindings.kafka` in
tests/contract/upstream/dapr-metadata, and kubernetes-validate's schemas for core objects.
Names are checked against eventing/subscriptions.py, and knative/deploy.sh against the rendered
overlays: its --dry-run output names the files it applies and gives `kn service create
--filename`, and those files must hold exactly the overlay's objects. The hardening (accounts,
securityContext, NetworkPolicies, secrets, pinned images) is checked in test_hardening.py.
Every checker is also given a broken copy of a real manifest, so a checker that accepts anything
fails here too.
"""

from __future__ import annotations

import ast
import copy
import inspect
import json
import os
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventing.delivery import HttpFunction
from eventing.parking import Parking
from eventing.subscriptions import FUNCTIONS, SUBSCRIPTIONS, TOPICS, output_binding
from tests.contract.rendering import (
    DEPLOY,
    KNATIVE_SERVICE,
    NAMESPACE,
    OVERLAYS,
    ROOT,
    Doc,
    key_of,
    knative_services,
    kustomize,
    load,
    one,
    rendered,
)
from tests.contract.validators.dapr import (
    kafka_binding_errors,
    resiliency_errors,
)
from tests.contract.validators.dockerfile import dockerfile_stages
from tests.contract.validators.kn import KnArgvError, kn_creates, service_file_errors
from tests.contract.validators.knative import (
    KNATIVE_FLAGGED_POD_FIELDS,
    container,
    dapr_sidecar_errors,
    flags_the_docs_enable,
    knative_webhook_errors,
    revision_annotations,
)
from tests.contract.validators.schemas import (
    crd_validators,
    schema_errors,
)
from tests.contract.validators.secrets import (
    FROM_LITERAL,
    SECRETISH,
    text_secret_findings,
    yaml_secret_findings,
)

KNATIVE = ROOT / "knative"
DAPR = ROOT / "dapr"
SELFHOSTED = DAPR / "selfhosted" / "components.yaml"
APP_ID = "todo-eventing"
SERVICES = {*FUNCTIONS, "gateway", "eventing"}
# Where the Dapr resources are: the two cluster overlays and the self-hosted rendering.
DAPR_FLAVOURS = (*OVERLAYS, "selfhosted")
VISIBILITY = "networking.knative.dev/visibility"
AUTOSCALING = "autoscaling.knative.dev/"
# kn's `--security-context strict`, plus a read-only root filesystem.
STRICT_SECURITY_CONTEXT = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}
# Env names Knative sets itself and rejects in a Service.
# What a container must listen on to be reached from outside it (every process defaults to
# 127.0.0.1 and is told this explicitly by the image and the manifests).
ALL_INTERFACES = "0.0.0.0"  # noqa: S104
KNATIVE_RESERVED_ENV = {"PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"}
# Knative's default max-revision-timeout-seconds.
MAX_TIMEOUT_SECONDS = 600


# ---------------------------------------------------------------------------------------------
# Schemas: CRDs (strict), core objects (kubernetes-validate), Kafka binding metadata


# ---------------------------------------------------------------------------------------------
# The manifests


def config_maps() -> dict[str, Doc]:
    """overlay (minikube, oke) -> its rendered todo-config."""
    return {overlay: one(overlay, "ConfigMap", "todo-config") for overlay in OVERLAYS}


def dapr_docs(flavour: str) -> list[Doc]:
    """The Dapr resources of an overlay, or of dapr/selfhosted."""
    docs = load(SELFHOSTED) if flavour == "selfhosted" else rendered(flavour)
    return [doc for doc in docs if doc["apiVersion"].startswith("dapr.io/")]


def kafka_bindings(flavour: str) -> dict[str, Doc]:
    return {
        doc["metadata"]["name"]: doc
        for doc in dapr_docs(flavour)
        if doc["kind"] == "Component" and doc["spec"]["type"] == "bindings.kafka"
    }


def items_of(component: Doc) -> dict[str, Doc]:
    return {item["name"]: item for item in component["spec"]["metadata"]}


def value_of(component: Doc, field: str) -> Any:
    return items_of(component).get(field, {}).get("value")


def env_of(service: Doc) -> dict[str, Any]:
    return {item["name"]: item.get("value") for item in container(service).get("env", [])}


def all_manifests() -> list[tuple[str, Doc]]:
    """(where, object) of every rendered overlay and of dapr/selfhosted."""
    found = [(f"deploy/overlays/{ov}", doc) for ov in OVERLAYS for doc in rendered(ov)]
    return found + [(str(SELFHOSTED.relative_to(ROOT)), doc) for doc in load(SELFHOSTED)]


# ---------------------------------------------------------------------------------------------
# Schema tests


@pytest.mark.parametrize(
    ("where", "doc"),
    all_manifests(),
    ids=[f"{where}:{doc['kind']}/{doc['metadata']['name']}" for where, doc in all_manifests()],
)
def test_every_manifest_matches_its_schema(where: str, doc: Doc) -> None:
    assert schema_errors(doc) == [], where


def test_the_schemas_cover_every_kind_we_ship() -> None:
    kinds = {(doc["apiVersion"], doc["kind"]) for _, doc in all_manifests()}
    crds = set(crd_validators())
    assert {
        ("serving.knative.dev/v1", "Service"),
        ("dapr.io/v1alpha1", "Component"),
        ("dapr.io/v1alpha1", "Resiliency"),
        ("dapr.io/v1alpha1", "Configuration"),
    } <= kinds & crds
    # The rest are core objects kubernetes-validate knows (it raises for a kind it does not).
    assert {kind for _, kind in kinds - crds} == {
        "Namespace",
        "ConfigMap",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "Job",
        "NetworkPolicy",
        "Deployment",  # PostgreSQL on Minikube
        "Service",
        "PodDisruptionBudget",  # the gateway's on OKE
    }


BROKEN_SCHEMA: list[tuple[str, Callable[[Doc], object]]] = [
    ("knative field typo", lambda d: d["spec"]["template"]["spec"].update(containerConcurency=5)),
    ("knative wrong type", lambda d: d["spec"]["template"]["spec"].update(timeoutSeconds="60")),
    (
        "container field typo",
        lambda d: d["spec"]["template"]["spec"]["containers"][0].update(envFromm=[]),
    ),
    ("metadata typo", lambda d: d["metadata"].update(lables={"a": "b"})),
]


@pytest.mark.parametrize(("case", "breaks"), BROKEN_SCHEMA, ids=[c for c, _ in BROKEN_SCHEMA])
def test_a_broken_knative_service_is_rejected(case: str, breaks: Callable[[Doc], object]) -> None:
    doc = knative_services("oke")["recur"]
    assert schema_errors(doc) == []
    breaks(doc)
    assert schema_errors(doc), case


def test_broken_dapr_and_core_objects_are_rejected() -> None:
    by_kind = {doc["kind"]: doc for doc in dapr_docs("oke")}
    component = copy.deepcopy(by_kind["Component"])
    component["spec"]["metdata"] = component["spec"].pop("metadata")
    resiliency = copy.deepcopy(by_kind["Resiliency"])
    resiliency["spec"]["policies"]["retries"]["publish"]["maxRetries"] = "5"
    configuration = copy.deepcopy(by_kind["Configuration"])
    configuration["spec"]["api"]["allowed"][0].pop("version")
    config_map = copy.deepcopy(config_maps()["minikube"])
    config_map["data"]["ROUTER_MAX_ATTEMPTS"] = 5
    job = one("minikube", "Job")
    job["spec"]["template"]["spec"]["restartPolicy"] = ["Never"]
    for broken in (component, resiliency, configuration, config_map, job):
        assert schema_errors(broken), broken["kind"]


# ---------------------------------------------------------------------------------------------
# Dapr Kafka bindings


@pytest.mark.parametrize("flavour", DAPR_FLAVOURS)
def test_every_kafka_binding_uses_documented_metadata_only(flavour: str) -> None:
    bindings = kafka_bindings(flavour)
    assert bindings
    assert [error for b in bindings.values() for error in kafka_binding_errors(b)] == []


BROKEN_BINDING: list[tuple[str, str, Callable[[dict[str, Doc]], object]]] = [
    ("oke", "SCRAM spelling", lambda m: m["saslMechanism"].update(value="SCRAM-SHA-256")),
    ("oke", "PLAINTEXT", lambda m: m["saslMechanism"].update(value="PLAINTEXT")),
    (
        "oke",
        "password in clear",
        lambda m: m.update(saslPassword={"name": "saslPassword", "value": "hunter2"}),
    ),
    ("oke", "no mechanism", lambda m: m.pop("saslMechanism")),
    ("minikube", "unknown authType", lambda m: m["authType"].update(value="plain")),
    ("minikube", "no authType", lambda m: m.pop("authType")),
    (
        "minikube",
        "unknown field",
        lambda m: m.update(consumerGroupID={"name": "consumerGroupID", "value": "x"}),
    ),
    (
        "minikube",
        "other profile's field",
        lambda m: m.update(saslUsername={"name": "saslUsername", "value": "x"}),
    ),
    ("minikube", "no brokers", lambda m: m.pop("brokers")),
    (
        "minikube",
        "output-only field",
        lambda m: m.update(publishTopic={"name": "publishTopic", "value": "x"}),
    ),
    ("minikube", "bad bool", lambda m: m["consumeRetryEnabled"].update(value="yes")),
    ("minikube", "unquoted bool", lambda m: m["consumeRetryEnabled"].update(value=True)),
    ("minikube", "bad offset", lambda m: m["initialOffset"].update(value="earliest")),
    ("minikube", "no direction", lambda m: m.pop("direction")),
    ("minikube", "no topics", lambda m: m.pop("topics")),
]


@pytest.mark.parametrize(
    ("flavour", "case", "breaks"), BROKEN_BINDING, ids=[c for _, c, _ in BROKEN_BINDING]
)
def test_a_broken_kafka_binding_is_rejected(
    flavour: str, case: str, breaks: Callable[[dict[str, Doc]], object]
) -> None:
    component = copy.deepcopy(kafka_bindings(flavour)[SUBSCRIPTIONS[0].binding])
    assert kafka_binding_errors(component) == []
    fields = items_of(component)
    breaks(fields)
    component["spec"]["metadata"] = list(fields.values())
    assert kafka_binding_errors(component), case


def test_an_output_binding_without_its_topic_is_rejected() -> None:
    component = copy.deepcopy(kafka_bindings("minikube")[output_binding(TOPICS[0])])
    component["spec"]["metadata"] = [
        item for item in component["spec"]["metadata"] if item["name"] != "publishTopic"
    ]
    assert kafka_binding_errors(component)


@pytest.mark.parametrize("flavour", DAPR_FLAVOURS)
def test_every_subscription_has_its_input_binding(flavour: str) -> None:
    bindings = kafka_bindings(flavour)
    for sub in SUBSCRIPTIONS:
        component = bindings.get(sub.binding)
        assert component is not None, f"{flavour}: no input binding {sub.binding}"
        assert value_of(component, "direction") == "input"
        assert value_of(component, "topics") == sub.topic
        assert value_of(component, "consumerGroup") == sub.consumer_group
        # Replays what was published before a group's first start; never skips a failure.
        assert value_of(component, "initialOffset") == "oldest"
        assert value_of(component, "consumeRetryEnabled") == "true"
        assert component["scopes"] == [APP_ID]


@pytest.mark.parametrize("flavour", DAPR_FLAVOURS)
def test_every_topic_has_one_output_binding(flavour: str) -> None:
    bindings = kafka_bindings(flavour)
    for topic in TOPICS:
        component = bindings.get(output_binding(topic))
        assert component is not None, f"{flavour}: no output binding for {topic}"
        assert value_of(component, "direction") == "output"
        assert value_of(component, "publishTopic") == topic
        assert component["scopes"] == [APP_ID]
    expected = {sub.binding for sub in SUBSCRIPTIONS} | {output_binding(t) for t in TOPICS}
    assert set(bindings) == expected, "bindings no subscription or topic accounts for"


@pytest.mark.parametrize("flavour", DAPR_FLAVOURS)
def test_consumer_groups_are_unique(flavour: str) -> None:
    groups = [
        value_of(b, "consumerGroup")
        for b in kafka_bindings(flavour).values()
        if value_of(b, "direction") == "input"
    ]
    assert len(groups) == len(set(groups)) == len(SUBSCRIPTIONS)


def test_local_redpanda_has_no_auth_and_no_tls() -> None:
    for flavour in ("minikube", "selfhosted"):
        for component in kafka_bindings(flavour).values():
            assert value_of(component, "authType") == "none"
            assert value_of(component, "disableTls") == "true"


def test_redpanda_cloud_uses_scram_over_tls_with_secret_credentials() -> None:
    stores = {
        doc["metadata"]["name"]: doc
        for doc in dapr_docs("oke")
        if doc["kind"] == "Component" and doc["spec"]["type"] == "secretstores.kubernetes"
    }
    for component in kafka_bindings("oke").values():
        fields = items_of(component)
        assert value_of(component, "authType") == "password"
        assert value_of(component, "saslMechanism") == "SHA-256"
        assert value_of(component, "disableTls") in (None, "false"), "TLS must stay on"
        for secret in ("saslUsername", "saslPassword"):
            assert "secretKeyRef" in fields[secret], secret
        assert component["auth"]["secretStore"] in stores
    for store in stores.values():
        assert store["scopes"] == [APP_ID]


def test_the_eventing_account_may_read_exactly_the_secrets_the_cloud_bindings_use() -> None:
    referenced = {
        item["secretKeyRef"]["name"]
        for component in kafka_bindings("oke").values()
        for item in component["spec"]["metadata"]
        if "secretKeyRef" in item
    }
    role = one("oke", "Role")
    (rule,) = role["rules"]
    assert set(rule["resourceNames"]) == referenced
    assert rule["verbs"] == ["get"]
    binding = one("oke", "RoleBinding")
    account = knative_services("oke")["eventing"]["spec"]["template"]["spec"]["serviceAccountName"]
    assert binding["roleRef"]["name"] == role["metadata"]["name"]
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": account, "namespace": NAMESPACE}
    ]


CONNECTION_FIELDS = {"brokers", "authType", "disableTls", "saslUsername", "saslPassword",
                     "saslMechanism"}  # fmt: skip


def _portable(component: Doc) -> Doc:
    """A binding without what differs by cluster: where the broker is and how to log in."""
    return {
        "name": component["metadata"]["name"],
        "scopes": component["scopes"],
        "metadata": sorted(
            (item["name"], item["value"])
            for item in component["spec"]["metadata"]
            if item["name"] not in CONNECTION_FIELDS
        ),
    }


def test_the_three_binding_sets_differ_only_in_connection_settings() -> None:
    portable = {
        flavour: sorted(map(_portable, kafka_bindings(flavour).values()), key=str)
        for flavour in DAPR_FLAVOURS
    }
    assert portable["minikube"] == portable["oke"] == portable["selfhosted"]


# ---------------------------------------------------------------------------------------------
# Resiliency and Configuration


@pytest.mark.parametrize("flavour", DAPR_FLAVOURS)
def test_resiliency_covers_every_binding(flavour: str) -> None:
    (resiliency,) = [doc for doc in dapr_docs(flavour) if doc["kind"] == "Resiliency"]
    bindings = kafka_bindings(flavour)
    assert resiliency_errors(resiliency, set(bindings)) == []
    assert resiliency["scopes"] == [APP_ID]
    targets = resiliency["spec"]["targets"]["components"]
    for name, component in bindings.items():
        side = "outbound" if value_of(component, "direction") == "output" else "inbound"
        assert set(targets[name][side]) == {"timeout", "retry", "circuitBreaker"}, name


def test_a_resiliency_pointing_nowhere_is_rejected() -> None:
    (resiliency,) = [doc for doc in dapr_docs("minikube") if doc["kind"] == "Resiliency"]
    broken = copy.deepcopy(resiliency)
    broken["spec"]["targets"]["components"]["task-events-out"]["outbound"]["retry"] = "nope"
    broken["spec"]["policies"]["timeouts"]["publish"] = "10 seconds"
    assert len(resiliency_errors(broken, set(kafka_bindings("minikube")))) == 2
    assert resiliency_errors(resiliency, {"only-this"})


def test_resiliency_is_the_same_everywhere() -> None:
    specs = [
        next(d for d in dapr_docs(flavour) if d["kind"] == "Resiliency")["spec"]
        for flavour in DAPR_FLAVOURS
    ]
    assert specs[0] == specs[1] == specs[2]


@pytest.mark.parametrize("flavour", OVERLAYS)
def test_the_eventing_sidecar_configuration_exists_and_allows_bindings(flavour: str) -> None:
    wanted = revision_annotations(knative_services(flavour)["eventing"])["dapr.io/config"]
    configs = {d["metadata"]["name"]: d for d in dapr_docs(flavour) if d["kind"] == "Configuration"}
    allowed = configs[wanted]["spec"]["api"]["allowed"]
    # The Python SDK's invoke_binding is gRPC: without this rule the relay could not publish.
    assert {"name": "bindings", "version": "v1", "protocol": "grpc"} in allowed


# ---------------------------------------------------------------------------------------------
# Knative Services (both overlays)

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


# ---------------------------------------------------------------------------------------------
# ConfigMaps


def test_the_configmaps_route_every_function_and_hold_no_secrets() -> None:
    maps = config_maps()
    assert set(maps) == {"minikube", "oke"}
    for target, config in maps.items():
        services = knative_services(target)
        assert config["metadata"]["namespace"] == NAMESPACE, target
        data = config["data"]
        assert data["EVENT_TRANSPORT"] == "dapr"
        assert int(data["ROUTER_MAX_ATTEMPTS"]) >= 1
        for fn in FUNCTIONS:
            url = data[f"FUNCTION_URL_{fn.upper()}"]
            assert url == f"http://{fn}.{NAMESPACE}.svc.cluster.local", target
            assert services[fn]["metadata"]["labels"][VISIBILITY] == "cluster-local"
        assert not [key for key in data if SECRETISH.search(key)], target
    assert set(maps["oke"]["data"]) - set(maps["minikube"]["data"]) == {
        "AUTH_JWKS_URL",
        "AUTH_ISSUER",
        "AUTH_AUDIENCE",
    }
    assert set(maps["minikube"]["data"]) <= set(maps["oke"]["data"])


# ---------------------------------------------------------------------------------------------
# No secret values anywhere


def test_no_manifest_holds_a_secret_value() -> None:
    findings = [
        f"{where}: {f}" for where, doc in all_manifests() for f in yaml_secret_findings(doc)
    ]
    assert findings == []


def test_no_script_doc_or_run_file_holds_a_secret_value() -> None:
    paths = [
        ROOT / "Dockerfile",
        ROOT / ".dockerignore",
        ROOT / "docker" / "entrypoint.sh",
        KNATIVE / "deploy.sh",
        KNATIVE / "teardown.sh",
        DAPR / "dapr.yaml",
        ROOT / "docs" / "deploy.md",
    ]
    findings = [f"{p.name}: {f}" for p in paths for f in text_secret_findings(p.read_text())]
    assert findings == []
    run_file = yaml.safe_load((DAPR / "dapr.yaml").read_text())
    envs = [run_file["common"]["env"], *(app["env"] for app in run_file["apps"])]
    assert not [key for env in envs for key in env if SECRETISH.search(key)]


@pytest.mark.parametrize(
    "leak",
    [
        "DATABASE_URL=postgresql://todo:s3cret@db:5432/todo",
        "kubectl create secret generic x --from-literal=OPENAI_API_KEY=sk-abc",
        "key: sk-proj-abcdefghijklmnopqrstuvwx",
        "-----BEGIN PRIVATE KEY-----",
    ],
)
def test_the_secret_scanner_finds_leaks(leak: str) -> None:
    assert text_secret_findings(leak)
    clean = 'DATABASE_URL="postgresql://todo:${PG_PASSWORD}@db/todo" --from-literal=DSN="$DSN"'
    assert text_secret_findings(clean) == []


def test_the_manifest_scanner_finds_leaks() -> None:
    service = knative_services("minikube")["gateway"]
    container_ = service["spec"]["template"]["spec"]["containers"][0]
    container_["env"].append({"name": "DATABASE_URL", "value": "postgresql://db/todo"})
    assert yaml_secret_findings(service)
    component = copy.deepcopy(kafka_bindings("oke")[SUBSCRIPTIONS[0].binding])
    component["spec"]["metadata"].append({"name": "saslPassword", "value": "x"})
    assert yaml_secret_findings(component)
    assert yaml_secret_findings({"kind": "Secret", "metadata": {"name": "s"}, "data": {}})


# ---------------------------------------------------------------------------------------------
# knative/deploy.sh deploys the rendered overlay


def run_script(
    *args: str, image: str | None = None, render_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("IMAGE", "DEPLOY_RENDER_DIR")}
    if image is not None:
        env["IMAGE"] = image
    if render_dir is not None:
        env["DEPLOY_RENDER_DIR"] = str(render_dir)
    return subprocess.run(
        ["bash", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def dry_run(target: str, render_dir: Path, image: str | None = None) -> list[list[str]]:
    """The commands `knative/deploy.sh TARGET --dry-run` would run, as argument lists."""
    result = run_script(
        str(KNATIVE / "deploy.sh"), target, "--dry-run", image=image, render_dir=render_dir
    )
    assert result.returncode == 0, result.stderr
    return [shlex.split(line) for line in result.stdout.splitlines() if line.strip()]


def identity(doc: Doc) -> tuple[str, str, str, str]:
    meta = doc["metadata"]
    return (*key_of(doc), meta.get("namespace", ""), meta["name"])


def with_image(docs: list[Doc], image: str) -> list[Doc]:
    """The objects with the app image (the gateway's) replaced, as IMAGE=... does."""
    (gateway,) = [
        d for d in docs if key_of(d) == KNATIVE_SERVICE and d["metadata"]["name"] == "gateway"
    ]
    app_image = gateway["spec"]["template"]["spec"]["containers"][0]["image"]
    text = json.dumps(docs).replace(json.dumps(app_image), json.dumps(image))
    replaced: list[Doc] = json.loads(text)
    return replaced


@pytest.mark.parametrize("target", OVERLAYS)
def test_deploy_script_creates_each_service_from_the_rendered_overlay(
    target: str, tmp_path: Path
) -> None:
    image = "fra.ocir.io/tenancy/todo-events:1.2.3" if target == "oke" else None
    created = kn_creates(dry_run(target, tmp_path, image=image), tmp_path)
    docs = rendered(target)
    if image:
        docs = with_image(docs, image)
    services = {d["metadata"]["name"]: d for d in docs if key_of(d) == KNATIVE_SERVICE}
    assert set(created) == set(services) == SERVICES
    for name, path in created.items():
        assert service_file_errors(path, services[name]) == [], name


def test_the_service_file_comparison_notices_a_difference(tmp_path: Path) -> None:
    created = kn_creates(dry_run("minikube", tmp_path), tmp_path)
    expected = knative_services("minikube")["recur"]
    assert service_file_errors(created["recur"], expected) == []
    changes: tuple[Callable[[dict[str, Any]], object], ...] = (
        lambda d: d["spec"]["template"]["metadata"]["annotations"].update(
            {AUTOSCALING + "min-scale": "1"}
        ),
        lambda d: d["metadata"]["labels"].pop(VISIBILITY),
        lambda d: d["spec"]["template"]["spec"].update(containerConcurrency=21),
        lambda d: d["spec"]["template"]["spec"]["containers"][0]["env"].pop(),
    )
    for change in changes:
        doc = copy.deepcopy(expected)
        change(doc)
        assert service_file_errors(created["recur"], doc)
    with pytest.raises(KnArgvError):
        kn_creates([["kn", "service", "create", "x", "--image", "y"]], tmp_path)


@pytest.mark.parametrize("target", OVERLAYS)
def test_deploy_script_applies_setup_and_migrations_then_gateway_functions_eventing(
    target: str, tmp_path: Path
) -> None:
    image = "registry.example/todo-events:test"
    commands = dry_run(target, tmp_path, image=image)
    applied = [cmd[-1] for cmd in commands if cmd[:3] == ["kubectl", "apply", "-f"]]
    assert applied == [str(tmp_path / "setup.yaml"), str(tmp_path / "migrate.yaml")]
    # Knative's config-domain is replaced whole (tests/contract/test_deploy_script.py).
    replaced = [cmd[-1] for cmd in commands if cmd[:3] == ["kubectl", "replace", "-f"]]
    assert replaced == ([str(tmp_path / "knative.yaml")] if target == "oke" else [])
    # The files deploy.sh applies hold exactly the overlay's objects, each once.
    files = [
        *(Path(path) for path in [*applied, *replaced]),
        *kn_creates(commands, tmp_path).values(),
    ]
    shipped = sorted(identity(doc) for path in files for doc in load(path))
    expected = with_image(rendered(target), image)
    assert shipped == sorted(identity(doc) for doc in expected)
    by_identity = {identity(doc): doc for doc in expected}
    for path in files:
        for doc in load(path):
            assert doc == by_identity[identity(doc)], (path.name, identity(doc))
    setup = load(tmp_path / "setup.yaml")
    assert setup[0]["kind"] == "Namespace"
    kinds = {d["kind"] for d in setup}
    assert {"Component", "Configuration", "Resiliency", "NetworkPolicy"} <= kinds
    (job,) = load(tmp_path / "migrate.yaml")
    assert job["kind"] == "Job"
    assert {c["image"] for c in job["spec"]["template"]["spec"]["containers"]} == {image}

    created = [cmd[3] if cmd[:3] == ["kn", "service", "create"] else None for cmd in commands]
    migrated = next(
        i for i, cmd in enumerate(commands) if "wait" in cmd and "job/todo-migrate" in cmd
    )
    deleted = commands.index(
        ["kubectl", "-n", NAMESPACE, "delete", "job", "todo-migrate", "--ignore-not-found"]
    )
    assert applied and deleted < commands.index(["kubectl", "apply", "-f", applied[1]]) < migrated
    # Minikube's PostgreSQL is up before the Job connects; OKE has no Deployment to wait for.
    waits = [i for i, cmd in enumerate(commands) if "wait" in cmd and "deployment" in cmd]
    if target == "minikube":
        assert len(waits) == 1 and commands.index(["kubectl", "apply", "-f", applied[0]]) < waits[0]
        assert waits[0] < deleted
    else:
        assert waits == []
    # The gateway first (a broken Kafka setup must not leave no API), eventing after every
    # function (the router's targets exist when it starts).
    assert migrated < created.index("gateway") < min(created.index(fn) for fn in FUNCTIONS)
    assert max(created.index(fn) for fn in FUNCTIONS) < created.index("eventing")


def test_deploy_script_refuses_bad_arguments_and_unpinned_images() -> None:
    script = str(KNATIVE / "deploy.sh")
    assert run_script(script).returncode == 64
    assert run_script(script, "aks").returncode == 64
    assert run_script(script, "minikube", "--force").returncode == 64
    assert run_script(script, "oke", "--dry-run").returncode == 64  # no IMAGE
    for unpinned in ("fra.ocir.io/t/todo-events", "fra.ocir.io/t/todo-events:latest"):
        refused = run_script(script, "oke", "--dry-run", image=unpinned)
        assert refused.returncode == 64 and "not pinned" in refused.stderr, unpinned


def test_deploy_script_takes_an_image_by_digest(tmp_path: Path) -> None:
    image = "fra.ocir.io/t/todo-events@sha256:" + "a" * 64
    dry_run("oke", tmp_path, image=image)
    gateway = load(tmp_path / "services" / "gateway.yaml")[0]
    assert gateway["spec"]["template"]["spec"]["containers"][0]["image"] == image


def test_teardown_removes_every_service() -> None:
    result = run_script(str(KNATIVE / "teardown.sh"), "--dry-run")
    assert result.returncode == 0, result.stderr
    commands = [shlex.split(line) for line in result.stdout.splitlines()]
    deleted = {cmd[3] for cmd in commands if cmd[:3] == ["kn", "service", "delete"]}
    assert deleted == SERVICES
    assert not any("namespace" in cmd for cmd in commands)
    purge = run_script(str(KNATIVE / "teardown.sh"), "--purge", "--dry-run").stdout
    assert "kubectl delete namespace todo" in purge


# kubectl's resource name for each kind the overlays put in namespace todo (besides the
# Namespace and the Knative Services, which teardown handles on their own).
TEARDOWN_RESOURCES = {
    ("batch/v1", "Job"): "jobs",
    ("v1", "ConfigMap"): "configmaps",
    ("v1", "ServiceAccount"): "serviceaccounts",
    ("v1", "Service"): "services",
    ("apps/v1", "Deployment"): "deployments",
    ("policy/v1", "PodDisruptionBudget"): "poddisruptionbudgets",
    ("rbac.authorization.k8s.io/v1", "Role"): "roles",
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): "rolebindings",
    ("networking.k8s.io/v1", "NetworkPolicy"): "networkpolicies",
    ("dapr.io/v1alpha1", "Component"): "components.dapr.io",
    ("dapr.io/v1alpha1", "Resiliency"): "resiliencies.dapr.io",
    ("dapr.io/v1alpha1", "Configuration"): "configurations.dapr.io",
}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_teardown_deletes_every_kind_by_a_label_every_object_carries(overlay: str) -> None:
    result = run_script(str(KNATIVE / "teardown.sh"), "--dry-run")
    (delete,) = [cmd for cmd in map(shlex.split, result.stdout.splitlines()) if "-l" in cmd]
    kinds = set(delete[delete.index("delete") + 1].split(","))
    assert delete[delete.index("-l") + 1] == "app.kubernetes.io/part-of=todo-events"
    for doc in rendered(overlay):
        if doc["kind"] == "Namespace" or key_of(doc) == KNATIVE_SERVICE:
            continue
        if doc["metadata"].get("namespace") != NAMESPACE:
            continue  # Knative's own config (the oke domain) stays: teardown is namespaced
        assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "todo-events", doc
        assert TEARDOWN_RESOURCES[key_of(doc)] in kinds, key_of(doc)


# ---------------------------------------------------------------------------------------------
# The image


def run_entrypoint(
    tmp_path: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """docker/entrypoint.sh with stand-ins for the commands it starts, which print their argv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("todo", "functions-framework"):
        stub = bin_dir / tool
        stub.write_text(f'#!/bin/sh\necho {tool} "$@"\n')
        stub.chmod(0o755)
    return subprocess.run(
        ["sh", str(ROOT / "docker" / "entrypoint.sh"), *args],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({}, (), "todo gateway"),
        ({"TODO_ROLE": "gateway"}, (), "todo gateway"),
        ({"TODO_ROLE": "eventing"}, (), "todo eventing"),
        (
            {"FUNCTION_SOURCE": "functions/audit/main.py", "PORT": "9000", "TODO_ROLE": "x"},
            (),
            "functions-framework --asgi --target handle --source functions/audit/main.py "
            "--host 127.0.0.1 --port 9000",
        ),
        (  # the image sets HOST=0.0.0.0; the entrypoint passes it on
            {"FUNCTION_SOURCE": "functions/audit/main.py", "HOST": ALL_INTERFACES},
            (),
            "functions-framework --asgi --target handle --source functions/audit/main.py "
            "--host 0.0.0.0 --port 8080",
        ),
        ({"TODO_ROLE": "eventing"}, ("todo", "migrate"), "todo migrate"),
    ],
)
def test_the_entrypoint_starts_the_role_it_is_given(
    tmp_path: Path, env: dict[str, str], args: tuple[str, ...], expected: str
) -> None:
    result = run_entrypoint(tmp_path, env, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_the_entrypoint_refuses_an_unknown_role(tmp_path: Path) -> None:
    result = run_entrypoint(tmp_path, {"TODO_ROLE": "eventng"})
    assert result.returncode == 64
    assert "eventng" in result.stderr


def test_the_image_is_multi_stage_slim_and_non_root() -> None:
    _, base, *stages = dockerfile_stages((ROOT / "Dockerfile").read_text())
    assert len(stages) >= 2
    # The base named once, pinned by digest (tests/contract/test_locks.py: what goes on it).
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64} AS base", base[0][1])
    runtime = stages[-1]
    assert runtime[0] == ("FROM", "base AS runtime")
    users = [args for instruction, args in runtime if instruction == "USER"]
    assert users and re.fullmatch(r"[1-9][0-9]*(:[1-9][0-9]*)?", users[-1]), "numeric non-root"
    assert ("ENTRYPOINT", '["/app/docker/entrypoint.sh"]') in runtime
    assert ("EXPOSE", "8080") in runtime
    assert os.access(ROOT / "docker" / "entrypoint.sh", os.X_OK)
    for instruction, args in runtime:
        if instruction == "COPY" and not args.startswith("--from"):
            source = args.split()[0]
            assert (ROOT / source).exists(), source
        if instruction in ("ENV", "ARG"):
            assert not SECRETISH.search(args), args
    # functions-framework is given functions/<name>/main.py relative to the working directory.
    assert ("WORKDIR", "/app") in runtime
    assert ("COPY", "functions/ /app/functions/") in runtime


def test_the_build_context_leaves_local_state_out() -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    ignored = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", ".todo-data", "*.env", "tests"} <= ignored
    assert not {"functions", "docker", "pyproject.toml"} & ignored


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_function_source_defines_the_target(name: str) -> None:
    service = knative_services("minikube")[name]
    source = ROOT / env_of(service)["FUNCTION_SOURCE"]
    if not source.exists():
        pytest.skip(f"{source.relative_to(ROOT)} is not written yet")
    defined: set[str] = set()
    for node in ast.parse(source.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):  # `handle = ...`, `handle, handle_batch = ...`
            targets = [t for target in node.targets for t in ast.walk(target)]
            defined |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom):
            defined |= {alias.asname or alias.name for alias in node.names}
    assert env_of(service)["FUNCTION_TARGET"] in defined


# ---------------------------------------------------------------------------------------------
# dapr/dapr.yaml (multi-app run) and docs/deploy.md


def test_the_multi_app_run_file_matches_the_cluster_topology() -> None:
    run_file = yaml.safe_load((DAPR / "dapr.yaml").read_text())
    assert run_file["version"] == 1
    for path in run_file["common"]["resourcesPaths"]:
        assert (DAPR / path).is_dir(), path
    apps = {app["appID"]: app for app in run_file["apps"]}
    assert set(apps) == {APP_ID, "gateway", *FUNCTIONS}
    for app in apps.values():
        # The Dapr CLI merges common.env into each app's env map, and panics on a missing one.
        assert isinstance(app.get("env"), dict), app["appID"]
        assert (DAPR / app["appDirPath"]).resolve() == ROOT
        assert app.get("metricsPort") not in (9090, 9092)  # 9092 is the local Redpanda
    eventing = apps[APP_ID]
    assert eventing["command"] == [".venv/bin/todo", "eventing"]
    assert eventing["appPort"] == int(eventing["env"]["PORT"])
    assert apps["gateway"]["command"] == [".venv/bin/todo", "gateway"]
    common = run_file["common"]["env"]
    assert common["EVENT_TRANSPORT"] == "dapr"
    for fn in FUNCTIONS:
        command = apps[fn]["command"]
        port = apps[fn]["env"]["PORT"]
        assert command[0] == ".venv/bin/functions-framework"
        assert command[command.index("--source") + 1] == f"functions/{fn}/main.py"
        assert command[command.index("--port") + 1] == port
        assert command[command.index("--host") + 1] == "127.0.0.1"  # functions-framework: 0.0.0.0
        assert common[f"FUNCTION_URL_{fn.upper()}"] == f"http://127.0.0.1:{port}"
    ports = [app["env"]["PORT"] for app in apps.values()]
    assert len(ports) == len(set(ports))


def test_the_selfhosted_resources_are_the_rendering_of_their_overlay() -> None:
    """dapr/selfhosted is generated (self-hosted Dapr reads no kustomization): never edited."""
    expected = [
        doc for doc in yaml.safe_load_all(kustomize(DEPLOY / "overlays" / "selfhosted")) if doc
    ]
    assert load(SELFHOSTED) == expected, (
        "regenerate: kubectl kustomize deploy/overlays/selfhosted > dapr/selfhosted/components.yaml"
        " (keep the header comment)"
    )
    assert sorted(p.name for p in SELFHOSTED.parent.iterdir()) == ["components.yaml"]
    for doc in expected:
        assert "namespace" not in doc["metadata"], doc["metadata"]["name"]


def test_the_deploy_guide_covers_both_clusters_and_names_real_files() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    for step in (
        "minikube start",
        "serving-core.yaml",
        "kourier",
        "dapr init -k",
        "helm install redpanda",
        "rpk topic create",
        "minikube image build",
        "kubectl -n todo create secret generic todo-secrets",
        "kubectl kustomize deploy/overlays/minikube",
        "knative/deploy.sh minikube",
        "curl",
        "todo token",
        "kubectl -n todo create secret generic redpanda-cloud",
        "ocir.io",
        "knative/deploy.sh oke",
        "AUTH_JWKS_URL",
        "Better Auth",
        "dapr run -f dapr/dapr.yaml",
        "knative/teardown.sh",
    ):
        assert step in guide, step
    named = r"(?<![\w./-])(?:deploy|knative|dapr|docker|docs)/[\w./-]*[\w/]"
    for path in set(re.findall(named, guide)):
        assert (ROOT / path).exists(), f"docs/deploy.md names {path}, which does not exist"


def documented_secret_keys(guide: str, secret: str) -> set[str]:
    """The keys the guide's `kubectl create secret generic SECRET ...` commands give it."""
    keys: set[str] = set()
    for command in re.findall(rf"create secret generic {secret}\b(?:[^\n]*\\\n)*[^\n]*", guide):
        keys |= {match["key"] for match in FROM_LITERAL.finditer(command)}
    return keys


def test_the_guide_creates_every_secret_key_the_manifests_read() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    for component in kafka_bindings("oke").values():
        for item in component["spec"]["metadata"]:
            if "secretKeyRef" in item:
                ref = item["secretKeyRef"]
                assert ref["key"] in documented_secret_keys(guide, ref["name"]), ref
    # The settings read DATABASE_URL from the environment, which envFrom fills from the secret.
    assert "DATABASE_URL" in documented_secret_keys(guide, "todo-secrets")
    # So does EVENT_SIGNING_KEY, without which eventing will not start and functions refuse.
    assert "EVENT_SIGNING_KEY" in documented_secret_keys(guide, "todo-secrets")
    assert documented_secret_keys("create secret generic x \\\n  --from-literal=a=1", "x") == {"a"}


# ---------------------------------------------------------------------------------------------
# Signed internal events and where processes listen


def test_deploy_stops_when_the_secret_lacks_the_event_signing_key() -> None:
    script = (KNATIVE / "deploy.sh").read_text()
    loop = r"for key in ([A-Z_ ]+); do\n(?:.*\n){0,2}.*get secret todo-secrets"
    checked = re.search(loop, script)
    assert checked is not None and "EVENT_SIGNING_KEY" in checked[1].split()


def test_only_the_container_listens_beyond_loopback() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    runtime = dockerfile[dockerfile.index("AS runtime") :]
    assert re.search(r"^\s+HOST=0\.0\.0\.0 \\$", runtime, re.M)
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert '--host "${HOST:-127.0.0.1}"' in entrypoint
    for overlay in OVERLAYS:
        for name, service in knative_services(overlay).items():
            assert env_of(service)["HOST"] == ALL_INTERFACES, name


# ---------------------------------------------------------------------------------------------
# One source: the overlays differ only in their declared values

# Objects only one overlay has: Minikube's in-cluster PostgreSQL, OKE's Knative domain.
OVERLAY_ONLY = {
    "minikube": {
        ("v1", "ServiceAccount", "postgres"),
        ("apps/v1", "Deployment", "postgres"),
        ("v1", "Service", "postgres"),
        ("networking.k8s.io/v1", "NetworkPolicy", "workloads-to-postgres"),
    },
    "oke": {
        ("v1", "ConfigMap", "config-domain"),
        ("policy/v1", "PodDisruptionBudget", "gateway"),
        # HTTPS (deploy/components/tls, tests/contract/test_tls.py)
        ("v1", "ConfigMap", "config-network"),
        ("v1", "ConfigMap", "config-certmanager"),
        ("cert-manager.io/v1", "ClusterIssuer", "todo-tls"),
        ("networking.k8s.io/v1", "NetworkPolicy", "acme-http01-solver"),
    },
}


def environment_neutral(overlay: str) -> list[Doc]:
    """An overlay's objects with every value an overlay may set taken out: the app image, the
    Kafka connection, the AUTH_* settings, the gateway's min-scale, pull
    secrets and Dapr's tracing (sampling rate and collector)."""
    docs = rendered(overlay)
    app_image = container(knative_services(overlay)["gateway"])["image"]
    neutral = []
    for doc in json.loads(json.dumps(docs).replace(json.dumps(app_image), '"APP_IMAGE"')):
        if (*key_of(doc), doc["metadata"]["name"]) in OVERLAY_ONLY[overlay]:
            continue
        if doc["kind"] == "ServiceAccount":
            doc.pop("imagePullSecrets", None)
        if doc["kind"] == "Component" and doc["spec"]["type"] == "bindings.kafka":
            doc.pop("auth", None)
            doc["spec"]["metadata"] = [
                item for item in doc["spec"]["metadata"] if item["name"] not in CONNECTION_FIELDS
            ]
        if doc["kind"] == "ConfigMap" and doc["metadata"]["name"] == "todo-config":
            doc["data"] = {k: v for k, v in doc["data"].items() if not k.startswith("AUTH_")}
        if doc["kind"] == "Configuration":
            doc["spec"].pop("tracing", None)
        if key_of(doc) == KNATIVE_SERVICE and doc["metadata"]["name"] == "gateway":
            doc["spec"]["template"]["metadata"]["annotations"].pop(AUTOSCALING + "min-scale")
            doc["spec"]["template"]["spec"].pop("topologySpreadConstraints", None)
        neutral.append(doc)
    return sorted(neutral, key=lambda d: json.dumps(d, sort_keys=True))


def test_the_overlays_differ_only_in_their_declared_values() -> None:
    """Everything else comes from deploy/base once: no overlay copies or drifts from it."""
    assert environment_neutral("minikube") == environment_neutral("oke")
    for overlay, only in OVERLAY_ONLY.items():
        names = {(*key_of(d), d["metadata"]["name"]) for d in rendered(overlay)}
        assert only <= names, overlay
