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
from core.store.eventing_models import NotificationRow, UpdateCounterRow, UpdateRow
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
            # Deleted since: the event's own snapshot (signed by the relay) is what was written
            # then, so each update still reaches the stream exactly once; its delete follows.
            if row is not None:
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
    stored = await uow.session.scalar(
        select(UpdateRow.seq).where(UpdateRow.event_id == envelope.id)
    )
    if stored is not None:
        return  # a redelivery: the update is in the stream already
    seq = await _next_seq(uow, owner)
    result = await uow.session.execute(
        insert(UpdateRow)
        .values(owner=owner, seq=seq, event_id=envelope.id, type=envelope.type, payload=payload)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(UpdateRow.seq)
    )
    new_seq = result.scalar_one_or_none()
    if new_seq is not None:
        await uow.session.execute(
            text("SELECT pg_notify(:channel, :message)"),
            {"channel": UPDATES_CHANNEL, "message": f"{new_seq}:{owner}"},
        )


async def _next_seq(uow: UnitOfWork, owner: str) -> int:
    """The user's next update number (1, 2, 3...), from a counter of their own.

    The counter row stays locked until this transaction ends, so the user's updates commit
    in the order of their numbers: a reader that has seen number n never misses a smaller one.
    """
    counter = insert(UpdateCounterRow).values(owner=owner, last_seq=1)
    counter = counter.on_conflict_do_update(
        index_elements=["owner"], set_={"last_seq": UpdateCounterRow.last_seq + 1}
    )
    return int(
        (await uow.session.execute(counter.returning(UpdateCounterRow.last_seq))).scalar_one()
    )
