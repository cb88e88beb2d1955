"""The recur handler: the next occurrence, once per occurrence (unique series id + index)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.errors import InvalidRecurrence
from core.events import TaskCompleted, TaskSkipped
from core.series import create_next_occurrence
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = frozenset({TaskCompleted.type, TaskSkipped.type})


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Create the occurrence that follows the completed or skipped one, if the series goes on."""
    event = envelope.data
    if not isinstance(event, TaskCompleted | TaskSkipped):
        raise PermanentEventError(f"recur takes completions and skips, not {envelope.type}")
    if event.task.recurrence is None:
        return  # a one-off task: nothing follows
    try:
        await create_next_occurrence(uow, event.task, now=datetime.now(UTC))
    except InvalidRecurrence as exc:  # a rule that can never occur again: nothing to retry
        raise PermanentEventError(str(exc)) from None
