"""knative/deploy.sh and knative/teardown.sh against the rendered overlays.

Each script is run for real with --dry-run, on the repository itself. deploy.sh's output names
the files it applies and gives `kn service create --filename`; those files must hold exactly the
overlay's objects, each once, in an order that works (setup, migrations, gateway, functions,
eventing). teardown.sh must remove every kind an overlay puts in namespace todo. How deploy.sh
checks the cluster before a change is in test_deploy_script.py.
"""

from __future__ import annotations

import copy
import json
import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eventing.subscriptions import FUNCTIONS
from tests.contract.manifests import AUTOSCALING, KNATIVE, SERVICES, VISIBILITY
from tests.contract.rendering import (
    KNATIVE_SERVICE,
    NAMESPACE,
    OVERLAYS,
    ROOT,
    Doc,
    key_of,
    knative_services,
    load,
    rendered,
)
from tests.contract.validators.kn import KnArgvError, kn_creates, service_file_errors


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
