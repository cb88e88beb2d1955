"""The deploying account (deploy/rbac/deployer.yaml) may do what knative/deploy.sh does, no more.

Every object of both rendered overlays must be writable the way deploy.sh writes it (kubectl
apply: get, then create or patch; kn: get, create, update, watch; the Job also deleted and
waited for), with what the script reads besides: the secrets its preflight checks (names taken
from deploy.sh itself), the migration's pods and logs, Deployments to wait for. RBAC is
evaluated as the API server does for these rules: a verb, API group and resource must each be
listed (no wildcards are expected), resourceNames limit a rule to those names, and a create,
which names nothing yet, never matches a rule with resourceNames.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import kubernetes_validate
import pytest

from tests.contract.rendering import DEPLOY, NAMESPACE, OVERLAYS, ROOT, Doc, load, rendered

DEPLOYER_FILE = DEPLOY / "rbac" / "deployer.yaml"
DEPLOY_SH = ROOT / "knative" / "deploy.sh"
SUBJECT = {"kind": "ServiceAccount", "name": "todo-deployer", "namespace": NAMESPACE}
K8S_VERSION = "1.32"

# The plural of every kind the overlays render; a kind missing here fails the test, so a new
# kind in the overlays gets the deployer's attention.
RESOURCES = {
    "Namespace": "namespaces",
    "ServiceAccount": "serviceaccounts",
    "ConfigMap": "configmaps",
    "Service": "services",  # v1 and serving.knative.dev alike
    "Role": "roles",
    "RoleBinding": "rolebindings",
    "NetworkPolicy": "networkpolicies",
    "Component": "components",
    "Configuration": "configurations",
    "Resiliency": "resiliencies",
    "Deployment": "deployments",
    "PodDisruptionBudget": "poddisruptionbudgets",
    "Job": "jobs",
    "ClusterIssuer": "clusterissuers",
}
APPLY = ("get", "create", "patch")  # kubectl apply, client-side
EXISTING = ("get", "patch")  # applied over what the cluster already has
REPLACED = ("get", "update")  # config-domain: kubectl replace, after reading its keys
KN = ("get", "create", "update", "watch")  # kn service create --force, waiting for Ready
JOB = ("get", "create", "patch", "delete", "list", "watch")  # replaced, waited for


@dataclass(frozen=True)
class Request:
    """One API request: verb on group/resource (optionally a subresource), in a namespace."""

    verb: str
    group: str
    resource: str
    namespace: str | None  # None: cluster-scoped
    name: str = ""  # "" for create and list: no object named

    def __str__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.verb} {self.resource}.{self.group or 'core'} {where}{self.name}".strip()


def rule_allows(rule: Doc, request: Request) -> bool:
    """One PolicyRule against one request."""
    names = rule.get("resourceNames", [])
    return (
        request.verb in rule.get("verbs", [])
        and request.group in rule.get("apiGroups", [])
        and request.resource in rule.get("resources", [])
        and (not names or (request.name != "" and request.name in names))
    )


def granted_rules(docs: Iterable[Doc]) -> list[tuple[str | None, Doc]]:
    """(namespace the rule holds in, None = everywhere; rule) for every rule bound to SUBJECT."""
    docs = list(docs)
    roles = {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]): d for d in docs}
    granted: list[tuple[str | None, Doc]] = []
    for binding in docs:
        if binding["kind"] not in ("RoleBinding", "ClusterRoleBinding"):
            continue
        if SUBJECT not in binding.get("subjects", []):
            continue
        scope = binding["metadata"].get("namespace")  # None for a ClusterRoleBinding
        ref = binding["roleRef"]
        role_namespace = scope if ref["kind"] == "Role" else None
        role = roles.get((ref["kind"], role_namespace, ref["name"]))
        assert role is not None, f"{binding['metadata']['name']} binds a missing {ref}"
        granted += [(scope, rule) for rule in role.get("rules", [])]
    return granted


def can(docs: Iterable[Doc], request: Request) -> bool:
    """Whether SUBJECT may make REQUEST under the roles and bindings of DOCS."""
    return any(
        (scope is None or scope == request.namespace) and rule_allows(rule, request)
        for scope, rule in granted_rules(docs)
    )


def deploy_sh_secrets() -> dict[str, list[str]]:
    """target -> the secrets deploy.sh's preflight checks, read from the script."""
    text = DEPLOY_SH.read_text()
    found = re.findall(r"^\s*(\w+)\)\n(?:.*\n)*?\s*secrets=\(([^)]*)\)", text, re.MULTILINE)
    return {target: names.split() for target, names in found}


