"""Kill the eventing process (relay + router + functions) with SIGKILL while events flow.

The writer keeps changing tasks in this process; `todo eventing` (local transport) runs as a
real process and is killed and restarted several times. Afterwards every task event has been
audited exactly once, in each user's order, and the outbox is empty.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch
from tests.support.databases import sessions_for

pytestmark = pytest.mark.e2e
TODO = str(Path(sys.executable).parent / "todo")


@pytest.fixture
async def crash_sessions(module_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with sessions_for(module_database, pool_size=5) as sessions:
        yield sessions


class EventingProcess:
    """`todo eventing` with the local transport, restartable."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "EVENT_TRANSPORT": "local",
            "PORT": "0",
            "LOG_LEVEL": "WARNING",
            "ROUTER_INITIAL_BACKOFF": "0.05",
        }
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [TODO, "eventing", "--port", "0"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


async def write(
    sessions: async_sessionmaker[AsyncSession],
    users: list[str],
    rounds: int,
    until: asyncio.Event | None = None,
) -> None:
    """Change tasks for at least `rounds` rounds, and on until `until` is set.

    Waiting for `until` keeps the writes flowing through every planned kill, however fast
    the machine writes.
    """
    rng = random.Random(7)
    now = datetime.now(UTC)
    i = 0
    while i < rounds or (until is not None and not until.is_set()):
        user = rng.choice(users)
        async with UnitOfWork(sessions) as uow:
            task = await services.create_task(uow, user, TaskCreate(title=f"t{i}"), now=now)
        async with UnitOfWork(sessions) as uow:
            await services.update_task(uow, user, task.id, TaskPatch(title=f"t{i}!"), now=now)
        if i % 3 == 0:
            async with UnitOfWork(sessions) as uow:
                await services.complete_task(uow, user, task.id, now=now)
        await asyncio.sleep(0.005)
        i += 1


async def scalar(sessions: async_sessionmaker[AsyncSession], sql: str) -> int:
    async with sessions() as session:
        return int((await session.scalar(text(sql))) or 0)


async def test_sigkill_loses_nothing_and_doubles_nothing(
    crash_sessions: async_sessionmaker[AsyncSession], module_database: str, tmp_path: Path
) -> None:
    users = [f"crash-{i}" for i in range(5)]
    process = EventingProcess(module_database, tmp_path / "eventing.log")
    process.start()
    try:
        chaos_over = asyncio.Event()
        writer = asyncio.create_task(write(crash_sessions, users, rounds=150, until=chaos_over))
        kills = 0
        for _ in range(3):  # a fixed number of kills, each while writes flow
            await asyncio.sleep(random.uniform(0.5, 1.5))
            process.kill()
            kills += 1
            process.start()
        chaos_over.set()
        await writer
        deadline = time.monotonic() + 120
        while await scalar(crash_sessions, "SELECT count(*) FROM outbox WHERE sent_at IS NULL"):
            assert time.monotonic() < deadline, (tmp_path / "eventing.log").read_text()[-3000:]
            await asyncio.sleep(0.2)
    finally:
        process.stop()
    print(f"killed the eventing process {kills} times")
    task_events = await scalar(
        crash_sessions, "SELECT count(*) FROM outbox WHERE topic = 'task-events'"
    )
    audited = await scalar(crash_sessions, "SELECT count(*) FROM activity")
    distinct = await scalar(crash_sessions, "SELECT count(DISTINCT event_id) FROM activity")
    assert audited == distinct == task_events  # every event once, none twice
    # Each user's log follows the order the events were written in.
    async with crash_sessions() as session:
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
