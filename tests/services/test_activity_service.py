"""core.services.activity without HTTP: an audit entry to its row and back, entries appended to
each user's chain, pages of the log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.activity import GENESIS, entry_hash
from core.activity_chain import chain_keys, verify_keyed_chain
from core.errors import InvalidCursor
from core.services.activity import AuditEntry, append_entries, list_activity, read_chains
from core.signing import KeyRing
from core.store.uow import UnitOfWork

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


def entry(owner: str, seq: int, task_id: uuid.UUID) -> AuditEntry:
    return AuditEntry(
        owner=owner, seq=seq, event_id=str(uuid.uuid4()), event_source="/todo/gateway",
        event_type="todo.task.updated", task_id=task_id, actor="user",
        occurred_at=NOW + timedelta(minutes=seq), changes={"title": {"before": "a", "after": "b"}},
    )  # fmt: skip


async def write_chain(sessions: Sessions, owner: str, task_ids: list[uuid.UUID]) -> None:
    prev = GENESIS
    async with sessions() as session, session.begin():
        for seq, task_id in enumerate(task_ids, start=1):
            new = entry(owner, seq, task_id)
            row = new.row(prev_hash=prev, hash_=entry_hash(prev, new.content()))
            session.add(row)
            prev = row.hash


async def test_an_entry_reads_back_as_it_was_hashed(sessionmaker: Sessions, owner: str) -> None:
    task = uuid.uuid4()
    await write_chain(sessionmaker, owner, [task, task])
    async with sessionmaker() as session:
        chains = dict(await read_chains(session))
    links = chains[owner]
    assert [content["seq"] for content, _, _ in links] == [1, 2]
    prev = GENESIS
    for content, prev_hash, stored in links:  # what was stored verifies from the row alone
        assert prev_hash == prev and entry_hash(prev_hash, content) == stored
        prev = stored


async def test_the_log_pages_newest_first(sessionmaker: Sessions, owner: str) -> None:
    one, other = uuid.uuid4(), uuid.uuid4()
    await write_chain(sessionmaker, owner, [one, other, one])
    async with sessionmaker() as session:
        first = await list_activity(session, owner, limit=2)
        assert [item.seq for item in first.items] == [3, 2]
        assert first.next_cursor is not None
        rest = await list_activity(session, owner, limit=2, cursor=first.next_cursor)
        assert ([item.seq for item in rest.items], rest.next_cursor) == ([1], None)
        mine = await list_activity(session, owner, task_id=one)
        assert [item.seq for item in mine.items] == [3, 1]
        with pytest.raises(InvalidCursor):  # a cursor of another query
            await list_activity(session, owner, task_id=one, cursor=first.next_cursor)


async def test_appended_entries_chain_per_user_across_writers(
    sessionmaker: Sessions, owner: str
) -> None:
    keys = chain_keys(KeyRing.parse("a-signing-key-of-this-test"))
    other = f"{owner}-other"
    task = uuid.uuid4()
    # Two batches, users interleaved; the seq an entry comes with is not read.
    for batch in ([entry(owner, 0, task), entry(other, 0, task)], [entry(owner, 99, task)]):
        async with UnitOfWork(sessionmaker) as uow:
            await append_entries(uow, batch, key=keys.keys[0])
            await uow.commit()
    async with sessionmaker() as session:
        chains = dict(await read_chains(session))
    assert [content["seq"] for content, _, _ in chains[owner]] == [1, 2]
    assert [content["seq"] for content, _, _ in chains[other]] == [1]
    for user in (owner, other):  # keyed, and each link on the one before
        assert verify_keyed_chain(user, chains[user], keys) == []
