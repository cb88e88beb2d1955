"""The notify handler: deliver a due reminder once, if it is still wanted (webhooks: queued)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from core import subscriptions
from core.events import ReminderDue
from core.humanize import describe_moment
from core.services.notifications import add_notifications, announce_all
from core.services.settings import settings_of
from core.services.tasks import TaskRow, tasks_by_key
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = subscriptions.ACCEPTS["notify"]
# Delivered this long after its time, a reminder says it is late (the system was down).
LATE_AFTER = timedelta(minutes=2)


def body_text(title: str, due: datetime | None, zone: str, *, now: datetime, late: bool) -> str:
    """ "Pay rent is due Today 09:00" in the user's zone (no raw timestamps), or "Reminder: …"."""
    if due is None:
        text = f"Reminder: {title}"
    else:
        verb = "was due" if due < now else "is due"
        text = f"{title} {verb} {describe_moment(due, zone, now)}"
    return text + (" (delivered late)" if late else "")


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Notify the user of `envelope`'s reminder unless it was rescheduled or its task is done."""
    await handle_batch([envelope], uow)


def _notification(
    event: ReminderDue, task: TaskRow, zone: str, *, now: datetime, late: bool
) -> dict[str, Any]:
    """The notifications row of `event`'s reminder of `task`."""
    return {
        "id": uuid.uuid4(),
        "owner": event.owner,
        "task_id": event.task_id,
        "reminder_version": event.reminder_version,
        "reminder": event.reminder,
        "fire_at": event.fire_at,
        "title": task.title,
        "body": body_text(task.title, task.due, zone, now=now, late=late),
        "due": task.due,
        "timezone": zone,
        "late": late,
        "created_at": now,
    }


async def handle_batch(envelopes: Sequence[Envelope], uow: UnitOfWork) -> None:
    """`handle` for a batch in one unit of work, in a few statements whatever its size.

    The tasks in one read, the users' settings in one, every notification in one INSERT (an
    occurrence notified before, or twice in the batch, conflicts and is skipped as one at a
    time), their `notification.created` events in the commit's one outbox statement, and at
    most one NOTIFY for the webhook sender.
    """
    events: list[ReminderDue] = []
    for envelope in envelopes:
        if not isinstance(envelope.data, ReminderDue):
            raise PermanentEventError(f"notify takes reminders, not {envelope.type}")
        events.append(envelope.data)
    if not events:
        return
    session = uow.session
    tasks = await tasks_by_key(session, ((e.task_id, e.owner) for e in events))
    wanted: list[tuple[ReminderDue, TaskRow]] = []
    for event in events:
        task = tasks.get((event.task_id, event.owner))
        if task is None or task.completed or task.reminder_version != event.reminder_version:
            continue  # deleted, done, or rescheduled since: this reminder is no longer wanted
        wanted.append((event, task))
    if not wanted:
        return
    settings = await settings_of(session, (event.owner for event, _ in wanted))
    now = datetime.now(UTC)
    values = []
    for event, task in wanted:
        own = settings.get(event.owner)
        zone = own.timezone if own is not None else task.timezone
        late = now - event.fire_at > LATE_AFTER
        values.append(_notification(event, task, zone, now=now, late=late))
    inserted = await add_notifications(uow, values)
    # In event order, so each user's notifications publish in order; an occurrence notified
    # before is not in `inserted`.
    new = [inserted[value["id"]] for value in values if value["id"] in inserted]
    await announce_all(uow, new, settings)
