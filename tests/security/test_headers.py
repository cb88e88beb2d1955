"""Security headers on the web app and the API, read from a real server (issue #13, finding 9).

Every response, page or API answer, error or success, carries nosniff, a Referrer-Policy, a
Permissions-Policy and a Content-Security-Policy that forbids framing. The app's pages have a
policy with scripts only from the origin, and the page itself holds no inline script for that
policy to have to allow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import Settings
from tests.security.support import unique
from tests.support.servers import serve_in_thread

PAGES = ["/", "/today", "/upcoming", "/completed", "/tag/home"]
REFERRER_POLICIES = {"no-referrer", "strict-origin-when-cross-origin"}


def directives(policy: str) -> dict[str, list[str]]:
    """A CSP as {directive: [sources]}."""
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def assert_protected(response: httpx.Response) -> dict[str, list[str]]:
    """The headers every response must carry; returns its CSP's directives."""
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in REFERRER_POLICIES, where
    permissions = headers.get("permissions-policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, (where, permissions)
    policy = directives(headers.get("content-security-policy", ""))
    assert policy.get("frame-ancestors") == ["'none'"], (where, policy)
    assert headers.get("x-frame-options") == "DENY", where
    return policy


@pytest.mark.parametrize("path", PAGES)
async def test_app_pages_forbid_inline_script_and_framing(api_url: str, path: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        page = await client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = assert_protected(page)
    assert policy["script-src"] == ["'self'"], policy
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], policy
    assert policy["default-src"] == ["'self'"], policy
    everything = " ".join(" ".join(sources) for sources in policy.values())
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything, policy
    # The page keeps to the policy: every script is a file, no handler attributes, no
    # javascript: links (a browser would refuse them, so the app would be broken).
    html = page.text
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL | re.IGNORECASE)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)
    assert "javascript:" not in html.lower()


async def test_static_files_are_not_sniffed(api_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        for path, kind in [
            ("/static/js/app.js", "javascript"),
            ("/static/css/app.css", "text/css"),
            ("/static/favicon.svg", "image/svg+xml"),
        ]:
            response = await client.get(path)
            assert response.status_code == 200 and kind in response.headers["content-type"]
            assert assert_protected(response)["default-src"] == ["'none'"]


async def test_api_answers_carry_the_headers_and_run_nothing(
    api_url: str, issue_token: Callable[[str], str]
) -> None:
    headers = {"Authorization": f"Bearer {issue_token(unique('headers-'))}"}
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        answers = [
            await client.get("/api/tasks", headers=headers),
            await client.post("/api/tasks", json={"title": "headers"}, headers=headers),
            await client.post("/api/tasks", json={"title": ""}, headers=headers),  # 422
            await client.get("/api/tasks"),  # 401
            await client.get("/api/tasks/not-a-task", headers=headers),  # 404
            await client.get("/api/nowhere"),
            await client.post(
                "/api/tasks",
                content=b"x" * (2 << 20),
                headers=headers,  # 413
            ),
            await client.get("/healthz"),
            await client.get("/metrics"),
            await client.get("/openapi.json"),
            await client.post(
                "/mcp",
                json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                headers={**headers, "Accept": "application/json, text/event-stream"},
            ),
        ]
        async with client.stream("GET", "/api/updates", headers=headers) as stream:
            assert stream.status_code == 200
            answers.append(stream)
    assert sorted({answer.status_code for answer in answers}) == [200, 201, 401, 404, 413, 422]
    for answer in answers:
        policy = assert_protected(answer)
        assert policy["default-src"] == ["'none'"], (answer.request.url.path, policy)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_api_documentation_cannot_be_framed(api_url: str, path: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        page = await client.get(path)
    assert page.status_code == 200
    policy = assert_protected(page)
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]


def test_an_unexpected_error_carries_the_headers_too(database_url: str, data_dir: Path) -> None:
    # Starlette sends the 500 of an unhandled exception from outside every middleware.
    app = create_app(Settings(data_dir=data_dir, database_url=database_url), database_url)

    async def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    with serve_in_thread(app) as url:
        response = httpx.get(f"{url}/boom", timeout=30)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert assert_protected(response)["default-src"] == ["'none'"]
