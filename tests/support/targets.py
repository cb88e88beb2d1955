"""Function targets for the router under test: fixed answers, and the real audit function
behind a switch that makes one user's deliveries fail."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from core.cloudevents import parse_json
from core.store.db import make_engine, make_sessionmaker
from eventing.delivery import HttpFunction, RetryPolicy
from eventing.targets import function_source
from functions.runtime import with_sessions


def served_app(name: str, sessions: async_sessionmaker[AsyncSession]) -> Any:
    """The function's functions-framework ASGI app (what `--asgi` serves), over `sessions`."""
    from functions_framework.aio import create_asgi_app

    return with_sessions(
        create_asgi_app(  # type: ignore[no-untyped-call,unused-ignore]  # untyped library
            target="handle", source=str(function_source(name))
        ),
        sessions,
    )


class StatusApp:
    """A tiny ASGI function that answers a fixed status and counts calls."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.calls += 1
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b"nope"})


def status_target(name: str, app: StatusApp) -> HttpFunction:
    import httpx

    return HttpFunction(name, "http://fn/", transport=httpx.ASGITransport(app=app))


FAST = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.05)


class FailingProxy:
    """The audit function, answering 503 for `user`'s events while `failing`."""

    def __init__(self, database_url: str) -> None:
        self.user = ""
        self.failing = False
        self.refused: list[str] = []
        # Its own engine: used only on the proxy server's event loop.
        self._function = served_app("audit", make_sessionmaker(make_engine(database_url)))
        self.app = Starlette(routes=[Route("/", self._post, methods=["POST"])])

    async def _post(self, request: Request) -> Response:
        body = await request.body()
        if self.failing and parse_json(body).get("partitionkey") == self.user:
            self.refused.append(str(parse_json(body)["id"]))
            return Response("shard away", status_code=503)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self._function), base_url="http://audit"
        ) as client:
            answer = await client.post("/", content=body, headers=dict(request.headers))
        return Response(answer.content, status_code=answer.status_code)
