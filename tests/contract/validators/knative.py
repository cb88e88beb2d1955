"""What Knative's admission webhook would refuse in a Service, and a Dapr sidecar's ports that
would clash with the queue-proxy's."""

from __future__ import annotations

import re

from tests.contract.rendering import (
    ROOT,
    Doc,
)

# Ports the Knative queue-proxy listens on inside every pod (9090: its metrics).
QUEUE_PROXY_PORTS = {"8012", "8013", "8022", "9090", "9091"}


def container(service: Doc) -> Doc:
    (only,) = service["spec"]["template"]["spec"]["containers"]
    return dict(only)


def revision_annotations(service: Doc) -> dict[str, str]:
    return dict(service["spec"]["template"].get("metadata", {}).get("annotations", {}))


# What Knative's webhook accepts in a revision's pod spec with its default feature flags
# (knative/serving pkg/apis/serving/fieldmask.go: PodSpecMask, SecurityContextMask,
# VolumeSourceMask; emptyDir volumes are on by default). The CRD schema is looser than this.
KNATIVE_POD_FIELDS = {"serviceAccountName", "containers", "volumes", "imagePullSecrets",
                      "enableServiceLinks", "automountServiceAccountToken",
                      "containerConcurrency", "timeoutSeconds", "responseStartTimeoutSeconds",
                      "idleTimeoutSeconds"}  # fmt: skip


KNATIVE_SECURITY_FIELDS = {"capabilities", "readOnlyRootFilesystem", "runAsGroup", "runAsNonRoot",
                           "runAsUser", "seccompProfile", "allowPrivilegeEscalation"}  # fmt: skip


KNATIVE_VOLUME_SOURCES = {"secret", "configMap", "projected", "emptyDir"}


# Pod fields Knative admits only with a feature flag of config-features; docs/deploy.md's
# Knative step must turn each used one on.
KNATIVE_FLAGGED_POD_FIELDS = {
    "topologySpreadConstraints": "kubernetes.podspec-topologyspreadconstraints",
}


def flags_the_docs_enable() -> set[str]:
    docs = (ROOT / "docs" / "deploy.md").read_text()
    return set(re.findall(r'"([\w.-]+)":\s*"[Ee]nabled"', docs))


def knative_webhook_errors(service: Doc) -> list[str]:
    """Fields Knative's admission webhook would refuse in a Service's pod spec."""
    spec = service["spec"]["template"]["spec"]
    enabled = {
        field
        for field, flag in KNATIVE_FLAGGED_POD_FIELDS.items()
        if flag in flags_the_docs_enable()
    }
    errors = [f"pod field {key}" for key in set(spec) - KNATIVE_POD_FIELDS - enabled]
    if spec.get("automountServiceAccountToken") is True:
        errors.append("automountServiceAccountToken may only be false")
    for box in spec["containers"]:
        errors += [
            f"securityContext.{key}"
            for key in set(box.get("securityContext", {})) - KNATIVE_SECURITY_FIELDS
        ]
        if box.get("securityContext", {}).get("capabilities", {}).get("add"):
            errors.append("capabilities.add needs a feature flag")
    for volume in spec.get("volumes", []):
        sources = set(volume) - {"name"}
        errors += [f"volume source {key}" for key in sources - KNATIVE_VOLUME_SOURCES]
    return errors


def dapr_sidecar_errors(service: Doc) -> list[str]:
    """A Dapr-enabled Knative Service must keep its sidecar's ports off the queue-proxy's."""
    notes = revision_annotations(service)
    if notes.get("dapr.io/enabled") != "true":
        return []
    errors = []
    metrics = notes.get("dapr.io/metrics-port")
    if metrics is None or metrics in QUEUE_PROXY_PORTS:
        errors.append(f"dapr.io/metrics-port {metrics!r} clashes with the queue-proxy")
    ports = [str(p["containerPort"]) for p in container(service).get("ports", [])]
    if notes.get("dapr.io/app-port") not in ports:
        errors.append("dapr.io/app-port is not the container's port")
    return errors
