"""The push handler: append the update to its user's stream and wake the listeners."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import subscriptions
from core.events import (
    NotificationCreated,
    NotificationOut,
    NotificationsRead,
    TaskChanged,
    snapshot,
)
from core.humanize import describe_reminder
from core.services.notifications import NotificationsByKey, notifications_by_key
from core.services.tasks import TasksByKey, tasks_by_key
from core.services.updates import NewUpdate, append_update, append_updates
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = subscriptions.ACCEPTS["push"]


async def payload_of(
    envelope: Envelope, session: AsyncSession
) -> tuple[str, dict[str, Any]] | None:
    """The user and the JSON a client receives for this update; None if nothing is left.

    A task or notification is sent as stored (read by id and owner), not as the event
    describes it, so what a user sees is always something the API wrote for that user.
    """
    tasks, notifications = await _stored(session, [envelope])
    return _payload(envelope, tasks, notifications)


async def _stored(
    session: AsyncSession, envelopes: Sequence[Envelope]
) -> tuple[TasksByKey, NotificationsByKey]:
    """The stored tasks (of upserts) and notifications the envelopes name, one read each."""
    upserts = [
        (e.data.task.id, e.data.task.owner)
        for e in envelopes
        if isinstance(e.data, TaskChanged) and e.data.op == "upsert"
    ]
    created = [
        (e.data.notification.id, e.data.owner)
        for e in envelopes
        if isinstance(e.data, NotificationCreated)
    ]
    return await tasks_by_key(session, upserts), await notifications_by_key(session, created)


def _payload(
    envelope: Envelope, tasks: TasksByKey, notifications: NotificationsByKey
) -> tuple[str, dict[str, Any]] | None:
    """`payload_of`, given the stored tasks and notifications (`_stored`)."""
    event = envelope.data
    if isinstance(event, TaskChanged):
        task_view = event.task
        task = tasks.get((event.task.id, event.task.owner))
        # Deleted since: the event's own snapshot (signed by the relay) is what was written
        # then, so each update still reaches the stream exactly once; its delete follows.
        if event.op == "upsert" and task is not None:
            task_view = snapshot(task)
        body = task_view.model_dump(mode="json", exclude={"owner"})
        # Clients get reminders as the API shows them: each with its words.
        body["reminders"] = [
            {**item, "text": describe_reminder(item, task_view.timezone)}
            for item in body["reminders"]
        ]
        return event.task.owner, {"kind": "task", "op": event.op, "task": body}
    if isinstance(event, NotificationCreated):
        notification = notifications.get((event.notification.id, event.owner))
        if notification is None:
            return None  # not a notification notify wrote for this user
        return event.owner, {
            "kind": "notification",
            "notification": NotificationOut.from_row(notification).model_dump(mode="json"),
        }
    if isinstance(event, NotificationsRead):
        ids = None if event.ids is None else [str(item) for item in event.ids]
        return event.owner, {"kind": "notifications_read", "ids": ids, "unread": event.unread}
    raise PermanentEventError(f"push takes task updates, not {envelope.type}")


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Append the update to its user's stream once; the NOTIFY goes out at the commit."""
    found = await payload_of(envelope, uow.session)
    if found is not None:
        owner, payload = found
        await append_update(uow, NewUpdate(owner, envelope.id, envelope.type, payload))


async def handle_batch(envelopes: Sequence[Envelope], uow: UnitOfWork) -> None:
    """`handle` for a batch in one unit of work: each user's updates numbered in event order.

    Three statements at most whatever the batch's size: the stored tasks and the stored
    notifications in one read each, then the numbering, the updates and the NOTIFYs in one
    (core.services.updates.append_updates).
    """
    tasks, notifications = await _stored(uow.session, envelopes)
    updates = []
    for envelope in envelopes:
        found = _payload(envelope, tasks, notifications)
        if found is not None:
            owner, payload = found
            updates.append(NewUpdate(owner, envelope.id, envelope.type, payload))
    # No read of the stream for redeliveries: `processed_events` (consume_batch) already left
    # them out in this transaction, and only push writes updates, with that row beside.
    await append_updates(uow, updates)
