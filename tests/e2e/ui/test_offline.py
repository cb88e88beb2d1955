"""Offline and errors: with the server stopped the app says "Offline — reconnecting…", marks
the list as stale, says what failed with a Retry; when the server is back everything clears."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from tests.e2e.ui.conftest import OpenApp


async def test_server_stopped_and_restarted(
    open_app: OpenApp, own_server: Any, shoot: Callable[..., Awaitable[Path]]
) -> None:
    app = await open_app(base_url=own_server.url)
    await app.client.post("/api/tasks", json={"title": "Pack the tent"})
    page = app.page
    await app.goto("/")
    row = page.get_by_test_id("task").filter(has_text="Pack the tent")
    await expect(row).to_have_count(1)
    banner = page.get_by_test_id("offline-banner")
    await expect(banner).to_be_hidden()

    own_server.stop()  # the open live stream is cut a second later (the harness says so)
    await expect(banner).to_be_visible(timeout=15_000)
    await expect(banner).to_have_text("Offline — reconnecting…")
    await expect(page.get_by_test_id("task-list")).to_have_attribute("data-stale", "")

    # An action says what failed and offers a retry; a search shows the error in place.
    await page.get_by_role("checkbox", name="Complete Pack the tent").click()
    error = page.get_by_test_id("error").filter(has_text="Could not complete “Pack the tent”")
    await expect(error).to_be_visible()
    await page.get_by_test_id("search").fill("tent")
    place = page.locator("#list-status").get_by_test_id("error")
    await expect(place).to_contain_text("Could not load")
    await shoot(page, "offline-desktop-light")

    own_server.start()
    await expect(banner).to_be_hidden(timeout=30_000)
    await expect(place).to_have_count(0)
    await expect(page.get_by_test_id("task-list")).not_to_have_attribute("data-stale", "")
    await error.get_by_test_id("retry").click()
    await expect(row).to_have_count(0)
    [task] = (await app.client.get("/api/tasks", params={"status": "completed"})).json()["items"]
    assert task["title"] == "Pack the tent"
