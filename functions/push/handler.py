"""The push handler: append the update to its user's stream and wake the listeners."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core import subscriptions
from core.channels import UPDATES_CHANNEL
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

ACCEPTS = subscriptions.ACCEPTS["push"]


async def payload_of(
    envelope: Envelope, session: AsyncSession
) -> tuple[str, dict[str, Any]] | None:
    """The user and the JSON a client receives for this update; None if nothing is left.

    A task or notification is sent as stored (read by id and owner), not as the event
    describes it, so what a user sees is always something the API wrote for that user.
    """
    event = envelope.data
    task: TaskRow | None = None
    notification: NotificationRow | None = None
    if isinstance(event, TaskChanged) and event.op == "upsert":
        task = await session.scalar(
            select(TaskRow).where(TaskRow.id == event.task.id, TaskRow.owner == event.task.owner)
        )
    if isinstance(event, NotificationCreated):
        notification = await session.scalar(
            select(NotificationRow).where(
                NotificationRow.id == event.notification.id, NotificationRow.owner == event.owner
            )
        )
    return _payload(envelope, task, notification)


def _payload(
    envelope: Envelope, task: TaskRow | None, notification: NotificationRow | None
) -> tuple[str, dict[str, Any]] | None:
    """`payload_of`, given the stored task (upserts) or notification it reads."""
    event = envelope.data
    if isinstance(event, TaskChanged):
        task_view = event.task
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


# One statement for the whole batch: each user's counter moves by their number of updates (all
# users at once, in owner order, the order the rows are locked in; the rows stay locked until
# the commit, so a user's updates commit in the order of their numbers), the updates are
# numbered from it in event order (`ord`), inserted, and each user gets one wake-up (the hub
# reads everything after its cursor whatever the number says). PostgreSQL runs a data-modifying
# WITH to completion even when the outer query does not read it, and delivers the NOTIFYs only
# if the batch commits.
_NUMBER_INSERT_AND_NOTIFY = text(
    """
    WITH batch AS (
        SELECT u.owner, u.event_id, u.type, u.payload, u.ord
        FROM unnest(CAST(:owners AS text[]), CAST(:event_ids AS text[]),
                    CAST(:types AS text[]), CAST(:payloads AS text[]))
            WITH ORDINALITY AS u(owner, event_id, type, payload, ord)
    ),
    counts AS (SELECT owner, count(*) AS n FROM batch GROUP BY owner),
    bumped AS (
        INSERT INTO update_counters (owner, last_seq)
        SELECT owner, n FROM counts ORDER BY owner
        ON CONFLICT (owner) DO UPDATE SET last_seq = update_counters.last_seq + excluded.last_seq
        RETURNING owner, last_seq
    ),
    inserted AS (
        INSERT INTO updates (owner, seq, event_id, type, payload)
        SELECT b.owner,
               k.last_seq - c.n + row_number() OVER (PARTITION BY b.owner ORDER BY b.ord),
               b.event_id, b.type, b.payload::jsonb
        FROM batch b JOIN bumped k USING (owner) JOIN counts c USING (owner)
        ON CONFLICT (event_id) DO NOTHING
    )
    SELECT pg_notify(:channel, k.last_seq || ':' || k.owner) FROM bumped k
    """
)


async def handle_batch(envelopes: Sequence[Envelope], uow: UnitOfWork) -> None:
    """`handle` for a batch in one unit of work: each user's updates numbered in event order.

    Three statements at most whatever the batch's size: the stored tasks and the stored
    notifications in one read each, then the numbering, the updates and the NOTIFYs in one
    (`_NUMBER_INSERT_AND_NOTIFY`; each user's counter row stays locked until the commit, as
    `_next_seq` keeps it).
    """
    session = uow.session
    tasks: dict[tuple[uuid.UUID, str], TaskRow] = {}
    upserts = [
        (e.data.task.id, e.data.task.owner)
        for e in envelopes
        if isinstance(e.data, TaskChanged) and e.data.op == "upsert"
    ]
    if upserts:
        # By id alone (a plain IN, whose compiled form is cached; a tuple IN is built anew for
        # every batch): a row of another owner finds no event under its (id, owner) key below.
        rows = await session.scalars(select(TaskRow).where(TaskRow.id.in_([i for i, _ in upserts])))
        tasks = {(row.id, row.owner): row for row in rows}
    notifications: dict[tuple[uuid.UUID, str], NotificationRow] = {}
    created = [
        (e.data.notification.id, e.data.owner)
        for e in envelopes
        if isinstance(e.data, NotificationCreated)
    ]
    if created:
        rows_n = await session.scalars(
            select(NotificationRow).where(NotificationRow.id.in_([i for i, _ in created]))
        )
        notifications = {(row.id, row.owner): row for row in rows_n}
    found: list[tuple[Envelope, str, dict[str, Any]]] = []
    for envelope in envelopes:
        event = envelope.data
        task = notification = None
        if isinstance(event, TaskChanged):
            task = tasks.get((event.task.id, event.task.owner))
        elif isinstance(event, NotificationCreated):
            notification = notifications.get((event.notification.id, event.owner))
        payload = _payload(envelope, task, notification)
        if payload is not None:
            found.append((envelope, *payload))
    if not found:
        return
    # No read of the stream for redeliveries: `processed_events` (consume_batch) already left
    # them out in this transaction, and only push writes updates, with that row beside.
    await session.execute(
        _NUMBER_INSERT_AND_NOTIFY,
        {
            "owners": [owner for _, owner, _ in found],
            "event_ids": [envelope.id for envelope, _, _ in found],
            "types": [envelope.type for envelope, _, _ in found],
            "payloads": [json.dumps(payload) for _, _, payload in found],
            "channel": UPDATES_CHANNEL,
        },
    )
