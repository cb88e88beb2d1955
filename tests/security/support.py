"""Helpers of the security suite: forged tokens, and one way to reach every surface.

A surface is each way a client reaches a user's data: REST, the activity and notification
routes, chat, MCP, server-sent events (header or `?access_token=`) and the WebSocket (query or
header). `probe` sends one token to one surface and records what came back, so a test can say
"every surface refused it, the same way".
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import websockets

from tests.support.waits import eventually_async

LOCAL_ISSUER = "todo-local"
LOCAL_AUDIENCE = "todo"
MCP_ACCEPT = "application/json, text/event-stream"
SOME_TASK = "6f1f7c52-0000-4000-8000-000000000000"


def b64url(raw: bytes) -> str:
    """Base64url without padding, as JOSE writes it."""
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def claims_for(user: str | None, **overrides: Any) -> dict[str, Any]:
    """Good local claims for `user` unless overridden; an override of None drops the claim."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": user, "iss": LOCAL_ISSUER, "aud": LOCAL_AUDIENCE, "iat": now, "exp": now + 300,
    }  # fmt: skip
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def hmac_token(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    """An HS256 JWT signed by hand: pyjwt refuses a public key as an HMAC secret."""
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


def unverified(token: str) -> dict[str, Any]:
    """The claims of a token, signature unchecked: what a careless verifier would trust."""
    claims: dict[str, Any] = jwt.decode(
        token, options={"verify_signature": False}, algorithms=["none", "HS256", "EdDSA"]
    )
    return claims


# -- what a surface answered ------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The status, headers and (JSON) body a surface answered with; 101 means a WebSocket opened."""

    surface: str
    status: int
    headers: dict[str, str]
    body: Any

    def describe(self) -> str:
        return f"{self.surface}: {self.status} {self.body!r}"[:400]


def _json(raw: bytes | bytearray) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw[:300]


async def _http(
    client: httpx.AsyncClient,
    surface: str,
    method: str,
    path: str,
    *,
    token: str | None,
    **kwargs: Any,
) -> Answer:
    headers = dict(kwargs.pop("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with client.stream(method, path, headers=headers, **kwargs) as response:
        # A stream that opened (SSE, chat) never ends by itself: its status is the answer.
        body = await response.aread() if response.status_code != 200 else b""
        return Answer(surface, response.status_code, dict(response.headers), _json(body))


async def _ws(base_url: str, surface: str, query: str, headers: dict[str, str]) -> Answer:
    url = base_url.replace("http://", "ws://", 1) + "/ws" + query
    try:
        async with websockets.connect(url, additional_headers=headers, proxy=None, open_timeout=5):
            return Answer(surface, 101, {}, None)
    except websockets.exceptions.InvalidStatus as refused:
        response = refused.response
        return Answer(surface, response.status_code, dict(response.headers), _json(response.body))
    except (TimeoutError, OSError, websockets.exceptions.InvalidHandshake) as failed:
        # The server's WebSocket stack gives no answer at all to a header line over 8 KiB.
        return Answer(surface, 0, {}, f"no handshake answer: {type(failed).__name__}")


HTTP_SURFACES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "rest list": ("GET", "/api/tasks", {}),
    "rest create": ("POST", "/api/tasks", {"json": {"title": "should never be written"}}),
    "rest get": ("GET", f"/api/tasks/{SOME_TASK}", {}),
    "rest complete": ("POST", f"/api/tasks/{SOME_TASK}/complete", {}),
    "rest delete": ("DELETE", f"/api/tasks/{SOME_TASK}", {}),
    "activity": ("GET", "/api/activity", {}),
    "notifications": ("GET", "/api/notifications", {}),
    "settings": ("GET", "/api/settings", {}),
    "chat": ("POST", "/api/chat", {"json": {"message": "list my tasks"}}),
    "mcp": (
        "POST",
        "/mcp",
        {
            "json": {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            "headers": {"Accept": MCP_ACCEPT},
        },
    ),
    "sse": ("GET", "/api/updates", {}),
}
SURFACES = (*HTTP_SURFACES, "sse ?access_token", "ws ?access_token", "ws header")


async def probe(
    base_url: str, surface: str, token: str, client: httpx.AsyncClient | None = None
) -> Answer:
    """Present `token` to one surface the way a client of that surface would."""
    if surface == "ws ?access_token":
        return await _ws(base_url, surface, f"?access_token={token}", {})
    if surface == "ws header":
        return await _ws(base_url, surface, "", {"Authorization": f"Bearer {token}"})
    if client is None:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as own:
            return await probe(base_url, surface, token, own)
    if surface == "sse ?access_token":
        return await _http(
            client, surface, "GET", "/api/updates", token=None, params={"access_token": token}
        )
    method, path, kwargs = HTTP_SURFACES[surface]
    return await _http(client, surface, method, path, token=token, **kwargs)


async def probe_all(
    base_url: str, token: str, surfaces: tuple[str, ...] = SURFACES
) -> list[Answer]:
    """The token presented to every surface (or the ones given), a few at a time."""
    limit = asyncio.Semaphore(4)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:

        async def one(surface: str) -> Answer:
            async with limit:
                return await probe(base_url, surface, token, client)

        return list(await asyncio.gather(*(one(surface) for surface in surfaces)))


async def release_streams(base_url: str, token: str) -> None:
    """Make one more change for the user so the server's idle /ws handlers of closed sockets
    try to send, notice the client is gone and end (else they linger until the next 15 s
    heartbeat, holding up the server's shutdown)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        await client.post(
            "/api/tasks", json={"title": "release"}, headers={"Authorization": f"Bearer {token}"}
        )


def is_invalid_token_401(answer: Answer, reason: str | None = None) -> bool:
    """A JSON 401 with an invalid_token challenge (and the expected reason, if given)."""
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    return (
        answer.status == 401
        and isinstance(error, dict)
        and error.get("code") == "unauthorized"
        and (reason is None or error.get("message") == f"invalid token: {reason}")
        and answer.headers.get("www-authenticate") == 'Bearer error="invalid_token"'
    )


# -- MCP, chat and live updates as their clients use them -----------------------------------


class SseReader:
    """Collects a user's server-sent events in the background until told to stop."""

    def __init__(self, base_url: str, token: str | None, **request: Any) -> None:
        self.events: list[dict[str, Any]] = []
        self.status: int | None = None
        self._opened = asyncio.Event()
        self._task = asyncio.create_task(self._run(base_url, token, request))

    async def _run(self, base_url: str, token: str | None, request: dict[str, Any]) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers |= request.pop("headers", {})
        current: dict[str, str] = {}
        async with (
            httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(30, read=None)) as client,
            client.stream("GET", "/api/updates", headers=headers, **request) as response,
        ):
            self.status = response.status_code
            self._opened.set()
            async for line in response.aiter_lines():
                if not line:
                    if "data" in current:
                        self.events.append({**current, "data": json.loads(current["data"])})
                    current = {}
                    continue
                field, _, value = line.partition(":")
                current[field] = value.strip()

    async def opened(self) -> None:
        """Wait until the response headers arrived (the server is now listening for us)."""
        async with asyncio.timeout(15):
            await asyncio.wait({asyncio.ensure_future(self._opened.wait()), self._task},
                               return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
        if self._task.done():
            self._task.result()  # surface the failure

    def payloads(self) -> list[dict[str, Any]]:
        """The data of every event so far."""
        return [event["data"] for event in self.events]

    async def until(
        self, found: Callable[[list[dict[str, Any]]], bool], timeout: float = 20
    ) -> None:
        """Wait until the payloads received so far satisfy `found`."""

        def arrived() -> bool:
            if self._task.done():
                self._task.result()
                raise RuntimeError("the stream ended")
            return found(self.payloads())

        await eventually_async(arrived, timeout, "the awaited updates on the stream")

    async def close(self) -> None:
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


def task_ids_in(payload: Any) -> set[str]:
    """Every task id an update carries, wherever it sits."""
    found: set[str] = set()
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key in {"id", "task_id"} and isinstance(value, str):
                found.add(value)
            found |= task_ids_in(value)
    elif isinstance(payload, list):
        for item in payload:
            found |= task_ids_in(item)
    return found


def unique(prefix: str) -> str:
    """A title word no other test uses."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


# -- another user's data, to attack ---------------------------------------------------------

REPEAT = "FREQ=MONTHLY;BYMONTHDAY=1"


@dataclass
class BobsWorld:
    """Bob's tasks as Bob sees them, and the words that name them."""

    word: str
    tasks: dict[str, dict[str, Any]]  # kind -> task

    @property
    def ids(self) -> set[str]:
        return {task["id"] for task in self.tasks.values()}

    @property
    def titles(self) -> set[str]:
        return {task["title"] for task in self.tasks.values()}


async def build_bobs_world(bob: httpx.AsyncClient) -> BobsWorld:
    word = unique("bobsecret")
    bodies = {
        "plain": {"title": f"Pay {word} invoice", "description": f"{word} private",
                  "tags": [word], "priority": "high"},
        "recurring": {"title": f"Rent {word}", "due": "2031-01-01T09:00:00+00:00",
                      "recurrence": {"rule": REPEAT}, "reminders": [{"before": "PT30M"}]},
        "completed": {"title": f"Done {word}", "tags": [word]},
    }  # fmt: skip
    tasks = {}
    for kind, body in bodies.items():
        response = await bob.post("/api/tasks", json=body)
        assert response.status_code == 201, response.text
        tasks[kind] = response.json()
    done = await bob.post(f"/api/tasks/{tasks['completed']['id']}/complete")
    tasks["completed"] = done.json()
    return BobsWorld(word, tasks)


async def assert_untouched(bob: httpx.AsyncClient, world: BobsWorld) -> None:
    """Bob's own view of each of his tasks is exactly what it was."""
    for kind, before in world.tasks.items():
        now = await bob.get(f"/api/tasks/{before['id']}")
        assert now.status_code == 200, (kind, now.text)
        assert now.json() == before, kind
