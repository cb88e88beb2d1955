"""Notifications (`GET /api/notifications`, mark read) and user settings (`/api/settings`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import webhook_settings
from core.errors import TaskNotFound
from core.events import NotificationOut, NotificationsRead
from core.store.eventing_models import NotificationRow, UserSettingsRow
from core.text import storable
from core.timefmt import check_timezone
from core.webhook_url import check_webhook_url
from gateway.auth import CurrentUser
from gateway.deps import Session, Uow

router = APIRouter(prefix="/api", tags=["notifications"])
# core.webhook_url.check_shape: http(s), none of C0, space, DEL or C1, no credentials (no "@"
# in the authority, which ends at the first / ? or #), or empty. Whether the host and port are
# valid and public is said in words (DNS and the address tables decide).
_URL_CHAR = "[^\\u0000-\\u0020\\u007f-\\u009f]"
_AUTHORITY_CHAR = "[^@/?#\\u0000-\\u0020\\u007f-\\u009f]"
WEBHOOK_URL_PATTERN = f"^$|^[Hh][Tt][Tt][Pp][Ss]?://{_AUTHORITY_CHAR}+([/?#]{_URL_CHAR}*)?$"
ZONE_DESCRIPTION = (
    "an IANA time zone name such as Europe/Berlin (core.timefmt.check_timezone: unknown and "
    "host-dependent names are a 422); the zone of the user's days (task counts, quick add)"
)


class NotificationList(BaseModel):
    """The user's notifications, newest first."""

    items: list[NotificationOut]
    unread: int


def _out(row: NotificationRow) -> NotificationOut:
    return NotificationOut.from_row(row)


async def _unread(session: AsyncSession, owner: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(NotificationRow)
        .where(NotificationRow.owner == owner, NotificationRow.read_at.is_(None))
    )
    return int(count or 0)


@router.get("/notifications", response_model=NotificationList, operation_id="list_notifications")
async def notifications(
    user: CurrentUser,
    session: Session,
    unread_only: Annotated[bool, Query(description="only the unread ones")] = False,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many, newest first")] = 50,
) -> NotificationList:
    """The newest notifications, and how many are unread."""
    query = select(NotificationRow).where(NotificationRow.owner == user.user_id)
    if unread_only:
        query = query.where(NotificationRow.read_at.is_(None))
    rows = (
        await session.execute(query.order_by(NotificationRow.created_at.desc()).limit(limit))
    ).scalars()
    unread = await _unread(session, user.user_id)
    return NotificationList(items=[_out(row) for row in rows], unread=unread)


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    operation_id="mark_notification_read",
)
async def mark_read(notification_id: str, user: CurrentUser, uow: Uow) -> NotificationOut:
    """Mark one notification as read (idempotent)."""
    try:
        key = uuid.UUID(notification_id)
    except ValueError:
        raise TaskNotFound(f"no notification {notification_id!r}") from None
    row = await uow.session.get(NotificationRow, key)
    if row is None or row.owner != user.user_id:
        raise TaskNotFound(f"no notification {notification_id}")
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        await uow.session.flush()
        unread = await _unread(uow.session, user.user_id)
        # The user's other open tabs and devices hear of it through push, like a new one.
        uow.record(NotificationsRead(owner=user.user_id, ids=[row.id], unread=unread))
        await uow.commit()
    return _out(row)


@router.post(
    "/notifications/read-all",
    response_model=NotificationList,
    operation_id="mark_all_notifications_read",
)
async def mark_all_read(user: CurrentUser, uow: Uow) -> NotificationList:
    """Mark every notification as read."""
    marked = await uow.session.execute(
        update(NotificationRow)
        .where(NotificationRow.owner == user.user_id, NotificationRow.read_at.is_(None))
        .values(read_at=datetime.now(UTC))
        .returning(NotificationRow.id)
    )
    if marked.first() is not None:
        unread = await _unread(uow.session, user.user_id)
        uow.record(NotificationsRead(owner=user.user_id, ids=None, unread=unread))
        await uow.commit()
    return NotificationList(items=[], unread=0)


class SettingsIn(BaseModel):
    """PUT /api/settings: a webhook for notifications (https to a public host), a zone."""

    model_config = ConfigDict(extra="forbid")

    # The patterns document what the validators below check (and word their refusals for).
    webhook_url: str | None = Field(
        default=None,
        max_length=2000,
        description="where notifications are POSTed: an https URL of a public host, no "
        "credentials, no spaces or control characters (http only to private hosts the "
        'server allows); null or "" removes it',
        json_schema_extra={"pattern": WEBHOOK_URL_PATTERN},
    )
    webhook_secret: str | None = Field(
        default=None,
        min_length=16,
        max_length=200,
        description="signs each webhook (HMAC-SHA256); never echoed back",
        json_schema_extra={"pattern": "^[^\\u0000]*$"},
    )
    timezone: str = Field(default="UTC", min_length=1, description=ZONE_DESCRIPTION)

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return None if value is None else storable(value, what="webhook_secret")

    @field_validator("webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        storable(value, what="webhook_url")
        # Shape, credentials, literal IPs in any notation and local names; the addresses a
        # name resolves to are checked again when each webhook is sent.
        check_webhook_url(value, webhook_settings.get_webhook_settings().policy())
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_timezone(value)


class SettingsPatch(SettingsIn):
    """PATCH /api/settings: only the fields sent change (null clears the webhook fields)."""

    timezone: str = Field(default="UTC", min_length=1, description=ZONE_DESCRIPTION)

    @field_validator("timezone", mode="before")
    @classmethod
    def _zone_not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("timezone cannot be null; use an IANA name such as Europe/Berlin")
        return value


class SettingsOut(BaseModel):
    """The user's settings; the secret is never echoed back."""

    webhook_url: str | None
    webhook_secret_set: bool
    timezone: str


@router.get("/settings", response_model=SettingsOut)
async def get_settings(user: CurrentUser, session: Session) -> SettingsOut:
    """The user's settings (defaults when never set)."""
    row = await session.get(UserSettingsRow, user.user_id)
    if row is None:
        return SettingsOut(webhook_url=None, webhook_secret_set=False, timezone="UTC")
    return SettingsOut(
        webhook_url=row.webhook_url,
        webhook_secret_set=bool(row.webhook_secret),
        timezone=row.timezone,
    )


async def _save(uow: Uow, owner: str, changes: dict[str, object]) -> SettingsOut:
    row = await uow.session.get(UserSettingsRow, owner)
    if row is None:
        row = UserSettingsRow(owner=owner, webhook_url=None, webhook_secret=None, timezone="UTC")
        uow.session.add(row)
    for name, value in changes.items():
        setattr(row, name, value)
    row.updated_at = datetime.now(UTC)
    await uow.commit()
    return SettingsOut(
        webhook_url=row.webhook_url,
        webhook_secret_set=bool(row.webhook_secret),
        timezone=row.timezone,
    )


@router.put("/settings", response_model=SettingsOut, operation_id="replace_settings")
async def put_settings(body: SettingsIn, user: CurrentUser, uow: Uow) -> SettingsOut:
    """Replace the user's settings (a field left out goes back to its default)."""
    return await _save(uow, user.user_id, body.model_dump())


@router.patch("/settings", response_model=SettingsOut, operation_id="update_settings")
async def patch_settings(body: SettingsPatch, user: CurrentUser, uow: Uow) -> SettingsOut:
    """Change only the settings sent, e.g. `{"timezone": "Europe/Berlin"}`; the rest stay."""
    return await _save(uow, user.user_id, body.model_dump(include=body.model_fields_set))
