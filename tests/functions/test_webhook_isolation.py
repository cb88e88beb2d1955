"""Issue 13, finding 1 (webhook half): a webhook that never answers delays no one else.

Before, notify POSTed the webhook inline (4 tries x 10 s) inside the router's delivery, and
another user's reminder came 38.9 s late. Here the whole embedded backbone runs (relay, router,
in-process functions, webhook sender): Alice's reminders go to a receiver that accepts and
never answers; Bob's reminder, due just after hers, must become his notification at once, and
a task he creates while her webhooks hang must reach his activity log at once.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import services
from core.store.eventing_models import ActivityRow, NotificationRow, UserSettingsRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate
from eventing.embedded import EmbeddedEventing
from tests.support.waits import eventually_async
from tests.support.webhooks import SilentReceiver, deliveries, sender_settings


async def remind(sessions: async_sessionmaker[AsyncSession], owner: str, at: datetime) -> None:
    body = TaskCreate.model_validate(
        {
            "title": f"task of {owner}",
            "due": (at + timedelta(hours=1)).isoformat(),
            "reminders": [{"at": at.isoformat()}],
        }
    )
    async with UnitOfWork(sessions) as uow:
        await services.create_task(uow, owner, body, now=datetime.now(UTC))


async def notification_of(
    sessions: async_sessionmaker[AsyncSession], owner: str, timeout: float
) -> NotificationRow:
    async def row() -> NotificationRow | None:
        async with sessions() as session:
            query = select(NotificationRow).where(NotificationRow.owner == owner)
            return (await session.execute(query)).scalar_one_or_none()

    return await eventually_async(row, timeout, f"{owner}'s notification")


async def audited(
    sessions: async_sessionmaker[AsyncSession], owner: str, count: int, timeout: float
) -> None:
    async def enough() -> bool:
        async with sessions() as session:
            found = await session.scalar(
                select(func.count()).select_from(ActivityRow).where(ActivityRow.owner == owner)
            )
        return bool(found and found >= count)

    await eventually_async(enough, timeout, f"{owner}'s {count} audit entries")


async def test_a_hanging_webhook_does_not_delay_another_users_reminder(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    alice, bob = f"hook-hangs-{tag}", f"no-hook-{tag}"
    silent = SilentReceiver()
    settings = sender_settings(allow_private=True, try_timeout=8, poll_interval=0.5)
    eventing = EmbeddedEventing(database_url, sessionmaker, webhooks=settings)
    async with silent.serving() as hanging_url:
        async with sessionmaker() as session, session.begin():
            session.add(UserSettingsRow(owner=alice, webhook_url=hanging_url, timezone="UTC"))
        await eventing.start()
        try:
            fire = datetime.now(UTC) + timedelta(seconds=3)
            for _ in range(3):
                await remind(sessionmaker, alice, fire)
            await remind(sessionmaker, bob, fire + timedelta(milliseconds=300))
            note = await notification_of(sessionmaker, bob, timeout=30)
            late = (note.created_at - note.fire_at).total_seconds()
            # Alice's webhooks really are being held open.
            await eventually_async(lambda: silent.open_now > 0, 20, "alice's webhooks held open")
            started = time.monotonic()
            await remind(sessionmaker, bob, datetime.now(UTC) + timedelta(days=1))
            await audited(sessionmaker, bob, count=2, timeout=30)
            audit_latency = time.monotonic() - started
            assert silent.open_now > 0  # still hanging while Bob's create was audited
        finally:
            await eventing.stop()
    print(
        f"\nwhile a webhook hangs, another user's reminder -> notification: {late:.3f} s late; "
        f"create -> audit: {audit_latency:.3f} s"
    )
    assert late < 5 and audit_latency < 5
    queued = await deliveries(sessionmaker, alice)
    assert len(queued) == 3 and all(row.delivered_at is None for row in queued)
