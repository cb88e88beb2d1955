"""Notification rules in core.services.notifications, without HTTP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channels import WEBHOOK_CHANNEL
from core.errors import NotFound, NotificationNotFound, TaskNotFound
from core.events import NotificationCreated, NotificationsRead
from core.services import notifications
from core.store.db import asyncpg_dsn
from core.store.eventing_models import UserSettingsRow, WebhookDeliveryRow
from core.store.uow import UnitOfWork
from tests.support.waits import eventually_async

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


def values(owner: str, task_id: uuid.UUID | None = None) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(), "owner": owner, "task_id": task_id or uuid.uuid4(),
        "reminder_version": 1, "reminder": {"before": "PT0S"}, "fire_at": NOW,
        "title": "Water plants", "body": "Water plants is due Today 12:00", "due": NOW,
        "timezone": "UTC", "late": False, "created_at": NOW,
    }  # fmt: skip


async def add(sessions: Sessions, owner: str, settings: UserSettingsRow | None = None) -> str:
    async with UnitOfWork(sessions, actor="function:notify") as uow:
        [row] = (await notifications.add_notifications(uow, [values(owner)])).values()
        notifications.announce(uow, row, settings)
        await uow.commit()
    return str(row.id)


async def test_an_occurrence_is_added_once(sessionmaker: Sessions, owner: str) -> None:
    task_id = uuid.uuid4()
    async with UnitOfWork(sessionmaker) as uow:
        added = await notifications.add_notifications(
            uow, [values(owner, task_id), values(owner, task_id)]
        )
        assert len(added) == 1  # the same occurrence twice in one batch
        [row] = added.values()
        assert notifications.announce(uow, row, None) is False  # no webhook: none queued
        await uow.commit()
    assert [type(event) for event in uow.events] == [NotificationCreated]
    async with UnitOfWork(sessionmaker) as uow:
        assert await notifications.add_notifications(uow, [values(owner, task_id)]) == {}


async def test_a_webhook_is_queued_with_the_notification(
    sessionmaker: Sessions, owner: str
) -> None:
    hook = UserSettingsRow(
        owner=owner, webhook_url="https://example.com/hook", webhook_secret=None, timezone="UTC"
    )
    note = await add(sessionmaker, owner, hook)
    async with sessionmaker() as session:
        queued = (
            await session.execute(
                select(WebhookDeliveryRow).where(WebhookDeliveryRow.owner == owner)
            )
        ).scalar_one()
    assert (str(queued.notification_id), queued.url) == (note, "https://example.com/hook")
    assert queued.payload["type"] == "notification" and queued.payload["id"] == note


async def test_mark_read_counts_and_publishes_once(sessionmaker: Sessions, owner: str) -> None:
    first, _second = await add(sessionmaker, owner), await add(sessionmaker, owner)
    async with UnitOfWork(sessionmaker) as uow:
        shown = await notifications.mark_read(uow, owner, first, now=NOW)
    assert shown.read
    [event] = uow.events
    assert isinstance(event, NotificationsRead)
    assert (event.ids, event.unread) == ([uuid.UUID(first)], 1)
    async with UnitOfWork(sessionmaker) as uow:
        await notifications.mark_read(uow, owner, first, now=NOW)
    assert uow.events == []  # already read: nothing to tell
    async with sessionmaker() as session:
        listed = await notifications.list_notifications(session, owner, unread_only=True)
    assert (len(listed.items), listed.unread) == (1, 1)
    async with UnitOfWork(sessionmaker) as uow:
        assert (await notifications.mark_all_read(uow, owner, now=NOW)).unread == 0
    async with sessionmaker() as session:
        assert (await notifications.list_notifications(session, owner)).unread == 0


@pytest.mark.parametrize("which", ["malformed", "unknown", "another user's"])
async def test_a_missing_notification_is_its_own_not_found(
    sessionmaker: Sessions, owner: str, which: str
) -> None:
    theirs = await add(sessionmaker, f"other-{owner}")
    key = {"malformed": "not-a-uuid", "unknown": str(uuid.uuid4()), "another user's": theirs}
    with pytest.raises(NotificationNotFound) as raised:
        async with UnitOfWork(sessionmaker) as uow:
            await notifications.mark_read(uow, owner, key[which], now=NOW)
    assert isinstance(raised.value, NotFound) and not isinstance(raised.value, TaskNotFound)
    assert raised.value.code == "not_found"
    async with sessionmaker() as session:  # the other user's stays unread
        assert (await notifications.list_notifications(session, f"other-{owner}")).unread == 1


async def test_notifications_by_key_answers_only_each_owners_own(
    sessionmaker: Sessions, owner: str
) -> None:
    mine, theirs = await add(sessionmaker, owner), await add(sessionmaker, f"{owner}-other")
    async with sessionmaker() as session:
        keys = [(uuid.UUID(mine), owner), (uuid.UUID(theirs), owner)]
        found = await notifications.notifications_by_key(session, keys)
    assert list(found) == [(uuid.UUID(mine), owner)]


async def test_announce_all_wakes_the_webhook_sender_once_and_only_for_a_webhook(
    sessionmaker: Sessions, database_url: str, owner: str
) -> None:
    hooked = f"{owner}-hooked"
    hook = UserSettingsRow(
        owner=hooked, webhook_url="https://example.com/hook", webhook_secret=None, timezone="UTC"
    )
    listener = await asyncpg.connect(asyncpg_dsn(database_url))
    heard: list[str] = []
    await listener.add_listener(WEBHOOK_CHANNEL, lambda *args: heard.append(args[3]))
    try:
        for users in ([owner], [owner, hooked, hooked]):
            async with UnitOfWork(sessionmaker, actor="function:notify") as uow:
                added = await notifications.add_notifications(uow, [values(u) for u in users])
                await notifications.announce_all(uow, list(added.values()), {hooked: hook})
                await uow.commit()
            assert [type(e) for e in uow.events] == [NotificationCreated] * len(users)
        await eventually_async(lambda: heard, 5, "the webhook sender's wake-up")
        # Only the second commit queued webhooks (two), and it woke the sender once.
        await listener.execute("SELECT 1")  # a round trip: any second NOTIFY is in by now
        assert heard == [""]
    finally:
        await listener.close()
