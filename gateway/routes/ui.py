"""The chat UI at `/`: static files, no build step on anyone's side."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    """The single page of the UI; it signs in with a token from `todo token NAME`."""
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})
