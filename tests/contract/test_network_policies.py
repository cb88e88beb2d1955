"""Which connections the rendered overlays' NetworkPolicies allow, flow by flow.

Each workload gets what it needs (DNS; PostgreSQL; eventing its Kafka, the Dapr control plane,
the Kubernetes API and the functions through Kourier; the gateway and eventing (webhooks) HTTPS
to public addresses; telemetry out, Prometheus in) and nothing else: no function reaches the
internet, nothing reaches the cloud metadata address or a private address through an internet
rule, and no pod but Knative's data plane reaches a Knative Service's pod. The evaluator
(tests/contract/netpol.py) is tested first, on hand-written policies.
"""

from __future__ import annotations

import copy
from functools import cache

import pytest

from eventing.subscriptions import FUNCTIONS
from tests.contract.netpol import Address, Pod, Unsupported, allowed, selects
from tests.contract.rendering import NAMESPACE, Doc, pod_labels, rendered, workloads

# ---------------------------------------------------------------------------------------------
# The evaluator itself

DENY_ALL: list[Doc] = [
    {
        "metadata": {"name": "deny", "namespace": "a"},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    }
]
WEB = Pod("a", {"app": "web"}, "10.1.0.1")
DB = Pod("a", {"app": "db"}, "10.1.0.2")
ELSEWHERE_DB = Pod("b", {"app": "db"}, "10.1.0.3")


def web_to_db(peer: Doc, port: Doc) -> list[Doc]:
    """Deny all in namespace a, then web may reach PEER on PORT and db admits web."""
    return [
        *DENY_ALL,
        {
            "metadata": {"name": "web-out", "namespace": "a"},
            "spec": {
                "podSelector": {"matchLabels": {"app": "web"}},
                "policyTypes": ["Egress"],
                "egress": [{"to": [peer], "ports": [port]}],
            },
        },
        {
            "metadata": {"name": "db-in", "namespace": "a"},
            "spec": {
                "podSelector": {"matchLabels": {"app": "db"}},
                "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]}],
            },
        },
    ]


def test_no_policy_allows_everything_and_deny_all_denies_both_ways() -> None:
    assert allowed([], WEB, DB, 5432)
    assert not allowed(DENY_ALL, WEB, DB, 5432)
    assert not allowed(DENY_ALL, WEB, Address("203.0.113.1"), 443)
    # Policies of another namespace do not isolate b's pod.
    assert allowed(DENY_ALL, ELSEWHERE_DB, Address("203.0.113.1"), 443)


def test_both_sides_must_allow_and_ports_protocols_and_namespaces_count() -> None:
    policies = web_to_db({"podSelector": {"matchLabels": {"app": "db"}}}, {"port": 5432})
    assert allowed(policies, WEB, DB, 5432)
    assert not allowed(policies, WEB, DB, 5433)
    assert not allowed(policies, WEB, DB, 5432, "UDP")
    assert not allowed(policies, DB, WEB, 5432)  # db has no egress, web admits nothing
    # A podSelector alone means the policy's namespace: the same labels elsewhere do not match.
    assert not allowed(policies, WEB, ELSEWHERE_DB, 5432)
    # db's ingress admits only web.
    assert not allowed(policies, Pod("a", {"app": "other"}, "10.1.0.9"), DB, 5432)


def test_ip_blocks_with_exceptions_and_port_ranges() -> None:
    block = {"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8", "169.254.0.0/16"]}}
    policies = web_to_db(block, {"port": 8000, "endPort": 8100})
    assert allowed(policies, WEB, Address("203.0.113.10"), 8080)
    assert not allowed(policies, WEB, Address("203.0.113.10"), 8101)
    assert not allowed(policies, WEB, Address("169.254.169.254"), 8080)
    assert not allowed(policies, WEB, Address("10.0.0.5"), 8080)
    assert not allowed(policies, WEB, Address("2001:db8::1"), 8080)  # an IPv4 block only


def test_selectors_and_a_named_port_is_refused() -> None:
    expression = {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["x"]}]}
    assert selects(expression, {}) and not selects(expression, {"tier": "x"})
    exists = {"matchExpressions": [{"key": "tier", "operator": "Exists"}]}
    assert selects(exists, {"tier": ""}) and not selects(exists, {})
    policies = web_to_db({"podSelector": {}}, {"port": "postgres"})
    with pytest.raises(Unsupported):
        allowed(policies, WEB, DB, 5432)


# ---------------------------------------------------------------------------------------------
# The overlays

OVERLAYS = ("minikube", "oke")
overlays = pytest.mark.parametrize("overlay", OVERLAYS)

