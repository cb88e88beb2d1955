"""The push handler: append the update to its user's stream and wake the listeners."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.events import (
    NotificationCreated,
    NotificationOut,
    NotificationsRead,
    TaskChanged,
    snapshot,
)
from core.humanize import describe_reminder
from core.store.eventing_models import NotificationRow, UpdateRow
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = frozenset({TaskChanged.type, NotificationCreated.type, NotificationsRead.type})
UPDATES_CHANNEL = "todo_updates"


async def payload_of(
    envelope: Envelope, session: AsyncSession
) -> tuple[str, dict[str, Any]] | None:
    """The user and the JSON a client receives for this update; None if nothing is left.

    A task or notification is sent as stored (read by id and owner), not as the event
    describes it, so what a user sees is always something the API wrote for that user.
    """
    event = envelope.data
    if isinstance(event, TaskChanged):
        task_view = event.task
        if event.op == "upsert":
            row = await session.scalar(
                select(TaskRow).where(
                    TaskRow.id == event.task.id, TaskRow.owner == event.task.owner
                )
            )
            if row is None:
                return None  # deleted since: its delete update follows
            task_view = snapshot(row)
        task = task_view.model_dump(mode="json", exclude={"owner"})
        # Clients get reminders as the API shows them: each with its words.
        task["reminders"] = [
            {**item, "text": describe_reminder(item, task_view.timezone)}
            for item in task["reminders"]
        ]
        return event.task.owner, {"kind": "task", "op": event.op, "task": task}
    if isinstance(event, NotificationCreated):
        stored = await session.scalar(
            select(NotificationRow).where(
                NotificationRow.id == event.notification.id, NotificationRow.owner == event.owner
            )
        )
        if stored is None:
            return None  # not a notification notify wrote for this user
        return event.owner, {
            "kind": "notification",
            "notification": NotificationOut.from_row(stored).model_dump(mode="json"),
        }
    if isinstance(event, NotificationsRead):
        ids = None if event.ids is None else [str(item) for item in event.ids]
        return event.owner, {"kind": "notifications_read", "ids": ids, "unread": event.unread}
    raise PermanentEventError(f"push takes task updates, not {envelope.type}")


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Store the update once; the NOTIFY is delivered when the transaction commits."""
    found = await payload_of(envelope, uow.session)
    if found is None:
        return
    owner, payload = found
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
