"""core.services.updates without HTTP: each user's stream numbered 1, 2, 3..., an event's
update stored once, and one NOTIFY per user at the commit (none on a rollback)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channels import UPDATES_CHANNEL
from core.services.updates import (
    AFTER_SQL,
    LATEST_SQL,
    NewUpdate,
    append_update,
    append_updates,
)
from core.store.db import asyncpg_dsn
from core.store.uow import UnitOfWork
from tests.support.waits import eventually_async

Sessions = async_sessionmaker[AsyncSession]


def update(owner: str, event_id: str) -> NewUpdate:
    return NewUpdate(owner, event_id, "todo.task.changed", {"kind": "task", "id": event_id})


@pytest.fixture
async def stream(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the hub's kind, for its prepared reads."""
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    yield connection
    await connection.close()


async def read(stream: asyncpg.Connection, owner: str, after: int = 0) -> list[tuple[int, str]]:
    rows = await stream.fetch(AFTER_SQL, owner, after, 100)
    return [(row["seq"], json.loads(row["payload"])["id"]) for row in rows]


async def test_each_user_is_numbered_on_their_own(
    sessionmaker: Sessions, owner: str, stream: asyncpg.Connection
) -> None:
    other = f"{owner}-other"
    async with UnitOfWork(sessionmaker) as uow:
        await append_update(uow, update(owner, f"{owner}-a"))
        await append_updates(
            uow,
            [update(other, f"{owner}-b"), update(owner, f"{owner}-c"), update(owner, f"{owner}-d")],
        )
        await uow.commit()
    assert await read(stream, owner) == [(1, f"{owner}-a"), (2, f"{owner}-c"), (3, f"{owner}-d")]
    assert await read(stream, owner, after=2) == [(3, f"{owner}-d")]
    assert await read(stream, other) == [(1, f"{owner}-b")]
    assert await stream.fetchval(LATEST_SQL, owner) == 3


async def test_an_events_update_is_stored_once(
    sessionmaker: Sessions, owner: str, stream: asyncpg.Connection
) -> None:
    for _ in range(2):  # a redelivery, one at a time and in a batch
        async with UnitOfWork(sessionmaker) as uow:
            await append_update(uow, update(owner, f"{owner}-once"))
            await append_updates(uow, [update(owner, f"{owner}-once")])
            await uow.commit()
    assert await read(stream, owner) == [(1, f"{owner}-once")]


async def test_listeners_hear_at_the_commit_only(
    sessionmaker: Sessions, owner: str, stream: asyncpg.Connection
) -> None:
    heard: list[str] = []
    await stream.add_listener(UPDATES_CHANNEL, lambda *args: heard.append(args[3]))
    async with UnitOfWork(sessionmaker) as uow:
        await append_updates(uow, [update(owner, f"{owner}-gone")])
        # left without a commit: rolled back
    async with UnitOfWork(sessionmaker) as uow:
        await append_updates(uow, [update(owner, f"{owner}-1"), update(owner, f"{owner}-2")])
        await uow.commit()
    await eventually_async(lambda: f"2:{owner}" in heard, 5, "the NOTIFY of the commit")
    # NOTIFYs arrive in commit order: one of the rolled-back batch would have come first.
    assert [message for message in heard if message.endswith(f":{owner}")] == [f"2:{owner}"]
    assert await read(stream, owner) == [(1, f"{owner}-1"), (2, f"{owner}-2")]