# Pods outside namespace todo, as their releases label them.
KUBE_DNS = Pod("kube-system", {"k8s-app": "kube-dns"}, "10.244.9.2")
REDPANDA = Pod("redpanda", {"app.kubernetes.io/name": "redpanda"}, "10.244.9.3")
KOURIER = Pod("kourier-system", {"app": "3scale-kourier-gateway"}, "10.244.9.4")
ACTIVATOR = Pod("knative-serving", {"app": "activator"}, "10.244.9.5")
SENTRY = Pod("dapr-system", {"app": "dapr-sentry"}, "10.244.9.6")
OPERATOR = Pod("dapr-system", {"app": "dapr-operator"}, "10.244.9.7")
PROMETHEUS = Pod("monitoring", {"app.kubernetes.io/name": "prometheus"}, "10.244.9.8")
GRAFANA = Pod("monitoring", {"app.kubernetes.io/name": "grafana"}, "10.244.9.9")
COLLECTOR = Pod("observability", {"app.kubernetes.io/name": "otel-collector"}, "10.244.9.10")
STRANGER = Pod("default", {"app": "stranger"}, "10.244.9.11")
# Addresses outside the pod network.
INTERNET = Address("203.0.113.10")  # a webhook, the JWKS host, Neon, Redpanda Cloud
METADATA = Address("169.254.169.254")
PRIVATE = Address("10.0.0.5")  # a node, a VCN host, a service in the cluster range
API_SERVER = {"minikube": (Address("192.168.49.2"), 8443), "oke": (Address("10.0.0.2"), 6443)}


@cache
def _policies(overlay: str) -> list[Doc]:
    return [d for d in rendered(overlay) if d["kind"] == "NetworkPolicy"]


def policies(overlay: str) -> list[Doc]:
    """The overlay's NetworkPolicies (a fresh copy: a test may change it)."""
    return copy.deepcopy(_policies(overlay))


@cache
def pods(overlay: str) -> dict[str, Pod]:
    """A pod of every workload of the overlay, in namespace todo, each with its own address."""
    return {
        name: Pod(NAMESPACE, pod_labels(doc), f"10.244.0.{i}")
        for i, (name, doc) in enumerate(sorted(workloads(overlay).items()), start=10)
    }


APPS = ("gateway", "eventing", *FUNCTIONS, "todo-migrate")

# (overlay or None for both, source, destination, port, protocol)
NEEDED = [
    *[(None, app, KUBE_DNS, 53, proto) for app in APPS for proto in ("UDP", "TCP")],
    *[("minikube", app, "postgres", 5432, "TCP") for app in APPS],
    *[(None, app, INTERNET, 5432, "TCP") for app in APPS],  # Neon on OKE
    ("minikube", "eventing", REDPANDA, 9093, "TCP"),
    ("oke", "eventing", INTERNET, 9092, "TCP"),  # Redpanda Cloud, TLS
    (None, "eventing", KOURIER, 8081, "TCP"),  # the router to the functions
    (None, "eventing", SENTRY, 50001, "TCP"),
    (None, "eventing", OPERATOR, 6500, "TCP"),
    (None, "gateway", INTERNET, 443, "TCP"),  # JWKS, OpenAI
    (None, "eventing", INTERNET, 443, "TCP"),  # webhooks (the sender beside the relay)
    *[(None, app, COLLECTOR, 4318, "TCP") for app in ("gateway", "eventing", *FUNCTIONS)],
    (None, PROMETHEUS, "gateway", 9095, "TCP"),
    (None, PROMETHEUS, "eventing", 8080, "TCP"),
    (None, PROMETHEUS, "eventing", 9092, "TCP"),
    *[(None, KOURIER, svc, 8012, "TCP") for svc in ("gateway", "eventing", *FUNCTIONS)],
    *[(None, ACTIVATOR, svc, 8013, "TCP") for svc in ("gateway", "eventing", *FUNCTIONS)],
]

FORBIDDEN = [
    *[(None, fn, INTERNET, 443, "TCP") for fn in FUNCTIONS],  # notify only queues webhooks
    (None, "eventing", INTERNET, 80, "TCP"),
    (None, "eventing", INTERNET, 8443, "TCP"),
    *[(None, app, METADATA, port, "TCP") for app in APPS for port in (80, 443, 5432)],
    (None, "gateway", PRIVATE, 443, "TCP"),
    (None, "gateway", PRIVATE, 5432, "TCP"),
    (None, "eventing", METADATA, 9092, "TCP"),
    ("minikube", "recur", REDPANDA, 9093, "TCP"),
    ("minikube", "gateway", REDPANDA, 9093, "TCP"),
    (None, "recur", INTERNET, 9092, "TCP"),
    (None, "todo-migrate", INTERNET, 443, "TCP"),
    (None, "todo-migrate", KOURIER, 8081, "TCP"),
    (None, "todo-migrate", COLLECTOR, 4318, "TCP"),
    (None, "gateway", KOURIER, 8081, "TCP"),
    (None, "notify", KOURIER, 8081, "TCP"),  # functions do not call functions
    (None, "gateway", SENTRY, 50001, "TCP"),
    (None, "eventing", KUBE_DNS, 8080, "TCP"),
    (None, "eventing", STRANGER, 443, "TCP"),  # a private address on an API port: pod first
    # Nothing reaches a Knative Service's pod but Knative's data plane.
    *[(None, "eventing", fn, port, "TCP") for fn in FUNCTIONS for port in (8012, 8080)],
    *[(None, "gateway", fn, 8012, "TCP") for fn in FUNCTIONS],
    *[(None, STRANGER, svc, 8012, "TCP") for svc in ("gateway", "eventing", *FUNCTIONS)],
    (None, STRANGER, "todo-migrate", 8080, "TCP"),
    ("minikube", STRANGER, "postgres", 5432, "TCP"),
    (None, PROMETHEUS, "recur", 8080, "TCP"),
    (None, PROMETHEUS, "gateway", 8080, "TCP"),
    (None, GRAFANA, "gateway", 9095, "TCP"),
    (None, KOURIER, "recur", 8080, "TCP"),  # the data plane reaches the queue-proxy only
]


