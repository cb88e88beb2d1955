"""The cluster manifests as the cluster gets them: deploy/overlays/<env> rendered by Kustomize.

Shared by the contract tests of the deployment (test_manifests.py and the modules it lists,
through tests/contract/manifests.py) and of its hardening (test_hardening.py). Rendering needs
`kubectl` (its built-in `kustomize`, offline); without it these tests fail with a message
saying so rather than pass on nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OVERLAYS = ("minikube", "oke")
NAMESPACE = "todo"
APP_IMAGE = "todo-events"  # the base's name for the app image; every overlay pins it
KNATIVE_SERVICE = ("serving.knative.dev/v1", "Service")

Doc = dict[str, Any]


def load(path: Path) -> list[Doc]:
    """The YAML documents of one file, empty ones left out."""
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def kustomize(directory: Path) -> str:
    """`kubectl kustomize DIRECTORY`, as text."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl is needed to render deploy/ (kubectl kustomize); install it")
    result = subprocess.run(
        [kubectl, "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kubectl kustomize {directory}: {result.stderr}"
    return result.stdout


@cache
def _rendered(overlay: str) -> str:
    return kustomize(DEPLOY / "overlays" / overlay)


def rendered(overlay: str) -> list[Doc]:
    """Every object of one overlay (fresh copies: tests may change them)."""
    return [doc for doc in yaml.safe_load_all(_rendered(overlay)) if doc]


def key_of(doc: Doc) -> tuple[str, str]:
    return doc.get("apiVersion", ""), doc.get("kind", "")


def knative_services(overlay: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in rendered(overlay) if key_of(d) == KNATIVE_SERVICE}


def one(overlay: str, kind: str, name: str | None = None) -> Doc:
    """The one object of KIND (and NAME) in an overlay."""
    (found,) = [
        d
        for d in rendered(overlay)
        if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)
    ]
    return found


def pod_spec(doc: Doc) -> Doc | None:
    """The pod template's spec of a workload (Knative Service, Job, Deployment), else None."""
    if key_of(doc) == KNATIVE_SERVICE or doc["kind"] in ("Job", "Deployment"):
        return dict(doc["spec"]["template"]["spec"])
    return None


def pod_labels(doc: Doc) -> dict[str, str]:
    return dict(doc["spec"]["template"].get("metadata", {}).get("labels", {}))


def workloads(overlay: str) -> dict[str, Doc]:
    """name -> every object of the overlay that runs pods."""
    return {d["metadata"]["name"]: d for d in rendered(overlay) if pod_spec(d) is not None}


def containers(doc: Doc) -> Iterator[Doc]:
    spec = pod_spec(doc) or {}
    yield from spec.get("initContainers", [])
    yield from spec.get("containers", [])
