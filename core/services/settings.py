"""The settings service: a user's time zone and notification webhook, read and saved here.

The rules a setting must pass live here once: the REST bodies' validators call the same
checks, and `save_settings` runs them again, so no edge can store an unsafe webhook URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import InvalidSettings
from core.store.eventing_models import UserSettingsRow
from core.store.uow import UnitOfWork
from core.text import storable
from core.timefmt import check_timezone
from core.webhook_url import WebhookPolicy, check_webhook_url

# The zone alone, as a plain statement: the create path reads it in its one round trip before
# the insert (core.services.tasks.create_task), without loading the ORM row.
ZONE_OF_OWNER = text("SELECT timezone FROM user_settings WHERE owner = :owner")
DEFAULT_ZONE = "UTC"


class SettingsOut(BaseModel):
    """The user's settings; the secret is never echoed back."""

    webhook_url: str | None
    webhook_secret_set: bool
    timezone: str


def valid_zone(stored: str | None) -> str:
    """A stored zone if it is still valid, else UTC."""
    try:
        return check_timezone(stored or DEFAULT_ZONE)
    except ValueError:  # e.g. `localtime`, saved before host-dependent zones were refused
        return DEFAULT_ZONE


async def user_zone(session: AsyncSession, owner: str) -> str:
    """The user's time zone from their settings (UTC if none, or if it is no longer valid)."""
    return valid_zone(await session.scalar(ZONE_OF_OWNER, {"owner": owner}))


async def settings_of(session: AsyncSession, owners: Iterable[str]) -> dict[str, UserSettingsRow]:
    """The settings rows of `owners` that have any, in one statement (for batches)."""
    wanted = sorted(set(owners))
    if not wanted:
        return {}
    rows = await session.scalars(select(UserSettingsRow).where(UserSettingsRow.owner.in_(wanted)))
    return {row.owner: row for row in rows}


def settings_out(row: UserSettingsRow | None) -> SettingsOut:
    """What the API shows of a settings row (the defaults when there is none)."""
    if row is None:
        return SettingsOut(webhook_url=None, webhook_secret_set=False, timezone=DEFAULT_ZONE)
    return SettingsOut(
        webhook_url=row.webhook_url,
        webhook_secret_set=bool(row.webhook_secret),
        timezone=row.timezone,
    )


async def read_settings(session: AsyncSession, owner: str) -> SettingsOut:
    """The user's settings (defaults when never set)."""
    return settings_out(await session.get(UserSettingsRow, owner))


def checked_webhook_url(value: str | None, policy: WebhookPolicy) -> str | None:
    """`value` if it may be saved as the webhook ("" and None remove it), else ValueError.

    Shape, credentials, literal IPs in any notation and local names; the addresses a name
    resolves to are checked again when each webhook is sent.
    """
    if value is None or value == "":
        return None
    storable(value, what="webhook_url")
    check_webhook_url(value, policy)
    return value


def checked_secret(value: str | None) -> str | None:
    """`value` if PostgreSQL can store it, else ValueError."""
    return None if value is None else storable(value, what="webhook_secret")


def _checked(changes: dict[str, Any], policy: WebhookPolicy) -> dict[str, Any]:
    checks: dict[str, Callable[[Any], str | None]] = {
        "webhook_url": partial(checked_webhook_url, policy=policy),
        "webhook_secret": checked_secret,
        "timezone": check_timezone,
    }
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        check = checks.get(name)
        if check is None:
            raise InvalidSettings(f"there is no setting {name!r}", field=name)
        if value is not None and not isinstance(value, str):
            raise InvalidSettings(f"{name} must be text", field=name)
        if name == "timezone" and value is None:
            raise InvalidSettings("timezone cannot be null", field=name)
        try:
            checked[name] = check(value)
        except ValueError as exc:
            raise InvalidSettings(str(exc), field=name) from None
    return checked


async def save_settings(
    uow: UnitOfWork, owner: str, changes: dict[str, Any], *, policy: WebhookPolicy, now: datetime
) -> SettingsOut:
    """Set the settings named in `changes` (the others stay) and commit; InvalidSettings, with
    nothing saved, if any value may not be stored."""
    checked = _checked(changes, policy)
    row = await uow.session.get(UserSettingsRow, owner)
    if row is None:
        row = UserSettingsRow(
            owner=owner, webhook_url=None, webhook_secret=None, timezone=DEFAULT_ZONE
        )
        uow.session.add(row)
    for name, value in checked.items():
        setattr(row, name, value)
    row.updated_at = now
    await uow.commit()
    return settings_out(row)
