"""The web app opens its live stream with a single-use ticket: the token never goes in a URL."""

from __future__ import annotations

from playwright.async_api import Request, expect

from tests.e2e.ui.conftest import OpenApp


async def test_the_live_stream_opens_with_a_ticket_and_delivers(open_app: OpenApp) -> None:
    app = await open_app()
    requests: list[Request] = []
    app.context.on("request", lambda request: requests.append(request))
    page = await app.new_page()  # a tab opened from here on: all its requests are seen
    await page.wait_for_selector("html[data-live='on']", state="attached", timeout=15_000)

    streams = [r.url for r in requests if "/api/updates" in r.url]
    tickets = [r for r in requests if r.url.endswith("/api/stream-ticket")]
    assert len(streams) == 1 and "ticket=" in streams[0] and "access_token" not in streams[0]
    assert [r.method for r in tickets] == ["POST"]
    assert not any(app.token in r.url for r in requests)

    await app.client.post("/api/tasks", json={"title": "arrives by ticket"})
    await expect(
        page.get_by_test_id("task-title").filter(has_text="arrives by ticket")
    ).to_have_count(1)
