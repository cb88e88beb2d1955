"""Live updates: one LISTEN per process, and a wake-up per connected client of that user.

The stream table is the truth; NOTIFY only says "user X has something new". Each client then
reads its user's rows after the last id it has seen, so nothing is skipped, a reconnect with
`Last-Event-ID` replays what was missed, and any number of processes can serve clients. The
ids are the user's own count (`updates.seq`), so they reveal nothing about other users.

A user's clients woken by the same NOTIFY at the same position share one read (a user with
ten open tabs costs one query per update, not ten), and an idle client's heartbeat reads
nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
from prometheus_client import Gauge
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import UpdateRow
from core.store.stream_tickets import purge_expired_tickets
from eventing.relay import libpq_dsn
from functions.push.handler import UPDATES_CHANNEL

log = logging.getLogger("gateway.live")
RETENTION_HOURS = 48  # at least the promised 24 h of replay
BATCH = 500  # rows per read; a full batch means more may be waiting
CLIENTS = Gauge("todo_live_clients", "Live-update streams (SSE and WebSocket) streaming now")


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
        # Per user, the number of its latest wake-up, from one counter that never repeats: a
        # read started after wake-up N may serve every client that last saw N, never one woken
        # later (whose update the read might have missed).
        self._wakeup_count = 0
        self._wakeups: dict[str, int] = {}
        self._reads: dict[tuple[str, int, int], asyncio.Future[list[Update]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self.listening = asyncio.Event()  # set while the LISTEN connection is up

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
        if owner not in self._waiters:
            return
        self._wakeups[owner] = self._next_wakeup()
        for event in self._waiters[owner]:
            event.set()

    def _next_wakeup(self) -> int:
        self._wakeup_count += 1
        return self._wakeup_count

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
                self.listening.set()
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
                self.listening.clear()
                if conn is not None and not conn.is_closed():
                    conn.terminate()

    async def _purge(self) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(
                text("DELETE FROM updates WHERE created_at < now() - make_interval(hours => :h)"),
                {"h": RETENTION_HOURS},
            )
            await purge_expired_tickets(session)

    async def latest_id(self, owner: str) -> int:
        """The id of the user's newest update (0 if none): where a fresh client starts."""
        async with self._sessions() as session:
            value = await session.scalar(
                select(UpdateRow.seq)
                .where(UpdateRow.owner == owner)
                .order_by(UpdateRow.seq.desc())
                .limit(1)
            )
        return int(value or 0)

    async def _after(self, owner: str, last_id: int) -> list[Update]:
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(UpdateRow)
                    .where(UpdateRow.owner == owner, UpdateRow.seq > last_id)
                    .order_by(UpdateRow.seq)
                    .limit(BATCH)
                )
            ).scalars()
            return [Update(row.seq, row.type, row.payload) for row in rows]

    async def _shared_after(self, owner: str, last_id: int, wakeup: int) -> list[Update]:
        """`_after`, read once for every client at `last_id` that saw the same wake-up.

        The read starts after the caller cleared its wake event at wake-up `wakeup`, so it
        sees every row whose NOTIFY came up to then; a later NOTIFY makes a new key.
        """
        key = (owner, last_id, wakeup)
        read = self._reads.get(key)
        if read is None:
            read = asyncio.ensure_future(self._after(owner, last_id))
            self._reads[key] = read
            read.add_done_callback(lambda _: self._reads.pop(key, None))
        return await asyncio.shield(read)

    async def stream(
        self,
        owner: str,
        last_id: int | None,
        *,
        heartbeat: float = 15.0,
        until: datetime | None = None,
    ) -> AsyncIterator[Update | None]:
        """The user's updates after `last_id` (None: only new ones); None items are heartbeats.

        The stream ends at `until` (the expiry of the credential that opened it), or when the
        hub stops.
        """
        wake = asyncio.Event()
        self._waiters[owner].add(wake)
        self._wakeups.setdefault(owner, self._next_wakeup())
        counted = False
        try:
            latest = await self.latest_id(owner)
            # An id above the user's newest was not issued to this user as it is now (e.g. a
            # global id from before per-user ids, or one whose rows have all been purged):
            # start from now rather than wait, silent, until the count passes it.
            cursor = latest if last_id is None or last_id > latest else last_id
            # Counted once its starting point is fixed: from here on nothing new is missed.
            CLIENTS.inc()
            counted = True
            read = True
            while not self._stop.is_set() and _seconds_left(until) > 0:
                if read:
                    wake.clear()  # before the read: a NOTIFY from now on wakes us again
                    batch = await self._shared_after(owner, cursor, self._wakeups[owner])
                    for update in batch:
                        cursor = update.id
                        yield update
                    if len(batch) == BATCH:
                        continue
                wait = min(heartbeat, _seconds_left(until))
                try:
                    await asyncio.wait_for(wake.wait(), timeout=wait)
                    read = True
                except TimeoutError:
                    read = False  # nothing new: a heartbeat needs no read
                    if wait == heartbeat:
                        yield None
        finally:
            if counted:
                CLIENTS.dec()
            self._waiters[owner].discard(wake)
            if not self._waiters[owner]:
                self._waiters.pop(owner, None)
                self._wakeups.pop(owner, None)


def _seconds_left(until: datetime | None) -> float:
    """Seconds until `until` (never: infinity)."""
    if until is None:
        return float("inf")
    return (until - datetime.now(UTC)).total_seconds()
