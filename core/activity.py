"""The activity log's rules: what an event changed, and the per-user hash chain.

Each entry's hash covers its content and the previous entry's hash, so changing or removing an
entry breaks every hash after it; `core.activity_chain.verify_keyed_chain` finds where.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.events import (
    TaskCompleted,
    TaskCreated,
    TaskDeleted,
    TaskEvent,
    TaskReopened,
    TaskSkipped,
    TaskUpdated,
)

GENESIS = "0" * 64
_SHOWN = ("title", "description", "priority", "tags", "due", "timezone", "recurrence", "reminders")


def changes_of(event: TaskEvent) -> dict[str, Any]:
    """Before/after of each field the event changed."""
    task = event.task.model_dump(mode="json")
    if isinstance(event, TaskUpdated):
        return {name: change.model_dump(mode="json") for name, change in event.changes.items()}
    if isinstance(event, TaskCreated):
        return {
            name: {"before": None, "after": task[name]}
            for name in _SHOWN
            if task[name] not in (None, "", [], "none")
            and (name, task[name]) != ("timezone", "UTC")
        }
    if isinstance(event, TaskCompleted | TaskSkipped):
        done = {"completed": {"before": False, "after": True}}
        if isinstance(event, TaskSkipped):
            done["skipped"] = {"before": False, "after": True}
        return done
    if isinstance(event, TaskReopened):
        return {"completed": {"before": True, "after": False}}
    if isinstance(event, TaskDeleted):
        return {"deleted": {"before": False, "after": True}, "scope": {"after": event.scope}}
    return {}


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """sha256 over the previous hash and the entry's canonical JSON."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def entry_content(
    *,
    owner: str,
    seq: int,
    event_id: str,
    event_source: str,
    event_type: str,
    task_id: str | None,
    actor: str,
    occurred_at: datetime,
    changes: dict[str, Any],
) -> dict[str, Any]:
    """The hashed fields of an entry, in a form that survives a database round trip."""
    return {
        "owner": owner,
        "seq": seq,
        "event_id": event_id,
        "event_source": event_source,
        "event_type": event_type,
        "task_id": task_id,
        "actor": actor,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(),
        "changes": changes,
    }


@dataclass(frozen=True)
class ChainProblem:
    """Something wrong at one place in a user's chain."""

    owner: str
    seq: int
    problem: str  # changed | missing | broken link
