"""Contract tests of docs/deploy.md: it walks through both clusters, names only files that exist,
and creates every secret key the manifests read.
"""

from __future__ import annotations

import re

from tests.contract.manifests import kafka_bindings
from tests.contract.rendering import ROOT
from tests.contract.validators.secrets import FROM_LITERAL


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
