"""The chat in a real browser: Markdown replies made safe, tool calls as readable lines, Stop,
the conversation restored after a reload, Retry when the server cannot be reached, and
sign-out forgetting the conversation.

Replies come from the real gateway and its offline model. Where a test needs a reply the offline
model never writes (hostile Markdown, a stream that stops half-way, a request that never
answers), the browser's request is answered by the test (page.route): the thing under test is
the page, which gets exactly the bytes a server would send.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, cast

import pytest
from playwright.async_api import Page, Route, expect

from tests.e2e.ui.conftest import OpenApp, RestartableServer, UiApp
from tests.support.waits import eventually_async

pytestmark = pytest.mark.timeout(180)
CONVERSATION = "todo-conversation"


async def zone_saved(app: UiApp, zone: str = "Europe/Berlin") -> None:
    """Wait until the app has saved the browser's zone (first sign-in), so "5pm" means 17:00
    there."""

    async def saved() -> bool:
        return cast("bool", (await app.client.get("/api/settings")).json().get("timezone") == zone)

    await eventually_async(saved, 10, f"the app saved the zone {zone}", interval=0.1)


async def say(page: Page, text: str) -> None:
    """Type a message and send it with Enter; wait for the reply to settle."""
    box = page.get_by_test_id("chat-input")
    await box.fill(text)
    await box.press("Enter")
    await expect(page.get_by_test_id("msg-assistant-pending")).to_have_count(0, timeout=15_000)


async def show_chat(app: UiApp) -> None:
    """On a phone the chat is a tab of its own."""
    if app.device == "phone":
        await app.page.get_by_test_id("tab-chat").click()


def sse(*events: tuple[str, dict[str, Any]]) -> str:
    return "".join(f"event: {name}\r\ndata: {json.dumps(data)}\r\n\r\n" for name, data in events)


async def answer_chat_with(page: Page, body: str) -> None:
    async def fulfil(route: Route) -> None:
        await route.fulfill(status=200, headers={"content-type": "text/event-stream"}, body=body)

    await page.route("**/api/chat", fulfil)


async def stored_conversation(page: Page) -> str | None:
    value = await page.evaluate(f"localStorage.getItem('{CONVERSATION}')")
    return value if isinstance(value, str) else None


async def test_tool_calls_read_as_sentences_and_expand_to_their_details(
    open_app: OpenApp, axe_check: Callable[[Page, str], Awaitable[None]], shoot: Any
) -> None:
    app = await open_app()
    page = app.page
    await zone_saved(app)

    await say(page, "add buy oat milk tomorrow 5pm #shopping p2")
    line = page.get_by_test_id("tool-line").first
    await expect(line).to_contain_text("Added 'buy oat milk', Tomorrow 17:00", ignore_case=True)
    await expect(page.get_by_test_id("msg-assistant").last).to_contain_text("oat milk")
    # The raw call and the task JSON are one click away.
    await expect(line.locator(".tool-detail")).to_be_hidden()
    await line.locator("summary").click()
    await expect(line.locator(".tool-detail")).to_be_visible()
    await expect(line.locator(".tool-detail")).to_contain_text('"title"')
    await expect(line.locator(".tool-detail")).to_contain_text('"shopping"')

    # "tomorrow", not "this week": on a Sunday tomorrow is next week.
    await say(page, "what's due tomorrow")
    await expect(page.get_by_test_id("tool-line").last.locator("summary")).to_have_text(
        "Found 1 task"
    )
    # The numbered list of the reply is a real list.
    await expect(page.get_by_test_id("msg-assistant").last.locator("ol > li")).to_have_count(1)

    task = (await app.client.get("/api/tasks")).json()["items"][0]
    await say(page, "complete buy oat milk")
    await expect(page.get_by_test_id("tool-line").last.locator("summary")).to_have_text(
        f"Completed '{task['title']}'"
    )
    # The task list follows from the live update, with nothing special emitted by the chat.
    await expect(page.get_by_test_id("task").filter(has_text="oat milk")).to_have_count(0)

    await axe_check(page, "chat with tool lines, desktop light")
    await shoot(page, "chat-desktop-light")


async def test_a_reply_is_markdown_and_hostile_text_stays_text(
    open_app: OpenApp, axe_check: Callable[[Page, str], Awaitable[None]]
) -> None:
    app = await open_app()
    page = app.page
    reply = (
        "**Done.** Here is `code` and a list:\n\n- one\n- two\n\n"
        '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>\n\n'
        "[safe](https://example.com/a) [bad](javascript:window.__xss=3) "
        "![pixel](https://example.com/p.png) [data](data:text/html,hi)"
    )
    pieces = [reply[i : i + 7] for i in range(0, len(reply), 7)]
    await answer_chat_with(
        page,
        sse(
            ("conversation", {"conversation_id": "c1"}),
            *[("delta", {"text": piece}) for piece in pieces],
            ("done", {"text": reply, "conversation_id": "c1"}),
        ),
    )
    await say(page, "show me markdown")
    bubble = page.get_by_test_id("msg-assistant").last
    await expect(bubble.locator("strong")).to_have_text("Done.")
    await expect(bubble.locator("code")).to_have_text("code")
    await expect(bubble.locator("ul > li")).to_have_count(2)
    # Raw HTML is shown as the text it is, never run.
    await expect(bubble).to_contain_text('<img src=x onerror="window.__xss=1">')
    await expect(bubble).to_contain_text("<script>window.__xss=2</script>")
    assert await bubble.locator("img, script, iframe, [onerror]").count() == 0
    # Only http(s) links keep their target, and open safely in a new tab.
    safe = bubble.get_by_role("link", name="safe")
    await expect(safe).to_have_attribute("href", "https://example.com/a")
    await expect(safe).to_have_attribute("rel", "noopener noreferrer nofollow")
    await expect(safe).to_have_attribute("target", "_blank")
    assert await bubble.locator("a[href^='javascript'], a[href^='data']").count() == 0
    await bubble.get_by_text("bad", exact=True).click()
    await expect(bubble.get_by_role("link", name="pixel")).to_have_attribute(
        "href", "https://example.com/p.png"
    )
    assert await page.evaluate("window.__xss") is None
    assert app.errors == []
    await axe_check(page, "markdown reply")


async def test_a_task_title_with_markup_is_echoed_as_text(open_app: OpenApp) -> None:
    app = await open_app()
    page = app.page
    await say(page, "add <img src=x onerror=window.__xss=1> check the [link](javascript:alert(1))")
    bubble = page.get_by_test_id("msg-assistant").last
    await expect(bubble).to_contain_text("<img src=x onerror=window.__xss=1>")
    assert await page.get_by_test_id("messages").locator("img, a[href^='javascript']").count() == 0
    assert await page.evaluate("window.__xss") is None


async def test_stop_aborts_the_reply_and_unlocks_the_input(
    open_app: OpenApp, axe_check: Callable[[Page, str], Awaitable[None]], shoot: Any
) -> None:
    app = await open_app(device="phone", scheme="dark")
    page = app.page
    await show_chat(app)
    held: list[Route] = []

    async def hold(route: Route) -> None:
        held.append(route)  # never answered: the reply "streams" until Stop

    await page.route("**/api/chat", hold)
    box = page.get_by_test_id("chat-input")
    await box.fill("what's overdue")
    await box.press("Enter")
    await expect(page.get_by_test_id("msg-assistant-pending")).to_have_count(1)
    await expect(box).to_be_disabled()
    stop = page.get_by_role("button", name="Stop")
    await expect(stop).to_be_visible()
    await expect(page.get_by_test_id("send")).to_be_hidden()
    await axe_check(page, "chat while a reply streams, phone dark")
    await shoot(page, "chat-phone-dark-streaming")

    await page.get_by_test_id("stop").click()
    bubble = page.get_by_test_id("msg-assistant").last
    await expect(bubble).to_have_attribute("data-state", "stopped")
    await expect(bubble).to_contain_text("Stopped")
    await expect(page.get_by_test_id("msg-assistant-pending")).to_have_count(0)
    await expect(box).to_be_enabled()
    await expect(page.get_by_test_id("send")).to_be_visible()
    await expect(page.get_by_test_id("stop")).to_be_hidden()
    assert held, "the request reached the network"


async def test_a_reply_cut_off_half_way_says_so_and_retries(
    open_app: OpenApp, axe_check: Callable[[Page, str], Awaitable[None]], shoot: Any
) -> None:
    app = await open_app(device="phone")
    page = app.page
    await show_chat(app)
    await answer_chat_with(
        page, sse(("conversation", {"conversation_id": "cut"}), ("delta", {"text": "Half a "}))
    )
    await say(page, "what's due this week")
    bubble = page.get_by_test_id("msg-assistant").last
    await expect(bubble).to_have_attribute("data-state", "error")
    await expect(bubble).to_contain_text("cut off")
    await expect(bubble.locator(".msg-body")).to_have_text("Half a")
    await axe_check(page, "a failed reply, phone light")
    await shoot(page, "chat-phone-light-error")
    await page.unroute("**/api/chat")
    await bubble.get_by_test_id("retry").click()
    await expect(page.get_by_test_id("msg-assistant").last).to_contain_text("No tasks due")
    await expect(page.get_by_test_id("msg-user")).to_have_count(1)


async def test_the_conversation_is_restored_after_a_reload(
    open_app: OpenApp, axe_check: Callable[[Page, str], Awaitable[None]], shoot: Any
) -> None:
    app = await open_app(scheme="dark")
    page = app.page
    await zone_saved(app)
    await say(page, "add call mom tomorrow 6pm #family")
    await say(page, "what's due tomorrow")  # on a Sunday, "this week" would not hold it
    conversation = await stored_conversation(page)
    assert conversation

    await app.goto("/")
    await expect(page.get_by_test_id("msg-user")).to_have_text(
        ["add call mom tomorrow 6pm #family", "what's due tomorrow"]
    )
    await expect(page.get_by_test_id("tool-line")).to_have_count(2)
    await expect(page.get_by_test_id("tool-line").first).to_contain_text(
        "Added 'call mom', Tomorrow 18:00", ignore_case=True
    )
    await expect(page.get_by_test_id("msg-assistant").last.locator("ol > li")).to_have_count(1)
    await axe_check(page, "restored chat, desktop dark")
    await shoot(page, "chat-desktop-dark")

    # The next message continues the same conversation: "1" picks from the listed tasks.
    await say(page, "complete 1")
    await expect(page.get_by_test_id("tool-line").last.locator("summary")).to_have_text(
        "Completed 'Call mom'", ignore_case=True
    )
    assert await stored_conversation(page) == conversation


async def test_an_unknown_or_foreign_conversation_starts_a_new_one(open_app: OpenApp) -> None:
    owner = await open_app()
    await say(owner.page, "add water the plants")
    theirs = await stored_conversation(owner.page)

    other = await open_app()
    await other.page.evaluate(f"localStorage.setItem('{CONVERSATION}', '{theirs}')")
    await other.goto("/")
    await expect(other.page.get_by_test_id("chat-empty")).to_be_visible()
    await expect(other.page.get_by_test_id("msg-user")).to_have_count(0)
    assert await stored_conversation(other.page) is None
    await say(other.page, "what's due this week")
    mine = await stored_conversation(other.page)
    assert mine and mine != theirs


async def test_retry_when_the_server_cannot_be_reached(
    open_app: OpenApp, own_server: RestartableServer, shoot: Any
) -> None:
    app = await open_app(base_url=own_server.url)
    page = app.page
    own_server.stop()
    await say(page, "add renew passport")
    bubble = page.get_by_test_id("msg-assistant").last
    await expect(bubble).to_have_attribute("data-state", "error")
    await expect(bubble).to_contain_text("Could not reach the server")
    await expect(page.get_by_test_id("chat-input")).to_be_enabled()
    await shoot(page, "chat-server-down")

    own_server.start()
    await bubble.get_by_test_id("retry").click()
    await expect(page.get_by_test_id("msg-assistant-pending")).to_have_count(0, timeout=15_000)
    await expect(page.get_by_test_id("msg-assistant").last).to_contain_text(
        "renew passport", ignore_case=True
    )
    await expect(page.get_by_test_id("msg-user")).to_have_count(1)
    titles = [t["title"] for t in (await app.client.get("/api/tasks")).json()["items"]]
    assert [title.lower() for title in titles] == ["renew passport"]


async def test_an_expired_session_leads_to_sign_in(open_app: OpenApp) -> None:
    app = await open_app()
    page = app.page

    async def expired(route: Route) -> None:
        body = {"error": {"code": "unauthorized", "message": "token expired"}}
        await route.fulfill(status=401, json=body)

    await page.route("**/api/chat", expired)
    box = page.get_by_test_id("chat-input")
    await box.fill("what's due")
    await box.press("Enter")
    await expect(page.get_by_test_id("token-input")).to_be_visible()
    await expect(page.get_by_test_id("app")).to_be_hidden()


async def test_sign_out_clears_the_chat_and_the_next_user_starts_afresh(
    open_app: OpenApp, issue_token: Callable[[str], str]
) -> None:
    app = await open_app()
    page = app.page
    await say(page, "add feed the cat")
    first = await stored_conversation(page)
    assert first

    await page.get_by_test_id("signout").click()
    await expect(page.get_by_test_id("token-input")).to_be_visible()
    assert await stored_conversation(page) is None
    assert await page.get_by_test_id("msg-user").count() == 0

    await page.get_by_test_id("token-input").fill(issue_token(f"{app.user}-next"))
    await page.get_by_test_id("token-input").press("Enter")
    await expect(page.get_by_test_id("chat-input")).to_be_visible()
    await expect(page.get_by_test_id("msg-user")).to_have_count(0)
    await expect(page.get_by_test_id("tool-line")).to_have_count(0)
    await say(page, "what's due this week")
    second = await stored_conversation(page)
    assert second and second != first
    await expect(page.get_by_test_id("msg-assistant").last).not_to_contain_text("feed the cat")


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Los_Angeles"])
async def test_chat_and_list_say_the_same_moment_in_the_browser_zone(
    open_app: OpenApp, zone: str
) -> None:
    """One formatter everywhere: the chat reply, its tool line and the list row agree, in the
    zone the browser saved on first sign-in."""
    app = await open_app(timezone_id=zone)
    page = app.page
    await zone_saved(app, zone)
    await show_chat(app)
    await say(page, "add call the bank tomorrow 9am")
    await expect(page.get_by_test_id("tool-line").last).to_contain_text("Tomorrow 09:00")
    await expect(page.get_by_test_id("msg-assistant").last).to_contain_text("Tomorrow 09:00")
    row = page.get_by_test_id("task").filter(has_text="call the bank")
    await expect(row.get_by_test_id("task-due")).to_have_text("Tomorrow 09:00")
    [task] = (await app.client.get("/api/tasks")).json()["items"]
    assert task["timezone"] == zone
