"""The notify handler: deliver a due reminder once, if it is still wanted (webhooks: queued)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from core.events import NotificationCreated, NotificationOut, ReminderDue
from core.humanize import describe_moment
from core.store.eventing_models import NotificationRow, UserSettingsRow, WebhookDeliveryRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from functions.notify.webhook_sender import WEBHOOK_CHANNEL
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = frozenset({"todo.reminder.due"})
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
    event = envelope.data
    if not isinstance(event, ReminderDue):
        raise PermanentEventError(f"notify takes reminders, not {envelope.type}")
    task = (
        await uow.session.execute(
            select(TaskRow).where(TaskRow.id == event.task_id, TaskRow.owner == event.owner)
        )
    ).scalar_one_or_none()
    if task is None or task.completed or task.reminder_version != event.reminder_version:
        return  # deleted, done, or rescheduled since: this reminder is no longer wanted
    now = datetime.now(UTC)
    late = now - event.fire_at > LATE_AFTER
    settings = await uow.session.get(UserSettingsRow, event.owner)
    zone = settings.timezone if settings is not None else task.timezone
    notification_id = uuid.uuid4()
    inserted = await uow.session.execute(
        insert(NotificationRow)
        .values(
            id=notification_id,
            owner=event.owner,
            task_id=event.task_id,
            reminder_version=event.reminder_version,
            reminder=event.reminder,
            fire_at=event.fire_at,
            title=task.title,
            body=body_text(task.title, task.due, zone, now=now, late=late),
            due=task.due,
            timezone=zone,
            late=late,
            created_at=now,
        )
        .on_conflict_do_nothing()
        .returning(NotificationRow.id)
    )
    if inserted.first() is None:
        return  # this occurrence was already notified
    row = await uow.session.get(NotificationRow, notification_id)
    assert row is not None
    view = NotificationOut.from_row(row)
    uow.record(NotificationCreated(owner=event.owner, notification=view))
    if settings is None or not settings.webhook_url:
        return
    payload = {"type": "notification", "owner": event.owner, **view.model_dump(mode="json")}
    # Queued in this transaction, sent by the webhook sender: a receiver that never answers
    # must not hold this delivery (and everyone's events behind it) open.
    uow.session.add(
        WebhookDeliveryRow(
            notification_id=row.id,
            owner=event.owner,
            url=settings.webhook_url,
            payload=payload,
            attempts=0,
        )
    )
    await uow.session.execute(select(func.pg_notify(WEBHOOK_CHANNEL, "")))  # sent on commit
