"""Least privilege in the rendered cluster manifests, on both overlays (minikube, oke).

What each test holds every workload to (gateway, eventing, the functions, the migration Job, and
on Minikube the in-cluster PostgreSQL): its own ServiceAccount, with no API token unless it
calls the API; a container securityContext the `restricted` Pod Security level admits, with a
read-only root filesystem and an emptyDir wherever the app writes; a namespace that enforces
`restricted`; NetworkPolicies that deny by default and admit only Knative's data plane to the
Knative Services and only the workloads to PostgreSQL; each secret key only in the workloads
that read it; every image pinned. Each checker is also shown a broken copy, so one that accepts
anything fails here.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from eventing.subscriptions import FUNCTIONS
from tests.contract.netpol import ingress_sources, selects
from tests.contract.rendering import (
    KNATIVE_SERVICE,
    NAMESPACE,
    OVERLAYS,
    Doc,
    containers,
    key_of,
    one,
    pod_labels,
    pod_spec,
    rendered,
    workloads,
)

APP_WORKLOADS = {"gateway", "eventing", *FUNCTIONS, "todo-migrate"}
# The only workload whose pod gets an API token: its Dapr sidecar's Kubernetes secret store
# reads the Redpanda Cloud credentials.
TOKEN_NEEDED = {"eventing"}
# Knative's data plane: the activator and autoscaler, and the Kourier ingress gateways.
DATA_PLANE_NAMESPACES = {"knative-serving", "kourier-system"}
QUEUE_PROXY_PORTS = {8012, 8013, 9090, 9091}
# Prometheus (namespace monitoring) may scrape these ports of these Knative Services, no other.
PROMETHEUS = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
}
METRICS_PORTS = {"gateway": {9095}, "eventing": {8080, 9092}}
# Which secret keys each workload may reference: (secret, key).
DATABASE = ("todo-secrets", "DATABASE_URL")
SIGNING = ("todo-secrets", "EVENT_SIGNING_KEY")
EXPECTED_SECRETS: dict[str, set[tuple[str, str]]] = {
    "gateway": {DATABASE, SIGNING, ("todo-secrets", "OPENAI_API_KEY")},
    "eventing": {DATABASE, SIGNING, ("todo-dapr-app-token", "token")},
    **{fn: {DATABASE, SIGNING} for fn in FUNCTIONS},
    "todo-migrate": {DATABASE},
    "postgres": {("postgres", "POSTGRES_PASSWORD")},
}
# Where Python (tempfile) writes; an emptyDir under a read-only root filesystem.
TMP = "/tmp"  # noqa: S108
PINNED = re.compile(r"^[^@\s]+(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$")

overlays = pytest.mark.parametrize("overlay", OVERLAYS)


# ---------------------------------------------------------------------------------------------
# Service accounts


def account_errors(docs: list[Doc]) -> list[str]:
    """Workloads on `default` or a shared or missing account, and tokens mounted needlessly."""
    accounts = {d["metadata"]["name"]: d for d in docs if d["kind"] == "ServiceAccount"}
    errors: list[str] = []
    seen: dict[str, str] = {}
    for doc in docs:
        spec = pod_spec(doc)
        if spec is None:
            continue
        name = doc["metadata"]["name"]
        account = spec.get("serviceAccountName", "default")
        if account == "default" or account not in accounts:
            errors.append(f"{name}: runs as {account!r}, not an account of its own")
            continue
        if account in seen:
            errors.append(f"{name}: shares account {account} with {seen[account]}")
        seen[account] = name
        # The pod's setting wins over the account's; absent on both means mounted.
        mounted = spec.get(
            "automountServiceAccountToken",
            accounts[account].get("automountServiceAccountToken", True),
        )
        if mounted and name not in TOKEN_NEEDED:
            errors.append(f"{name}: mounts an API token it does not need")
        if key_of(doc) == KNATIVE_SERVICE and spec.get("automountServiceAccountToken") is True:
            # Knative's webhook accepts the field only as false: the account must say true.
            errors.append(f"{name}: Knative refuses automountServiceAccountToken: true")
    return errors


@overlays
def test_every_workload_has_its_own_account_and_no_token_it_does_not_need(overlay: str) -> None:
    docs = rendered(overlay)
    assert account_errors(docs) == []
    assert APP_WORKLOADS <= set(workloads(overlay))


def test_the_account_check_notices_default_shared_and_token() -> None:
    docs = rendered("minikube")
    by_name = {d["metadata"]["name"]: d for d in docs if pod_spec(d) is not None}
    by_name["recur"]["spec"]["template"]["spec"].pop("serviceAccountName")
    by_name["notify"]["spec"]["template"]["spec"]["serviceAccountName"] = "todo-gateway"
    by_name["audit"]["spec"]["template"]["spec"]["automountServiceAccountToken"] = True
    by_name["push"]["spec"]["template"]["spec"].pop("automountServiceAccountToken")
    by_name["eventing"]["spec"]["template"]["spec"]["automountServiceAccountToken"] = True
    for account in (d for d in docs if d["kind"] == "ServiceAccount"):
        if account["metadata"]["name"] == "todo-push":
            account.pop("automountServiceAccountToken")
    errors = account_errors(docs)
    for name in ("recur", "notify", "audit", "push", "eventing"):
        assert any(error.startswith(f"{name}:") for error in errors), name


@overlays
def test_only_eventing_may_use_the_api_and_only_to_read_its_one_secret(overlay: str) -> None:
    docs = rendered(overlay)
    bindings = [d for d in docs if d["kind"] in ("RoleBinding", "ClusterRoleBinding")]
    subjects = {(s["kind"], s["name"]) for b in bindings for s in b["subjects"]}
    eventing = pod_spec(workloads(overlay)["eventing"]) or {}
    assert subjects == {("ServiceAccount", eventing["serviceAccountName"])}
    (role,) = [d for d in docs if d["kind"] in ("Role", "ClusterRole")]
    assert role["kind"] == "Role"
    assert role["rules"] == [
        {
            "apiGroups": [""],
            "resources": ["secrets"],
            "resourceNames": ["redpanda-cloud"],
            "verbs": ["get"],
        }
    ]


def test_oke_accounts_carry_the_pull_secret_so_a_redeploy_keeps_it() -> None:
    for doc in rendered("oke"):
        if doc["kind"] == "ServiceAccount":
            assert doc["imagePullSecrets"] == [{"name": "ocir"}], doc["metadata"]["name"]


# ---------------------------------------------------------------------------------------------
# securityContext and Pod Security Admission


def security_errors(doc: Doc) -> list[str]:
    """What the `restricted` Pod Security level (and a read-only root) would find wrong."""
    spec = pod_spec(doc) or {}
    pod = spec.get("securityContext", {})
    name = doc["metadata"]["name"]
    errors = []
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for box in containers(doc):
        where = f"{name}/{box.get('name', 'user-container')}"
        ctx = box.get("securityContext", {})
        if not ctx.get("runAsNonRoot", pod.get("runAsNonRoot")):
            errors.append(f"{where}: runAsNonRoot is not true")
        if ctx.get("runAsUser", pod.get("runAsUser")) == 0:
            errors.append(f"{where}: runs as uid 0")
        if ctx.get("allowPrivilegeEscalation") is not False:
            errors.append(f"{where}: allowPrivilegeEscalation is not false")
        if ctx.get("privileged"):
            errors.append(f"{where}: privileged")
        caps = ctx.get("capabilities", {})
        if caps.get("drop") != ["ALL"] or caps.get("add"):
            errors.append(f"{where}: capabilities must drop ALL and add none")
        seccomp = ctx.get("seccompProfile", pod.get("seccompProfile", {}))
        if seccomp.get("type") not in ("RuntimeDefault", "Localhost"):
            errors.append(f"{where}: no RuntimeDefault seccomp profile")
        if ctx.get("readOnlyRootFilesystem") is not True:
            errors.append(f"{where}: the root filesystem is writable")
        mounts = {m["mountPath"]: m["name"] for m in box.get("volumeMounts", [])}
        tmp = volumes.get(mounts.get(TMP, ""), {})
        if "emptyDir" not in tmp:
            errors.append(f"{where}: no emptyDir at /tmp under a read-only root")
    for volume in volumes.values():
        if "hostPath" in volume:
            errors.append(f"{name}: hostPath volume {volume['name']}")
    if spec.get("hostNetwork") or spec.get("hostPID") or spec.get("hostIPC"):
        errors.append(f"{name}: shares a host namespace")
    return errors


@overlays
def test_every_container_runs_restricted_with_a_read_only_root(overlay: str) -> None:
    assert [e for doc in workloads(overlay).values() for e in security_errors(doc)] == []


@pytest.mark.parametrize(
    "breaks",
    [
        lambda c: c["securityContext"].pop("readOnlyRootFilesystem"),
        lambda c: c["securityContext"].update(allowPrivilegeEscalation=True),
        lambda c: c["securityContext"]["capabilities"].update(add=["NET_ADMIN"]),
        lambda c: c["securityContext"].pop("seccompProfile"),
        lambda c: c["securityContext"].update(runAsNonRoot=False),
        lambda c: c.pop("volumeMounts"),
    ],
)
def test_the_security_check_notices_each_weakening(breaks: Any) -> None:
    gateway = workloads("minikube")["gateway"]
    assert security_errors(gateway) == []
    breaks(gateway["spec"]["template"]["spec"]["containers"][0])
    assert security_errors(gateway)


def test_the_gateway_keeps_its_local_signing_key_on_a_writable_volume() -> None:
    """DATA_DIR (/home/todo/data in the image): `todo token` writes the key there on Minikube."""
    spec = pod_spec(workloads("minikube")["gateway"]) or {}
    mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0]["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert "emptyDir" in volumes[mounts["/home/todo/data"]]


@overlays
def test_the_namespace_enforces_the_restricted_pod_security_level(overlay: str) -> None:
    labels = one(overlay, "Namespace")["metadata"]["labels"]
    for mode in ("enforce", "audit", "warn"):
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted", mode


# ---------------------------------------------------------------------------------------------
# NetworkPolicies


def _namespace_of(peer: Doc) -> str | None:
    """The one namespace a peer names by kubernetes.io/metadata.name, if that is all it says."""
    if set(peer) != {"namespaceSelector"}:
        return None
    selector = peer["namespaceSelector"]
    if set(selector) != {"matchLabels"} or len(selector["matchLabels"]) != 1:
        return None
    name = selector["matchLabels"].get("kubernetes.io/metadata.name")
    return str(name) if name else None


def knative_ingress_errors(policies: list[Doc], name: str, labels: dict[str, str]) -> list[str]:
    """A Knative Service's pods must admit Knative's data plane only, on queue-proxy ports."""
    errors = []
    for peer, ports in ingress_sources(policies, labels):
        if peer == PROMETHEUS and ports and ports <= METRICS_PORTS.get(name, set()):
            continue
        if _namespace_of(peer) not in DATA_PLANE_NAMESPACES:
            errors.append(f"{name}: admits {peer or 'anyone'}")
        if not ports or not ports <= QUEUE_PROXY_PORTS:
            errors.append(f"{name}: admits ports {sorted(ports) or 'all'}")
    return errors


def network_policies(overlay: str) -> list[Doc]:
    return [d for d in rendered(overlay) if d["kind"] == "NetworkPolicy"]


@overlays
def test_ingress_is_denied_by_default(overlay: str) -> None:
    deny = [
        p
        for p in network_policies(overlay)
        if p["spec"]["podSelector"] == {} and not p["spec"].get("ingress")
    ]
    assert [p["spec"]["policyTypes"] for p in deny if "Ingress" in p["spec"]["policyTypes"]] == [
        ["Ingress"]
    ]
    assert all(p["metadata"]["namespace"] == NAMESPACE for p in network_policies(overlay))


@overlays
def test_knative_services_admit_only_the_knative_data_plane(overlay: str) -> None:
    policies = network_policies(overlay)
    errors = []
    for name, doc in workloads(overlay).items():
        if key_of(doc) == KNATIVE_SERVICE:
            errors += knative_ingress_errors(policies, name, pod_labels(doc))
    assert errors == []
    # Every Knative Service is admitted by someone (else nothing could call it).
    for name, doc in workloads(overlay).items():
        if key_of(doc) == KNATIVE_SERVICE:
            assert ingress_sources(policies, pod_labels(doc)), name


@overlays
def test_the_migration_job_admits_nothing(overlay: str) -> None:
    job = workloads(overlay)["todo-migrate"]
    assert ingress_sources(network_policies(overlay), pod_labels(job)) == []


def test_postgresql_admits_only_the_workloads() -> None:
    policies = network_policies("minikube")
    postgres = workloads("minikube")["postgres"]
    sources = ingress_sources(policies, pod_labels(postgres))
    assert sources and all(ports == {5432} for _, ports in sources)
    peers = [peer for peer, _ in sources]
    assert all(set(peer) == {"podSelector"} for peer in peers), peers
    for name, doc in workloads("minikube").items():
        admitted = any(selects(peer["podSelector"], pod_labels(doc)) for peer in peers)
        assert admitted == (name in APP_WORKLOADS), name
    assert "postgres" not in workloads("oke")  # Neon on OKE


@pytest.mark.parametrize(
    "opens",
    [
        lambda p: p["spec"]["ingress"].append({}),
        lambda p: p["spec"]["ingress"][0]["from"].append({"podSelector": {}}),
        lambda p: p["spec"]["ingress"][0].pop("ports"),
        lambda p: p["spec"]["ingress"][0]["ports"].append({"port": 8080}),
        lambda p: p["spec"]["ingress"][0]["from"].append(
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "default"}}}
        ),
    ],
)
def test_the_policy_check_notices_an_opening(opens: Any) -> None:
    policies = network_policies("minikube")
    recur = pod_labels(workloads("minikube")["recur"])
    assert knative_ingress_errors(policies, "recur", recur) == []
    broken = copy.deepcopy(policies)
    (allow,) = [p for p in broken if p["metadata"]["name"] == "knative-data-plane-only"]
    opens(allow)
    assert knative_ingress_errors(broken, "recur", recur)
    # No policy selecting a pod leaves it open to anyone.
    assert knative_ingress_errors([], "recur", recur)
    assert ingress_sources([], {"app.kubernetes.io/name": "x"}) == [({}, set())]


# ---------------------------------------------------------------------------------------------
# Secrets only where used


def secret_refs(doc: Doc) -> set[tuple[str, str]]:
    """(secret, key) a workload's containers can read; key '*' for a whole secret."""
    refs: set[tuple[str, str]] = set()
    for box in containers(doc):
        for item in box.get("env", []):
            ref = item.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                refs.add((ref["name"], ref["key"]))
        for source in box.get("envFrom", []):
            if "secretRef" in source:
                refs.add((source["secretRef"]["name"], "*"))
    for volume in (pod_spec(doc) or {}).get("volumes", []):
        if "secret" in volume:
            refs.add((volume["secret"]["secretName"], "*"))
        for source in volume.get("projected", {}).get("sources", []):
            if "secret" in source:
                refs.add((source["secret"]["name"], "*"))
    return refs


