"""The push handler: append the update to its user's stream and wake the listeners."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert

from core.events import NotificationCreated, NotificationsRead, TaskChanged
from core.humanize import describe_reminder
from core.store.eventing_models import UpdateRow
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = frozenset({TaskChanged.type, NotificationCreated.type, NotificationsRead.type})
UPDATES_CHANNEL = "todo_updates"


def payload_of(envelope: Envelope) -> tuple[str, dict[str, Any]]:
    """The user and the JSON a client receives for this update."""
    event = envelope.data
    if isinstance(event, TaskChanged):
        task = event.task.model_dump(mode="json", exclude={"owner"})
        # Clients get reminders as the API shows them: each with its words.
        task["reminders"] = [
            {**item, "text": describe_reminder(item, event.task.timezone)}
            for item in task["reminders"]
        ]
        return event.task.owner, {"kind": "task", "op": event.op, "task": task}
    if isinstance(event, NotificationCreated):
        return event.owner, {
            "kind": "notification",
            "notification": event.notification.model_dump(mode="json"),
        }
    if isinstance(event, NotificationsRead):
        ids = None if event.ids is None else [str(item) for item in event.ids]
        return event.owner, {"kind": "notifications_read", "ids": ids, "unread": event.unread}
    raise PermanentEventError(f"push takes task updates, not {envelope.type}")


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Store the update once; the NOTIFY is delivered when the transaction commits."""
    owner, payload = payload_of(envelope)
    result = await uow.session.execute(
        insert(UpdateRow)
        .values(owner=owner, event_id=envelope.id, type=envelope.type, payload=payload)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(UpdateRow.id)
    )
    new_id = result.scalar_one_or_none()
    if new_id is not None:
        await uow.session.execute(
            text("SELECT pg_notify(:channel, :message)"),
            {"channel": UPDATES_CHANNEL, "message": f"{new_id}:{owner}"},
        )
