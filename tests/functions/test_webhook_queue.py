"""The webhook queue: deadlines, backoff, giving up, and one user's hanging receiver held to
the per-user cap while another user's webhook goes straight through."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.channels import WEBHOOK_CHANNEL
from core.store.eventing_models import UserSettingsRow, WebhookDeliveryRow
from eventing.webhook_sender import WebhookSender, backoff
from tests.support.servers import serve_in_thread
from tests.support.waits import eventually_async
from tests.support.webhooks import (
    SilentReceiver,
    deliveries,
    running,
    sender_settings,
    wait_for_delivery,
)


class Answering:
    """A webhook receiver answering every POST with `status`."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.received: list[float] = []

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            await request.body()
            self.received.append(time.monotonic())
            return Response(status_code=self.status)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


@pytest.fixture
def accepting() -> Iterator[tuple[Answering, str]]:
    hooks = Answering(204)
    with serve_in_thread(hooks.app()) as url:
        yield hooks, f"{url}/hook"


async def queue(
    sessions: async_sessionmaker[AsyncSession], owner: str, url: str, count: int = 1
) -> None:
    """`count` deliveries of `owner` to `url`, as notify records them."""
    async with sessions() as session, session.begin():
        await session.merge(UserSettingsRow(owner=owner, webhook_url=url, timezone="UTC"))
        for _ in range(count):
            session.add(
                WebhookDeliveryRow(
                    notification_id=uuid.uuid4(),
                    owner=owner,
                    url=url,
                    payload={"type": "notification", "owner": owner},
                    attempts=0,
                )
            )
        await session.execute(select(func.pg_notify(WEBHOOK_CHANNEL, "")))  # as notify does


