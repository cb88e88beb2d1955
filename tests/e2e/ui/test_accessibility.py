"""Accessibility beyond axe-core: the keyboard focus is visible on every kind of control, and a
new chat reply is announced through a live region."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.e2e.ui.conftest import OpenApp

FOCUS_STYLE = """(el) => {
  const s = getComputedStyle(el);
  return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
             ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none',
           shadow: s.boxShadow };
}"""

# In the order Tab reaches them: the top bar, the navigation, the list.
TARGETS = {
    "a button": "el => el.matches('button') && el.closest('.topbar') !== null",
    "a nav link": "el => el.matches('#nav a[data-view]')",
    "a task checkbox": "el => el.matches('[data-testid=complete]')",
}


async def tab_to(page: Page, predicate: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `predicate` (a JS function of it)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"({predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_keyboard_focus_is_always_visible(open_app: OpenApp, scheme: str) -> None:
    app = await open_app(scheme=scheme)
    await app.client.post("/api/tasks", json={"title": "Water the plants", "tags": ["home"]})
    page = app.page
    await app.goto("/")
    await expect(page.get_by_test_id("task")).to_have_count(1)
    for name, predicate in TARGETS.items():
        await tab_to(page, predicate)
        looks: dict[str, Any] = await page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
        # The same element without focus: the ring must be what the focus added.
        plain: dict[str, Any] = await page.evaluate(
            f"""() => {{
              const el = document.activeElement;
              el.blur();
              const style = ({FOCUS_STYLE})(el);
              el.focus({{ focusVisible: true }});
              return style;
            }}"""
        )
        assert looks["outline"] != "none" or looks["shadow"] != "none", f"{name}: {looks}"
        assert looks != plain, f"{name}: focus changes nothing ({looks})"


async def test_a_new_chat_reply_is_announced(open_app: OpenApp) -> None:
    app = await open_app()
    page = app.page
    announcer = page.get_by_test_id("chat-announcer")
    await expect(announcer).to_have_attribute("aria-live", "polite")
    box = page.get_by_test_id("chat-input")
    await box.fill("add water the plants")
    await box.press("Enter")
    reply = page.get_by_test_id("msg-assistant").last
    await expect(reply).to_contain_text("water the plants", ignore_case=True)
    await expect(announcer).to_contain_text("Assistant:")
    await expect(announcer).to_contain_text("water the plants", ignore_case=True)
