"""Contract tests of the cluster manifests as a whole: each object matches its schema, the
ConfigMaps route every function, nothing holds a secret value, and the overlays share one source.

The manifests are checked as the cluster gets them: each overlay of deploy/overlays (minikube,
oke) rendered with `kubectl kustomize`, plus the self-hosted Dapr resources of dapr/selfhosted
(themselves rendered from deploy/overlays/selfhosted). Each object is checked against what will
read it: the Knative and Dapr CRDs of tests/contract/upstream/k8s-crds (made strict: an unknown
field is an error, as `kubectl apply --validate=strict` makes it) and kubernetes-validate's
schemas for core objects. Every checker is also given a broken copy of a real manifest, so a
checker that accepts anything fails here too.

The rest of the deployment has a module per subject: the Dapr resources
(test_dapr_components.py), the Knative Services (test_knative_services.py), the image
(test_image.py), deploy.sh and teardown.sh (test_deploy_rendering.py, test_deploy_script.py),
docs/deploy.md (test_deploy_guide.py) and the hardening (test_hardening.py).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import pytest
import yaml

from eventing.subscriptions import FUNCTIONS, SUBSCRIPTIONS
from tests.contract.manifests import (
    AUTOSCALING,
    CONNECTION_FIELDS,
    DAPR,
    KNATIVE,
    SELFHOSTED,
    VISIBILITY,
    dapr_docs,
    kafka_bindings,
)
from tests.contract.rendering import (
    KNATIVE_SERVICE,
    NAMESPACE,
    OVERLAYS,
    ROOT,
    Doc,
    key_of,
    knative_services,
    load,
    one,
    rendered,
)
from tests.contract.validators.knative import container
from tests.contract.validators.schemas import crd_validators, schema_errors
from tests.contract.validators.secrets import (
    SECRETISH,
    text_secret_findings,
    yaml_secret_findings,
)


def config_maps() -> dict[str, Doc]:
    """overlay (minikube, oke) -> its rendered todo-config."""
    return {overlay: one(overlay, "ConfigMap", "todo-config") for overlay in OVERLAYS}


def all_manifests() -> list[tuple[str, Doc]]:
    """(where, object) of every rendered overlay and of dapr/selfhosted."""
    found = [(f"deploy/overlays/{ov}", doc) for ov in OVERLAYS for doc in rendered(ov)]
    return found + [(str(SELFHOSTED.relative_to(ROOT)), doc) for doc in load(SELFHOSTED)]


# ---------------------------------------------------------------------------------------------
# Schemas: CRDs (strict), core objects (kubernetes-validate)


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
