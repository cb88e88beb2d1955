"""Parked deliveries: one user's failing event waits here so nobody else's has to.

The router tries a delivery a couple of times inline; if it still fails transiently it parks it
for (function, user) and moves on. The user's later events for that function are parked behind
it, so their order holds; every other user's events, and the event's other subscribers, flow.
A retry loop sends each queue's head again with capped exponential backoff, and after the
router's whole retry budget turns it into a dead letter as before.

Why a PostgreSQL table rather than retry topics (Uber's pattern, which this follows: a failed
message leaves the main flow for a delayed retry queue): the same table serves both transports,
the embedded router has no broker to hold retry topics, a Kafka retry topic cannot hold back one
user's later events while letting others through, and a table lets the head of each user's
queue be claimed with `FOR UPDATE SKIP LOCKED` under a lease, so two eventing replicas never
deliver one user's parked events at once or out of order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from prometheus_client import Counter, Gauge
from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import ParkedDeliveryRow
from eventing.dead_letters import describe

PARKED = Counter("todo_router_parked_total", "Deliveries parked after failing inline", ["function"])
WAITING = Gauge(
    "todo_router_parked_waiting", "Parked deliveries waiting for their next try (last count)"
)


@dataclass(frozen=True)
class Parking:
    """How long a failing delivery may hold the router before it is parked."""

    inline_attempts: int = 2  # tries before parking (the first wait is 0.1 to 0.2 s)
    poll_interval: float = 1.0  # longest sleep of the retry loop between rounds
    lease: float = 120.0  # a claimed head is not claimed again for this long
    batch: int = 32  # queue heads tried per round
    concurrency: int = 8  # of those at once (each may hold a database connection)


# One statement of fixed text whatever the number of users (prepared once per connection).
_WAITING_MANY = text(
    "SELECT DISTINCT partition_key, function FROM parked_deliveries "
    "WHERE partition_key = ANY(CAST(:keys AS text[]))"
)

# Only the head of each (function, user) queue is claimable: its lowest id. The lease moves
# next_attempt_at forward, so a second replica skips it until the first one is done or died.
_CLAIM_HEADS = text(
    """
    UPDATE parked_deliveries SET next_attempt_at = now() + make_interval(secs => :lease)
    WHERE id IN (
        SELECT p.id FROM parked_deliveries p
        WHERE p.next_attempt_at <= now() AND p.function = ANY(:functions)
          AND NOT EXISTS (
              SELECT 1 FROM parked_deliveries e
              WHERE e.partition_key = p.partition_key AND e.function = p.function
                AND e.id < p.id)
        ORDER BY p.id LIMIT :limit
        FOR UPDATE SKIP LOCKED)
    RETURNING id
    """
)


class ParkedDeliveries:
    """The parked-deliveries table."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def waiting(self, key: str) -> frozenset[str]:
        """The functions that hold parked deliveries of user `key` (its next events queue up)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(ParkedDeliveryRow.function)
                .where(ParkedDeliveryRow.partition_key == key)
                .distinct()
            )
            return frozenset(rows.scalars())

    async def waiting_many(self, keys: list[str]) -> dict[str, frozenset[str]]:
        """`waiting` for many users in one round trip: user -> functions (only users with some)."""
        found: dict[str, set[str]] = {}
        async with self._sessions() as session:
            rows = await session.execute(_WAITING_MANY, {"keys": keys})
            for key, function in rows:
                found.setdefault(str(key), set()).add(str(function))
        return {key: frozenset(functions) for key, functions in found.items()}

    async def park(
        self,
        *,
        function: str,
        topic: str,
        key: str,
        body: bytes,
        attempts: int = 0,
        status: int | None = None,
        error: str | None = None,
        delay: float = 0.0,
    ) -> int:
        """Queue `body` for `function` behind the user's other parked deliveries."""
        info = describe(body)
        async with self._sessions() as session, session.begin():
            row = ParkedDeliveryRow(
                function=function,
                partition_key=key,
                topic=topic,
                event_id=info.event_id,
                event_type=info.event_type,
                event=body.decode("utf-8", errors="replace"),
                attempts=attempts,
                status=status,
                error=(error or "")[:4000] or None,
                next_attempt_at=datetime.now(UTC) + timedelta(seconds=delay),
            )
            session.add(row)
            await session.flush()
        PARKED.labels(function).inc()
        return row.id

    async def claim_heads(
        self, functions: list[str], *, lease: float, limit: int
    ) -> list[ParkedDeliveryRow]:
        """The due heads of the queues of `functions`, leased to this caller, oldest first."""
        async with self._sessions() as session, session.begin():
            params = {"lease": lease, "limit": limit, "functions": functions}
            ids = list((await session.execute(_CLAIM_HEADS, params)).scalars())
            if not ids:
                return []
            rows = await session.execute(
                select(ParkedDeliveryRow)
                .where(ParkedDeliveryRow.id.in_(ids))
                .order_by(ParkedDeliveryRow.id)
            )
            return list(rows.scalars())

    async def remove(self, parked_id: int) -> None:
        """The delivery is done: applied, or handed to the dead letters."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                delete(ParkedDeliveryRow).where(ParkedDeliveryRow.id == parked_id)
            )

    async def reschedule(
        self, parked_id: int, *, attempts: int, status: int | None, error: str, delay: float
    ) -> None:
        """Another try failed: remember it, and try again after `delay` seconds."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(ParkedDeliveryRow)
                .where(ParkedDeliveryRow.id == parked_id)
                .values(
                    attempts=attempts,
                    status=status,
                    error=error[:4000],
                    next_attempt_at=datetime.now(UTC) + timedelta(seconds=delay),
                )
            )

    async def pending(self, limit: int = 100) -> list[ParkedDeliveryRow]:
        """Parked deliveries, oldest first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(ParkedDeliveryRow).order_by(ParkedDeliveryRow.id).limit(limit)
            )
            return list(rows.scalars())

    async def seconds_to_next_due(self, functions: list[str], ceiling: float) -> float:
        """How long until a queue head is due (at most `ceiling`); also updates the gauge."""
        async with self._sessions() as session:
            count, wait = (await session.execute(_NEXT_DUE, {"functions": functions})).one()
        WAITING.set(count)
        if wait is None:
            return ceiling
        return max(0.0, min(ceiling, float(wait)))


# Rows behind a head are due at once but not claimable: only the heads' times count.
_NEXT_DUE = text(
    """
    SELECT count(*),
           EXTRACT(EPOCH FROM min(next_attempt_at) FILTER (WHERE head) - now())
    FROM (SELECT next_attempt_at,
                 id = min(id) OVER (PARTITION BY partition_key, function) AS head
          FROM parked_deliveries WHERE function = ANY(:functions)) q
    """
)