def owner(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


async def test_a_hanging_receiver_holds_only_its_users_cap_and_delays_no_one_else(
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    accepting: tuple[Answering, str],
) -> None:
    _, good_url = accepting
    silent = SilentReceiver()
    settings = sender_settings(
        allow_private=True, try_timeout=2, per_user_in_flight=2, concurrency=4, poll_interval=0.5
    )
    alice, bob = owner("hangs"), owner("fine")
    async with silent.serving() as hanging_url:
        await queue(sessionmaker, alice, hanging_url, count=6)
        # Two sender processes' worth: the cap holds over both (it is counted in the table).
        async with (
            running(WebhookSender(database_url, sessionmaker, settings)),
            running(WebhookSender(database_url, sessionmaker, settings)),
        ):
            # Alice's receiver holds connections: her cap is taken.
            await eventually_async(lambda: silent.open_now >= 1, 10, "alice's webhooks held")
            started = time.monotonic()
            await queue(sessionmaker, bob, good_url)
            delivered = await wait_for_delivery(sessionmaker, bob, timeout=10)
            bob_latency = time.monotonic() - started
            # Deliberate: time passes beyond alice's first deadlines.
            await asyncio.sleep(settings.try_timeout + 0.5)
        print(
            f"\nwebhook of another user while one receiver hangs: {bob_latency:.3f} s; "
            f"hanging receiver: at most {silent.most_open} connections open at once"
        )
    assert delivered.delivered_at is not None and delivered.status == 204
    assert bob_latency < 5
    # Eight slots, but one user's hanging receiver never held more than her cap of them.
    assert 1 <= silent.most_open <= settings.per_user_in_flight
    rows = await deliveries(sessionmaker, alice)
    tried = [row for row in rows if row.attempts > 0]
    assert tried and all(row.delivered_at is None and row.given_up_at is None for row in tried)
    timed_out = [row for row in tried if row.lease_until is None]
    assert timed_out and all(
        row.last_error == "no answer within 2 s" and row.next_attempt_at > row.created_at
        for row in timed_out
    )


async def test_a_failing_receiver_is_retried_with_backoff_then_given_up(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    failing = Answering(500)
    settings = sender_settings(
        allow_private=True, max_tries=3, initial_backoff=0.2, max_backoff=1, poll_interval=0.2
    )
    user = owner("fails")
    with serve_in_thread(failing.app()) as base:
        await queue(sessionmaker, user, f"{base}/hook")
        async with running(WebhookSender(database_url, sessionmaker, settings)):
            row = await wait_for_delivery(sessionmaker, user)
    assert row.given_up_at is not None and row.delivered_at is None
    assert row.attempts == 3 and row.status == 500 and row.last_error == "HTTP 500"
    assert len(failing.received) == 3
    gaps = [
        later - earlier
        for earlier, later in zip(failing.received, failing.received[1:], strict=False)
    ]
    assert all(gap >= 0.1 for gap in gaps), gaps  # half of each backoff is fixed


async def test_a_refusing_receiver_is_not_retried(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    refusing = Answering(410)
    settings = sender_settings(allow_private=True, poll_interval=0.2)
    user = owner("gone")
    with serve_in_thread(refusing.app()) as base:
        await queue(sessionmaker, user, f"{base}/hook")
        async with running(WebhookSender(database_url, sessionmaker, settings)):
            row = await wait_for_delivery(sessionmaker, user)
    assert row.given_up_at is not None and row.attempts == 1 and row.status == 410
    assert len(refusing.received) == 1


@pytest.mark.parametrize(
    ("attempts", "low", "high"), [(1, 1.0, 2.0), (2, 2.0, 4.0), (5, 16.0, 32.0), (30, 30, 60)]
)
def test_backoff_doubles_with_jitter_up_to_the_cap(attempts: int, low: float, high: float) -> None:
    waits: list[Any] = [backoff(attempts, 2.0, 60.0) for _ in range(50)]
    assert all(low <= wait <= high for wait in waits)
    assert len(set(waits)) > 1  # jittered: many senders do not retry in lockstep


async def test_the_eventing_service_runs_a_sender_beside_its_relay(
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    accepting: tuple[Answering, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`todo eventing` (cluster mode, where notify runs on its own) sends what notify queued."""
    import eventing.app
    from eventing.app import create_eventing_app
    from eventing.settings import EventingSettings

    hooks, url = accepting
    user = owner("cluster")
    monkeypatch.setattr(
        eventing.app, "get_webhook_settings", lambda: sender_settings(allow_private=True)
    )
    settings = EventingSettings(
        database_url=database_url, event_transport="local", relay_poll_interval=0.5
    )
    with serve_in_thread(create_eventing_app(settings, router=False)):
        await queue(sessionmaker, user, url)
        row = await wait_for_delivery(sessionmaker, user)
    assert row.delivered_at is not None and len(hooks.received) == 1


async def test_a_lease_keeps_a_delivery_from_other_senders_until_it_lapses(
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    accepting: tuple[Answering, str],
) -> None:
    hooks, url = accepting
    held, orphaned = owner("held"), owner("orphaned")
    await queue(sessionmaker, held, url)
    await queue(sessionmaker, orphaned, url)
    async with sessionmaker() as session, session.begin():
        # One is being sent by a live sender; the other's sender died mid-try a while ago.
        for user, lease in (
            (held, "now() + interval '1 hour'"),
            (orphaned, "now() - interval '1 s'"),
        ):
            await session.execute(
                text(
                    "UPDATE webhook_deliveries SET attempts = 1, "
                    f"lease_until = {lease} WHERE owner = :o"
                ),
                {"o": user},
            )
    async with running(
        WebhookSender(
            database_url, sessionmaker, sender_settings(allow_private=True, poll_interval=0.2)
        )
    ):
        row = await wait_for_delivery(sessionmaker, orphaned)
        await asyncio.sleep(0.5)  # deliberate: time for the held one to be (wrongly) tried
    assert row.delivered_at is not None and row.attempts == 2
    [untouched] = await deliveries(sessionmaker, held)
    assert untouched.attempts == 1 and untouched.delivered_at is None
    assert len(hooks.received) == 1