def needed(overlay: str) -> list[Request]:
    """Every request deploy.sh makes for OVERLAY."""
    requests: list[Request] = []
    for doc in rendered(overlay):
        group = doc["apiVersion"].rpartition("/")[0]
        namespace, name = doc["metadata"].get("namespace"), doc["metadata"]["name"]
        verbs: tuple[str, ...]
        if group == "serving.knative.dev":
            verbs = KN
        elif doc["kind"] == "Job":
            verbs = JOB
        elif (namespace, name) == ("knative-serving", "config-domain"):
            verbs = REPLACED
        elif namespace != NAMESPACE and doc["kind"] != "ClusterIssuer":
            # The namespace itself, Knative's TLS settings: objects the install steps made.
            verbs = EXISTING
        else:
            verbs = APPLY
        resource = RESOURCES[doc["kind"]]
        for verb in verbs:
            # create, list and watch name no object: resourceNames cannot admit them.
            target = "" if verb in ("create", "list", "watch") else name
            requests.append(Request(verb, group, resource, namespace, target))
        if doc["kind"] == "Deployment":
            requests += [Request(v, "apps", "deployments", NAMESPACE) for v in ("list", "watch")]
    requests += [
        Request("list", "serving.knative.dev", "services", NAMESPACE),  # kn service list
        Request("list", "", "pods", NAMESPACE),  # kubectl logs job/...: the Job's pods
        Request("get", "", "pods", NAMESPACE, "todo-migrate-x"),
        Request("get", "", "pods/log", NAMESPACE, "todo-migrate-x"),
    ]
    requests += [
        Request("get", "", "secrets", NAMESPACE, secret) for secret in deploy_sh_secrets()[overlay]
    ]
    if any(doc["kind"] == "ClusterIssuer" for doc in rendered(overlay)):
        crd = "clusterissuers.cert-manager.io"  # the preflight: is cert-manager installed?
        requests.append(
            Request("get", "apiextensions.k8s.io", "customresourcedefinitions", None, crd)
        )
    return requests


@cache
def _deployer() -> list[Doc]:
    return load(DEPLOYER_FILE)


def deployer() -> list[Doc]:
    """deploy/rbac/deployer.yaml (a fresh copy: a test may change it)."""
    return copy.deepcopy(_deployer())


def missing(docs: list[Doc], overlay: str) -> list[str]:
    return [str(r) for r in needed(overlay) if not can(docs, r)]


def _rule_of(docs: list[Doc], namespace: str | None, resource: str, holding: str) -> Doc:
    """The rule of NAMESPACE's role on RESOURCE that lists HOLDING (a verb, resource, name)."""
    (role,) = [
        d
        for d in docs
        if d["kind"] in ("Role", "ClusterRole") and d["metadata"].get("namespace") == namespace
    ]
    (rule,) = [
        r
        for r in role["rules"]
        if resource in r["resources"]
        and any(holding in r.get(key, []) for key in ("resources", "verbs", "resourceNames"))
    ]
    return dict(rule)


# ---------------------------------------------------------------------------------------------


def test_the_deployer_manifest_is_valid_kubernetes() -> None:
    for doc in _deployer():
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_deploy_sh_names_the_secrets_it_checks() -> None:
    secrets = deploy_sh_secrets()
    assert set(secrets) == set(OVERLAYS)
    assert all("todo-secrets" in names for names in secrets.values())


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_deployer_may_do_everything_deploy_sh_does(overlay: str) -> None:
    assert missing(deployer(), overlay) == []


