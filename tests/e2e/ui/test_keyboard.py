"""Keyboard: q quick add, / search, j/k and arrows move, e edit, c complete, Esc closes,
? shows the help overlay that lists them; focus stays visible."""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.e2e.ui.conftest import OpenApp
from tests.e2e.ui.tasks_seed import seed


async def test_the_list_can_be_driven_from_the_keyboard(open_app: OpenApp) -> None:
    app = await open_app()
    await seed(app.client, completed=0)
    page = app.page
    await app.goto("/")
    await page.locator("body").click(position={"x": 5, "y": 700})  # nothing focused

    await page.keyboard.press("q")
    await expect(page.get_by_test_id("quick-add")).to_be_focused()
    await page.keyboard.type("q and / typed here stay text")
    await expect(page.get_by_test_id("quick-add")).to_have_value("q and / typed here stay text")
    await page.keyboard.press("Escape")
    await expect(page.get_by_test_id("quick-add")).not_to_be_focused()

    await page.keyboard.press("/")
    await expect(page.get_by_test_id("search")).to_be_focused()
    await page.keyboard.press("Escape")

    selected = page.locator("[data-testid=task].selected")
    await page.keyboard.press("j")
    await expect(selected).to_contain_text("Submit the expense report")
    await expect(selected).to_be_focused()
    outline = await selected.evaluate("li => getComputedStyle(li).outlineStyle")
    assert outline != "none"  # focus is visible
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("j")
    await expect(selected).to_contain_text("Buy oat milk")
    await page.keyboard.press("k")
    await expect(selected).to_contain_text("Pay rent")
    await page.keyboard.press("ArrowUp")
    await expect(selected).to_contain_text("Submit the expense report")

    await page.keyboard.press("e")
    await expect(page.get_by_test_id("editor")).to_be_visible()
    await expect(page.get_by_test_id("editor-title")).to_have_value("Submit the expense report")
    await page.keyboard.press("Escape")
    await expect(page.get_by_test_id("editor")).to_be_hidden()
    await expect(selected).to_be_focused()

    await page.keyboard.press("c")
    await expect(page.get_by_test_id("toast").filter(has_text="Completed")).to_be_visible()
    await expect(page.get_by_test_id("task").filter(has_text="expense report")).to_have_count(0)

    await page.keyboard.press("?")
    help_ = page.get_by_test_id("help")
    await expect(help_).to_be_visible()
    for shortcut in ("Quick add", "Search", "Next task", "Previous task", "Edit", "Complete"):
        await expect(help_).to_contain_text(shortcut)
    await page.keyboard.press("Escape")
    await expect(help_).to_be_hidden()

    await page.keyboard.press("g")
    await page.keyboard.press("t")
    await expect(page).to_have_url(re.compile(r"/today$"))
