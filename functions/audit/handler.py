"""The audit handler: one activity entry per task event, chained to the user's previous one."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, text

from core import subscriptions
from core.activity import GENESIS, changes_of
from core.activity_chain import chain_keys, keyed_hash
from core.events import TaskEvent
from core.services.activity import AuditEntry
from core.signing import current_ring
from core.store.eventing_models import ActivityRow
from core.store.uow import UnitOfWork
from functions.runtime import Envelope, PermanentEventError

ACCEPTS = subscriptions.ACCEPTS["audit"]


async def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    """Append the entry for `envelope` to its user's log."""
    owner = _owner(envelope)
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
    uow.session.add(_entry(envelope, owner, seq, prev_hash))


# The users' locks in one statement, in owner order (the order any two batches take them in).
_LOCK_OWNERS = text(
    "SELECT pg_advisory_xact_lock(hashtext(o)) "
    "FROM (SELECT o FROM unnest(CAST(:owners AS text[])) AS o ORDER BY o) AS sorted"
)
# Each user's newest entry, one index probe per user.
_LAST_ENTRIES = text(
    """
    SELECT u.o, a.seq, a.hash FROM unnest(CAST(:owners AS text[])) AS u(o)
    CROSS JOIN LATERAL (
        SELECT seq, hash FROM activity WHERE owner = u.o ORDER BY seq DESC LIMIT 1) AS a
    """
)


async def handle_batch(envelopes: Sequence[Envelope], uow: UnitOfWork) -> None:
    """`handle` for a batch in one unit of work: each user's entries chained in event order.

    Three statements whatever the batch's size: the users' locks, their newest entries, and
    the new entries (inserted together at the commit's flush).
    """
    owners_of = [_owner(envelope) for envelope in envelopes]
    if not envelopes:
        return
    owners = sorted(set(owners_of))
    await uow.session.execute(_LOCK_OWNERS, {"owners": owners})
    last = {
        str(owner): (int(seq), str(hash_))
        for owner, seq, hash_ in await uow.session.execute(_LAST_ENTRIES, {"owners": owners})
    }
    for envelope, owner in zip(envelopes, owners_of, strict=True):
        seq, prev_hash = last.get(owner, (0, GENESIS))
        entry = _entry(envelope, owner, seq + 1, prev_hash)
        uow.session.add(entry)
        last[owner] = (seq + 1, entry.hash)


def _owner(envelope: Envelope) -> str:
    event = envelope.data
    if not isinstance(event, TaskEvent):
        raise PermanentEventError(f"audit takes task events, not {envelope.type}")
    return event.task.owner


def _entry(envelope: Envelope, owner: str, seq: int, prev_hash: str) -> ActivityRow:
    """The entry for `envelope` at place `seq` of its user's chain, after `prev_hash`."""
    event = envelope.data
    assert isinstance(event, TaskEvent)
    occurred_at = envelope.time
    if occurred_at is None:
        raise PermanentEventError("a task event needs a time")
    entry = AuditEntry(
        owner=owner,
        seq=seq,
        event_id=envelope.id,
        event_source=envelope.source,
        event_type=envelope.type,
        task_id=event.task.id,
        actor=event.actor,
        occurred_at=occurred_at,
        changes=changes_of(event),
    )
    key = chain_keys(current_ring("function audit")).keys[0]
    # Keyed, so `todo audit verify` can tell this writer's entries from rows that anyone else
    # inserted (core/activity_chain.py).
    return entry.row(prev_hash=prev_hash, hash_=keyed_hash(key, prev_hash, entry.content()))
