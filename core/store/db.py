"""Engine and session factory. Nothing connects until the first query.

Every connection to PostgreSQL, the engine's pool and the few plain asyncpg connections
(the relay's LISTEN and locks, the update hub's LISTEN and reads), is opened by asyncpg from
one DSN made by `asyncpg_dsn`, so libpq's TLS options mean the same everywhere: `sslmode`
(`require` encrypts; `verify-ca` checks the server's certificate against the CA; `verify-full`
also checks that it names the host), `sslrootcert` (a CA file, or `system` for the system's
CA bundle) and the `PGSSLMODE` / `PGSSLROOTCERT` environment variables.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Where Linux distributions keep the system's CA bundle, when OpenSSL's own default file is
# missing (Debian's python images: OpenSSL looks in /usr/lib/ssl, the bundle is elsewhere).
SYSTEM_CA_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Alpine
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/cert.pem",  # macOS, OpenBSD
)
VERIFYING_MODES = ("verify-ca", "verify-full")
# libpq options asyncpg does not know: asyncpg would send them to the server as settings,
# which refuses them ("unrecognized configuration parameter"). Neon's URLs carry this one.
UNSUPPORTED_OPTIONS = ("channel_binding",)


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be used as written (the message says why and what to write)."""


def _postgres_url(url: str) -> URL:
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"only PostgreSQL is supported, got {parsed.get_backend_name()!r}")
    return parsed


def system_ca_bundle() -> str:
    """The system's CA bundle file (what `sslrootcert=system` means)."""
    default = ssl.get_default_verify_paths().cafile
    for candidate in (default, *SYSTEM_CA_BUNDLES):
        if candidate and Path(candidate).is_file():
            return candidate
    raise DatabaseUrlError(
        "sslrootcert=system: no CA bundle found on this system (looked for "
        + ", ".join(SYSTEM_CA_BUNDLES)
        + "); install ca-certificates or give sslrootcert=/path/to/ca.pem"
    )


def _root_certificate(query: dict[str, Any], sslmode: str | None) -> str | None:
    """The CA file to verify the server with, checked to exist; None: asyncpg's default."""
    root = query.get("sslrootcert") or os.environ.get("PGSSLROOTCERT") or None
    if root == "system":
        return system_ca_bundle()
    if root is not None:
        if not Path(root).expanduser().is_file():
            raise DatabaseUrlError(f"sslrootcert={root}: no such file")
        return str(root)
    home_root = Path("~/.postgresql/root.crt").expanduser()
    if sslmode in VERIFYING_MODES and not home_root.is_file():
        # asyncpg (as libpq) would look for ~/.postgresql/root.crt and fail at the first
        # connection; say at start-up what to write instead.
        raise DatabaseUrlError(
            f"sslmode={sslmode} needs the CA that signed the server's certificate: add "
            "sslrootcert=system to DATABASE_URL (the system's CA bundle, right for Neon and "
            "other public CAs) or sslrootcert=/path/to/ca.pem, or set PGSSLROOTCERT"
        )
    return None


def asyncpg_dsn(database_url: str) -> str:
    """The URL in the plain form asyncpg.connect takes, its TLS options resolved and checked."""
    url = _postgres_url(database_url).set(drivername="postgresql")
    query = {k: v for k, v in url.query.items() if k not in UNSUPPORTED_OPTIONS}
    sslmode = query.get("sslmode") or os.environ.get("PGSSLMODE") or None
    if isinstance(sslmode, tuple) or isinstance(query.get("sslrootcert"), tuple):
        raise DatabaseUrlError("sslmode and sslrootcert may appear once in DATABASE_URL")
    if (query.get("sslrootcert") or os.environ.get("PGSSLROOTCERT")) == "system":
        # As libpq 16+: anyone can get a public CA's certificate for a host they control, so
        # the system's CAs mean verify-full, by default, and nothing weaker.
        if sslmode is None:
            sslmode = query["sslmode"] = "verify-full"
        elif sslmode != "verify-full":
            raise DatabaseUrlError(
                f"sslrootcert=system needs sslmode=verify-full (got {sslmode}): a public CA "
                "signs certificates for anyone's host, so only the host name check protects"
            )
    root = _root_certificate(query, sslmode)
    if root is not None:
        # In the URL it wins over PGSSLROOTCERT, which asyncpg would read as a file name.
        query["sslrootcert"] = root
    return url.set(query=query).render_as_string(hide_password=False)


def direct_dsn(database_url: str) -> str:
    """`asyncpg_dsn` for a connection that LISTENs or holds session locks; refuses a pooler.

    A transaction-mode pooler (PgBouncer, Neon's `-pooler` endpoint) hands each transaction to
    any server connection: a LISTEN there never hears its NOTIFYs and an advisory lock is held
    by a stranger, silently. So such connections must reach PostgreSQL directly.
    """
    host = make_url(asyncpg_dsn(database_url)).host or ""
    if "-pooler." in host or host.endswith("-pooler"):
        raise DatabaseUrlError(
            f"DATABASE_URL names a pooled endpoint ({host}): LISTEN/NOTIFY and session locks "
            "do not work through a transaction-mode pooler. Use the direct endpoint (Neon: the "
            "same host without -pooler); see docs/deploy.md, connection budget"
        )
    return asyncpg_dsn(database_url)


def async_url(url: str) -> URL:
    """Turn any PostgreSQL URL (postgres://, postgresql://, +psycopg) into its asyncpg form.

    The query is left out: make_engine's connections come from `asyncpg_dsn`, which keeps it.
    """
    return _postgres_url(url).set(drivername="postgresql+asyncpg", query={})


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


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int | None = None) -> AsyncEngine:
    """An asyncpg engine for `url` holding at most pool_size + max_overflow connections.

    max_overflow defaults to pool_size. Connections are opened lazily, by asyncpg from
    `asyncpg_dsn(url)`: SQLAlchemy's dialect would pass libpq options such as sslrootcert to
    asyncpg.connect as keyword arguments, which it refuses.
    """
    dsn = asyncpg_dsn(url)

    async def connect() -> Any:
        return await asyncpg.connect(dsn)

    engine = create_async_engine(
        async_url(url),
        async_creator=connect,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_recycle=POOL_RECYCLE_S,
    )
    event.listen(engine.sync_engine, "checkout", _closed_is_replaced)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
