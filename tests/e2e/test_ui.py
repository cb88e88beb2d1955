"""The chat UI in a real browser (Debian's Chromium driven by Playwright).

Type a command, see the task appear; complete it from a second page, see the first page
update live.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        await launched.close()


async def signed_in_page(browser: Browser, api_url: str, token: str) -> Page:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    await page.goto(f"{api_url}/#token={token}")
    await expect(page.get_by_test_id("live")).to_have_class("dot on", timeout=15_000)
    return page


async def test_type_a_command_then_see_a_completion_from_another_page_live(
    browser: Browser, api_url: str, issue_token: Callable[[str], str], tmp_path: Path
) -> None:
    token = issue_token("ui-user")
    first = await signed_in_page(browser, api_url, token)
    await expect(first.get_by_test_id("who")).to_have_text("ui-user")

    await first.get_by_test_id("chat-input").fill("add buy oat milk tomorrow 5pm #shopping p2")
    await first.get_by_test_id("chat-input").press("Enter")
    await expect(first.get_by_test_id("msg-assistant").last).to_contain_text(
        "oat milk", timeout=15_000
    )
    task = first.get_by_test_id("task").filter(has_text="oat milk")
    await expect(task).to_have_count(1, timeout=15_000)
    await expect(task).to_contain_text("#shopping")
    await expect(task).to_contain_text("high")

    second = await signed_in_page(browser, api_url, token)
    other = second.get_by_test_id("task").filter(has_text="oat milk")
    await expect(other).to_have_count(1)
    await other.get_by_test_id("complete").check()

    # The first page was not touched: the push function's update reaches it over SSE.
    await expect(task).to_have_count(0, timeout=15_000)
    await first.get_by_test_id("status").select_option("completed")
    await expect(first.get_by_test_id("task").filter(has_text="oat milk")).to_have_count(1)

    shot = Path(os.environ.get("UI_SCREENSHOT", str(tmp_path / "ui.png")))
    shot.parent.mkdir(parents=True, exist_ok=True)
    await first.get_by_test_id("status").select_option("all")
    await first.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")


async def test_without_a_token_the_page_asks_to_sign_in(browser: Browser, api_url: str) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(api_url)
    await expect(page.get_by_test_id("token-input")).to_be_visible()
    await page.get_by_test_id("token-input").fill("not-a-token")
    await page.get_by_test_id("token-input").press("Enter")
    await expect(page.get_by_test_id("token-input")).to_be_visible(timeout=10_000)
    await context.close()
