"""The editor: every field of a task, delete and complete with undo, skip and delete a series."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.async_api import Page, expect

from tests.e2e.ui.conftest import OpenApp, UiApp
from tests.e2e.ui.tasks_seed import at, seed

BERLIN = ZoneInfo("Europe/Berlin")


async def task_named(app: UiApp, title: str, status: str = "all") -> dict[str, Any]:
    items = (await app.client.get("/api/tasks", params={"status": status, "q": title})).json()
    return next(task for task in items["items"] if task["title"] == title)


async def open_editor(page: Page, title: str) -> None:
    await page.get_by_test_id("task-title").filter(has_text=title).click()
    await expect(page.get_by_test_id("editor")).to_be_visible()
    await expect(page.get_by_test_id("editor-title")).to_have_value(title)


async def test_every_field_can_be_changed_and_saved(open_app: OpenApp) -> None:
    app = await open_app()
    await app.client.post("/api/tasks", json={"title": "Water plants"})
    page = app.page
    await app.goto("/")
    await open_editor(page, "Water plants")
    await page.get_by_test_id("editor-title").fill("Water the balcony plants")
    await page.get_by_test_id("editor-description").fill("Use the rain barrel first.")
    next_week = (datetime.now(BERLIN).date() + timedelta(days=7)).isoformat()
    await page.get_by_test_id("editor-due").fill(next_week)
    await page.get_by_test_id("editor-due-time").fill("07:30")
    await page.get_by_test_id("editor-priority").select_option("high")
    await page.get_by_test_id("editor-tags").fill("#garden, home")
    await page.get_by_test_id("editor-recurrence").select_option("weekly")
    await page.get_by_test_id("editor-anchor").select_option("completion")
    await page.get_by_test_id("editor-reminder-add").select_option("PT10M")
    await page.get_by_test_id("editor-reminder-add").select_option("P1D")
    await page.get_by_test_id("editor-reminder-add").select_option("custom")
    await page.get_by_test_id("editor-reminder-amount").fill("2")
    await page.get_by_test_id("editor-reminder-unit").select_option("H")
    await page.get_by_test_id("editor-reminder-custom-add").click()
    reminders = page.get_by_test_id("editor-reminders")
    await expect(reminders.get_by_test_id("editor-reminder")).to_have_text(
        ["10 min before", "1 day before", "2 hours before"]
    )
    await reminders.get_by_role("button", name="Remove the reminder 1 day before").click()
    await page.get_by_test_id("editor-save").click()
    await expect(page.get_by_test_id("editor")).to_be_hidden()
    await expect(page.get_by_test_id("toast").last).to_contain_text("Saved")

    task = await task_named(app, "Water the balcony plants")
    assert task["description"] == "Use the rain barrel first."
    due = datetime.fromisoformat(task["due"]).astimezone(BERLIN)
    assert (due.date().isoformat(), due.hour, due.minute) == (next_week, 7, 30)
    assert task["priority"] == "high"
    assert task["tags"] == ["garden", "home"]
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][due.weekday()]
    assert task["recurrence"]["rule"] == f"FREQ=WEEKLY;BYDAY={weekday}"
    assert task["recurrence"]["anchor"] == "completion"
    assert [r["before"] for r in task["reminders"]] == ["PT10M", "PT2H"]
    row = page.get_by_test_id("task").filter(has_text="Water the balcony plants")
    await expect(row).to_contain_text("High")
    await expect(row).to_contain_text("07:30")

    # Reopened, the editor shows the saved values in words.
    await open_editor(page, "Water the balcony plants")
    await expect(page.get_by_test_id("editor-recurrence")).to_have_value("weekly")
    await expect(page.get_by_test_id("editor-anchor")).to_have_value("completion")
    await expect(page.get_by_test_id("editor-reminder")).to_have_text(
        ["10 min before", "2 hours before"]
    )
    await page.get_by_test_id("editor-close").click()
    await expect(page.get_by_test_id("editor")).to_be_hidden()


async def test_a_due_date_in_words_and_a_custom_rule(open_app: OpenApp) -> None:
    app = await open_app()
    await app.client.post("/api/tasks", json={"title": "Yoga"})
    page = app.page
    await app.goto("/")
    await open_editor(page, "Yoga")
    words = page.get_by_test_id("editor-due-text")
    preview = page.get_by_test_id("editor-due-preview")
    # Only a date: other words are refused, with the server's reason under the field.
    await words.fill("call mom friday")
    await expect(preview).to_contain_text('"call mom" is not part of a date')
    await expect(preview).to_have_class(re.compile(r"\bhint-error\b"))
    await expect(page.get_by_test_id("editor-due")).to_have_value("")
    await words.fill("tomorrow 6pm")
    tomorrow = (datetime.now(BERLIN).date() + timedelta(days=1)).isoformat()
    await expect(page.get_by_test_id("editor-due")).to_have_value(tomorrow)
    await expect(page.get_by_test_id("editor-due-time")).to_have_value("18:00")
    await expect(preview).to_have_text("Due Tomorrow 18:00")
    await expect(preview).not_to_have_class(re.compile(r"\bhint-error\b"))
    await page.get_by_test_id("editor-recurrence").select_option("custom")
    await page.get_by_test_id("editor-recurrence-custom").fill("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
    await page.get_by_test_id("editor-save").click()
    await expect(page.get_by_test_id("editor")).to_be_hidden()
    task = await task_named(app, "Yoga")
    assert task["recurrence"]["rule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    due = datetime.fromisoformat(task["due"]).astimezone(BERLIN)
    assert (due.date().isoformat(), due.hour) == (tomorrow, 18)

    # A rule the server refuses is explained in the editor, which stays open.
    await open_editor(page, "Yoga")
    await page.get_by_test_id("editor-recurrence").select_option("custom")
    await page.get_by_test_id("editor-recurrence-custom").fill("FREQ=SOMETIMES")
    await page.get_by_test_id("editor-save").click()
    await expect(page.get_by_test_id("editor").get_by_test_id("error")).to_be_visible()
    await expect(page.get_by_test_id("editor")).to_be_visible()


async def test_delete_then_undo_brings_the_task_back_with_its_fields(open_app: OpenApp) -> None:
    app = await open_app()
    await seed(app.client, completed=0)
    page = app.page
    await app.goto("/")
    before = await task_named(app, "Call mom")
    await open_editor(page, "Call mom")
    await page.get_by_test_id("delete").click()
    await expect(page.get_by_test_id("task").filter(has_text="Call mom")).to_have_count(0)
    toast = page.get_by_test_id("toast").filter(has_text="Deleted")
    await toast.get_by_test_id("undo").click()
    await expect(page.get_by_test_id("task").filter(has_text="Call mom")).to_have_count(1)
    after = await task_named(app, "Call mom")
    for key in ("title", "description", "priority", "tags", "due", "timezone", "reminders"):
        assert _plain(after[key]) == _plain(before[key]), key


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if k != "text"} if isinstance(item, dict) else item
                for item in value]  # fmt: skip
    return value


async def test_complete_and_reopen_each_with_undo(open_app: OpenApp) -> None:
    app = await open_app()
    await app.client.post("/api/tasks", json={"title": "Fix the bike"})
    page = app.page
    await app.goto("/")
    row = page.get_by_test_id("task").filter(has_text="Fix the bike")
    await page.get_by_role("checkbox", name="Complete Fix the bike").check()
    await expect(row).to_have_count(0)
    await page.get_by_test_id("toast").filter(has_text="Completed").get_by_test_id("undo").click()
    await expect(row).to_have_count(1)
    assert (await task_named(app, "Fix the bike"))["completed"] is False

    await page.get_by_role("checkbox", name="Complete Fix the bike").check()
    await expect(row).to_have_count(0)
    await page.get_by_test_id("nav-completed").click()
    await expect(row).to_have_count(1)
    await page.get_by_role("checkbox", name="Complete Fix the bike").uncheck()
    await expect(row).to_have_count(0)
    assert (await task_named(app, "Fix the bike"))["completed"] is False
    await page.get_by_test_id("toast").filter(has_text="Reopened").get_by_test_id("undo").click()
    await expect(row).to_have_count(1)
    assert (await task_named(app, "Fix the bike"))["completed"] is True


async def test_undo_after_completing_a_recurring_task_leaves_one_task(open_app: OpenApp) -> None:
    app = await open_app()
    await app.client.post(
        "/api/tasks",
        json={"title": "Stretch", "due": at(0, 7), "timezone": "Europe/Berlin",
              "recurrence": {"rule": "FREQ=DAILY", "anchor": "due"}},
    )  # fmt: skip
    page = app.page
    await app.goto("/")
    row = page.get_by_test_id("task").filter(has_text="Stretch")
    await expect(row).to_contain_text("Today 07:00")
    await page.get_by_role("checkbox", name="Complete Stretch").check()
    await expect(row).to_contain_text("Tomorrow 07:00")  # the next occurrence
    await page.get_by_test_id("toast").filter(has_text="Completed").get_by_test_id("undo").click()
    await expect(row).to_contain_text("Today 07:00")
    await expect(row).to_have_count(1)
    await expect(page.get_by_test_id("nav-inbox").get_by_test_id("count")).to_have_text("1")
    every = (await app.client.get("/api/tasks", params={"status": "all"})).json()["items"]
    assert [(t["title"], t["completed"]) for t in every] == [("Stretch", False)]


async def test_skip_one_occurrence_then_delete_the_whole_series(open_app: OpenApp) -> None:
    app = await open_app()
    await app.client.post(
        "/api/tasks",
        json={"title": "Water the fern", "due": at(0, 8), "timezone": "Europe/Berlin",
              "recurrence": {"rule": "FREQ=DAILY", "anchor": "due"}},
    )  # fmt: skip
    page = app.page
    await app.goto("/")
    row = page.get_by_test_id("task").filter(has_text="Water the fern")
    await expect(row).to_contain_text("Today 08:00")
    await open_editor(page, "Water the fern")
    await page.get_by_test_id("skip").click()
    await expect(row).to_contain_text("Tomorrow 08:00", timeout=15_000)
    await expect(row).to_have_count(1)

    await open_editor(page, "Water the fern")
    await page.get_by_test_id("delete-series").click()
    await page.get_by_test_id("confirm-no").click()  # changing one's mind keeps everything
    await expect(row).to_have_count(1)
    await page.get_by_test_id("delete-series").click()
    await page.get_by_test_id("confirm-yes").click()
    await expect(row).to_have_count(0)
    left = (await app.client.get("/api/tasks", params={"status": "all"})).json()["items"]
    assert [t for t in left if t["title"] == "Water the fern"] == []
