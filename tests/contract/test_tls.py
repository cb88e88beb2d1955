"""Contract tests of HTTPS on the public route (deploy/components/tls) and of the public domain.

The oke overlay includes the TLS component with its Let's Encrypt issuer; Minikube may opt in
with a local CA. Each rendering is checked against what reads it: cert-manager's CRDs (vendored
in tests/contract/upstream/k8s-crds, strict as in test_manifests.py) for the issuers and the
CA certificate, and Knative's own parsing of config-network and config-certmanager (knative
/serving: vendor/knative.dev/networking/pkg/config/config.go compares `external-domain-tls`
with "enabled" case-insensitively and treats any other value as off; `issuerRef` is a YAML
document naming a ClusterIssuer). Every checker is also shown a broken copy.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from tests.contract.components import find, rendered_with
from tests.contract.netpol import ingress_sources
from tests.contract.rendering import ROOT, Doc, one, rendered
from tests.contract.validators.schemas import schema_errors

KNATIVE_NAMESPACE = "knative-serving"
ISSUER = "todo-tls"
LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory"
# The keys of config-network this project sets; any other would override the cluster's own
# settings (ingress-class and the rest) when `kubectl apply` merges the ConfigMap.
TLS_NETWORK_KEYS = {"external-domain-tls": "Enabled", "http-protocol": "Redirected"}
CERT_MANAGER_VERSION = "v1.21.1"  # docs/deploy.md installs it; its CRDs are vendored
# config-certmanager ships in serving-core.yaml from this Knative release on.
KNATIVE_WITH_CERT_MANAGER = (1, 15)
TLS_OBJECTS = {("ConfigMap", "config-network"), ("ConfigMap", "config-certmanager")}
MINIKUBE_TLS = ("tls", "tls/local-ca")


def tls_errors(docs: list[Doc]) -> list[str]:
    """What would leave a rendering's public routes without a certificate, or on plain http."""
    by_key = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    missing = [
        f"no {kind} {name}" for kind, name in sorted(TLS_OBJECTS) if (kind, name) not in by_key
    ]
    if missing:
        return missing
    errors = []
    network = by_key["ConfigMap", "config-network"]
    certmanager = by_key["ConfigMap", "config-certmanager"]
    for config in (network, certmanager):
        if config["metadata"].get("namespace") != KNATIVE_NAMESPACE:
            errors.append(f"{config['metadata']['name']} is not in {KNATIVE_NAMESPACE}")
    if network.get("data") != TLS_NETWORK_KEYS:
        errors.append(f"config-network data {network.get('data')} != {TLS_NETWORK_KEYS}")
    labels = certmanager["metadata"].get("labels", {})
    if labels.get("networking.knative.dev/certificate-provider") != "cert-manager":
        errors.append("config-certmanager lacks its certificate-provider label")
    try:
        ref: Any = yaml.safe_load(certmanager.get("data", {}).get("issuerRef", ""))
    except yaml.YAMLError as exc:
        return [*errors, f"issuerRef is not YAML: {exc}"]
    if not isinstance(ref, dict) or ref.get("kind") != "ClusterIssuer":
        return [*errors, f"issuerRef {ref!r} names no ClusterIssuer"]
    if ("ClusterIssuer", ref.get("name")) not in by_key:
        errors.append(f"issuerRef names ClusterIssuer {ref.get('name')}, not in the rendering")
    return errors


def domain_errors(config_domain: Doc) -> list[str]:
    """A config-domain that gives the public services one custom domain, and only that."""
    domains = [key for key in config_domain.get("data", {}) if key != "_example"]
    errors = [] if len(domains) == 1 else [f"{len(domains)} domain keys: {domains}"]
    errors += [
        f"{key}: a wildcard-DNS domain" for key in domains if re.search(r"sslip\.io|nip\.io", key)
    ]
    return errors


def lets_encrypt_http01(issuer: Doc) -> bool:
    acme = issuer["spec"].get("acme", {})
    return acme.get("server") == LETS_ENCRYPT and any(
        "http01" in s for s in acme.get("solvers", [])
    )


# ---------------------------------------------------------------------------------------------
# OKE: Let's Encrypt


def test_the_oke_overlay_serves_https_from_lets_encrypt() -> None:
    docs = rendered("oke")
    assert tls_errors(docs) == []
    issuer = find(docs, "ClusterIssuer", ISSUER)
    assert lets_encrypt_http01(issuer)
    # The ACME account key is cert-manager's to keep: a name, never a key in the repository.
    assert set(issuer["spec"]["acme"]["privateKeySecretRef"]) == {"name"}


def test_the_http01_challenge_passes_the_namespace_network_policies() -> None:
    """cert-manager's solver pod (label acme.cert-manager.io/http01-solver, port 8089) admits
    Kourier, and nothing else, through the namespace's default deny."""
    solver = {"acme.cert-manager.io/http01-solver": "true"}
    policies = [d for d in rendered("oke") if d["kind"] == "NetworkPolicy"]
    kourier = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kourier-system"}}
    }
    assert ingress_sources(policies, solver) == [(kourier, {8089})]
    # Without it the namespace's default deny would leave the challenge unanswered.
    others = [p for p in policies if p["metadata"]["name"] != "acme-http01-solver"]
    assert ingress_sources(others, solver) == []


@pytest.mark.parametrize(
    "docs",
    [rendered("oke"), rendered_with("minikube", *MINIKUBE_TLS)],
    ids=["oke", "minikube+tls"],
)
def test_every_tls_object_matches_its_upstream_schema(docs: list[Doc]) -> None:
    tls = [
        d
        for d in docs
        if d["apiVersion"].startswith("cert-manager.io/")
        or d["metadata"].get("namespace") == KNATIVE_NAMESPACE
    ]
    assert {d["kind"] for d in tls} >= {"ClusterIssuer", "ConfigMap"}
    assert {d["metadata"]["name"]: schema_errors(d) for d in tls} == {
        d["metadata"]["name"]: [] for d in tls
    }


