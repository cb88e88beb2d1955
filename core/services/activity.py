"""The activity service: a user's activity log a page at a time, the audit writer's append to
each user's hash chain, and the one mapping between an audit entry and its `activity` row
(the audit writer writes it, `todo audit verify` reads it back)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.activity import GENESIS, entry_content
from core.activity_chain import keyed_hash
from core.cursor import decode_cursor, encode_cursor
from core.errors import InvalidCursor
from core.store.eventing_models import ActivityRow
from core.store.uow import UnitOfWork

# One chain link as the verifiers take it: the hashed content, the previous hash, the hash.
ChainLink = tuple[dict[str, Any], str, str]


class ActivityOut(BaseModel):
    """One entry: which event, about which task, by whom, when, and what changed."""

    seq: int
    event_id: str
    type: str
    task_id: uuid.UUID | None
    actor: str
    time: datetime
    changes: dict[str, Any]


class ActivityPage(BaseModel):
    """A page of entries and the cursor of the next (null on the last)."""

    items: list[ActivityOut]
    next_cursor: str | None


@dataclass(frozen=True)
class AuditEntry:
    """One entry of a user's activity chain, as the audit writer makes it."""

    owner: str
    seq: int
    event_id: str
    event_source: str
    event_type: str
    task_id: uuid.UUID | None
    actor: str
    occurred_at: datetime
    changes: dict[str, Any]

    @classmethod
    def from_row(cls, row: ActivityRow) -> AuditEntry:
        """The entry a stored row holds."""
        return cls(
            owner=row.owner, seq=row.seq, event_id=row.event_id, event_source=row.event_source,
            event_type=row.event_type, task_id=row.task_id, actor=row.actor,
            occurred_at=row.occurred_at, changes=row.changes,
        )  # fmt: skip

    def content(self) -> dict[str, Any]:
        """The fields its hash covers (core.activity.entry_content)."""
        return entry_content(
            owner=self.owner, seq=self.seq, event_id=self.event_id,
            event_source=self.event_source, event_type=self.event_type,
            task_id=str(self.task_id) if self.task_id else None, actor=self.actor,
            occurred_at=self.occurred_at, changes=self.changes,
        )  # fmt: skip

    def row(self, *, prev_hash: str, hash_: str) -> ActivityRow:
        """The row that stores it, chained after `prev_hash`."""
        return ActivityRow(
            owner=self.owner, seq=self.seq, event_id=self.event_id,
            event_source=self.event_source, event_type=self.event_type, task_id=self.task_id,
            actor=self.actor, occurred_at=self.occurred_at, changes=self.changes,
            prev_hash=prev_hash, hash=hash_,
        )  # fmt: skip


async def list_activity(
    session: AsyncSession,
    owner: str,
    *,
    task_id: uuid.UUID | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> ActivityPage:
    """The owner's entries (of one task, if given), newest first, `limit` a page."""
    shape = f"activity:{owner}:{task_id}"
    query = select(ActivityRow).where(ActivityRow.owner == owner)
    if task_id is not None:
        query = query.where(ActivityRow.task_id == task_id)
    if cursor:
        [before] = decode_cursor(cursor, shape, ["int"])
        if type(before) is not int:  # the int kind also decodes null (nullable sort keys)
            raise InvalidCursor("cursor is not valid; start again without one", field="cursor")
        query = query.where(ActivityRow.seq < before)
    rows = list(
        (await session.execute(query.order_by(ActivityRow.seq.desc()).limit(limit + 1))).scalars()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        ActivityOut(
            seq=row.seq, event_id=row.event_id, type=row.event_type, task_id=row.task_id,
            actor=row.actor, time=row.occurred_at, changes=row.changes,
        )
        for row in rows
    ]  # fmt: skip
    next_cursor = encode_cursor(shape, [rows[-1].seq], ["int"]) if more and rows else None
    return ActivityPage(items=items, next_cursor=next_cursor)


async def read_chains(session: AsyncSession) -> list[tuple[str, list[ChainLink]]]:
    """Every user's chain, in seq order, as the verifiers take it (owner, links)."""
    rows = (
        await session.execute(select(ActivityRow).order_by(ActivityRow.owner, ActivityRow.seq))
    ).scalars()
    return [
        (owner, [(AuditEntry.from_row(row).content(), row.prev_hash, row.hash) for row in entries])
        for owner, entries in groupby(rows, key=lambda row: row.owner)
    ]


# The users' locks in one statement, in owner order (the order any two writers take them in):
# one writer per user at a time, so two entries never claim the same place in a chain.
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


async def append_entries(uow: UnitOfWork, entries: Sequence[AuditEntry], *, key: bytes) -> None:
    """Append `entries` to their users' chains, in the given order, hashed with `key`.

    Each entry is numbered here, after its user's newest (the `seq` it comes with is not
    read). Three statements whatever the number: the users' locks (held until the commit),
    their newest entries, and the new rows (inserted together at the commit's flush). Keyed
    hashes let `todo audit verify` tell this writer's entries from rows anyone else inserted
    (core/activity_chain.py).
    """
    if not entries:
        return
    owners = sorted({entry.owner for entry in entries})
    await uow.session.execute(_LOCK_OWNERS, {"owners": owners})
    last = {
        str(owner): (int(seq), str(hash_))
        for owner, seq, hash_ in await uow.session.execute(_LAST_ENTRIES, {"owners": owners})
    }
    for entry in entries:
        seq, prev_hash = last.get(entry.owner, (0, GENESIS))
        numbered = replace(entry, seq=seq + 1)
        hash_ = keyed_hash(key, prev_hash, numbered.content())
        uow.session.add(numbered.row(prev_hash=prev_hash, hash_=hash_))
        last[entry.owner] = (seq + 1, hash_)
