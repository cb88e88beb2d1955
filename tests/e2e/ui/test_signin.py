"""Sign-in and sign-out: the sign-in view shows nothing of the app, sign-out forgets
everything, an expired token leads back to sign-in with a message."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from playwright.async_api import expect

from gateway.auth import LEEWAY, LOCAL_AUDIENCE, LOCAL_ISSUER, LocalSigningKey
from gateway.local_key import load_or_create_private_key
from tests.e2e.ui.conftest import OpenApp, wait_ready
from tests.support.waits import eventually_async


def token_expiring(data_dir: Path, user: str, *, in_seconds: int) -> str:
    """A token of the server's own key whose `exp` is `in_seconds` from now (may be past)."""
    key = LocalSigningKey.load_or_create(data_dir)
    now = datetime.now(UTC)
    claims = {
        "sub": user,
        "iss": LOCAL_ISSUER,
        "aud": LOCAL_AUDIENCE,
        "iat": now - timedelta(minutes=5),
        "exp": now + timedelta(seconds=in_seconds),
    }
    private_key = load_or_create_private_key(data_dir)  # issue_token refuses a past expiry
    return jwt.encode(claims, private_key, algorithm="EdDSA", headers={"kid": key.kid})


async def until_refused(base_url: str, token: str, timeout: float = 15.0) -> None:
    """Wait until the server refuses `token` (it has expired, leeway included)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:

        async def refused() -> bool:
            answer = await client.get("/api/settings", headers={"Authorization": f"Bearer {token}"})
            return answer.status_code == 401

        await eventually_async(refused, timeout, "the short token refused", interval=0.25)


async def test_signed_out_the_page_shows_only_the_sign_in_form(
    open_app: OpenApp, shoot: Callable[..., Awaitable[Path]]
) -> None:
    app = await open_app(signed_in=False)
    page = app.page
    await expect(page.get_by_test_id("token-input")).to_be_visible()
    for hidden in ("app", "task-list", "chat-input", "bell", "quick-add", "signout"):
        await expect(page.get_by_test_id(hidden)).to_be_hidden()
    await shoot(page, "signin-desktop-light")

    await page.get_by_test_id("token-input").fill("not-a-token")
    await page.get_by_test_id("signin").click()
    await expect(page.get_by_test_id("signin-message")).to_contain_text("not accepted")
    await expect(page.get_by_test_id("app")).to_be_hidden()

    await page.get_by_test_id("token-input").fill(app.token)
    await page.get_by_test_id("signin").click()
    await wait_ready(page)
    await expect(page.get_by_test_id("who")).to_have_text(app.user)
    await expect(page.get_by_test_id("token-input")).to_be_hidden()


async def test_sign_out_clears_tasks_chat_conversation_and_token(
    open_app: OpenApp, issue_token: Callable[[str], str]
) -> None:
    app = await open_app()
    page = app.page
    await app.client.post("/api/tasks", json={"title": "Secret plan of the first user"})
    await page.get_by_test_id("chat-input").fill("add water the plants tomorrow")
    await page.get_by_test_id("chat-input").press("Enter")
    await expect(page.get_by_test_id("msg-assistant").last).to_contain_text(
        re.compile("water the plants", re.I), timeout=15_000
    )
    await expect(page.get_by_test_id("task").filter(has_text="Secret plan")).to_have_count(1)
    assert await page.evaluate("localStorage.getItem('todo-conversation')")

    await page.get_by_test_id("signout").click()
    await expect(page.get_by_test_id("token-input")).to_be_visible()
    await expect(page.get_by_test_id("app")).to_be_hidden()
    stored = await page.evaluate(
        "[localStorage.getItem('todo-token'), localStorage.getItem('todo-conversation')]"
    )
    assert stored == [None, None]
    assert await page.get_by_test_id("task").count() == 0
    assert await page.get_by_test_id("msg-user").count() == 0

    # The next user on this page sees only their own things and starts a new conversation.
    await page.get_by_test_id("token-input").fill(issue_token("second-" + app.user))
    await page.get_by_test_id("signin").click()
    await wait_ready(page)
    await expect(page.get_by_test_id("who")).to_have_text("second-" + app.user)
    await expect(page.get_by_test_id("task")).to_have_count(0)
    assert await page.get_by_test_id("msg-user").count() == 0
    await page.reload()
    await wait_ready(page)
    await expect(page.get_by_test_id("who")).to_have_text("second-" + app.user)


async def test_an_expired_token_leads_to_sign_in_with_a_message(
    open_app: OpenApp, data_dir: Path
) -> None:
    app = await open_app()
    page = app.page
    # Signed with the server's own key, but expired (beyond the leeway): the server answers 401.
    expired = token_expiring(data_dir, app.user, in_seconds=-120)
    await page.evaluate("t => localStorage.setItem('todo-token', t)", expired)
    await page.reload()
    await expect(page.get_by_test_id("token-input")).to_be_visible()
    await expect(page.get_by_test_id("signin-message")).to_contain_text("expired")
    await expect(page.get_by_test_id("app")).to_be_hidden()
    assert await page.evaluate("localStorage.getItem('todo-token')") is None


async def test_a_token_that_expires_while_the_app_is_open_leads_to_sign_in(
    open_app: OpenApp, data_dir: Path
) -> None:
    app = await open_app()
    page = app.page
    short = token_expiring(data_dir, app.user, in_seconds=4 - int(LEEWAY.total_seconds()))
    await page.evaluate("t => localStorage.setItem('todo-token', t)", short)
    await page.reload()
    await wait_ready(page)
    await until_refused(app.base_url, short)
    # The next request gets a 401, unless the app saw it first: its live stream ends with an
    # `expired` event at the token's expiry, which signs out on its own (a race, not a fault).
    try:
        await page.get_by_test_id("nav-today").click(timeout=3000)
    except PlaywrightTimeoutError:
        assert not await page.get_by_test_id("app").is_visible()
    await expect(page.get_by_test_id("signin-message")).to_contain_text("expired")
    await expect(page.get_by_test_id("app")).to_be_hidden()