def network(docs: list[Doc]) -> Doc:
    return find(docs, "ConfigMap", "config-network")


def certmanager(docs: list[Doc]) -> Doc:
    return find(docs, "ConfigMap", "config-certmanager")


BROKEN_TLS: list[tuple[str, Callable[[list[Doc]], object]]] = [
    # Knative reads anything but "enabled" as off: the routes would silently stay http.
    ("tls value", lambda ds: network(ds)["data"].update({"external-domain-tls": "true"})),
    ("redirect typo", lambda ds: network(ds)["data"].update({"http-protocol": "Redirect"})),
    ("clobbers the ingress class", lambda ds: network(ds)["data"].update({"ingress-class": "x"})),
    ("wrong namespace", lambda ds: network(ds)["metadata"].update({"namespace": "todo"})),
    ("no config-network", lambda ds: ds.remove(network(ds))),
    ("issuer missing", lambda ds: ds.remove(find(ds, "ClusterIssuer", ISSUER))),
    ("issuerRef kind", lambda ds: certmanager(ds)["data"].update(issuerRef="kind: Issuer")),
    ("issuerRef not YAML", lambda ds: certmanager(ds)["data"].update(issuerRef="kind: [\n")),
    ("no provider label", lambda ds: certmanager(ds)["metadata"].pop("labels")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "breaks"), BROKEN_TLS, ids=[c for c, _ in BROKEN_TLS])
def test_broken_tls_settings_are_caught(case: str, breaks: Callable[[list[Doc]], object]) -> None:
    docs = rendered("oke")
    breaks(docs)
    assert tls_errors(docs), case


BROKEN_SCHEMA: list[tuple[str, str, Callable[[Doc], object]]] = [
    ("acme without server", "ClusterIssuer", lambda d: d["spec"]["acme"].pop("server")),
    ("solver typo", "ClusterIssuer", lambda d: d["spec"]["acme"]["solvers"][0].update(htp01={})),
    ("ca wrong type", "ClusterIssuer", lambda d: d["spec"].update(ca={"secretName": 7})),
    ("isCA a string", "Certificate", lambda d: d["spec"].update(isCA="yes")),
    ("issuerRef typo", "Certificate", lambda d: d["spec"]["issuerRef"].update(nmae="x")),
]


@pytest.mark.parametrize(
    ("case", "kind", "breaks"), BROKEN_SCHEMA, ids=[c for c, _, _ in BROKEN_SCHEMA]
)
def test_cert_manager_objects_with_errors_fail_the_schema(
    case: str, kind: str, breaks: Callable[[Doc], object]
) -> None:
    docs = rendered("oke") + rendered_with("minikube", *MINIKUBE_TLS)
    doc = copy.deepcopy(next(d for d in docs if d["kind"] == kind))
    assert schema_errors(doc) == []
    breaks(doc)
    assert schema_errors(doc), case


# ---------------------------------------------------------------------------------------------
# Minikube: plain http unless it opts in, then a CA of its own


def test_minikube_stays_plain_http_unless_it_opts_in() -> None:
    docs = rendered("minikube")
    assert not [d for d in docs if d["apiVersion"].startswith("cert-manager.io/")]
    assert tls_errors(docs)


def test_minikube_opts_in_with_a_local_ca() -> None:
    docs = rendered_with("minikube", *MINIKUBE_TLS)
    assert tls_errors(docs) == []
    issuer = find(docs, "ClusterIssuer", ISSUER)
    ca = find(docs, "Certificate", "todo-tls-ca")
    root = find(docs, "ClusterIssuer", ca["spec"]["issuerRef"]["name"])
    # A ClusterIssuer reads its CA secret from cert-manager's own namespace.
    assert ca["metadata"]["namespace"] == "cert-manager"
    assert ca["spec"]["isCA"] is True
    assert issuer["spec"] == {"ca": {"secretName": ca["spec"]["secretName"]}}
    assert root["spec"] == {"selfSigned": {}}
    assert not lets_encrypt_http01(issuer)


# ---------------------------------------------------------------------------------------------
# The public domain (config-domain)


def test_the_oke_domain_is_one_custom_domain() -> None:
    assert domain_errors(one("oke", "ConfigMap", "config-domain")) == []


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("a second domain", {"todo.example.com": "", "other.example.org": ""}),
        ("sslip.io", {"203.0.113.7.sslip.io": ""}),
        ("nip.io", {"203.0.113.7.nip.io": ""}),
        ("no domain", {}),
    ],
)
def test_a_config_domain_with_other_or_extra_domains_is_caught(
    case: str, data: dict[str, str]
) -> None:
    config_domain = one("oke", "ConfigMap", "config-domain")
    config_domain["data"] = data
    assert domain_errors(config_domain), case


# ---------------------------------------------------------------------------------------------
# The guide installs what the manifests need


def test_the_guide_installs_cert_manager_and_a_knative_with_its_integration() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert "## TLS (OKE; optional on Minikube)" in guide
    assert (
        f"https://github.com/cert-manager/cert-manager/releases/download/{CERT_MANAGER_VERSION}/cert-manager.yaml"
        in guide
    )
    vendored = (ROOT / "tests" / "contract" / "upstream" / "README.md").read_text()
    assert f"tag {CERT_MANAGER_VERSION}" in vendored
    (knative,) = set(re.findall(r"export KNATIVE_VERSION=(\d+)\.(\d+)\.\d+", guide))
    assert tuple(map(int, knative)) >= KNATIVE_WITH_CERT_MANAGER
