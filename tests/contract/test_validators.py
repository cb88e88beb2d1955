"""The checkers of tests/contract/validators, each shown what it must refuse (a checker that
accepts anything would pass every manifest test)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.contract.rendering import NAMESPACE, knative_services
from tests.contract.validators.dapr import GO_DURATION, kafka_binding_errors, resiliency_errors
from tests.contract.validators.dockerfile import dockerfile_stages
from tests.contract.validators.kn import KnArgvError, kn_creates
from tests.contract.validators.knative import dapr_sidecar_errors, knative_webhook_errors
from tests.contract.validators.schemas import schema_errors, strict
from tests.contract.validators.secrets import text_secret_findings, yaml_secret_findings

# -- schemas ------------------------------------------------------------------------------------


def test_strict_closes_every_declared_object_but_preserved_ones() -> None:
    schema = {
        "type": "object",
        "properties": {
            "spec": {"type": "object", "properties": {"a": {"type": "string"}}},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
        },
    }
    closed = strict(schema)
    assert closed["additionalProperties"] is False
    assert closed["properties"]["spec"]["additionalProperties"] is False
    assert "additionalProperties" not in closed["properties"]["free"]


def test_schema_errors_names_an_unknown_field_of_a_core_object() -> None:
    config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {}}
    assert schema_errors(config) == []
    assert schema_errors({**config, "spek": {}})


def test_schema_errors_names_an_unknown_field_of_a_knative_service() -> None:
    service = copy.deepcopy(knative_services("minikube")["recur"])
    assert schema_errors(service) == []
    service["spec"]["template"]["spec"]["containerz"] = []
    assert schema_errors(service)


# -- Dapr ---------------------------------------------------------------------------------------


def _binding(**metadata: str) -> dict[str, Any]:
    items = [{"name": key, "value": value} for key, value in metadata.items()]
    return {
        "apiVersion": "dapr.io/v1alpha1",
        "kind": "Component",
        "metadata": {"name": "task-events"},
        "spec": {"type": "bindings.kafka", "version": "v1", "metadata": items},
    }


GOOD_OUTPUT = {"brokers": "kafka:9092", "publishTopic": "task-events", "authType": "none",
               "direction": "output"}  # fmt: skip


def test_a_good_kafka_binding_passes() -> None:
    assert kafka_binding_errors(_binding(**GOOD_OUTPUT)) == []


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"authType": "kerberos"}, "authType must be one of"),
        ({"direction": "both"}, "direction must be set"),
        ({"madeUpField": "1"}, "no documented field"),
        ({"initialOffset": "latest"}, "initialOffset must be one of"),
    ],
)
def test_a_broken_kafka_binding_is_named(change: dict[str, str], says: str) -> None:
    errors = kafka_binding_errors(_binding(**{**GOOD_OUTPUT, **change}))
    assert any(says in error for error in errors), errors


def test_go_durations() -> None:
    assert all(GO_DURATION.match(value) for value in ("0", "5s", "1m30s", "250ms", "1.5h"))
    assert not any(GO_DURATION.match(value) for value in ("5", "5 s", "s", "-1s", "5d"))


def test_resiliency_errors_name_dangling_targets_and_bad_policies() -> None:
    resiliency = {
        "spec": {
            "policies": {
                "timeouts": {"quick": "5s", "odd": "five"},
                "retries": {"again": {"policy": "sometimes", "duration": "1s"}},
                "circuitBreakers": {"cb": {"trip": "consecutiveFailures >= 5"}},
            },
            "targets": {
                "components": {
                    "task-events": {"outbound": {"timeout": "quick", "retry": "missing"}},
                    "nowhere": {"outbound": {"circuitBreaker": "cb"}},
                }
            },
        }
    }
    errors = resiliency_errors(resiliency, {"task-events"})
    assert sorted(errors) == sorted([
        "timeout odd: 'five' is not a duration",
        "retry again: policy is constant or exponential",
        "task-events.outbound: no retry policy 'missing'",
        "target nowhere is no component",
    ])  # fmt: skip


# -- Knative ------------------------------------------------------------------------------------


def test_knative_webhook_errors_name_a_refused_pod_field() -> None:
    service = copy.deepcopy(knative_services("minikube")["recur"])
    assert knative_webhook_errors(service) == []
    service["spec"]["template"]["spec"]["hostNetwork"] = True
    assert knative_webhook_errors(service) == ["pod field hostNetwork"]


def test_dapr_sidecar_errors_name_a_metrics_port_the_queue_proxy_holds() -> None:
    eventing = copy.deepcopy(knative_services("minikube")["eventing"])
    assert dapr_sidecar_errors(eventing) == []
    eventing["spec"]["template"]["metadata"]["annotations"]["dapr.io/metrics-port"] = "9090"
    assert dapr_sidecar_errors(eventing) == [
        "dapr.io/metrics-port '9090' clashes with the queue-proxy"
    ]


# -- secrets ------------------------------------------------------------------------------------


def test_text_secret_findings_find_credentials_but_not_placeholders() -> None:
    assert text_secret_findings("DATABASE_URL=postgresql://todo:hunter2@db/todo")
    assert text_secret_findings("kubectl create secret generic s --from-literal=API_KEY=abc")
    assert text_secret_findings("postgresql://todo:${PASSWORD}@db/todo") == []
    assert text_secret_findings("--from-literal=API_KEY=<api-key>") == []


def test_yaml_secret_findings_find_a_literal_secret_env_value() -> None:
    env = {"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}
    doc = {"kind": "ConfigMap", "metadata": {"name": "x"}, "env": [env]}
    assert yaml_secret_findings(doc) == []
    doc["env"] = [{"name": "DATABASE_URL", "value": "postgresql://db/todo"}]
    assert yaml_secret_findings(doc) == [".env[0]: DATABASE_URL has a literal value"]


# -- kn -----------------------------------------------------------------------------------------


def test_kn_creates_maps_each_service_to_its_file(tmp_path: Path) -> None:
    path = tmp_path / "services" / "recur.yaml"
    command = ["kn", "service", "create", "recur", "--namespace", NAMESPACE, "--force",
               "--filename", str(path)]  # fmt: skip
    assert kn_creates([["kubectl", "apply", "-f", "x"], command], tmp_path) == {"recur": path}
    with pytest.raises(KnArgvError, match="created twice"):
        kn_creates([command, command], tmp_path)
    with pytest.raises(KnArgvError, match="beyond its file"):
        kn_creates([[*command, "--image", "other"]], tmp_path)


# -- Dockerfile ---------------------------------------------------------------------------------


def test_dockerfile_stages_split_at_from_and_join_continuations() -> None:
    dockerfile = "ARG V=1\n# a comment\nFROM a AS build\nRUN one \\\n    two\n\nfrom b\nUSER app\n"
    assert dockerfile_stages(dockerfile) == [
        [("ARG", "V=1")],
        [("FROM", "a AS build"), ("RUN", "one      two")],
        [("FROM", "b"), ("USER", "app")],
    ]
