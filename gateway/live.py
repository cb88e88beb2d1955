"""Live updates: one LISTEN per process, and a wake-up per connected client of that user.

The stream table is the truth; NOTIFY only says "user X has something new". Each client then
reads its user's rows after the last id it has seen, so nothing is skipped, a reconnect with
`Last-Event-ID` replays what was missed, and any number of processes can serve clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import UpdateRow
from eventing.relay import libpq_dsn
from functions.push.handler import UPDATES_CHANNEL

log = logging.getLogger("gateway.live")
RETENTION_HOURS = 48  # at least the promised 24 h of replay


@dataclass(frozen=True)
class Update:
    """One update as a client receives it."""

    id: int
    type: str
    payload: dict[str, Any]


class UpdateHub:
    """Wakes the clients of a user when NOTIFY says that user has new updates."""

    def __init__(self, database_url: str, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._dsn = libpq_dsn(database_url)
        self._sessions = sessions
        self._waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def start(self) -> None:
        """Start listening (reconnecting forever) in the background."""
        self._task = asyncio.create_task(self._listen(), name="updates-listener")

    async def stop(self) -> None:
        """Stop listening and wake every client so it can finish."""
        self._stop.set()
        for events in self._waiters.values():
            for event in events:
                event.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _wake(self, owner: str) -> None:
        for event in self._waiters.get(owner, ()):
            event.set()

    def _wake_all(self) -> None:  # after a reconnect we may have missed notifications
        for owner in list(self._waiters):
            self._wake(owner)

    async def _listen(self) -> None:
        while not self._stop.is_set():
            conn = None
            try:
                conn = await asyncpg.connect(self._dsn)

                def on_notify(_c: object, _pid: int, _channel: str, message: str) -> None:
                    self._wake(message.partition(":")[2])

                await conn.add_listener(UPDATES_CHANNEL, on_notify)
                self._wake_all()
                while not self._stop.is_set() and not conn.is_closed():
                    await asyncio.sleep(30)
                    await self._purge()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("update listener lost the database", extra={"error": str(exc)})
                await asyncio.sleep(1)
            finally:
                if conn is not None and not conn.is_closed():
                    conn.terminate()

    async def _purge(self) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(
                text("DELETE FROM updates WHERE created_at < now() - make_interval(hours => :h)"),
                {"h": RETENTION_HOURS},
            )

    async def latest_id(self, owner: str) -> int:
        """The id of the user's newest update (0 if none): where a fresh client starts."""
        async with self._sessions() as session:
            value = await session.scalar(
                select(UpdateRow.id)
                .where(UpdateRow.owner == owner)
                .order_by(UpdateRow.id.desc())
                .limit(1)
            )
        return int(value or 0)

    async def _after(self, owner: str, last_id: int) -> list[Update]:
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(UpdateRow)
                    .where(UpdateRow.owner == owner, UpdateRow.id > last_id)
                    .order_by(UpdateRow.id)
                    .limit(500)
                )
            ).scalars()
            return [Update(row.id, row.type, row.payload) for row in rows]

    async def stream(
        self, owner: str, last_id: int | None, *, heartbeat: float = 15.0
    ) -> AsyncIterator[Update | None]:
        """The user's updates after `last_id` (None: only new ones); None items are heartbeats."""
        wake = asyncio.Event()
        self._waiters[owner].add(wake)
        try:
            cursor = await self.latest_id(owner) if last_id is None else last_id
            while not self._stop.is_set():
                wake.clear()
                batch = await self._after(owner, cursor)
                for update in batch:
                    cursor = update.id
                    yield update
                if batch:
                    continue
                try:
                    await asyncio.wait_for(wake.wait(), timeout=heartbeat)
                except TimeoutError:
                    yield None
        finally:
            self._waiters[owner].discard(wake)
            if not self._waiters[owner]:
                self._waiters.pop(owner, None)
