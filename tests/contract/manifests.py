"""What the contract tests of the deployment share: where its files are, the names it must use,
and views of the rendered objects (the Dapr resources, the Kafka bindings, a container's env).

The objects come from tests/contract/rendering.py (each overlay as `kubectl kustomize` renders
it) and from dapr/selfhosted, the self-hosted rendering that `dapr run -f dapr/dapr.yaml` reads.
"""

from __future__ import annotations

from typing import Any

from eventing.subscriptions import FUNCTIONS
from tests.contract.rendering import OVERLAYS, ROOT, Doc, load, rendered
from tests.contract.validators.knative import container

KNATIVE = ROOT / "knative"
DAPR = ROOT / "dapr"
SELFHOSTED = DAPR / "selfhosted" / "components.yaml"
APP_ID = "todo-eventing"
SERVICES = {*FUNCTIONS, "gateway", "eventing"}
# Where the Dapr resources are: the two cluster overlays and the self-hosted rendering.
DAPR_FLAVOURS = (*OVERLAYS, "selfhosted")
VISIBILITY = "networking.knative.dev/visibility"
AUTOSCALING = "autoscaling.knative.dev/"
# What a container must listen on to be reached from outside it (every process defaults to
# 127.0.0.1 and is told this explicitly by the image and the manifests).
ALL_INTERFACES = "0.0.0.0"  # noqa: S104
# What a Kafka binding sets by cluster (where the broker is, how to log in); the rest is shared.
CONNECTION_FIELDS = {"brokers", "authType", "disableTls", "saslUsername", "saslPassword",
                     "saslMechanism"}  # fmt: skip


def dapr_docs(flavour: str) -> list[Doc]:
    """The Dapr resources of an overlay, or of dapr/selfhosted."""
    docs = load(SELFHOSTED) if flavour == "selfhosted" else rendered(flavour)
    return [doc for doc in docs if doc["apiVersion"].startswith("dapr.io/")]


def kafka_bindings(flavour: str) -> dict[str, Doc]:
    """name -> each Kafka binding (input and output) of an overlay, or of dapr/selfhosted."""
    return {
        doc["metadata"]["name"]: doc
        for doc in dapr_docs(flavour)
        if doc["kind"] == "Component" and doc["spec"]["type"] == "bindings.kafka"
    }


def env_of(service: Doc) -> dict[str, Any]:
    """name -> value of a workload's container env (None for a value taken from elsewhere)."""
    return {item["name"]: item.get("value") for item in container(service).get("env", [])}
