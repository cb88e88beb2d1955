"""Where the router finds each function: in this process, or at a URL."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventing.delivery import HttpFunction
from eventing.subscriptions import FUNCTIONS

FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "functions"


def function_source(name: str) -> Path:
    """The functions-framework source file of a function."""
    return FUNCTIONS_DIR / name / "main.py"


def available_functions() -> list[str]:
    """The functions that have an entry point in this installation."""
    return [name for name in FUNCTIONS if function_source(name).exists()]


def in_process(name: str, sessions: async_sessionmaker[AsyncSession]) -> HttpFunction:
    """The function's functions-framework ASGI app, called without a network hop.

    The request goes through the very app `functions-framework --asgi` serves, so parsing,
    status codes and errors are the same as over HTTP.
    """
    from functions_framework.aio import create_asgi_app

    from functions.runtime import with_sessions

    app = with_sessions(
        create_asgi_app(target="handle", source=str(function_source(name))), sessions
    )
    return HttpFunction(name, f"http://{name}.local/", transport=httpx.ASGITransport(app=app))


def over_http(name: str, url: str) -> HttpFunction:
    """The function at `url` (a Knative Service, or functions-framework on loopback)."""
    return HttpFunction(name, url)
