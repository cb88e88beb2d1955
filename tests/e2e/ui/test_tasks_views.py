"""Views with their own URLs (Inbox, Today, Upcoming, Completed, tags, search), counts in the
navigation, dates in words in the user's zone, the time-zone offer, and live updates."""

from __future__ import annotations

import re

from playwright.async_api import Locator, Page, expect

from tests.e2e.ui.conftest import OpenApp, UiApp, wait_ready
from tests.e2e.ui.tasks_seed import seed


def titles_of(page: Page) -> Locator:
    return page.get_by_test_id("task-title")


async def test_each_view_shows_its_tasks_and_the_navigation_counts_them(open_app: OpenApp) -> None:
    app = await open_app()
    await seed(app.client)
    page = app.page
    await app.goto("/")
    await expect(page.get_by_test_id("nav-inbox").get_by_test_id("count")).to_have_text("9")
    await expect(page.get_by_test_id("nav-today").get_by_test_id("count")).to_have_text("3")
    await expect(page.get_by_test_id("nav-tag-family").get_by_test_id("count")).to_have_text("2")
    await expect(page.get_by_test_id("nav-tag-work").get_by_test_id("count")).to_have_text("2")
    await expect(page.get_by_test_id("task")).to_have_count(9)

    await page.get_by_test_id("nav-today").click()
    await expect(page).to_have_url(re.compile(r"/today$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    await expect(titles_of(page)).to_have_text(
        ["Submit the expense report", "Pay rent", "Buy oat milk"]
    )
    headers = page.get_by_test_id("day-header")
    await expect(headers.first).to_have_text("Overdue")
    overdue = page.get_by_test_id("task").filter(has_text="expense report")
    await expect(overdue.get_by_test_id("task-due")).to_have_class(re.compile(r"\boverdue\b"))
    await expect(overdue.get_by_test_id("task-due")).to_contain_text("Yesterday 17:00")

    await page.get_by_test_id("nav-upcoming").click()
    await expect(page).to_have_url(re.compile(r"/upcoming$"))
    await expect(headers.first).to_contain_text("Today")
    await expect(headers.nth(1)).to_contain_text("Tomorrow")
    assert await headers.count() == 4  # today, tomorrow, in 3 days, in 9 days
    position = await headers.first.evaluate("h => getComputedStyle(h).position")
    assert position == "sticky"
    await expect(page.get_by_test_id("task").filter(has_text="Renew passport")).to_have_count(0)
    standup = page.get_by_test_id("task").filter(has_text="Team standup")
    await expect(standup).to_contain_text("Tomorrow 09:30")
    await expect(standup).to_contain_text("every weekday")

    await page.get_by_test_id("nav-completed").click()
    await expect(titles_of(page)).to_have_text(["Book the flights"])
    await expect(page.get_by_test_id("complete")).to_be_checked()

    await page.get_by_test_id("nav-tag-family").click()
    await expect(page).to_have_url(re.compile(r"/tag/family$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("#family")
    await expect(titles_of(page)).to_have_text(["Call mom", "Plan the summer vacation"])


async def test_the_counts_come_in_one_request_and_follow_live_changes(open_app: OpenApp) -> None:
    app = await open_app()
    await seed(app.client)
    page = app.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    await app.goto("/")
    nav = page.locator("#nav")
    today = page.get_by_test_id("nav-today")
    await expect(today.get_by_test_id("count")).to_have_text("3")
    # The expense report is overdue: Today's count says so, in red and in words.
    await expect(today.get_by_test_id("count")).to_have_class(re.compile(r"\bcount-overdue\b"))
    await expect(today).to_have_accessible_name(re.compile(r"^Today 3\s*, \d overdue"))
    # Overdue means due before now: earlier today counts too, as its red time in the list.
    late = int((await today.get_by_test_id("count").get_attribute("title") or "").split()[0])
    await expect(page.get_by_test_id("nav-upcoming").get_by_test_id("count")).to_have_text("6")
    await expect(page.get_by_test_id("nav-tag-health").get_by_test_id("count")).to_have_text("1")
    counts = [url for url in asked if "/api/tasks/counts" in url]
    assert len(counts) == 1, counts
    assert "timezone=Europe%2FBerlin" in counts[0]
    # Only the view's own page of tasks is read, not every open task.
    assert [url for url in asked if "/api/tasks?" in url and "limit=200" in url] == []

    # A task added elsewhere (another client) arrives live: a new tag appears with its count.
    await app.client.post("/api/tasks", json={"title": "Fix the bike", "tags": ["garage"]})
    await expect(nav.get_by_test_id("nav-tag-garage").get_by_test_id("count")).to_have_text("1")
    await expect(page.get_by_test_id("nav-inbox").get_by_test_id("count")).to_have_text("10")
    expense = page.get_by_test_id("task").filter(has_text="expense report")
    await expense.get_by_test_id("complete").check()
    await expect(today.get_by_test_id("count")).to_have_text("2")
    if late == 1:
        await expect(today.get_by_test_id("count")).not_to_have_class(re.compile(r"overdue"))
    else:
        await expect(today.get_by_test_id("count")).to_have_attribute(
            "title", f"{late - 1} overdue"
        )
    await expect(page.get_by_test_id("nav-tag-work").get_by_test_id("count")).to_have_text("1")


async def test_reload_share_back_and_forward_keep_the_view(open_app: OpenApp) -> None:
    app = await open_app()
    await seed(app.client)
    page = app.page
    await app.goto("/today")
    await page.get_by_test_id("nav-upcoming").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming")
    await page.go_back()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    await expect(page).to_have_url(re.compile(r"/today$"))
    await page.go_forward()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming")
    await page.reload()
    await wait_ready(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming")

    await page.get_by_test_id("search").fill("passport")
    await expect(page).to_have_url(re.compile(r"/upcoming\?q=passport$"))
    await expect(page.get_by_test_id("task")).to_have_count(0)  # not due in 14 days
    await page.get_by_test_id("nav-inbox").click()
    await page.get_by_test_id("search").fill("passport")
    await expect(page).to_have_url(re.compile(r"/\?q=passport$"))
    await expect(titles_of(page)).to_have_text(["Renew passport"])
    shared = page.url

    # The same link in another tab of the same user opens the same search.
    other = await app.context.new_page()
    await other.goto(shared)
    await wait_ready(other)
    await expect(other.get_by_test_id("search")).to_have_value("passport")
    await expect(other.get_by_test_id("task-title")).to_have_text(["Renew passport"])


async def test_priority_sort_puts_urgent_first_and_the_order_button_reverses(
    open_app: OpenApp,
) -> None:
    app = await open_app()
    await seed(app.client)
    page = app.page
    await page.get_by_test_id("sort").select_option("priority")
    await expect(page).to_have_url(re.compile(r"sort=priority"))
    await expect(titles_of(page).first).to_have_text("Pay rent")
    await page.get_by_test_id("order").click()
    await expect(page).to_have_url(re.compile(r"order="))
    await expect(titles_of(page).first).not_to_have_text("Pay rent")
    last = page.get_by_test_id("task").last
    await expect(last).to_contain_text("Urgent")


async def test_first_sign_in_saves_the_browser_zone(open_app: OpenApp) -> None:
    app = await open_app(timezone_id="America/New_York")
    for _ in range(50):
        if await _zone(app) == "America/New_York":
            break
        await app.page.wait_for_timeout(200)
    assert await _zone(app) == "America/New_York"
    await expect(app.page.get_by_test_id("tz-offer")).to_have_count(0)


async def _zone(app: UiApp) -> str:
    zone: str = (await app.client.get("/api/settings")).json()["timezone"]
    return zone


async def test_a_browser_in_another_zone_is_offered_a_switch(open_app: OpenApp) -> None:
    app = await open_app(signed_in=False, timezone_id="Asia/Tokyo")
    await app.client.patch("/api/settings", json={"timezone": "Europe/Berlin"})
    await app.client.post(
        "/api/tasks",
        json={"title": "Call Tokyo", "due": "2030-06-03T09:00:00+02:00"},
    )
    await app.goto(f"/#token={app.token}")
    page = app.page
    offer = page.get_by_test_id("tz-offer")
    await expect(offer).to_contain_text("Europe/Berlin")
    await expect(offer).to_contain_text("Asia/Tokyo")
    await expect(page.get_by_test_id("task")).to_contain_text("09:00")
    await offer.get_by_role("button", name="Switch to Asia/Tokyo").click()
    await expect(offer).to_have_count(0)
    assert await _zone(app) == "Asia/Tokyo"
    await expect(page.get_by_test_id("task")).to_contain_text("16:00")  # the list follows


async def test_a_change_from_another_tab_arrives_live_and_keeps_the_selection(
    open_app: OpenApp,
) -> None:
    app = await open_app()
    await seed(app.client)
    first = app.page
    await app.goto("/")
    await first.get_by_test_id("task-title").filter(has_text="Team standup").click()
    await expect(first.get_by_test_id("editor")).to_be_visible()
    await first.keyboard.press("Escape")
    await expect(first.get_by_test_id("editor")).to_be_hidden()
    await first.keyboard.press("j")
    selected = first.locator("[data-testid=task].selected")
    await expect(selected).to_contain_text("Call mom")

    second = await app.new_page()
    other = second.get_by_test_id("task").filter(has_text="oat milk")
    await other.get_by_test_id("complete").check()

    # The first page was not touched: the push function's update reaches it over SSE.
    await expect(first.get_by_test_id("task").filter(has_text="oat milk")).to_have_count(0)
    await expect(selected).to_contain_text("Call mom")
    await expect(first.get_by_test_id("nav-inbox").get_by_test_id("count")).to_have_text("8")
    await first.get_by_test_id("nav-completed").click()
    await expect(first.get_by_test_id("task").filter(has_text="oat milk")).to_have_count(1)
