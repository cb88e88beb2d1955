"""Settings rules in core.services.settings, without HTTP: what a webhook URL may be."""

from __future__ import annotations

from datetime import UTC, datetime
from ipaddress import ip_network

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.errors import InvalidSettings
from core.services import settings
from core.store.uow import UnitOfWork
from core.webhook_url import WebhookPolicy

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
STRICT = WebhookPolicy()
Sessions = async_sessionmaker[AsyncSession]


async def save(
    sessions: Sessions, owner: str, policy: WebhookPolicy = STRICT, **changes: object
) -> settings.SettingsOut:
    async with UnitOfWork(sessions) as uow:
        return await settings.save_settings(uow, owner, changes, policy=policy, now=NOW)


async def test_a_public_webhook_and_a_zone_are_saved(sessionmaker: Sessions, owner: str) -> None:
    saved = await save(
        sessionmaker, owner, webhook_url="https://example.com/hook",
        webhook_secret="s" * 16, timezone="Europe/Berlin",
    )  # fmt: skip
    assert saved == settings.SettingsOut(
        webhook_url="https://example.com/hook", webhook_secret_set=True, timezone="Europe/Berlin"
    )
    # Only what is named changes; "" removes the webhook.
    await save(sessionmaker, owner, webhook_url="")
    async with sessionmaker() as session:
        assert await settings.read_settings(session, owner) == settings.SettingsOut(
            webhook_url=None, webhook_secret_set=True, timezone="Europe/Berlin"
        )
        assert await settings.user_zone(session, owner) == "Europe/Berlin"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("webhook_url", "http://127.0.0.1:8080/hook"),  # loopback
        ("webhook_url", "https://10.0.0.7/hook"),  # private
        ("webhook_url", "https://user:pw@example.com/hook"),  # credentials
        ("webhook_url", "ftp://example.com/hook"),
        ("webhook_url", "https://example.com/a b"),
        ("webhook_secret", "sixteen-chars-\x00-nul"),
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", None),
        ("surprise", "x"),
    ],
)
async def test_a_refused_setting_changes_nothing(
    sessionmaker: Sessions, owner: str, field: str, value: object
) -> None:
    await save(sessionmaker, owner, webhook_url="https://example.com/ok", timezone="Asia/Tokyo")
    # With a valid change beside it, which must not be saved either.
    changes: dict[str, object] = {"timezone": "UTC", field: value}
    with pytest.raises(InvalidSettings) as refused:
        async with UnitOfWork(sessionmaker) as uow:
            await settings.save_settings(uow, owner, changes, policy=STRICT, now=NOW)
    assert refused.value.field == field
    async with sessionmaker() as session:
        kept = await settings.read_settings(session, owner)
    assert (kept.webhook_url, kept.timezone) == ("https://example.com/ok", "Asia/Tokyo")


async def test_the_operator_may_allow_private_webhooks(sessionmaker: Sessions, owner: str) -> None:
    office = WebhookPolicy(allowed_networks=(ip_network("10.0.0.0/8"),))
    saved = await save(sessionmaker, owner, policy=office, webhook_url="https://10.0.0.7/hook")
    assert saved.webhook_url == "https://10.0.0.7/hook"
    home = WebhookPolicy(allow_private=True)  # http too, to a receiver at home
    saved = await save(sessionmaker, owner, policy=home, webhook_url="http://192.168.1.5/hook")
    assert saved.webhook_url == "http://192.168.1.5/hook"


async def test_no_settings_read_as_the_defaults(sessionmaker: Sessions, owner: str) -> None:
    async with sessionmaker() as session:
        assert await settings.read_settings(session, owner) == settings.SettingsOut(
            webhook_url=None, webhook_secret_set=False, timezone="UTC"
        )
        assert await settings.user_zone(session, owner) == "UTC"
        assert await settings.settings_of(session, [owner]) == {}
