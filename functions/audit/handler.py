"""The audit handler: one activity entry per task event, chained to the user's previous one."""

from __future__ import annotations

from collections.abc import Sequence

from core import subscriptions
from core.activity import changes_of
from core.activity_chain import chain_keys
from core.events import TaskEvent
from core.services.activity import AuditEntry, append_entries
from core.signing import current_ring
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = subscriptions.ACCEPTS["audit"]


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Append the entry for `envelope` to its user's log."""
    await handle_batch([envelope], uow)


async def handle_batch(envelopes: Sequence[Envelope], uow: UnitOfWork) -> None:
    """`handle` for a batch in one unit of work: each user's entries chained in event order."""
    entries = [_entry(envelope) for envelope in envelopes]
    if not entries:
        return
    key = chain_keys(current_ring("function audit")).keys[0]
    await append_entries(uow, entries, key=key)


def _entry(envelope: Envelope) -> AuditEntry:
    """The entry for `envelope` (numbered in its user's chain by `append_entries`)."""
    event = envelope.data
    if not isinstance(event, TaskEvent):
        raise PermanentEventError(f"audit takes task events, not {envelope.type}")
    occurred_at = envelope.time
    if occurred_at is None:
        raise PermanentEventError("a task event needs a time")
    return AuditEntry(
        owner=event.task.owner,
        seq=0,  # numbered by append_entries
        event_id=envelope.id,
        event_source=envelope.source,
        event_type=envelope.type,
        task_id=event.task.id,
        actor=event.actor,
        occurred_at=occurred_at,
        changes=changes_of(event),
    )
