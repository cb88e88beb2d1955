"""What each function accepts: the one table the handlers, the router and the Dapr bindings
derive from.

Each function names the event types it acts on; the topics it consumes follow from those types
(each event model knows its topic, core/events.py). Each handler's `ACCEPTS` is its entry here,
eventing/subscriptions.py builds the router's (topic, function) table from it, and the contract
tests check the Dapr input bindings against it. Topic names and event types are the public
contract of DESIGN.md; this table only says who reads what.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from core.events import (
    EVENT_TYPES,
    TOPICS,
    NotificationCreated,
    NotificationsRead,
    ReminderDue,
    TaskChanged,
    TaskCompleted,
    TaskEvent,
    TaskSkipped,
)

# Function name -> the event types it acts on. Every other event is acknowledged unread.
# The order is the functions' order everywhere (settings, manifests, the router's table).
ACCEPTS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # Completing or skipping an occurrence of a series makes the next one.
        "recur": frozenset({TaskCompleted.type, TaskSkipped.type}),
        "notify": frozenset({ReminderDue.type}),
        # The activity log records every change of a task.
        "audit": frozenset(
            name for name, model in EVENT_TYPES.items() if issubclass(model, TaskEvent)
        ),
        "push": frozenset({TaskChanged.type, NotificationCreated.type, NotificationsRead.type}),
    }
)

FUNCTIONS: tuple[str, ...] = tuple(ACCEPTS)


def topics_of(function: str) -> tuple[str, ...]:
    """The topics `function` consumes: those its accepted types are published on."""
    wanted = {EVENT_TYPES[name].topic for name in ACCEPTS[function]}
    return tuple(topic for topic in TOPICS if topic in wanted)


def accepted_on(topic: str, function: str) -> frozenset[str]:
    """The event types of `topic` that `function` acts on (empty: it does not consume `topic`)."""
    return frozenset(name for name in ACCEPTS[function] if EVENT_TYPES[name].topic == topic)
