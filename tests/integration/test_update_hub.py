"""The live-update hub on a real database: every client gets every update once, in order,
clients of one user share their reads, and a heartbeat reads nothing."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channels import UPDATES_CHANNEL
from core.store.db import asyncpg_dsn
from gateway.live import (
    LISTEN_APPLICATION_NAME,
    READS_APPLICATION_NAME,
    ReadConnections,
    Update,
    UpdateHub,
)


class CountingHub(UpdateHub):
    """The real hub, counting the reads it makes of the updates table."""

    reads = 0

    async def _after(self, owner: str, last_id: int) -> list[Update]:
        self.reads += 1
        return await super()._after(owner, last_id)


async def push(sessions: async_sessionmaker[AsyncSession], owner: str, n: int) -> int:
    """What the push function does: store the update and NOTIFY in the same transaction."""
    async with sessions() as session, session.begin():
        new_id = await session.scalar(
            text(
                "WITH next AS (INSERT INTO update_counters (owner, last_seq) VALUES (:owner, 1) "
                "ON CONFLICT (owner) DO UPDATE SET last_seq = update_counters.last_seq + 1 "
                "RETURNING last_seq) "
                "INSERT INTO updates (owner, seq, event_id, type, payload) "
                "SELECT :owner, last_seq, :event_id, 'todo.update.task', "
                "CAST(:payload AS jsonb) FROM next RETURNING seq"
            ),
            {"owner": owner, "event_id": str(uuid.uuid4()), "payload": f'{{"n": {n}}}'},
        )
        await session.execute(
            text("SELECT pg_notify(:channel, :message)"),
            {"channel": UPDATES_CHANNEL, "message": f"{new_id}:{owner}"},
        )
    return int(new_id)


async def collect(hub: UpdateHub, owner: str, last_id: int | None, want: int) -> list[int]:
    got: list[int] = []
    async for update in hub.stream(owner, last_id):
        if update is not None:
            got.append(update.id)
            if len(got) == want:
                break
    return got


@pytest.fixture
async def hub(database_url: str, sessionmaker: async_sessionmaker[AsyncSession]) -> Any:
    hub = CountingHub(database_url, sessionmaker)
    await hub.start()
    await asyncio.wait_for(hub.listening.wait(), timeout=10)
    yield hub
    await hub.stop()


async def test_every_client_gets_every_update_once_in_order_with_shared_reads(
    hub: CountingHub, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner, stranger = f"hub-{uuid.uuid4().hex[:8]}", f"hub-{uuid.uuid4().hex[:8]}"
    updates, clients = 30, 5
    # A new user has no updates yet: position 0 is "from now on", with no race at the start.
    readers = [asyncio.create_task(collect(hub, owner, 0, updates)) for _ in range(clients)]
    start = hub.reads
    written = []
    for n in range(updates):
        written.append(await push(sessionmaker, owner, n))
        await push(sessionmaker, stranger, n)  # another user's updates wake no one here
        await asyncio.sleep(0.02)  # deliberate: updates spread out, as users write them
    results = await asyncio.wait_for(asyncio.gather(*readers), timeout=30)
    assert all(result == written for result in results)
    # Without sharing it would be one read per client and update (150); allow some splits.
    assert hub.reads - start <= 2 * updates


async def test_a_reconnect_replays_what_it_missed(
    hub: CountingHub, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"hub-{uuid.uuid4().hex[:8]}"
    first = await push(sessionmaker, owner, 0)
    missed = [await push(sessionmaker, owner, n) for n in range(1, 4)]
    assert await asyncio.wait_for(collect(hub, owner, first, 3), timeout=10) == missed


async def test_heartbeats_of_an_idle_client_read_nothing(hub: CountingHub) -> None:
    owner = f"hub-{uuid.uuid4().hex[:8]}"
    beats = 0
    start = hub.reads
    async for update in hub.stream(owner, 0, heartbeat=0.1):
        assert update is None
        beats += 1
        if beats == 5:
            break
    assert hub.reads - start == 1  # the first read only


async def test_a_stream_ends_when_its_credential_expires(hub: CountingHub) -> None:
    owner = f"hub-{uuid.uuid4().hex[:8]}"
    until = datetime.now(UTC) + timedelta(seconds=0.5)
    started = time.monotonic()
    async for update in hub.stream(owner, 0, heartbeat=10, until=until):
        assert update is None
    # Well before the 10 s heartbeat: the deadline itself ends the wait.
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "cut",
    [
        # A database restart or failover: the NOTIFYs sent meanwhile are lost with the LISTEN.
        (LISTEN_APPLICATION_NAME, READS_APPLICATION_NAME),
        (LISTEN_APPLICATION_NAME,),
        # Only the reads': the next read finds its connection gone and must retry on a new one.
        (READS_APPLICATION_NAME,),
    ],
    ids=["all", "listen", "reads"],
)
async def test_readers_resume_without_gaps_or_duplicates_when_the_database_drops_them(
    hub: CountingHub, sessionmaker: async_sessionmaker[AsyncSession], cut: tuple[str, ...]
) -> None:
    owner = f"hub-{uuid.uuid4().hex[:8]}"
    updates, clients = 20, 3
    readers = [asyncio.create_task(collect(hub, owner, 0, updates)) for _ in range(clients)]
    written = []
    for n in range(updates):
        written.append(await push(sessionmaker, owner, n))
        if n in (5, 12):
            async with sessionmaker() as session:
                terminated = await session.scalar(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND application_name = ANY(:names)"
                    ),
                    {"names": list(cut)},
                )
            assert terminated >= len(cut)  # each kind had a connection to cut
        await asyncio.sleep(0.02)  # deliberate: updates spread out, as users write them
    results = await asyncio.wait_for(asyncio.gather(*readers), timeout=30)
    assert all(result == written for result in results)


async def test_a_read_whose_connection_dies_under_it_is_retried_on_a_new_one(
    database_url: str,
) -> None:
    reads = ReadConnections(asyncpg_dsn(database_url), 1)
    used: list[asyncpg.Connection] = []

    async def query(conn: asyncpg.Connection) -> Any:
        used.append(conn)
        if len(used) == 1:
            conn.terminate()  # lost between the check-out and the query
        return await conn.fetchval("SELECT 1")

    try:
        assert await reads.run(query) == 1
        assert len(used) == 2 and used[0] is not used[1]
    finally:
        await reads.close()


async def test_a_failing_query_is_not_retried(database_url: str) -> None:
    reads = ReadConnections(asyncpg_dsn(database_url), 1)
    attempts = 0

    async def query(conn: asyncpg.Connection) -> Any:
        nonlocal attempts
        attempts += 1
        return await conn.fetchval("SELECT * FROM no_such_table")

    try:
        with pytest.raises(asyncpg.UndefinedTableError):
            await reads.run(query)
        assert attempts == 1
    finally:
        await reads.close()
