"""Live updates: one LISTEN per process, and a wake-up per connected client of that user.

The stream table is the truth; NOTIFY only says "user X has something new". Each client then
reads its user's rows after the last id it has seen, so nothing is skipped, a reconnect with
`Last-Event-ID` replays what was missed, and any number of processes can serve clients. The
ids are the user's own count (`updates.seq`), so they reveal nothing about other users.

A user's clients woken by the same NOTIFY at the same position share one read (a user with
ten open tabs costs one query per update, not ten), and an idle client's heartbeat reads
nothing.

The reads are on the hub's own asyncpg connections with prepared statements: one round trip
each, not the six of a pooled session (check-out, pre-ping, BEGIN, SELECT, ROLLBACK), on the
path from a write to its client's screen. A lost connection is replaced and the read retried
from the same position, so a reader misses nothing and gets nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import asyncpg
from prometheus_client import Gauge
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channels import UPDATES_CHANNEL
from core.services.updates import AFTER_SQL, LATEST_SQL, purge_updates
from core.store.db import direct_dsn
from core.store.stream_tickets import purge_expired_tickets

T = TypeVar("T")
log = logging.getLogger("gateway.live")
RETENTION_HOURS = 48  # at least the promised 24 h of replay
BATCH = 500  # rows per read; a full batch means more may be waiting
CLIENTS = Gauge("todo_live_clients", "Live-update streams (SSE and WebSocket) streaming now")
# application_name of the hub's connections, to tell them apart in pg_stat_activity
LISTEN_APPLICATION_NAME = "todo-update-hub-listen"
READS_APPLICATION_NAME = "todo-update-hub-reads"
PURGE_EVERY = 30.0  # seconds between deletions of updates past their retention
READ_CONNECTIONS = 2  # reads are ~0.2 ms: two let one user's read not queue behind another's
READ_ATTEMPTS = 3  # a read on a lost connection is retried on a new one this many times
READ_TIMEOUT = 30.0  # seconds: a half-dead connection fails the read instead of hanging it
# What a lost or broken connection raises; anything else (a bad query) is a bug, not retried.
CONNECTION_ERRORS = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    # asyncpg's protocol state machine out of step with its socket: seen when the server ends
    # a connection while a read is being bound ("cannot switch to state 12; another operation
    # (2) is in progress"). The connection is discarded either way; a fresh one is fine.
    asyncpg.exceptions.InternalClientError,
)


@dataclass(frozen=True)
class Update:
    """One update as a client receives it."""

    id: int
    type: str
    payload: dict[str, Any]


class UpdateHub:
    """Wakes the clients of a user when NOTIFY says that user has new updates."""

    def __init__(self, database_url: str, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._dsn = direct_dsn(database_url)  # its LISTEN must not go through a pooler
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
        self._reader = ReadConnections(self._dsn, READ_CONNECTIONS)

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
        await self._reader.close()

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
        failures = 0
        while not self._stop.is_set():
            conn = None
            lost = asyncio.Event()
            try:
                conn = await asyncpg.connect(
                    self._dsn, server_settings={"application_name": LISTEN_APPLICATION_NAME}
                )

                def on_notify(_c: object, _pid: int, _channel: str, message: str) -> None:
                    self._wake(message.partition(":")[2])

                # Told at once when the connection goes: every NOTIFY from then on is lost,
                # so the sooner it is back (and everyone re-reads), the shorter the silence.
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(UPDATES_CHANNEL, on_notify)
                self.listening.set()
                failures = 0
                self._wake_all()
                while not self._stop.is_set() and not conn.is_closed():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), timeout=PURGE_EVERY)
                    if lost.is_set() or conn.is_closed():
                        break
                    await self._purge()
                if not self._stop.is_set():
                    log.warning("update listener lost the database")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("update listener lost the database", extra={"error": str(exc)})
                failures += 1
            finally:
                self.listening.clear()
                if conn is not None and not conn.is_closed():
                    conn.terminate()
            if not self._stop.is_set():
                await asyncio.sleep(min(1.0, 0.05 * 2**failures))

    async def _purge(self) -> None:
        async with self._sessions() as session, session.begin():
            await purge_updates(session, older_than_hours=RETENTION_HOURS)
            await purge_expired_tickets(session)

    async def latest_id(self, owner: str) -> int:
        """The id of the user's newest update (0 if none): where a fresh client starts."""
        return int(await self._reader.run(lambda c: c.fetchval(LATEST_SQL, owner)))

    async def _after(self, owner: str, last_id: int) -> list[Update]:
        rows = await self._reader.run(lambda c: c.fetch(AFTER_SQL, owner, last_id, BATCH))
        return [Update(row["seq"], row["type"], row["payload"]) for row in rows]

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


class ReadConnections:
    """A few asyncpg connections of the hub's own, opened on first use and replaced when lost.

    asyncpg prepares each statement once per connection and reuses it (its statement cache),
    so a read is one round trip. No transaction: a single SELECT sees one snapshot anyway.
    """

    def __init__(self, dsn: str, size: int) -> None:
        self._dsn = dsn
        self._idle: asyncio.Queue[asyncpg.Connection | None] = asyncio.Queue()
        for _ in range(size):
            self._idle.put_nowait(None)  # a slot whose connection is opened when first needed
        self._open: set[asyncpg.Connection] = set()
        self._closed = False

    async def run(self, query: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """`query` on a connection, retried on a fresh one if the connection was lost."""
        attempt = 0
        while True:
            if self._closed:
                raise asyncpg.InterfaceError("the update hub has stopped")
            conn = await self._idle.get()
            try:
                if conn is None or conn.is_closed():
                    conn = await self._connect()
                return await query(conn)
            except BaseException as exc:
                # Lost, timed out, cancelled mid-query or a bug: the connection's state is
                # unknown, so it is not reused.
                self._discard(conn)
                conn = None
                attempt += 1
                if not isinstance(exc, CONNECTION_ERRORS) or attempt == READ_ATTEMPTS:
                    raise
                log.warning("update reader lost the database", extra={"error": str(exc)})
            finally:
                self._idle.put_nowait(conn)
            await asyncio.sleep(0.1 * 2 ** (attempt - 1))

    async def _connect(self) -> asyncpg.Connection:
        conn = await asyncpg.connect(
            self._dsn,
            command_timeout=READ_TIMEOUT,
            server_settings={"application_name": READS_APPLICATION_NAME},
        )
        # jsonb as dicts, as the SQLAlchemy session gave them.
        await conn.set_type_codec(
            "jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )
        self._open.add(conn)
        return conn

    def _discard(self, conn: asyncpg.Connection | None) -> None:
        if conn is not None:
            self._open.discard(conn)
            if not conn.is_closed():
                conn.terminate()

    async def close(self) -> None:
        """Close every connection (a read still running fails as on a lost connection)."""
        self._closed = True
        for conn in list(self._open):
            self._discard(conn)
