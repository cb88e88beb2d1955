"""The activity service: a user's activity log a page at a time, and the one mapping between
an audit entry and its `activity` row (the audit writer writes it, `todo audit verify` reads
it back)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.activity import entry_content
from core.cursor import decode_cursor, encode_cursor
from core.errors import InvalidCursor
from core.store.eventing_models import ActivityRow

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
