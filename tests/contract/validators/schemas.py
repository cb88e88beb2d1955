"""Schemas the cluster checks objects against: the shared Knative and Dapr CRDs (made strict,
as `kubectl apply --validate=strict`), and kubernetes-validate's schemas for core objects."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest

from tests.contract.rendering import (
    Doc,
    load,
)

SHARED = Path(os.environ.get("TODO_SHARED_DIR", Path(__file__).resolve().parents[1] / "upstream"))


K8S_VERSION = "1.32"


def require_shared() -> None:
    """Fail (never skip) when the shared CRDs and Dapr metadata are missing."""
    if not (SHARED / "k8s-crds").is_dir():
        pytest.fail(f"{SHARED} is missing the CRDs and Dapr metadata (set TODO_SHARED_DIR)")


def strict(schema: Doc) -> Doc:
    """A CRD schema in which objects reject fields they do not declare.

    The API server prunes (or, with strict field validation, rejects) undeclared fields; JSON
    Schema ignores them unless told. Nodes marked x-kubernetes-preserve-unknown-fields stay open.
    """
    node = dict(schema)
    if "properties" in node:
        node["properties"] = {key: strict(value) for key, value in node["properties"].items()}
        if "additionalProperties" not in node and not node.get(
            "x-kubernetes-preserve-unknown-fields"
        ):
            node["additionalProperties"] = False
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node[key] = strict(node[key])
    for key in ("anyOf", "allOf", "oneOf"):
        if key in node:
            node[key] = [strict(item) for item in node[key]]
    return node


@cache
def crd_validators() -> dict[tuple[str, str], jsonschema.Draft7Validator]:
    """(apiVersion, kind) -> a validator of every served version of every shared CRD."""
    require_shared()
    validators = {}
    for path in sorted((SHARED / "k8s-crds").glob("*.yaml")):
        for crd in load(path):
            spec = crd["spec"]
            for version in spec["versions"]:
                if version.get("served"):
                    schema = strict(version["schema"]["openAPIV3Schema"])
                    key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                    validators[key] = jsonschema.Draft7Validator(schema)
    return validators


def core_errors(doc: Doc) -> list[str]:
    """Errors of a core Kubernetes object (strict: unknown fields too)."""
    try:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        return [f"{doc['kind']}/{doc['metadata'].get('name')}: {exc.message}"]
    return []


def schema_errors(doc: Doc) -> list[str]:
    """Errors of any object we ship: a shared CRD's schema, or Kubernetes' own."""
    key = (doc.get("apiVersion", ""), doc.get("kind", ""))
    validator = crd_validators().get(key)
    if validator is None:
        return core_errors(doc)
    name = f"{key[1]}/{doc.get('metadata', {}).get('name')}"
    errors = [
        f"{name}: {'.'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(doc)
    ]
    # CRDs leave metadata open (`type: object`); check it as the ObjectMeta it is.
    carrier = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": doc.get("metadata", {})}
    return errors + core_errors(carrier)
