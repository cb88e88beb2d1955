"""The notification service: list, mark read, and add (notify's reminders) a user's
notifications, with their live updates and queued webhooks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.channels import WEBHOOK_CHANNEL
from core.errors import NotificationNotFound
from core.events import NotificationCreated, NotificationOut, NotificationsRead
from core.store.eventing_models import NotificationRow, UserSettingsRow, WebhookDeliveryRow
from core.store.uow import UnitOfWork


class NotificationList(BaseModel):
    """The user's notifications, newest first."""

    items: list[NotificationOut]
    unread: int


async def unread_count(session: AsyncSession, owner: str) -> int:
    """How many of the owner's notifications are unread."""
    count = await session.scalar(
        select(func.count())
        .select_from(NotificationRow)
        .where(NotificationRow.owner == owner, NotificationRow.read_at.is_(None))
    )
    return int(count or 0)


async def list_notifications(
    session: AsyncSession, owner: str, *, unread_only: bool = False, limit: int = 50
) -> NotificationList:
    """The newest `limit` notifications (only unread ones, if asked), and how many are unread."""
    query = select(NotificationRow).where(NotificationRow.owner == owner)
    if unread_only:
        query = query.where(NotificationRow.read_at.is_(None))
    rows = (
        await session.execute(query.order_by(NotificationRow.created_at.desc()).limit(limit))
    ).scalars()
    items = [NotificationOut.from_row(row) for row in rows]
    return NotificationList(items=items, unread=await unread_count(session, owner))


async def load_notification(
    session: AsyncSession, owner: str, notification_id: str | uuid.UUID
) -> NotificationRow:
    """The owner's notification, or NotificationNotFound (also for another user's)."""
    try:
        key = uuid.UUID(str(notification_id))
    except ValueError:
        raise NotificationNotFound(f"no notification {notification_id!r}") from None
    row = await session.get(NotificationRow, key)
    if row is None or row.owner != owner:
        raise NotificationNotFound(f"no notification {notification_id}")
    return row


# Notifications by (id, owner).
NotificationsByKey = dict[tuple[uuid.UUID, str], NotificationRow]


async def notifications_by_key(
    session: AsyncSession, keys: Iterable[tuple[uuid.UUID, str]]
) -> NotificationsByKey:
    """The notifications that exist of `keys` ((id, owner) pairs), in one read, by key."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = await session.scalars(
        select(NotificationRow).where(NotificationRow.id.in_({i for i, _ in wanted}))
    )
    return {(row.id, row.owner): row for row in rows if (row.id, row.owner) in wanted}


async def mark_read(
    uow: UnitOfWork, owner: str, notification_id: str | uuid.UUID, *, now: datetime
) -> NotificationOut:
    """Mark one notification read (idempotent); the user's other tabs and devices hear of it."""
    row = await load_notification(uow.session, owner, notification_id)
    if row.read_at is None:
        row.read_at = now
        await uow.session.flush()
        unread = await unread_count(uow.session, owner)
        uow.record(NotificationsRead(owner=owner, ids=[row.id], unread=unread))
        await uow.commit()
    return NotificationOut.from_row(row)


async def mark_all_read(uow: UnitOfWork, owner: str, *, now: datetime) -> NotificationList:
    """Mark every notification read; an update is published only if any was unread."""
    marked = await uow.session.execute(
        update(NotificationRow)
        .where(NotificationRow.owner == owner, NotificationRow.read_at.is_(None))
        .values(read_at=now)
        .returning(NotificationRow.id)
    )
    if marked.first() is not None:
        unread = await unread_count(uow.session, owner)
        uow.record(NotificationsRead(owner=owner, ids=None, unread=unread))
        await uow.commit()
    return NotificationList(items=[], unread=0)


async def add_notifications(
    uow: UnitOfWork, values: Sequence[dict[str, Any]]
) -> dict[uuid.UUID, NotificationRow]:
    """Insert notifications (notifications columns, each with its new `id`) in one statement;
    the ones inserted by id. An occurrence notified before, or twice in `values`, conflicts and
    is left out."""
    if not values:
        return {}
    rows = await uow.session.scalars(
        insert(NotificationRow)
        .values(list(values))
        .on_conflict_do_nothing()
        .returning(NotificationRow)
    )
    return {row.id: row for row in rows}


def announce(uow: UnitOfWork, row: NotificationRow, settings: UserSettingsRow | None) -> bool:
    """Publish a new notification; queue its webhook if the user has one (then True: the
    caller wakes the webhook sender once for all)."""
    view = NotificationOut.from_row(row)
    uow.record(NotificationCreated(owner=row.owner, notification=view))
    if settings is None or not settings.webhook_url:
        return False
    payload = {"type": "notification", "owner": row.owner, **view.model_dump(mode="json")}
    # Queued in this transaction, sent by the webhook sender: a receiver that never answers
    # must not hold this delivery (and everyone's events behind it) open.
    uow.session.add(
        WebhookDeliveryRow(
            notification_id=row.id,
            owner=row.owner,
            url=settings.webhook_url,
            payload=payload,
            attempts=0,
        )
    )
    return True


async def announce_all(
    uow: UnitOfWork, rows: Sequence[NotificationRow], settings: Mapping[str, UserSettingsRow]
) -> None:
    """`announce` each new notification in order (so each user's publish in order) with its
    owner's settings, and wake the webhook sender once if any webhook was queued (the NOTIFY
    goes out at the commit)."""
    queued = [announce(uow, row, settings.get(row.owner)) for row in rows]
    if any(queued):
        await uow.session.execute(select(func.pg_notify(WEBHOOK_CHANNEL, "")))
