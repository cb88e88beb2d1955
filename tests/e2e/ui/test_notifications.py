"""Notifications in a real browser: a reminder seeded through the REST API fires a second
later and reaches the page live; friendly times; each item opens its task; the unread count
on the bell (none at 0) and in the tab title; read state synced live to the user's other open
tabs; browser notifications only after the user allowed them; axe-core on the open panel.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Page, expect

from tests.e2e.ui.conftest import OpenApp, UiApp, wait_ready

pytestmark = pytest.mark.timeout(180)
BERLIN = ZoneInfo("Europe/Berlin")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ARRIVAL = 30_000  # ms: the reminder is due in ~1.5 s; the outbox relay delivers it after that


async def remind(
    app: UiApp, title: str, *, due_in: timedelta = timedelta(hours=3)
) -> dict[str, Any]:
    """A task whose reminder fires in about 1.5 seconds."""
    now = datetime.now(UTC)
    body = {
        "title": title,
        "due": (now + due_in).isoformat(),
        "timezone": "Europe/Berlin",
        "reminders": [{"at": (now + timedelta(seconds=1.5)).isoformat()}],
    }
    response = await app.client.post("/api/tasks", json=body)
    assert response.status_code == 201, response.text
    task: dict[str, Any] = response.json()
    return task


def moment_words(iso: str, now: datetime | None = None) -> str:
    """What the UI should say for `iso` in Berlin: "Today 17:00", "Tomorrow 01:30"."""
    moment = datetime.fromisoformat(iso).astimezone(BERLIN)
    today = (now or datetime.now(UTC)).astimezone(BERLIN).date()
    words = {today: "Today", today + timedelta(days=1): "Tomorrow"}
    day = words.get(moment.date(), moment.strftime("%a %-d %b"))
    return f"{day} {moment:%H:%M}"


async def open_panel(page: Page) -> None:
    await page.get_by_test_id("bell").click()
    await expect(page.get_by_role("dialog", name="Notifications")).to_be_visible()


async def test_a_reminder_arrives_live_with_friendly_times_and_opens_its_task(
    open_app: OpenApp,
) -> None:
    app = await open_app()
    page = app.page
    await expect(page.get_by_test_id("unread")).to_be_hidden()
    assert not (await page.title()).startswith("(")
    await page.evaluate(
        """async () => {
          const { session } = await import('/static/js/session.js');
          window.__opened = [];
          session.bus.addEventListener('open-task', (e) => window.__opened.push(e.detail.id));
        }"""
    )

    task = await remind(app, "Pay rent")
    badge = page.get_by_test_id("unread")
    await expect(badge).to_have_text("1", timeout=ARRIVAL)
    await expect(page).to_have_title(re.compile(r"^\(1\) "))
    await expect(page.get_by_test_id("bell")).to_have_accessible_name("Notifications, 1 unread")

    await open_panel(page)
    item = page.get_by_test_id("notification").filter(has_text="Pay rent")
    await expect(item).to_have_attribute("data-read", "0")
    await expect(item).to_contain_text(f"Due {moment_words(task['due'])}")
    await expect(item).to_contain_text("Reminded Today")
    assert not ISO.search(await item.inner_text())
    await expect(item.get_by_role("link")).to_have_attribute("href", f"/?task={task['id']}")

    await item.get_by_role("link").click()
    await expect(page.get_by_role("dialog", name="Notifications")).to_be_hidden()
    assert await page.evaluate("window.__opened") == [task["id"]]
    await expect(page.get_by_test_id("editor")).to_be_visible()
    await expect(page.get_by_test_id("editor-title")).to_have_value("Pay rent")
    await expect(page).to_have_url(f"{app.base_url}/?task={task['id']}")
    await expect(badge).to_be_hidden()
    await expect(page).not_to_have_title(re.compile(r"^\("))
    answer = (await app.client.get("/api/notifications")).json()
    assert answer["unread"] == 0


async def emit_open_task(page: Page, task_id: str) -> None:
    """What a notification (in the panel or the browser's) does when it is clicked."""
    await page.evaluate(
        """async (id) => {
          const { emit } = await import('/static/js/session.js');
          emit('open-task', { id });
        }""",
        task_id,
    )


async def test_a_task_link_opens_the_editor_and_reload_and_share_keep_it(
    open_app: OpenApp,
) -> None:
    app = await open_app()
    page = app.page
    made = await app.client.post("/api/tasks", json={"title": "Return the library books"})
    done = await app.client.post("/api/tasks", json={"title": "Sharpen the knives"})
    done_id = done.json()["id"]
    await app.client.post(f"/api/tasks/{done_id}/complete")
    await app.goto("/today")
    editor = page.get_by_test_id("editor")

    # A completed task is not in Today's list: the app fetches it by id.
    await emit_open_task(page, done_id)
    await expect(editor).to_be_visible()
    await expect(page.get_by_test_id("editor-title")).to_have_value("Sharpen the knives")
    await expect(page).to_have_url(f"{app.base_url}/today?task={done_id}")
    await page.reload()
    await wait_ready(page)
    await expect(page.get_by_test_id("editor-title")).to_have_value("Sharpen the knives")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    await page.get_by_test_id("editor-close").click()
    await expect(editor).to_be_hidden()
    await expect(page).to_have_url(f"{app.base_url}/today")

    # Back closes the editor (a phone's back button too), Forward opens it again.
    await page.get_by_test_id("nav-inbox").click()
    await page.get_by_test_id("task-title").filter(has_text="Return the library books").click()
    await expect(page).to_have_url(f"{app.base_url}/?task={made.json()['id']}")
    await page.go_back()
    await expect(editor).to_be_hidden()
    await expect(page).to_have_url(f"{app.base_url}/")
    await page.go_forward()
    await expect(page.get_by_test_id("editor-title")).to_have_value("Return the library books")
    await page.keyboard.press("Escape")
    await expect(editor).to_be_hidden()
    await expect(page).to_have_url(f"{app.base_url}/")

    # A shared link opens the task in another tab; switching views closes it.
    shared = await app.context.new_page()
    await shared.goto(f"{app.base_url}/?task={made.json()['id']}")
    await wait_ready(shared)
    await expect(shared.get_by_test_id("editor-title")).to_have_value("Return the library books")
    await shared.get_by_test_id("editor-close").click()
    await expect(shared).to_have_url(f"{app.base_url}/")
    await shared.get_by_test_id("task-title").filter(has_text="Return the library books").click()
    await shared.get_by_test_id("nav-upcoming").click()
    await expect(shared.get_by_test_id("editor")).to_be_hidden()
    await expect(shared).to_have_url(f"{app.base_url}/upcoming")

    # A deleted task says so and the link is dropped.
    await app.client.delete(f"/api/tasks/{made.json()['id']}")
    await page.goto(f"{app.base_url}/?task={made.json()['id']}")
    await wait_ready(page)
    await expect(page.get_by_test_id("toast")).to_contain_text("no longer exists")
    await expect(page).to_have_url(f"{app.base_url}/")
    await expect(editor).to_be_hidden()
    assert not app.errors, app.errors


async def test_read_state_reaches_the_other_open_tabs_live(open_app: OpenApp) -> None:
    first = await open_app()
    second = await open_app(user=first.user, device="phone")
    await remind(first, "Water the plants")
    await remind(first, "Call the bank")
    for app in (first, second):
        await expect(app.page.get_by_test_id("unread")).to_have_text("2", timeout=ARRIVAL)
        await expect(app.page).to_have_title(re.compile(r"^\(2\) "))

    await open_panel(first.page)
    await open_panel(second.page)
    plants = first.page.get_by_test_id("notification").filter(has_text="Water the plants")
    await plants.get_by_test_id("mark-read").click()
    await expect(plants).to_have_attribute("data-read", "1")
    other = second.page.get_by_test_id("notification")
    await expect(second.page.get_by_test_id("unread")).to_have_text("1")
    await expect(second.page).to_have_title(re.compile(r"^\(1\) "))
    await expect(other.filter(has_text="Water the plants")).to_have_attribute("data-read", "1")
    await expect(other.filter(has_text="Call the bank")).to_have_attribute("data-read", "0")

    await first.page.get_by_test_id("read-all").click()
    await expect(second.page.get_by_test_id("unread")).to_be_hidden()
    await expect(second.page).not_to_have_title(re.compile(r"^\("))
    await expect(other.filter(has_text="Call the bank")).to_have_attribute("data-read", "1")
    await expect(first.page.get_by_test_id("unread")).to_be_hidden()


NOTIFICATION_STUB = """
window.__asked = 0;
window.__shown = [];
window.Notification = class {
  constructor(title, options = {}) { window.__shown.push({ title, body: options.body || '' }); }
  addEventListener() {}
  close() {}
  static get permission() { return window.__permission || 'default'; }
  static requestPermission() {
    window.__asked += 1;
    window.__permission = 'granted';
    return Promise.resolve('granted');
  }
};
document.hasFocus = () => false;  // the user is in another window
"""


async def test_browser_notifications_only_after_the_user_allows_them(open_app: OpenApp) -> None:
    app = await open_app()
    page = app.page
    # The browser's Notification API is replaced by a recorder: we test what the page asks of it.
    await app.context.add_init_script(NOTIFICATION_STUB)
    await app.goto("/")
    await page.wait_for_timeout(500)
    assert await page.evaluate("window.__asked") == 0, "permission is never asked on load"

    await open_panel(page)
    await page.get_by_test_id("notify-permission").click()
    await expect(page.get_by_text("Browser notifications are on")).to_be_visible()
    assert await page.evaluate("window.__asked") == 1

    task = await remind(app, "Take the bread out")
    await expect(page.get_by_test_id("notification")).to_have_count(1, timeout=ARRIVAL)
    shown = await page.evaluate("window.__shown")
    assert shown == [{"title": "Take the bread out", "body": f"Due {moment_words(task['due'])}"}]


@pytest.mark.parametrize(
    ("device", "scheme"),
    [("desktop", "light"), ("desktop", "dark"), ("phone", "light"), ("phone", "dark")],
)
async def test_the_open_panel_is_accessible_and_placed_for_the_screen(
    open_app: OpenApp,
    axe_check: Callable[[Page, str], Awaitable[None]],
    shoot: Any,
    device: str,
    scheme: str,
) -> None:
    app = await open_app(device=device, scheme=scheme)
    page = app.page
    await remind(app, "Renew the car insurance", due_in=timedelta(days=2))
    await remind(app, "Book the dentist")
    await expect(page.get_by_test_id("unread")).to_have_text("2", timeout=ARRIVAL)
    await page.get_by_test_id("notification-list").locator("li").first.wait_for(state="attached")
    await open_panel(page)
    await expect(page.get_by_test_id("notification")).to_have_count(2)
    read_all = page.get_by_test_id("read-all")
    await expect(read_all).to_be_visible()
    # "Mark all read" is a button of its own, not inside the heading.
    assert await page.get_by_role("heading", name="Notifications").locator("button").count() == 0

    panel = await page.locator("#notifications-panel").bounding_box()
    viewport = page.viewport_size
    assert panel and viewport
    if device == "phone":  # the whole screen
        assert panel["x"] == 0 and panel["y"] == 0
        assert panel["width"] == viewport["width"] and panel["height"] == viewport["height"]
    else:  # under the bell, inside the window
        bell = await page.get_by_test_id("bell").bounding_box()
        assert bell
        assert bell["y"] + bell["height"] <= panel["y"] <= bell["y"] + bell["height"] + 16
        assert panel["x"] + panel["width"] <= viewport["width"]
        assert abs((panel["x"] + panel["width"]) - (bell["x"] + bell["width"])) <= 16
    await axe_check(page, f"notifications panel, {device} {scheme}")
    await shoot(page, f"notifications-{device}-{scheme}")

    await page.keyboard.press("Escape")
    await expect(page.get_by_role("dialog", name="Notifications")).to_be_hidden()
    await expect(page.get_by_test_id("bell")).to_be_focused()
