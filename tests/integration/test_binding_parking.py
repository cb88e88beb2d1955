"""The router's Dapr binding endpoint never holds a partition for one user's failures (#13).

Real servers: the eventing app (`create_eventing_app`, router half) and the real audit function
(functions-framework) behind a small proxy that answers 503 for one user's events while told
to, each on its own uvicorn. Events are POSTed to `/task-events-audit` one after another, as
the Dapr sidecar delivers one partition (tests/support/dapr_standin/ does the same against Kafka).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.cloudevents import from_outbox, parse_json, to_json_bytes
from core.store.eventing_models import DeadLetterRow, OutboxRow, ParkedDeliveryRow
from eventing.app import create_eventing_app
from eventing.settings import EventingSettings
from tests.support.servers import serve_in_thread
from tests.support.targets import FailingProxy
from tests.support.tasks import audited, make_tasks
from tests.support.waits import eventually_async


@pytest.fixture(scope="module")
def servers(module_database: str) -> Iterator[tuple[str, FailingProxy]]:
    proxy = FailingProxy(module_database)
    with serve_in_thread(proxy.app) as audit_url:
        settings = EventingSettings(
            database_url=module_database,
            event_transport="local",
            function_url_audit=audit_url + "/",
            router_max_attempts=6,
            router_initial_backoff=0.05,
            router_max_backoff=0.4,
            parked_poll_interval=0.2,
        )
        with serve_in_thread(create_eventing_app(settings, relay=False)) as router_url:
            yield router_url, proxy


async def records(sessions: async_sessionmaker[AsyncSession], user: str) -> list[bytes]:
    """The user's task events as Kafka records (the relay's JSON bodies), in outbox order."""
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxRow)
            .where(OutboxRow.partition_key == user, OutboxRow.topic == "task-events")
            .order_by(OutboxRow.id)
        )
        return [to_json_bytes(from_outbox(row)) for row in rows.scalars()]


async def test_binding_answers_fast_parks_in_order_and_other_users_flow(
    servers: tuple[str, FailingProxy], module_sessions: async_sessionmaker[AsyncSession]
) -> None:
    router_url, proxy = servers
    alice, bob = f"alice-{uuid.uuid4().hex[:6]}", f"bob-{uuid.uuid4().hex[:6]}"
    proxy.user, proxy.failing = alice, True
    await make_tasks(module_sessions, alice, 4)
    await make_tasks(module_sessions, bob, 3)
    async with httpx.AsyncClient(base_url=router_url, timeout=30) as sidecar:

        async def deliver(body: bytes) -> tuple[str, float]:
            started = time.monotonic()
            answer = await sidecar.post("/task-events-audit", content=body)
            assert answer.status_code == 200, answer.text
            return answer.json()["result"], time.monotonic() - started

        alice_records, bob_records = (
            await records(module_sessions, alice),
            await records(module_sessions, bob),
        )
        first = await deliver(alice_records[0])
        print(f"binding answered a failing user's record in {first[1]:.3f} s (parked)")
        assert first[0] == "parked" and first[1] < 5  # before: 21-43 s holding the partition
        assert [(await deliver(body))[0] for body in alice_records[1:3]] == ["parked"] * 2
        worst = 0.0
        for body in bob_records:  # the same partition, right behind alice's records
            result, took = await deliver(body)
            assert result == "applied"
            worst = max(worst, took)
        print(f"another user's record -> audit through the binding: {worst:.3f} s (worst)")
        assert worst < 5  # target < 1 s
        assert await audited(module_sessions, bob) == [f"{bob} #{i}" for i in range(3)]
        # Only her first record was tried (and retried): the later ones wait behind it.
        assert set(proxy.refused) == {str(parse_json(alice_records[0])["id"])}
        proxy.failing = False  # her failure clears; her next record still queues behind
        assert (await deliver(alice_records[3]))[0] == "parked"

    async def four_applied() -> bool:
        return len(await audited(module_sessions, alice)) >= 4

    await eventually_async(four_applied, 30, "alice's parked events applied")
    assert await audited(module_sessions, alice) == [f"{alice} #{i}" for i in range(4)]
    async with module_sessions() as session:
        assert (await session.scalar(select(ParkedDeliveryRow.id).limit(1))) is None
        assert (await session.scalar(select(DeadLetterRow.id).limit(1))) is None
