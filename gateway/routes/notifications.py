"""Notifications (`GET /api/notifications`, mark read) and user settings (`/api/settings`):
thin edges over core.services.notifications and core.services.settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core import webhook_settings
from core.events import NotificationOut
from core.services import notifications as notes
from core.services import settings as user_settings
from core.services.notifications import NotificationList
from core.services.settings import SettingsOut
from core.timefmt import check_timezone
from core.webhook_url import WebhookPolicy
from gateway.auth import CurrentUser
from gateway.deps import Now, Session, Uow

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


@router.get("/notifications", response_model=NotificationList, operation_id="list_notifications")
async def notifications(
    user: CurrentUser,
    session: Session,
    unread_only: Annotated[bool, Query(description="only the unread ones")] = False,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many, newest first")] = 50,
) -> NotificationList:
    """The newest notifications, and how many are unread."""
    return await notes.list_notifications(
        session, user.user_id, unread_only=unread_only, limit=limit
    )


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    operation_id="mark_notification_read",
)
async def mark_read(notification_id: str, user: CurrentUser, uow: Uow, now: Now) -> NotificationOut:
    """Mark one notification as read (idempotent)."""
    return await notes.mark_read(uow, user.user_id, notification_id, now=now)


@router.post(
    "/notifications/read-all",
    response_model=NotificationList,
    operation_id="mark_all_notifications_read",
)
async def mark_all_read(user: CurrentUser, uow: Uow, now: Now) -> NotificationList:
    """Mark every notification as read."""
    return await notes.mark_all_read(uow, user.user_id, now=now)


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
        return user_settings.checked_secret(value)

    @field_validator("webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return user_settings.checked_webhook_url(value, _policy())

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


@router.get("/settings", response_model=SettingsOut)
async def get_settings(user: CurrentUser, session: Session) -> SettingsOut:
    """The user's settings (defaults when never set)."""
    return await user_settings.read_settings(session, user.user_id)


def _policy() -> WebhookPolicy:
    # Looked up on each call: the operator's WEBHOOK_* settings (tests swap them).
    return webhook_settings.get_webhook_settings().policy()


@router.put("/settings", response_model=SettingsOut, operation_id="replace_settings")
async def put_settings(body: SettingsIn, user: CurrentUser, uow: Uow, now: Now) -> SettingsOut:
    """Replace the user's settings (a field left out goes back to its default)."""
    return await user_settings.save_settings(
        uow, user.user_id, body.model_dump(), policy=_policy(), now=now
    )


@router.patch("/settings", response_model=SettingsOut, operation_id="update_settings")
async def patch_settings(body: SettingsPatch, user: CurrentUser, uow: Uow, now: Now) -> SettingsOut:
    """Change only the settings sent, e.g. `{"timezone": "Europe/Berlin"}`; the rest stay."""
    changes = body.model_dump(include=body.model_fields_set)
    return await user_settings.save_settings(uow, user.user_id, changes, policy=_policy(), now=now)
