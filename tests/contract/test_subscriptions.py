"""The Dapr input bindings agree with what the functions accept (core/subscriptions.py).

Each function declares the event types it acts on; each type's model names its topic. So the
(topic, function) pairs are known without reading eventing/subscriptions.py, and every Dapr
flavour (the two cluster overlays, rendered with `kubectl kustomize`, and the committed
self-hosted file) must hold exactly one input binding per pair: named `<topic>-<function>`,
reading that topic in consumer group `todo-<topic>-<function>`. The router serves each binding
at `POST /<binding>` (Dapr posts a record to the component's name), so its routes are checked
against the same pairs. Broken copies of the real bindings show the check notices each fault.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from core.events import EVENT_TYPES, TOPICS
from core.signing import KeyRing
from core.subscriptions import ACCEPTS
from eventing.app import binding_routes
from eventing.dead_letters import DeadLetters
from eventing.router import Router
from eventing.subscriptions import SUBSCRIPTIONS
from eventing.targets import over_http
from tests.contract.rendering import OVERLAYS, ROOT, Doc, load, rendered

SELFHOSTED = ROOT / "dapr" / "selfhosted" / "components.yaml"
FLAVOURS = (*OVERLAYS, "selfhosted")


def declared_pairs() -> set[tuple[str, str]]:
    """(topic, function) for each topic one of a function's accepted types is published on."""
    return {
        (EVENT_TYPES[kind].topic, function) for function, kinds in ACCEPTS.items() for kind in kinds
    }


def input_bindings(flavour: str) -> dict[str, Doc]:
    """The Kafka input binding components of a flavour, by name."""
    docs = load(SELFHOSTED) if flavour == "selfhosted" else rendered(flavour)
    return {
        doc["metadata"]["name"]: doc
        for doc in docs
        if doc.get("apiVersion", "").startswith("dapr.io/")
        and doc["kind"] == "Component"
        and doc["spec"]["type"] == "bindings.kafka"
        and _value(doc, "direction") == "input"
    }


def _value(component: Doc, field: str) -> object:
    items = {item["name"]: item for item in component["spec"].get("metadata", [])}
    return items.get(field, {}).get("value")


def binding_errors(bindings: dict[str, Doc], pairs: set[tuple[str, str]]) -> list[str]:
    """How `bindings` differ from one input binding per (topic, function) of `pairs`."""
    errors = []
    wanted = {f"{topic}-{function}": (topic, function) for topic, function in pairs}
    for name in sorted(set(wanted) - set(bindings)):
        errors.append(f"no input binding {name}")
    for name in sorted(set(bindings) - set(wanted)):
        errors.append(f"input binding {name} serves no declared (topic, function)")
    for name in sorted(set(wanted) & set(bindings)):
        topic, function = wanted[name]
        if _value(bindings[name], "topics") != topic:
            errors.append(f"{name}: reads {_value(bindings[name], 'topics')!r}, not {topic!r}")
        group = f"todo-{topic}-{function}"
        if _value(bindings[name], "consumerGroup") != group:
            errors.append(f"{name}: consumer group is not {group}")
    return errors


def test_every_topic_is_consumed_and_every_accepted_type_is_an_event() -> None:
    assert {kind for kinds in ACCEPTS.values() for kind in kinds} <= set(EVENT_TYPES)
    assert {model.topic for model in EVENT_TYPES.values()} <= set(TOPICS)
    # An event nobody reads would be published for nothing.
    assert {topic for topic, _ in declared_pairs()} == set(TOPICS)


def test_the_router_table_is_the_declared_pairs_and_types() -> None:
    assert {(sub.topic, sub.function) for sub in SUBSCRIPTIONS} == declared_pairs()
    for sub in SUBSCRIPTIONS:
        on_topic = {kind for kind, model in EVENT_TYPES.items() if model.topic == sub.topic}
        assert sub.types == ACCEPTS[sub.function] & on_topic, sub.binding
        assert sub.binding == f"{sub.topic}-{sub.function}"
        assert sub.consumer_group == f"todo-{sub.topic}-{sub.function}"


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_each_flavour_has_one_input_binding_per_declared_pair(flavour: str) -> None:
    assert binding_errors(input_bindings(flavour), declared_pairs()) == []


def test_the_router_serves_a_route_per_input_binding() -> None:
    targets = {function: over_http(function, "http://127.0.0.1:9") for function in ACCEPTS}
    router = Router(targets, DeadLetters(None))  # type: ignore[arg-type]
    routes = binding_routes(router, KeyRing((b"k" * 16,)))
    assert {route.path for route in routes} == {f"/{name}" for name in input_bindings("minikube")}


def _drop(bindings: dict[str, Doc]) -> None:
    bindings.pop("reminders-notify")


def _extra(bindings: dict[str, Doc]) -> None:
    bindings["task-events-push"] = copy.deepcopy(bindings["task-events-audit"])


def _field(field: str, value: str) -> Callable[[dict[str, Doc]], None]:
    def breaks(bindings: dict[str, Doc]) -> None:
        for item in bindings["task-events-recur"]["spec"]["metadata"]:
            if item["name"] == field:
                item["value"] = value

    return breaks


BROKEN: list[tuple[str, Callable[[dict[str, Doc]], None]]] = [
    ("a pair without its binding", _drop),
    ("a binding for no pair", _extra),
    ("the wrong topic", _field("topics", "reminders")),
    ("a shared consumer group", _field("consumerGroup", "todo-task-events-audit")),
]


@pytest.mark.parametrize(("case", "breaks"), BROKEN, ids=[case for case, _ in BROKEN])
def test_a_binding_out_of_step_with_the_table_is_noticed(
    case: str, breaks: Callable[[dict[str, Doc]], None]
) -> None:
    bindings = copy.deepcopy(input_bindings("minikube"))
    breaks(bindings)
    assert binding_errors(bindings, declared_pairs()), case


def test_a_type_accepted_on_a_new_topic_asks_for_a_binding() -> None:
    # Were audit to accept reminders too, the manifests would lack reminders-audit.
    assert binding_errors(
        input_bindings("minikube"), declared_pairs() | {("reminders", "audit")}
    ) == ["no input binding reminders-audit"]
