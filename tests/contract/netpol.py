"""Kubernetes NetworkPolicy semantics, small enough to read: may this connection be opened?

A connection from a source to a destination port is allowed when the source's egress allows it
and the destination's ingress allows it. For each direction, a pod that no policy of its
namespace selects (for that policy type) is not isolated and allows everything; a pod that some
policy selects allows exactly the union of the rules of the policies that select it. An address
outside the cluster has no policies: only the pod's side counts.

What Kubernetes leaves to the network plugin is modelled as Calico does it: an `ipBlock` also
matches pod addresses, and ports are the pod's own (after a Service's translation). Named ports
are not modelled: a policy using one is refused with an error rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import Any, Literal, cast

Doc = dict[str, Any]
Direction = Literal["Ingress", "Egress"]


@dataclass(frozen=True)
class Pod:
    """A pod: its namespace, labels and address; its namespace's labels default to its name."""

    namespace: str
    labels: Mapping[str, str]
    ip: str
    namespace_labels: Mapping[str, str] = field(default_factory=dict)

    def ns_labels(self) -> Mapping[str, str]:
        return {"kubernetes.io/metadata.name": self.namespace, **self.namespace_labels}


@dataclass(frozen=True)
class Address:
    """An endpoint outside the cluster (or the API server, a node): an IP address only."""

    ip: str


Endpoint = Pod | Address


class Unsupported(ValueError):
    """A policy uses something this evaluator does not model (a named port)."""


def selects(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """A label selector (matchLabels and matchExpressions) against labels; {} selects all."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        present = key in labels
        if op == "In" and not (present and labels[key] in values):
            return False
        if op == "NotIn" and present and labels[key] in values:
            return False
        if op == "Exists" and not present:
            return False
        if op == "DoesNotExist" and present:
            return False
    return True


def ingress_sources(
    policies: Iterable[Doc], labels: Mapping[str, str]
) -> list[tuple[Doc, set[int]]]:
    """(peer, ports) each policy selecting a pod with `labels` admits; {} as peer means anyone.

    An empty port set means every port. A pod no policy selects admits everyone: reported as
    one peer {} on every port.
    """
    selecting = [
        p
        for p in policies
        if selects(p["spec"]["podSelector"], labels) and "Ingress" in policy_types(p)
    ]
    if not selecting:
        return [({}, set())]
    sources: list[tuple[Doc, set[int]]] = []
    for policy in selecting:
        for rule in policy["spec"].get("ingress", []):
            ports = {p["port"] for p in rule.get("ports", [])}
            for peer in rule.get("from") or [{}]:
                sources.append((peer, ports))
    return sources


def policy_types(policy: Doc) -> list[str]:
    """spec.policyTypes, or its default: Ingress, plus Egress when egress rules are given."""
    spec = policy["spec"]
    if "policyTypes" in spec:
        return list(spec["policyTypes"])
    return ["Ingress", "Egress"] if "egress" in spec else ["Ingress"]


def _isolating(policies: Iterable[Doc], pod: Pod, direction: Direction) -> list[Doc]:
    return [
        p
        for p in policies
        if p["metadata"].get("namespace") == pod.namespace
        and direction in policy_types(p)
        and selects(p["spec"].get("podSelector", {}), pod.labels)
    ]


def _in_block(ip: str, block: Mapping[str, Any]) -> bool:
    addr: IPv4Address | IPv6Address = ip_address(ip)
    cidr = ip_network(block["cidr"])
    if addr.version != cidr.version or addr not in cidr:
        return False
    return not any(
        addr in ip_network(e)
        for e in block.get("except", [])
        if ip_network(e).version == addr.version
    )


def _peer_matches(peer: Mapping[str, Any], policy_namespace: str, other: Endpoint) -> bool:
    if "ipBlock" in peer:
        return _in_block(other.ip, peer["ipBlock"])
    if not isinstance(other, Pod):  # pod and namespace selectors name pods only
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], other.ns_labels()):
            return False
    elif other.namespace != policy_namespace:  # a podSelector alone: the policy's namespace
        return False
    return selects(peer.get("podSelector", {}), other.labels)


def _port_matches(entry: Mapping[str, Any], port: int, protocol: str) -> bool:
    if entry.get("protocol", "TCP") != protocol:
        return False
    if "port" not in entry:  # every port of the protocol
        return True
    first = entry["port"]
    if not isinstance(first, int):
        raise Unsupported(f"named port {first!r} is not modelled")
    return cast("bool", first <= port <= entry.get("endPort", first))


def _rule_allows(
    rule: Mapping[str, Any],
    peers_key: str,
    namespace: str,
    other: Endpoint,
    port: int,
    protocol: str,
) -> bool:
    ports = rule.get("ports") or []
    if ports and not any(_port_matches(p, port, protocol) for p in ports):
        return False
    peers = rule.get(peers_key) or []
    return not peers or any(_peer_matches(peer, namespace, other) for peer in peers)


def side_allows(
    policies: Iterable[Doc],
    pod: Pod,
    direction: Direction,
    other: Endpoint,
    port: int,
    protocol: str = "TCP",
) -> bool:
    """Whether POD's policies for DIRECTION let it talk with OTHER on PORT."""
    isolating = _isolating(policies, pod, direction)
    if not isolating:
        return True
    rules_key, peers_key = ("egress", "to") if direction == "Egress" else ("ingress", "from")
    return any(
        _rule_allows(rule, peers_key, pod.namespace, other, port, protocol)
        for policy in isolating
        for rule in policy["spec"].get(rules_key) or []
    )


def allowed(
    policies: Iterable[Doc],
    source: Endpoint,
    destination: Endpoint,
    port: int,
    protocol: str = "TCP",
) -> bool:
    """Whether SOURCE may open a connection to DESTINATION's PORT (both sides must agree)."""
    policies = list(policies)
    out = not isinstance(source, Pod) or side_allows(
        policies, source, "Egress", destination, port, protocol
    )
    into = not isinstance(destination, Pod) or side_allows(
        policies, destination, "Ingress", source, port, protocol
    )
    return out and into
