"""A pooled connection the server ended is replaced, not handed to a request (no pre-ping)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app
from gateway.settings import Settings
from tests.support.servers import serve_in_thread
from tests.support.waits import eventually_async

_BACKENDS = text(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
)


async def _backends(engine: AsyncEngine) -> set[int]:
    async with engine.connect() as conn:
        return set((await conn.execute(_BACKENDS)).scalars())


async def test_request_after_pg_terminate_backend_succeeds(
    engine: AsyncEngine,
    database_url: str,
    tmp_path: Path,
    issue_token: Callable[[str], str],
    data_dir: Path,
) -> None:
    before = await _backends(engine)
    settings = Settings(data_dir=data_dir, database_url=database_url, rate_limit_writes="off")
    app = create_app(settings, database_url)
    with serve_in_thread(app) as url:
        pooled: set[Any] = set()  # the driver connections the app's pool took back

        def taken_back(dbapi_connection: Any, _record: Any) -> None:
            if dbapi_connection is not None:
                pooled.add(dbapi_connection.driver_connection)

        event.listen(app.state.engine.sync_engine, "checkin", taken_back)
        headers = {"Authorization": f"Bearer {issue_token('dropped-conn-user')}"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as http:
            # several at once, so the app's pool holds several connections
            made = await asyncio.gather(
                *(http.post("/api/tasks", json={"title": f"before {n}"}) for n in range(4))
            )
            assert [r.status_code for r in made] == [201] * 4
            ours = await _backends(engine) - before
            assert ours, "the app opened no connection of its own"
            idle = set(pooled)
            assert idle, "the app's pool holds no connection"
            async with engine.connect() as conn:
                for pid in ours:
                    await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

            async def ended() -> bool:
                return not (await _backends(engine)) & ours

            await eventually_async(ended, 5, "the server ended the app's connections")
            # What the app relies on: its event loop has read the end of each idle socket, so
            # the checkout sees the connection closed.
            await eventually_async(
                lambda: all(connection.is_closed() for connection in idle),
                5,
                "the app's pooled connections known closed",
            )

            for n in range(6):  # more than one: every pooled connection was ended
                created = await http.post("/api/tasks", json={"title": f"after {n}"})
                assert created.status_code == 201, created.text
                listed = await http.get("/api/tasks", params={"limit": 50})
                assert listed.status_code == 200, listed.text
            titles = {item["title"] for item in listed.json()["items"]}
            assert {f"after {n}" for n in range(6)} <= titles
