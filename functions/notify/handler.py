"""The notify handler: deliver a due reminder once, if it is still wanted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from core.events import NotificationCreated, NotificationOut, ReminderDue
from core.store.eventing_models import NotificationRow, UserSettingsRow, WebhookDeliveryRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.timefmt import format_in_zone
from functions.notify import webhook
from functions.runtime import Envelope, PermanentEventError, get_sessions

ACCEPTS = frozenset({"todo.reminder.due"})
# Delivered this long after its time, a reminder says it is late (the system was down).
LATE_AFTER = timedelta(minutes=2)


def _body(task: TaskRow, event: ReminderDue, late: bool) -> str:
    due = format_in_zone(task.due, task.timezone)
    text = f"Reminder: {task.title}"
    if due:
        text += f" (due {due})"
    if late:
        text += " — delivered late"
    return text


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
            body=_body(task, event, late),
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
    view = NotificationOut(
        id=row.id,
        task_id=row.task_id,
        title=row.title,
        body=row.body,
        fire_at=row.fire_at,
        late=row.late,
        read=False,
        created_at=row.created_at,
    )
    uow.record(NotificationCreated(owner=event.owner, notification=view))
    settings = await uow.session.get(UserSettingsRow, event.owner)
    if settings is None or not settings.webhook_url:
        return
    payload = {"type": "notification", "owner": event.owner, **view.model_dump(mode="json")}
    delivery = WebhookDeliveryRow(
        notification_id=row.id,
        owner=event.owner,
        url=settings.webhook_url,
        payload=payload,
        attempts=0,
    )
    uow.session.add(delivery)
    await uow.session.flush()
    url, secret, delivery_id = settings.webhook_url, settings.webhook_secret, delivery.id
    sessions = get_sessions()

    async def post_webhook() -> None:
        await webhook.send(sessions, delivery_id, url, payload, secret)

    uow.after_commit(post_webhook)
