"""The outbox relay: due rows leave through the transport, marked sent only once published.

- Claims due, unsent rows with `FOR UPDATE SKIP LOCKED`, in id order, a batch at a time.
- Keys (users) are spread over buckets; a relay publishes only buckets it holds a PostgreSQL
  advisory lock on, so two relays never interleave one user's events, and a crashed relay's
  buckets pass to the others when its connection dies.
- A failed publish backs off that row (exponential, capped) and holds back the user's later
  rows, so order per user survives a broker outage.
- A publisher that takes batches (the local one) gets the whole claimed batch in id order at
  once and says which rows went through; the Dapr one gets row by row, each user's in order.
- Wakes on `NOTIFY todo_outbox` (new events leave in milliseconds) and otherwise sleeps until
  the next `deliver_at` (reminders), at most `poll_interval`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import asyncpg
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import tracing
from core.channels import OUTBOX_CHANNEL
from core.cloudevents import from_outbox, to_json_bytes
from core.store.db import direct_dsn
from core.store.eventing_models import OutboxRow

if TYPE_CHECKING:
    from opentelemetry.trace import Span

log = logging.getLogger("eventing.relay")

PUBLISHED = Counter("todo_relay_published_total", "Outbox rows published", ["topic"])
FAILED = Counter("todo_relay_failed_total", "Failed publish attempts", ["topic"])

BUCKETS = 16
_LOCK_SPACE = 0x70D0  # first key of the advisory locks: the relay's own namespace


class Publisher(Protocol):
    """Hands one event to the transport; raises if it did not get there."""

    async def publish(self, topic: str, key: str, value: bytes) -> None: ...


@runtime_checkable
class BatchPublisher(Protocol):
    """Takes a whole claimed batch at once (the local transport: one transaction per function)."""

    async def publish_batch(
        self,
        items: Sequence[tuple[str, str, bytes]],
        *,
        waiting: Mapping[str, frozenset[str]] | None = None,
    ) -> list[str | None]:
        """Per item None (delivered) or the error; `waiting`: user -> functions holding a parked
        delivery of theirs, as the claim found them (None: unknown, look them up)."""
        ...


@dataclass(frozen=True)
class RelayConfig:
    """Tuning of the relay."""

    batch_size: int = 100
    poll_interval: float = 5.0
    max_backoff: float = 60.0
    retention: timedelta = timedelta(hours=1)
    concurrency: int = 8


_CLAIM = text(
    """
    SELECT o.* FROM outbox o
    WHERE o.sent_at IS NULL AND o.deliver_at <= now()
      AND mod(hashtext(o.partition_key) & 2147483647, :nbuckets) = ANY(:buckets)
      AND NOT EXISTS (
          SELECT 1 FROM outbox e
          WHERE e.partition_key = o.partition_key AND e.sent_at IS NULL AND e.id < o.id
            AND e.attempts > 0 AND e.deliver_at > now())
    ORDER BY o.id
    LIMIT :limit
    FOR UPDATE OF o SKIP LOCKED
    """
)


# For a publisher that delivers here (the local transport): each row also says which functions
# hold a parked delivery of its user (eventing/parking.py), so the router needs no look-up of
# its own: a round trip and a session less between a commit and its live update.
_CLAIM_WITH_PARKED = text(
    str(_CLAIM).replace(
        "SELECT o.* FROM outbox o",
        "SELECT o.*, ARRAY(SELECT DISTINCT p.function FROM parked_deliveries p "
        "WHERE p.partition_key = o.partition_key) AS parked_for FROM outbox o",
    )
)


_OUTBOX_COLUMNS = frozenset(OutboxRow.__table__.columns.keys())


def _span_attributes(topic: str, event: Any) -> dict[str, str | int]:
    """What the producer span of one event says about it (empty when tracing is off)."""
    if not tracing.enabled():
        return {}
    return {"messaging.destination.name": topic, **tracing.event_attributes(event)}


class Relay:
    """Publishes the outbox through a `Publisher`."""

    def __init__(
        self,
        database_url: str,
        sessions: async_sessionmaker[AsyncSession],
        publisher: Publisher,
        config: RelayConfig | None = None,
    ) -> None:
        self._dsn = direct_dsn(database_url)
        self._sessions = sessions
        self._publisher = publisher
        self.config = config or RelayConfig()
        self._wake = asyncio.Event()
        self._buckets: set[int] = set()
        self._lock_conn: asyncpg.Connection | None = None
        self._last_purge = datetime.min.replace(tzinfo=UTC)

    # -- ownership -----------------------------------------------------------------------------

    async def _connect(self) -> None:
        conn = await asyncpg.connect(self._dsn)
        await conn.add_listener(OUTBOX_CHANNEL, lambda *_: self._wake.set())
        self._lock_conn = conn
        self._buckets = set()

    async def _take_buckets(self) -> None:
        assert self._lock_conn is not None
        for bucket in range(BUCKETS):
            if bucket not in self._buckets and await self._lock_conn.fetchval(
                "SELECT pg_try_advisory_lock($1, $2)", _LOCK_SPACE, bucket
            ):
                self._buckets.add(bucket)

    # -- one pass ------------------------------------------------------------------------------

    async def run_once(self) -> int:
        """Publish one batch of due rows of the held buckets; returns how many left."""
        if not self._buckets:
            return 0
        batched = isinstance(self._publisher, BatchPublisher)
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                _CLAIM_WITH_PARKED if batched else _CLAIM,
                {
                    "buckets": sorted(self._buckets),
                    "nbuckets": BUCKETS,
                    "limit": self.config.batch_size,
                },
            )
            rows: list[OutboxRow] = []
            waiting: dict[str, frozenset[str]] = {}
            for found in result:
                columns = dict(found._mapping)
                parked_for = columns.pop("parked_for", None)
                # Only the columns this code knows: a relay still running the previous release
                # keeps working while a migration adds one (0019 added the trace context).
                row = OutboxRow(**{k: v for k, v in columns.items() if k in _OUTBOX_COLUMNS})
                rows.append(row)
                if parked_for:
                    waiting[row.partition_key] = frozenset(parked_for)
            if not rows:
                return 0
            if isinstance(self._publisher, BatchPublisher):
                sent, failed = await self._publish_batch(self._publisher, rows, waiting)
            else:
                sent, failed = await self._publish_each(rows)
            if sent:
                await session.execute(
                    text("UPDATE outbox SET sent_at = now() WHERE id = ANY(:ids)"), {"ids": sent}
                )
            for row, error in failed:
                delay = min(self.config.max_backoff, 0.5 * 2 ** min(row.attempts, 16))
                await session.execute(
                    text(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = :error, "
                        "deliver_at = now() + make_interval(secs => :delay) WHERE id = :id"
                    ),
                    {"error": error, "delay": delay, "id": row.id},
                )
                log.warning(
                    "publish failed; backing off",
                    extra={
                        "outbox_id": row.id,
                        "topic": row.topic,
                        "delay_s": delay,
                        "error": error,
                    },
                )
        return len(sent)

    async def _publish_each(
        self, rows: list[OutboxRow]
    ) -> tuple[list[int], list[tuple[OutboxRow, str]]]:
        """Publish row by row, each user's in order, users side by side."""
        by_key: dict[str, list[OutboxRow]] = defaultdict(list)
        for row in rows:
            by_key[row.partition_key].append(row)
        gate = asyncio.Semaphore(self.config.concurrency)
        sent: list[int] = []
        failed: list[tuple[OutboxRow, str]] = []

        async def publish_key(key_rows: list[OutboxRow]) -> None:
            async with gate:
                for row in key_rows:  # one user's rows strictly in order
                    try:
                        event = from_outbox(row)
                        with tracing.span(
                            f"publish {row.topic}",
                            kind="producer",
                            parents=[event],
                            attributes=_span_attributes(row.topic, event),
                        ):
                            value = to_json_bytes(event)
                            await self._publisher.publish(row.topic, row.partition_key, value)
                    except Exception as exc:
                        FAILED.labels(row.topic).inc()
                        failed.append((row, f"{type(exc).__name__}: {exc}"[:2000]))
                        return  # the user's later rows wait for this one
                    PUBLISHED.labels(row.topic).inc()
                    sent.append(row.id)

        await asyncio.gather(*(publish_key(group) for group in by_key.values()))
        return sent, failed

    async def _publish_batch(
        self,
        publisher: BatchPublisher,
        rows: list[OutboxRow],
        waiting: dict[str, frozenset[str]],
    ) -> tuple[list[int], list[tuple[OutboxRow, str]]]:
        """Hand the batch over at once. As in `_publish_each`, a user's first failed row backs
        off and their later rows stay unsent (the publisher skips nothing: it reports each)."""
        first_failure: dict[str, tuple[OutboxRow, str]] = {}  # per user, lowest id

        def fail(row: OutboxRow, error: str) -> None:
            known = first_failure.get(row.partition_key)
            if known is None or row.id < known[0].id:
                first_failure[row.partition_key] = (row, error)

        batch: list[OutboxRow] = []
        values: list[tuple[str, str, bytes]] = []
        spans: list[Span | None] = []  # one producer span per event, while the batch is out
        for row in rows:
            if row.partition_key in first_failure:
                continue  # behind the user's row that cannot even be encoded
            try:
                event = from_outbox(row)
                value = to_json_bytes(event)
            except Exception as exc:
                fail(row, f"{type(exc).__name__}: {exc}"[:2000])
                continue
            batch.append(row)
            values.append((row.topic, row.partition_key, value))
            spans.append(
                tracing.start_span(
                    f"publish {row.topic}",
                    kind="producer",
                    parents=[event],
                    attributes=_span_attributes(row.topic, event),
                )
            )
        try:
            outcomes = await publisher.publish_batch(values, waiting=waiting)
        except Exception as exc:
            outcomes = [f"{type(exc).__name__}: {exc}"[:2000]] * len(batch)
        for row, error, span in zip(batch, outcomes, spans, strict=True):
            tracing.end_span(span, error)
            if error is not None:
                fail(row, error)
        sent: list[int] = []
        for row in batch:
            failure = first_failure.get(row.partition_key)
            if failure is None or row.id < failure[0].id:
                PUBLISHED.labels(row.topic).inc()
                sent.append(row.id)
        for row, _ in first_failure.values():
            FAILED.labels(row.topic).inc()
        return sent, list(first_failure.values())

    async def _seconds_to_next_due(self) -> float:
        async with self._sessions() as session:
            wait = await session.scalar(
                text(
                    "SELECT EXTRACT(EPOCH FROM (min(deliver_at) - now())) FROM outbox "
                    "WHERE sent_at IS NULL"
                )
            )
        if wait is None:
            return self.config.poll_interval
        return max(0.0, min(self.config.poll_interval, float(wait)))

    async def _purge(self) -> None:
        now = datetime.now(UTC)
        if now - self._last_purge < timedelta(minutes=1):
            return
        self._last_purge = now
        async with self._sessions() as session, session.begin():
            await session.execute(
                text("DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => :s)"),
                {"s": self.config.retention.total_seconds()},
            )

    # -- the loop ------------------------------------------------------------------------------

    async def run(
        self,
        stop: asyncio.Event,
        on_ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Relay until `stop` is set; survives database restarts by reconnecting."""
        ready_sent = False
        while not stop.is_set():
            try:
                if self._lock_conn is None or self._lock_conn.is_closed():
                    await self._connect()
                await self._take_buckets()
                if not ready_sent and on_ready is not None:
                    await on_ready()
                    ready_sent = True
                self._wake.clear()
                published = await self.run_once()
                await self._purge()
                if published >= self.config.batch_size:
                    continue  # more may be waiting
                timeout = await self._seconds_to_next_due() if published == 0 else 0.0
                if timeout > 0:
                    await _wait_any(self._wake, stop, timeout)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("relay lost the database; retrying", extra={"error": str(exc)})
                await self._drop_connection()
                await _wait_any(stop, stop, 1.0)
            except Exception:
                log.exception("relay pass failed")
                await self._drop_connection()
                await _wait_any(stop, stop, 1.0)
        await self._drop_connection()

    async def _drop_connection(self) -> None:
        conn, self._lock_conn = self._lock_conn, None
        self._buckets = set()  # the locks die with the connection
        if conn is not None and not conn.is_closed():
            try:
                await conn.close(timeout=2)
            except Exception:
                conn.terminate()


async def _wait_any(first: asyncio.Event, second: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