@pytest.mark.parametrize(
    ("namespace", "resource", "drops"),
    [
        ("todo", "networkpolicies", "networkpolicies"),
        ("todo", "pods/log", "pods/log"),
        ("todo", "jobs", "delete"),
        ("todo", "secrets", "ocir"),
        ("knative-serving", "configmaps", "update"),
        ("knative-serving", "configmaps", "config-certmanager"),
        (None, "clusterissuers", "create"),
        (None, "namespaces", "get"),
    ],
)
def test_a_missing_permission_is_noticed(namespace: str | None, resource: str, drops: str) -> None:
    docs = deployer()
    rule = _rule_of(docs, namespace, resource, drops)
    for key in ("resources", "verbs", "resourceNames"):
        if drops in rule.get(key, []):
            rule[key].remove(drops)
    assert any(missing(docs, overlay) for overlay in OVERLAYS)


def test_a_binding_to_someone_else_grants_the_deployer_nothing() -> None:
    docs = deployer()
    for doc in docs:
        for subject in doc.get("subjects", []):
            subject["name"] = "someone-else"
    assert all(missing(docs, overlay) for overlay in OVERLAYS)


@pytest.mark.parametrize(
    "request_",
    [
        Request("get", "", "secrets", NAMESPACE, "some-other-secret"),
        Request("list", "", "secrets", NAMESPACE),
        Request("create", "", "secrets", NAMESPACE),
        Request("get", "", "secrets", "kube-system", "todo-secrets"),
        Request("create", "", "namespaces", None),
        Request("patch", "", "namespaces", None, "kube-system"),
        Request("delete", "", "namespaces", None, "todo"),
        Request("patch", "", "configmaps", "knative-serving", "config-features"),
        Request("update", "", "configmaps", "knative-serving", "config-network"),
        Request("delete", "cert-manager.io", "clusterissuers", None, "todo-tls"),
        Request("patch", "cert-manager.io", "clusterissuers", None, "someone-elses"),
        Request("create", "", "configmaps", "knative-serving"),
        Request("create", "apps", "deployments", "default"),
        Request("create", "", "pods", NAMESPACE),
        Request("create", "", "pods/exec", NAMESPACE, "gateway-x"),
        Request("delete", "serving.knative.dev", "services", NAMESPACE, "gateway"),
        Request("escalate", "rbac.authorization.k8s.io", "roles", NAMESPACE, "x"),
        Request("patch", "rbac.authorization.k8s.io", "rolebindings", NAMESPACE, "todo-deployer"),
        Request("patch", "rbac.authorization.k8s.io", "roles", NAMESPACE, "todo-deployer"),
        Request("bind", "rbac.authorization.k8s.io", "clusterroles", None, "cluster-admin"),
        Request("create", "rbac.authorization.k8s.io", "clusterrolebindings", None),
    ],
    ids=str,
)
def test_the_deployer_may_not_do_more(request_: Request) -> None:
    assert not can(deployer(), request_)


def test_no_rule_uses_a_wildcard() -> None:
    for _, rule in granted_rules(deployer()):
        assert "*" not in {*rule["verbs"], *rule["apiGroups"], *rule["resources"]}, rule


def test_resource_names_never_admit_a_create() -> None:
    rule = {
        "apiGroups": [""],
        "resources": ["secrets"],
        "resourceNames": ["a"],
        "verbs": ["create"],
    }
    assert not rule_allows(rule, Request("create", "", "secrets", NAMESPACE))
    assert rule_allows({**rule, "verbs": ["get"]}, Request("get", "", "secrets", NAMESPACE, "a"))


def test_the_deployer_outlives_a_teardown() -> None:
    """knative/teardown.sh deletes by app.kubernetes.io/part-of=todo-events: not this account."""
    assert "part-of=todo-events" in (ROOT / "knative" / "teardown.sh").read_text()
    for doc in _deployer():
        assert "app.kubernetes.io/part-of" not in doc["metadata"].get("labels", {}), doc


def test_the_deployer_is_no_part_of_the_overlays() -> None:
    for overlay in OVERLAYS:
        names = {(d["kind"], d["metadata"]["name"]) for d in rendered(overlay)}
        assert ("ServiceAccount", "todo-deployer") not in names
    assert Path(DEPLOYER_FILE).is_file()
