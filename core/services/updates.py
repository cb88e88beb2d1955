"""The live-update stream (table `updates`): push appends a user's updates, the gateway's hub
reads them after a client's last id, and old ones are purged.

Each user's updates are numbered 1, 2, 3... from a counter of their own (`update_counters`),
so an id reveals nothing about other users. The counter row stays locked until the writing
transaction ends: a user's updates commit in the order of their numbers, and a reader that has
seen number n never misses a smaller one. Each append ends with a NOTIFY on UPDATES_CHANNEL
("<seq>:<owner>"), which PostgreSQL delivers only if the transaction commits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.channels import UPDATES_CHANNEL
from core.store.eventing_models import UpdateCounterRow, UpdateRow
from core.store.uow import UnitOfWork

# The hub's reads, on its own asyncpg connections as prepared statements ($n parameters):
# the newest id of a user, and a user's updates after an id, oldest first.
LATEST_SQL = "SELECT coalesce(max(seq), 0) FROM updates WHERE owner = $1"
AFTER_SQL = (
    "SELECT seq, type, payload FROM updates WHERE owner = $1 AND seq > $2 ORDER BY seq LIMIT $3"
)


@dataclass(frozen=True)
class NewUpdate:
    """An update to append: for `owner`, from the event `event_id` of `type`."""

    owner: str
    event_id: str
    type: str
    payload: dict[str, Any]


async def append_update(uow: UnitOfWork, update: NewUpdate) -> None:
    """Append `update` to its user's stream once (a redelivered event appends nothing)."""
    session = uow.session
    stored = await session.scalar(
        select(UpdateRow.seq).where(UpdateRow.event_id == update.event_id)
    )
    if stored is not None:
        return  # a redelivery: the update is in the stream already
    seq = await _next_seq(session, update.owner)
    result = await session.execute(
        insert(UpdateRow)
        .values(
            owner=update.owner,
            seq=seq,
            event_id=update.event_id,
            type=update.type,
            payload=update.payload,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(UpdateRow.seq)
    )
    new_seq = result.scalar_one_or_none()
    if new_seq is not None:
        await session.execute(
            text("SELECT pg_notify(:channel, :message)"),
            {"channel": UPDATES_CHANNEL, "message": f"{new_seq}:{update.owner}"},
        )


async def _next_seq(session: AsyncSession, owner: str) -> int:
    """The user's next update number, from their counter (locked until the commit)."""
    counter = insert(UpdateCounterRow).values(owner=owner, last_seq=1)
    counter = counter.on_conflict_do_update(
        index_elements=["owner"], set_={"last_seq": UpdateCounterRow.last_seq + 1}
    )
    return int((await session.execute(counter.returning(UpdateCounterRow.last_seq))).scalar_one())


# One statement for the whole batch: each user's counter moves by their number of updates (all
# users at once, in owner order, the order the rows are locked in), the updates are numbered
# from it in batch order (`ord`), inserted, and each user gets one wake-up (the hub reads
# everything after its cursor whatever the number says). PostgreSQL runs a data-modifying WITH
# to completion even when the outer query does not read it.
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


async def append_updates(uow: UnitOfWork, updates: Sequence[NewUpdate]) -> None:
    """`append_update` for many, in one statement: each user's numbered in the given order.

    The caller leaves redeliveries out (the functions' `processed_events` row does that in the
    same transaction); an event id already in the stream is skipped all the same.
    """
    if not updates:
        return
    await uow.session.execute(
        _NUMBER_INSERT_AND_NOTIFY,
        {
            "owners": [update.owner for update in updates],
            "event_ids": [update.event_id for update in updates],
            "types": [update.type for update in updates],
            "payloads": [json.dumps(update.payload) for update in updates],
            "channel": UPDATES_CHANNEL,
        },
    )


async def purge_updates(session: AsyncSession, *, older_than_hours: int) -> None:
    """Delete the updates older than `older_than_hours` (past the promised replay)."""
    await session.execute(
        text("DELETE FROM updates WHERE created_at < now() - make_interval(hours => :h)"),
        {"h": older_than_hours},
    )
