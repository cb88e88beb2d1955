"""Every view at desktop (1280x800) and phone (390x844) size, light and dark: axe-core finds
no critical or serious violation, nothing scrolls sideways, and screenshots are saved."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.ui.conftest import OpenApp, wait_ready
from tests.e2e.ui.tasks_seed import seed

VIEWS = [
    ("inbox", "/"),
    ("today", "/today"),
    ("upcoming", "/upcoming"),
    ("completed", "/completed"),
    ("tag", "/tag/family"),
    ("search", "/?q=passport"),
]


async def no_sideways_scroll(page: Page) -> None:
    widths = await page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_every_view_is_accessible_and_fits(
    open_app: OpenApp,
    axe_check: Callable[[Page, str], Awaitable[None]],
    shoot: Callable[..., Awaitable[Path]],
    device: str,
    scheme: str,
) -> None:
    app = await open_app(device=device, scheme=scheme)
    await seed(app.client)
    page = app.page
    for name, path in VIEWS:
        await app.goto(path)
        await expect(page.get_by_test_id("task").first).to_be_visible()
        # The nav counts are drawn and the list is not loading.
        await expect(page.get_by_test_id("nav-inbox").get_by_test_id("count")).to_have_text("9")
        await expect(page.get_by_test_id("task-list")).not_to_have_attribute("aria-busy", "true")
        label = f"{name} {device} {scheme}"
        await no_sideways_scroll(page)
        await axe_check(page, label)
        await shoot(page, f"{name}-{device}-{scheme}")

    # The editor (side panel or full screen), the help overlay and the chat tab.
    await app.goto("/today")
    await page.get_by_test_id("task-title").filter(has_text="Pay rent").click()
    await expect(page.get_by_test_id("editor")).to_be_visible()
    await no_sideways_scroll(page)
    await axe_check(page, f"editor {device} {scheme}")
    await shoot(page, f"editor-{device}-{scheme}")
    await page.get_by_test_id("editor-close").click()
    if device == "desktop":
        await page.keyboard.press("?")
        await expect(page.get_by_test_id("help")).to_be_visible()
        await axe_check(page, f"help {device} {scheme}")
        await shoot(page, f"help-{device}-{scheme}")
        await page.keyboard.press("Escape")
    else:
        await page.get_by_test_id("tab-chat").click()
        await expect(page.get_by_test_id("chat-input")).to_be_visible()
        await expect(page.get_by_test_id("task-list")).to_be_hidden()
        await no_sideways_scroll(page)
        await axe_check(page, f"chat {device} {scheme}")
        await shoot(page, f"chat-{device}-{scheme}")
    assert not app.errors, app.errors


async def test_desktop_shows_navigation_list_and_chat_side_by_side(open_app: OpenApp) -> None:
    app = await open_app()
    page = app.page
    nav = await page.locator("#nav").bounding_box()
    main = await page.locator("#main").bounding_box()
    chat = await page.locator("#chat-panel").bounding_box()
    assert nav and main and chat
    assert nav["x"] + nav["width"] <= main["x"] + 1
    assert main["x"] + main["width"] <= chat["x"] + 1
    await expect(page.get_by_test_id("tab-tasks")).to_be_hidden()


async def test_phone_has_a_tab_bar_and_big_tap_targets(open_app: OpenApp) -> None:
    app = await open_app(device="phone")
    await seed(app.client)
    page = app.page
    await app.goto("/")
    await expect(page.get_by_test_id("task").first).to_be_visible()
    await expect(page.get_by_test_id("tab-tasks")).to_be_visible()
    await expect(page.locator("#chat-panel")).to_be_hidden()
    # At least six tasks fit on the first screen.
    visible = await page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=task]')].filter(li => {
            const r = li.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;
        }).length"""
    )
    assert visible >= 6, visible
    small = await page.evaluate(
        """() => [...document.querySelectorAll('button, a, input, select, textarea')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.getBoundingClientRect(), el])
            .filter(([r]) => r.width > 0 && r.bottom > 0 && (r.width < 44 || r.height < 44))
            .map(([r, el]) => `${el.tagName}#${el.id}.${el.className} ${r.width}x${r.height}`)"""
    )
    assert not small, small

    # The navigation is a drawer behind the menu button; picking a view closes it.
    await page.get_by_test_id("menu").click()
    await page.get_by_test_id("nav-upcoming").click()
    await expect(page).to_have_url(f"{app.base_url}/upcoming")
    await expect(page.get_by_test_id("nav-upcoming")).to_be_hidden()
    await page.get_by_test_id("tab-chat").click()
    await expect(page.get_by_test_id("chat-input")).to_be_visible()
    await page.get_by_test_id("tab-tasks").click()
    await expect(page.get_by_test_id("quick-add")).to_be_visible()
    await wait_ready(page)
