"""Contract tests of the Dapr resources: the Kafka bindings, Resiliency and Configuration of each
overlay (minikube, oke) and of dapr/selfhosted, and dapr/dapr.yaml (the local multi-app run).

Each Kafka binding is checked against the documented metadata of `bindings.kafka` in
tests/contract/upstream/dapr-metadata, and its names against eventing/subscriptions.py: one
input binding per subscription, one output binding per topic. Each checker is also given a
broken copy of a real binding or Resiliency, so a checker that accepts anything fails here too.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from eventing.subscriptions import FUNCTIONS, SUBSCRIPTIONS, TOPICS, output_binding
from tests.contract.manifests import (
    APP_ID,
    CONNECTION_FIELDS,
    DAPR,
    DAPR_FLAVOURS,
    SELFHOSTED,
    dapr_docs,
    kafka_bindings,
)
from tests.contract.rendering import (
    DEPLOY,
    NAMESPACE,
    OVERLAYS,
    ROOT,
    Doc,
    knative_services,
    kustomize,
    load,
    one,
)
from tests.contract.validators.dapr import kafka_binding_errors, resiliency_errors
from tests.contract.validators.knative import revision_annotations


def items_of(component: Doc) -> dict[str, Doc]:
    return {item["name"]: item for item in component["spec"]["metadata"]}


def value_of(component: Doc, field: str) -> Any:
    return items_of(component).get(field, {}).get("value")


# ---------------------------------------------------------------------------------------------
# Kafka bindings


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
# dapr/dapr.yaml (multi-app run) and dapr/selfhosted


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