Who = str | Pod | Address  # a workload of the overlay by name, or a pod or address elsewhere


def endpoint(overlay: str, who: Who) -> Pod | Address:
    return pods(overlay)[who] if isinstance(who, str) else who


def name_of(who: object) -> str:
    """A test id's name: a workload's, a pod's namespace and first label value, an address."""
    if isinstance(who, Pod):
        return f"{who.namespace}/{next(iter(who.labels.values()))}"
    return who.ip if isinstance(who, Address) else str(who)


def cases(flows: list[tuple[str | None, object, object, int, str]]) -> list[object]:
    out: list[object] = []
    for only, src, dst, port, proto in flows:
        for overlay in OVERLAYS if only is None else (only,):
            label = f"{overlay}:{name_of(src)}->{name_of(dst)}:{port}/{proto}"
            out.append(pytest.param(overlay, src, dst, port, proto, id=label))
    return out


@pytest.mark.parametrize(("overlay", "src", "dst", "port", "proto"), cases(NEEDED))
def test_each_needed_flow_is_allowed(
    overlay: str, src: Who, dst: Who, port: int, proto: str
) -> None:
    assert allowed(policies(overlay), endpoint(overlay, src), endpoint(overlay, dst), port, proto)


@pytest.mark.parametrize(("overlay", "src", "dst", "port", "proto"), cases(FORBIDDEN))
def test_each_forbidden_flow_is_denied(
    overlay: str, src: Who, dst: Who, port: int, proto: str
) -> None:
    assert not allowed(
        policies(overlay), endpoint(overlay, src), endpoint(overlay, dst), port, proto
    )


@overlays
def test_eventing_reaches_the_kubernetes_api_server(overlay: str) -> None:
    """Its sidecar reads the redpanda-cloud secret; the API server is an address, per cluster."""
    address, port = API_SERVER[overlay]
    assert allowed(policies(overlay), pods(overlay)["eventing"], address, port)
    assert not allowed(policies(overlay), pods(overlay)["gateway"], address, port)


@overlays
def test_every_pod_is_isolated_both_ways(overlay: str) -> None:
    """A workload added later starts with nothing: no DNS, no database, no callers."""
    newcomer = Pod(NAMESPACE, {"app.kubernetes.io/component": "new"}, "10.244.0.99")
    for other, port in ((KUBE_DNS, 53), (INTERNET, 443), (pods(overlay)["gateway"], 8012)):
        assert not allowed(policies(overlay), newcomer, other, port, "UDP" if port == 53 else "TCP")
    assert not allowed(policies(overlay), ACTIVATOR, newcomer, 8012)


def test_the_flow_tests_fail_when_a_policy_is_dropped_or_widened() -> None:
    """Without default-deny-egress recur reaches the internet; a wider webhook rule opens 10/8."""
    recur, eventing = pods("oke")["recur"], pods("oke")["eventing"]
    kept = [p for p in policies("oke") if p["metadata"]["name"] != "default-deny-egress"]
    # recur is still selected by egress policies (DNS, database): still isolated...
    assert not allowed(kept, recur, INTERNET, 443)
    # ...but a pod only the default denial isolated is open again.
    newcomer = Pod(NAMESPACE, {"app.kubernetes.io/component": "new"}, "10.244.0.99")
    assert allowed(kept, newcomer, INTERNET, 443)
    widened = policies("oke")
    (webhooks,) = [p for p in widened if p["metadata"]["name"] == "eventing-egress-webhooks"]
    webhooks["spec"]["egress"][0]["to"][0]["ipBlock"].pop("except")
    # (A private address on 443 is eventing's Kubernetes API rule; the metadata address is not.)
    assert not allowed(policies("oke"), eventing, METADATA, 443)
    assert allowed(widened, eventing, METADATA, 443)
