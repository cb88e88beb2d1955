"""`todo audit verify`: walk every user's activity chain and report what no longer matches,
and every entry the audit writer did not write (core/activity_chain.py)."""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import select

from core.activity import ChainProblem, entry_content
from core.activity_chain import chain_keys, verify_keyed_chain
from core.signing import KeyRing, current_ring
from core.store.db import make_engine, make_sessionmaker
from core.store.eventing_models import ActivityRow


async def verify_all(
    database_url: str, ring: KeyRing | None = None
) -> tuple[list[ChainProblem], int]:
    """Problems found in every chain, and how many entries were checked.

    `ring` holds the event signing keys the audit writer derives its chain key from (default:
    this process's, i.e. EVENT_SIGNING_KEY); an entry no key made is reported.
    """
    keys = chain_keys(ring or current_ring("todo audit verify"))
    engine = make_engine(database_url, pool_size=1)
    problems: list[ChainProblem] = []
    checked = 0
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (
                await session.execute(
                    select(ActivityRow).order_by(ActivityRow.owner, ActivityRow.seq)
                )
            ).scalars()
            for owner, entries in groupby(rows, key=lambda row: row.owner):
                chain = []
                for row in entries:
                    checked += 1
                    content = entry_content(
                        owner=row.owner,
                        seq=row.seq,
                        event_id=row.event_id,
                        event_source=row.event_source,
                        event_type=row.event_type,
                        task_id=str(row.task_id) if row.task_id else None,
                        actor=row.actor,
                        occurred_at=row.occurred_at,
                        changes=row.changes,
                    )
                    chain.append((content, row.prev_hash, row.hash))
                problems += verify_keyed_chain(owner, chain, keys)
    finally:
        await engine.dispose()
    return problems, checked
