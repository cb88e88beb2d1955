"""The web app: index.html for each view's URL, with a strict Content-Security-Policy.

The app is plain ES modules under /static (no build step). Every view has its own URL
(`/`, `/today`, `/upcoming`, `/completed`, `/tag/<name>`, each with `?q=`), so a reload or a
shared link opens the same view: the server answers each of them with the same page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)

# Scripts and styles only from this origin: no inline script, no inline style, no eval; the
# page talks only to its own server (fetch, EventSource, WebSocket) and cannot be framed.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# nosniff, Referrer-Policy, Permissions-Policy and the rest come from
# gateway.security_headers, on every response.
PAGE_HEADERS = {"Cache-Control": "no-cache", "Content-Security-Policy": CONTENT_SECURITY_POLICY}


def _page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)


@router.get("/")
async def index() -> FileResponse:
    """The Inbox view; it signs in with a token from `todo token NAME`."""
    return _page()


@router.get("/today")
@router.get("/upcoming")
@router.get("/completed")
async def view() -> FileResponse:
    """The Today, Upcoming and Completed views."""
    return _page()


@router.get("/tag/{name:path}")
async def tag_view(name: str) -> FileResponse:
    """The view of one tag."""
    return _page()


@router.get("/favicon.ico")
async def favicon() -> RedirectResponse:
    """Browsers that ask for /favicon.ico get the SVG icon."""
    return RedirectResponse("/static/favicon.svg", status_code=301)
