"""The API documentation works with no internet: /docs (Swagger UI) and /redoc render in
Chromium while every request to another origin is aborted."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Page, Route, expect


async def offline_page(browser: Browser, api_url: str) -> tuple[BrowserContext, Page]:
    """A page that can reach only the gateway (every other origin is aborted)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    own = urlsplit(api_url).netloc

    async def only_the_gateway(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in {"http", "https"} and url.netloc != own:
            await route.abort("internetdisconnected")
        else:
            await route.continue_()

    await page.route("**/*", only_the_gateway)
    return context, page


async def assets_are_local(page: Page, api_url: str) -> None:
    """Every script and stylesheet the page uses comes from the gateway."""
    sources = await page.evaluate(
        """() => [...document.querySelectorAll('script[src], link[rel=stylesheet]')]
            .map(el => el.src || el.href)"""
    )
    assert sources, "no scripts or stylesheets found"
    assert all(source.startswith(api_url) for source in sources), sources


async def test_swagger_ui_renders_the_operations_offline(browser: Browser, api_url: str) -> None:
    context, page = await offline_page(browser, api_url)
    try:
        await page.goto(f"{api_url}/docs")
        operation = page.locator(".opblock").filter(has_text="/api/tasks/parse")
        await expect(operation.first).to_be_visible(timeout=15_000)
        await expect(page.locator(".opblock-summary-method").first).to_be_visible()
        await operation.first.locator(".opblock-summary").click()
        await expect(page.get_by_text("Try it out")).to_be_visible()
        await assets_are_local(page, api_url)
    finally:
        await context.close()


async def test_redoc_renders_its_menu_offline(browser: Browser, api_url: str) -> None:
    context, page = await offline_page(browser, api_url)
    try:
        await page.goto(f"{api_url}/redoc")
        menu = page.locator(".menu-content")
        await expect(menu).to_be_visible(timeout=15_000)
        await expect(menu.get_by_text("Tasks", exact=False).first).to_be_visible()
        await expect(page.locator("h1").first).to_be_visible()
        await assets_are_local(page, api_url)
    finally:
        await context.close()
