"""The browser-test harness: Debian's Chromium, a signed-in app per test, axe-core, screenshots.

`open_app(...)` opens the web app for a fresh user (or a given one) in its own browser
context at desktop (1280x800) or phone (390x844) size, light or dark, in a time zone and
locale, and waits until the first task page is drawn. `axe_check` runs axe-core 4.14 and
fails on critical or serious violations. `shoot` saves a PNG to `$UI_SCREENSHOT_DIR`.
`own_server` is a gateway of the test's own, on a fixed port, that can be stopped and
started again (the offline tests); the shared `api_url` server is never stopped.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import uvicorn
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.support.waits import eventually

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--lang=en-GB",
]  # fmt: skip
# Native date and time inputs follow the browser's own language, not the page's locale:
# British (24-hour, day first) when Debian's chromium-l10n is installed, US English without.
BROWSER_LANGUAGE = {"LANG": "en_GB.UTF-8", "LANGUAGE": "en_GB"}
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
AXE = Axe.from_file(Path(__file__).parent / "axe" / "axe.min.js")
Device = Literal["desktop", "phone"]
Scheme = Literal["light", "dark"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is an e2e test (the marker lets `-m 'not e2e'` skip them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One Chromium for the whole session; each test gets its own contexts."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=ARGS, env={**os.environ, **BROWSER_LANGUAGE}
        )
        yield launched
        await launched.close()


@dataclass
class UiApp:
    """A browser page of the web app, the user it belongs to and an API client for them."""

    page: Page
    context: BrowserContext
    user: str
    token: str
    client: httpx.AsyncClient
    base_url: str
    device: Device = "desktop"
    scheme: Scheme = "light"
    errors: list[str] = field(default_factory=list)

    async def goto(self, path: str = "/") -> None:
        """Go to a path of the app and wait until its first task page is drawn."""
        await self.page.goto(f"{self.base_url}{path}")
        await wait_ready(self.page)

    async def new_page(self) -> Page:
        """Another tab of the same browser context (same stored token)."""
        page = await self.context.new_page()
        await page.goto(self.base_url)
        await wait_ready(page)
        return page


async def wait_ready(page: Page, timeout: float = 15_000) -> None:
    """The app marks <html data-ready="1"> once its first task page is on screen."""
    await page.wait_for_selector("html[data-ready='1']", state="attached", timeout=timeout)


OpenApp = Callable[..., Awaitable[UiApp]]


@pytest.fixture
async def open_app(
    browser: Browser, api_url: str, issue_token: Callable[[str], str]
) -> AsyncIterator[OpenApp]:
    """Open the app signed in as a fresh (or the given) user; everything closes after the test."""
    opened: list[UiApp] = []

    async def open_(
        user: str | None = None,
        *,
        device: Device = "desktop",
        scheme: Scheme = "light",
        timezone_id: str = "Europe/Berlin",
        locale: str = "en-GB",
        path: str = "/",
        base_url: str | None = None,
        signed_in: bool = True,
        wait: bool = True,
    ) -> UiApp:
        base = base_url or api_url
        name = user or f"ui-{uuid.uuid4().hex[:10]}"
        token = issue_token(name)
        context = await browser.new_context(
            **DEVICES[device], color_scheme=scheme, timezone_id=timezone_id, locale=locale
        )
        page = await context.new_page()
        client = httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        app = UiApp(page, context, name, token, client, base, device, scheme)
        page.on("pageerror", lambda error: app.errors.append(str(error)))
        opened.append(app)
        await page.goto(f"{base}{path}#token={token}" if signed_in else f"{base}{path}")
        if signed_in and wait:
            await wait_ready(page)
        return app

    yield open_
    for app in opened:
        await app.client.aclose()
        await app.context.close()


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's critical and serious violations on the page as it is now."""
    results = await AXE.run(page)
    return [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in {"critical", "serious"}
    ]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


@pytest.fixture
def axe_check() -> Callable[[Page, str], Awaitable[None]]:
    """Fail the test when axe-core finds a critical or serious violation on the page."""

    async def check(page: Page, label: str) -> None:
        violations = await axe_violations(page)
        assert not violations, f"axe-core in {label}:\n{describe_violations(violations)}"

    return check


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $UI_SCREENSHOT_DIR (docs/screenshots for the README) or tmp."""
    configured = os.environ.get("UI_SCREENSHOT_DIR")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shoot(screenshot_dir: Path) -> Callable[..., Awaitable[Path]]:
    """Save a screenshot of the page (viewport, or the whole page) as <name>.png."""

    async def take(page: Page, name: str, *, full_page: bool = False) -> Path:
        path = screenshot_dir / f"{name}.png"
        await page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RestartableServer:
    """The gateway on a fixed port in a thread; stop() and start() keep the port (and data)."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 30.0) -> None:
        from gateway.app import create_app
        from gateway.settings import Settings

        settings = Settings(data_dir=self.data_dir, database_url=self.database_url)
        config = uvicorn.Config(
            create_app(settings, self.database_url), host="127.0.0.1", port=self.port,
            log_config=None, access_log=False, lifespan="on",
            # Open live streams (SSE) never end by themselves: cut them a second after stop().
            timeout_graceful_shutdown=1,
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="ui-server", daemon=True)
        self._thread.start()
        server, thread = self._server, self._thread

        def started() -> bool:
            if not thread.is_alive():
                raise RuntimeError("the test gateway stopped before it started")
            return bool(server.started)

        eventually(started, timeout, "the test gateway started", interval=0.02)

    def stop(self, timeout: float = 30.0) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout)
        self._server = self._thread = None


@pytest.fixture
def own_server(database_url: str, data_dir: Path) -> Any:
    """A gateway of this test's own that it may stop and start (same database, same key)."""
    server = RestartableServer(database_url, data_dir)
    server.start()
    yield server
    server.stop()
