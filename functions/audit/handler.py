"""The audit handler: one activity entry per task event, chained to the user's previous one."""

from __future__ import annotations

from sqlalchemy import select, text

from core.activity import GENESIS, changes_of, entry_content
from core.events import TaskEvent
from core.store.eventing_models import ActivityRow
from core.store.uow import UnitOfWork
from eventing.signing import current_ring
from functions.audit.chain import chain_keys, keyed_hash
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = frozenset(
    {
        "todo.task.created",
        "todo.task.updated",
        "todo.task.completed",
        "todo.task.reopened",
        "todo.task.skipped",
        "todo.task.deleted",
    }
)


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Append the entry for `envelope` to its user's log."""
    event = envelope.data
    if not isinstance(event, TaskEvent):
        raise PermanentEventError(f"audit takes task events, not {envelope.type}")
    owner = event.task.owner
    # One writer per user at a time, so two entries never claim the same place in the chain.
    await uow.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:o))"), {"o": owner})
    last = (
        await uow.session.execute(
            select(ActivityRow.seq, ActivityRow.hash)
            .where(ActivityRow.owner == owner)
            .order_by(ActivityRow.seq.desc())
            .limit(1)
        )
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    occurred_at = envelope.time
    if occurred_at is None:
        raise PermanentEventError("a task event needs a time")
    content = entry_content(
        owner=owner,
        seq=seq,
        event_id=envelope.id,
        event_source=envelope.source,
        event_type=envelope.type,
        task_id=str(event.task.id),
        actor=event.actor,
        occurred_at=occurred_at,
        changes=changes_of(event),
    )
    key = chain_keys(current_ring("function audit")).keys[0]
    uow.session.add(
        ActivityRow(
            owner=owner,
            seq=seq,
            event_id=envelope.id,
            event_source=envelope.source,
            event_type=envelope.type,
            task_id=event.task.id,
            actor=event.actor,
            occurred_at=occurred_at,
            changes=content["changes"],
            prev_hash=prev_hash,
            # Keyed, so `todo audit verify` can tell this writer's entries from rows that
            # anyone else inserted (functions/audit/chain.py).
            hash=keyed_hash(key, prev_hash, content),
        )
    )
