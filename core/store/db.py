"""Engine and session factory. Nothing connects until the first query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def async_url(url: str) -> URL:
    """Turn any PostgreSQL URL (postgres://, postgresql://, +psycopg) into its asyncpg form."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"only PostgreSQL is supported, got {parsed.get_backend_name()!r}")
    query = dict(parsed.query)
    # libpq spells TLS "sslmode"; asyncpg takes "ssl" with the same values.
    if "sslmode" in query:
        query["ssl"] = query.pop("sslmode")
    query.pop("channel_binding", None)
    return parsed.set(drivername="postgresql+asyncpg", query=query)


# A pooled connection older than this is replaced at checkout (servers and proxies close idle
# connections after a while; this stays well below the usual limits).
POOL_RECYCLE_S = 1800


def _closed_is_replaced(
    dbapi_connection: Any, _record: Any, _proxy: Any
) -> None:  # pragma: no cover - trivial
    # A connection the server ended (restart, pg_terminate_backend, idle timeout) is known to
    # asyncpg as closed as soon as the event loop has read the end of its socket: the pool
    # then opens a fresh one instead of handing it out. This replaces `pool_pre_ping`, which
    # cost a round trip (about a sixth of a request) on every checkout.
    connection = getattr(dbapi_connection, "_connection", None)
    if connection is not None and connection.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An asyncpg engine for `url`; connections are opened lazily."""
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=POOL_RECYCLE_S,
    )
    event.listen(engine.sync_engine, "checkout", _closed_is_replaced)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
