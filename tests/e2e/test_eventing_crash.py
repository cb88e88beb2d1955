"""Kill the eventing process (relay + router + functions) with SIGKILL while events flow.

The writer keeps changing tasks in this process; `todo eventing` (local transport) runs as a
real process and is killed and restarted several times. Afterwards every task event has been
audited exactly once, in each user's order, and the outbox is empty.
"""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.support.servers import TODO, Restartable
from tests.support.tasks import scalar, write
from tests.support.waits import eventually_async, log_tail

pytestmark = pytest.mark.e2e


async def test_sigkill_loses_nothing_and_doubles_nothing(
    module_sessions: async_sessionmaker[AsyncSession], module_database: str, tmp_path: Path
) -> None:
    users = [f"crash-{i}" for i in range(5)]
    env = {
        **os.environ,
        "DATABASE_URL": module_database,
        "EVENT_TRANSPORT": "local",
        "PORT": "0",
        "LOG_LEVEL": "WARNING",
        "ROUTER_INITIAL_BACKOFF": "0.05",
    }
    process = Restartable([TODO, "eventing", "--port", "0"], env, tmp_path / "eventing.log")
    process.start()
    try:
        chaos_over = asyncio.Event()
        writer = asyncio.create_task(write(module_sessions, users, rounds=150, until=chaos_over))
        kills = 0
        for _ in range(3):  # a fixed number of kills, each while writes flow
            await asyncio.sleep(random.uniform(0.5, 1.5))  # deliberate: writes flow a while
            process.kill()
            kills += 1
            process.start()
        chaos_over.set()
        await writer

        async def all_sent() -> bool:
            unsent = "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
            return await scalar(module_sessions, unsent) == 0

        log = log_tail(tmp_path / "eventing.log", 3000)
        await eventually_async(all_sent, 120, "every row sent", interval=0.2, details=log)
    finally:
        process.stop()
    print(f"killed the eventing process {kills} times")
    task_events = await scalar(
        module_sessions, "SELECT count(*) FROM outbox WHERE topic = 'task-events'"
    )
    audited = await scalar(module_sessions, "SELECT count(*) FROM activity")
    distinct = await scalar(module_sessions, "SELECT count(DISTINCT event_id) FROM activity")
    assert audited == distinct == task_events  # every event once, none twice
    # Each user's log follows the order the events were written in.
    async with module_sessions() as session:
        mismatched = await session.scalar(
            text(
                """
                SELECT count(*) FROM (
                  SELECT a.owner, a.seq,
                         row_number() OVER (PARTITION BY o.partition_key ORDER BY o.id) AS pos
                  FROM activity a JOIN outbox o ON o.event_id::text = a.event_id
                ) ranked WHERE seq <> pos
                """
            )
        )
    assert mismatched == 0
