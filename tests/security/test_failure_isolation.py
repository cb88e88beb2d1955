"""Finding 1 of issue #13, "one user stalls everyone", against a real `todo serve`-like server.

Before: completing a task whose stored rule is `FREQ=HOURLY;BYHOUR=25` crashed recur, which
the router retried inline for ~30 s as a transient failure, and another user's create -> audit
took 31.4 s. Now an error from the event's own content is permanent (one try, dead letter), and
a transient failure of one user's events parks them for that user while everyone else's flow.

The gateway is the session's real server (embedded relay, router and functions). The
transient failure is real too: a PostgreSQL trigger refuses one user's audit entries with a
serialization failure (SQLSTATE 40001, what a failover or a lock storm gives), so nothing in
the server is replaced.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.store.eventing_models import ActivityRow, DeadLetterRow, ParkedDeliveryRow
from core.store.models import TaskRow
from tests.security.hostile import WEEKLY
from tests.security.support import unique
from tests.support.waits import eventually_async, latest_async


async def wait_audited(
    sessions: async_sessionmaker[AsyncSession], user: str, n: int, timeout: float = 60
) -> list[str]:
    """Wait until `user` has `n` audit entries; their titles in the chain's order."""

    async def titles() -> list[str]:
        async with sessions() as session:
            rows = await session.execute(
                select(ActivityRow).where(ActivityRow.owner == user).order_by(ActivityRow.seq)
            )
            entries = list(rows.scalars())
        return [(e.changes.get("title") or {}).get("after", e.event_type) for e in entries]

    return await latest_async(titles, lambda got: len(got) >= n, timeout, interval=0.03)


async def create_to_audit(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], user: str, title: str
) -> float:
    """Seconds from the create request to the task's audit entry (it has to come, < 60 s)."""
    started = time.monotonic()
    before = len(await wait_audited(sessions, user, 0))
    assert (await client.post("/api/tasks", json={"title": title})).status_code == 201
    assert len(await wait_audited(sessions, user, before + 1)) == before + 1, "never audited"
    return time.monotonic() - started


@pytest.fixture
async def audit_refused_for(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[Callable[[str | None], object]]:
    """Make the database refuse one user's audit entries (None: stop refusing)."""
    name = f"refuse_{uuid.uuid4().hex[:8]}"

    async def refuse(user: str | None) -> None:
        async with sessionmaker() as session, session.begin():
            await session.execute(text(f"DROP TRIGGER IF EXISTS {name} ON activity"))
            if user is None:
                return
            await session.execute(
                text(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.owner = '{user}' THEN RAISE EXCEPTION 'shard away' "
                    "USING ERRCODE = '40001'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            await session.execute(
                text(
                    f"CREATE TRIGGER {name} BEFORE INSERT ON activity "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                )
            )

    yield refuse
    await refuse(None)
    async with sessionmaker() as session, session.begin():
        await session.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))


async def test_a_bad_stored_rule_is_dead_lettered_after_one_try_and_stalls_nobody(
    make_client: Callable[[str | None], httpx.AsyncClient],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    alice_name, bob_name = unique("f1-alice-"), unique("f1-bob-")
    alice, bob = make_client(alice_name), make_client(bob_name)
    task = (await alice.post("/api/tasks", json=WEEKLY)).json()
    async with sessionmaker() as session, session.begin():  # as an old row would hold it
        row = await session.get(TaskRow, uuid.UUID(task["id"]))
        assert row is not None
        row.recurrence_rule = "FREQ=HOURLY;BYHOUR=25"
    assert (await alice.post(f"/api/tasks/{task['id']}/complete")).status_code == 200
    latency = await create_to_audit(bob, sessionmaker, bob_name, "bob's own")
    print(f"finding 1 (bad rule): another user's create -> audit {latency:.3f} s")
    assert latency < 5  # target < 1 s; before: 31.4 s
    query = select(DeadLetterRow).where(
        DeadLetterRow.function == "recur", DeadLetterRow.partition_key == alice_name
    )
    letters = await eventually_async(
        lambda: _scalars(sessionmaker, query), 30, "the bad event dead-lettered"
    )
    assert [(x.status, x.attempts, x.retry_at) for x in letters] == [(400, 1, None)]


async def _scalars(sessions: async_sessionmaker[AsyncSession], query):  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return (await session.execute(query)).scalars().all()


async def test_one_users_failing_events_are_parked_and_another_users_flow(
    make_client: Callable[[str | None], httpx.AsyncClient],
    sessionmaker: async_sessionmaker[AsyncSession],
    audit_refused_for: Callable[[str | None], object],
) -> None:
    alice_name, bob_name = unique("f1-alice-"), unique("f1-bob-")
    alice, bob = make_client(alice_name), make_client(bob_name)
    assert await create_to_audit(alice, sessionmaker, alice_name, "a0") < 60
    await audit_refused_for(alice_name)  # type: ignore[misc]
    for title in ("a1", "a2", "a3"):
        assert (await alice.post("/api/tasks", json={"title": title})).status_code == 201

    async def three_parked() -> bool:
        return len(await _scalars(sessionmaker, parked_of(alice_name))) >= 3

    await eventually_async(three_parked, 30, "alice's failing audit entries parked")
    latencies = [await create_to_audit(bob, sessionmaker, bob_name, f"b{i}") for i in range(3)]
    print(
        "finding 1 (one user's audit failing): another user's create -> audit "
        f"{', '.join(f'{x:.3f}' for x in latencies)} s"
    )
    assert max(latencies) < 5  # target < 1 s; before: 21-43 s for each batch
    assert await wait_audited(sessionmaker, alice_name, 2, timeout=0) == ["a0"]
    await audit_refused_for(None)  # type: ignore[misc]
    assert await wait_audited(sessionmaker, alice_name, 4) == ["a0", "a1", "a2", "a3"]
    assert await _scalars(sessionmaker, parked_of(alice_name)) == []
    letters = select(DeadLetterRow).where(DeadLetterRow.partition_key == alice_name)
    assert await _scalars(sessionmaker, letters) == []  # nothing lost, nothing dead


def parked_of(user: str):  # type: ignore[no-untyped-def]
    return select(ParkedDeliveryRow).where(ParkedDeliveryRow.partition_key == user)
