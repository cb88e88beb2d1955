"""Which function consumes which topic: the one place the router, the Dapr components and the
Knative manifests take their names from (a contract test checks that they agree).

Topic names and event types are the public contract of DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass

TASK_EVENTS = "task-events"
REMINDERS = "reminders"
TASK_UPDATES = "task-updates"
TOPICS = (TASK_EVENTS, REMINDERS, TASK_UPDATES)

FUNCTIONS = ("recur", "notify", "audit", "push")


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


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription(
        TASK_EVENTS,
        "recur",
        frozenset({"todo.task.completed", "todo.task.skipped"}),
    ),
    Subscription(TASK_EVENTS, "audit"),
    Subscription(REMINDERS, "notify", frozenset({"todo.reminder.due"})),
    Subscription(TASK_UPDATES, "push"),
)


def output_binding(topic: str) -> str:
    """Name of the Dapr Kafka output binding that publishes to `topic` (one per topic)."""
    return f"{topic}-out"


def subscriptions_for(topic: str) -> list[Subscription]:
    """The subscriptions of one topic, in declaration order."""
    return [sub for sub in SUBSCRIPTIONS if sub.topic == topic]
