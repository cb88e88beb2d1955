"""Quick add above the list: chips show what the parser read while the user types; Enter adds
the task with those fields; plain text becomes a plain task."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.async_api import expect

from tests.e2e.ui.conftest import OpenApp


async def test_chips_show_what_will_be_saved_and_enter_adds_it(
    open_app: OpenApp, shoot: Callable[..., Awaitable[Path]]
) -> None:
    app = await open_app()
    page = app.page
    box = page.get_by_test_id("quick-add")
    await box.fill("pay rent every month on the 1st at 9am p1 #home remind me 1 hour before")
    chips = page.get_by_test_id("chip")
    await expect(chips.and_(page.locator("[data-kind=recurrence]"))).to_have_text(
        "every month on the 1st at 9:00"
    )
    await expect(chips.and_(page.locator("[data-kind=priority]"))).to_have_text("Urgent")
    await expect(chips.and_(page.locator("[data-kind=tag]"))).to_have_text("#home")
    await expect(chips.and_(page.locator("[data-kind=reminder]"))).to_have_text("1 hour before")
    await expect(chips.and_(page.locator("[data-kind=time]"))).to_contain_text("09:00")
    await shoot(page, "quick-add-desktop-light")

    await box.press("Enter")
    row = page.get_by_test_id("task").filter(has_text="Pay rent")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("every month on the 1st at 9:00")
    await expect(row).to_contain_text("#home")
    await expect(row).to_contain_text("Urgent")
    await expect(box).to_have_value("")
    await expect(chips).to_have_count(0)

    [task] = (await app.client.get("/api/tasks")).json()["items"]
    assert task["title"] == "Pay rent"
    assert task["priority"] == "urgent"
    assert task["tags"] == ["home"]
    assert task["recurrence"]["rule"] == "FREQ=MONTHLY;BYMONTHDAY=1"
    assert task["reminders"][0]["before"] == "PT1H"
    due = datetime.fromisoformat(task["due"]).astimezone(ZoneInfo("Europe/Berlin"))
    assert (due.day, due.hour, due.minute) == (1, 9, 0)


async def test_a_date_in_words_is_saved_in_the_browser_zone(open_app: OpenApp) -> None:
    app = await open_app(timezone_id="Europe/Berlin")
    page = app.page
    await page.get_by_test_id("quick-add").fill("call mom tomorrow 5pm #family")
    await expect(page.locator("[data-testid=chip][data-kind=date]")).to_have_text("Tomorrow 17:00")
    await page.get_by_test_id("quick-add").press("Enter")
    row = page.get_by_test_id("task").filter(has_text="Call mom")
    await expect(row).to_contain_text("Tomorrow 17:00")
    [task] = (await app.client.get("/api/tasks")).json()["items"]
    due = datetime.fromisoformat(task["due"]).astimezone(ZoneInfo("Europe/Berlin"))
    tomorrow = datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=1)
    assert (due.date(), due.hour) == (tomorrow, 17)


async def test_plain_text_becomes_a_task_without_chips(open_app: OpenApp) -> None:
    app = await open_app()
    page = app.page
    async with page.expect_response("**/api/tasks/parse") as parsed:
        await page.get_by_test_id("quick-add").fill("buy apples")
    assert (await (await parsed.value).json())["chips"] == []  # no chips for plain words
    await expect(page.get_by_test_id("chip")).to_have_count(0)
    await page.get_by_test_id("quick-add").press("Enter")
    await expect(page.get_by_test_id("task-title")).to_have_text(["Buy apples"])
    [task] = (await app.client.get("/api/tasks")).json()["items"]
    assert (task["due"], task["tags"], task["priority"]) == (None, [], "none")


async def test_adding_in_a_view_gives_the_task_that_view(open_app: OpenApp) -> None:
    app = await open_app(path="/today")
    page = app.page
    await page.get_by_test_id("quick-add").fill("water the plants")
    await expect(page.locator("[data-testid=chip][data-kind=date]")).to_have_text("Today")
    await page.get_by_test_id("quick-add").press("Enter")
    await expect(page.get_by_test_id("task").filter(has_text="Water the plants")).to_contain_text(
        "Today"
    )
    await app.goto("/tag/garden")
    await page.get_by_test_id("quick-add").fill("buy seeds")
    await expect(page.locator("[data-testid=chip][data-kind=tag]")).to_have_text("#garden")
    await page.get_by_test_id("quick-add").press("Enter")
    await expect(page.get_by_test_id("task").filter(has_text="Buy seeds")).to_contain_text(
        "#garden"
    )
    await expect(page.get_by_test_id("nav-tag-garden").get_by_test_id("count")).to_have_text("1")
