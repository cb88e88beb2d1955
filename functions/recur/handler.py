"""The recur handler: the next occurrence, once per occurrence (unique series id + index)."""

from __future__ import annotations

from datetime import UTC, datetime

from core import subscriptions
from core.errors import InvalidRecurrence, TaskNotFound
from core.events import TaskCompleted, TaskSkipped, snapshot
from core.services.series import create_next_occurrence
from core.services.tasks import load_task
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = subscriptions.ACCEPTS["recur"]


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Create the occurrence that follows the completed or skipped one, if the series goes on."""
    event = envelope.data
    if not isinstance(event, TaskCompleted | TaskSkipped):
        raise PermanentEventError(f"recur takes completions and skips, not {envelope.type}")
    # The next occurrence copies the task as stored, not as the event describes it: the event
    # only says which completion happened (its task, owner and moment).
    try:
        row = await load_task(uow.session, event.task.owner, event.task.id)
    except TaskNotFound:
        return  # deleted since
    if row.completed_at != event.task.completed_at:
        return  # reopened (and maybe finished again) since: not this completion
    if row.recurrence_rule is None:
        return  # a one-off task: nothing follows
    try:
        await create_next_occurrence(uow, snapshot(row), now=datetime.now(UTC))
    except InvalidRecurrence as exc:  # a rule that can never occur again: nothing to retry
        raise PermanentEventError(str(exc)) from None
