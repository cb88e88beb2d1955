"""The router's table of (topic, function) subscriptions, built from what each function accepts.

core/subscriptions.py says which event types each function acts on; each type's model names its
topic (core/events.py). A function consumes each topic one of its types is published on, in a
consumer group of its own. The router, the Dapr components and the Knative manifests take their
names from here (tests/contract/test_subscriptions.py checks the bindings against the table).

Topic names and event types are the public contract of DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.events import REMINDERS, TASK_EVENTS, TASK_UPDATES, TOPICS
from core.subscriptions import FUNCTIONS, accepted_on

__all__ = [
    "FUNCTIONS",
    "REMINDERS",
    "SUBSCRIPTIONS",
    "TASK_EVENTS",
    "TASK_UPDATES",
    "TOPICS",
    "Subscription",
    "output_binding",
    "subscriptions_for",
]


@dataclass(frozen=True)
class Subscription:
    """`function` receives every event of `topic`, in order per user, in its own consumer group."""

    topic: str
    function: str
    # Event types the function acts on; others are acknowledged and ignored (None: every type).
    types: frozenset[str] | None = None

    @property
    def binding(self) -> str:
        """Name of the Dapr Kafka input binding (and so the router's route `POST /<binding>`)."""
        return f"{self.topic}-{self.function}"

    @property
    def consumer_group(self) -> str:
        """Kafka consumer group: one per (topic, function), so no function blocks another."""
        return f"todo-{self.topic}-{self.function}"


def _derive() -> tuple[Subscription, ...]:
    """One subscription per (topic, function) where the function accepts a type of the topic."""
    return tuple(
        Subscription(topic, function, accepted_on(topic, function))
        for topic in TOPICS
        for function in FUNCTIONS
        if accepted_on(topic, function)
    )


SUBSCRIPTIONS: tuple[Subscription, ...] = _derive()


def output_binding(topic: str) -> str:
    """Name of the Dapr Kafka output binding that publishes to `topic` (one per topic)."""
    return f"{topic}-out"


def subscriptions_for(topic: str) -> list[Subscription]:
    """The subscriptions of one topic, in declaration order."""
    return [sub for sub in SUBSCRIPTIONS if sub.topic == topic]