@overlays
def test_each_workload_reads_only_the_secret_keys_it_uses(overlay: str) -> None:
    found = {name: secret_refs(doc) for name, doc in workloads(overlay).items()}
    expected = {name: EXPECTED_SECRETS[name] for name in found}
    assert found == expected
    openai = {name for name, refs in found.items() if ("todo-secrets", "OPENAI_API_KEY") in refs}
    assert openai == {"gateway"}


def test_the_secret_check_notices_a_whole_secret_mounted() -> None:
    recur = workloads("minikube")["recur"]
    recur["spec"]["template"]["spec"]["containers"][0]["envFrom"].append(
        {"secretRef": {"name": "todo-secrets"}}
    )
    assert ("todo-secrets", "*") in secret_refs(recur)


# ---------------------------------------------------------------------------------------------
# Pinned images


@overlays
def test_every_image_is_pinned(overlay: str) -> None:
    images = {box["image"] for doc in workloads(overlay).values() for box in containers(doc)}
    assert images and [image for image in images if not PINNED.match(image)] == []


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("postgres:17.6", True),
        ("dev.local/todo-events:dev", True),
        ("fra.ocir.io/t/todo-events@sha256:" + "0" * 64, True),
        ("postgres", False),
        ("postgres:latest", False),
        ("todo-events", False),
        ("registry:5000/todo-events", False),
    ],
)
def test_the_pin_check(image: str, pinned: bool) -> None:
    assert bool(PINNED.match(image)) is pinned
