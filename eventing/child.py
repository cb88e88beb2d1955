"""The eventing process of `todo serve`: relay, router and functions beside the gateway.

`todo serve` starts `python -m eventing.child` (gateway/eventing_process.py) so that HTTP
requests and event deliveries run on two cores instead of sharing one interpreter lock. The
protocol is two JSON lines over pipes:

- stdin, parent to child: one `ChildConfig` line (the database URL, the event signing keys,
  the router's settings). The child imports everything it needs before reading it, while the
  parent still starts PostgreSQL and migrates. After that line stdin stays open and carries
  nothing: its end (EOF) is the order to stop, and it also comes when the parent dies, even by
  SIGKILL, since the kernel closes the parent's end. So the child never outlives the parent,
  on any platform, without polling a pid.
- stdout, child to parent: one line `{"ready": true, "pid": ..., "metrics_port": ...}` once the
  database answered and the relay runs.

Stopping (stdin EOF or SIGTERM) finishes the batch in hand, as `EmbeddedEventing.stop` does.
SIGINT is ignored: Ctrl+C reaches the terminal's whole process group, and the parent decides
when its child stops (after the gateway stopped taking requests).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import signal
import sys
import threading
from dataclasses import asdict, dataclass
from typing import IO, Any

log = logging.getLogger("eventing.child")


@dataclass(frozen=True)
class ChildConfig:
    """What the parent tells its eventing process (one JSON line on its stdin)."""

    database_url: str
    signing_keys: tuple[str, ...]  # base64 of each key of the parent's KeyRing, signer first
    router_max_attempts: int = 10
    dlq_retry_delay: float = 300.0
    dlq_auto_replays: int = 5
    db_pool_size: int = 10
    log_level: str = "INFO"
    log_format: str = "auto"

    @classmethod
    def with_keys(cls, database_url: str, keys: tuple[bytes, ...], **options: Any) -> ChildConfig:
        """A config carrying `keys` (a KeyRing's) in its text form."""
        encoded = tuple(base64.b64encode(key).decode() for key in keys)
        return cls(database_url=database_url, signing_keys=encoded, **options)

    def keys(self) -> tuple[bytes, ...]:
        """The signing keys as bytes again."""
        return tuple(base64.b64decode(key) for key in self.signing_keys)

    def to_line(self) -> bytes:
        """The config as one JSON line."""
        return json.dumps(asdict(self)).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> ChildConfig:
        """Parse `to_line`'s output; ValueError/TypeError on anything else."""
        fields = json.loads(line)
        fields["signing_keys"] = tuple(fields["signing_keys"])
        return cls(**fields)


def _preload() -> None:
    """Import the relay, the router and the four functions before the parent is ready."""
    import contextlib
    import importlib

    from eventing import embedded  # noqa: F401 - relay, router, targets, SQLAlchemy, asyncpg
    from eventing.targets import available_functions

    # Their handlers, not their entry points: an entry point wants the signing key the moment
    # it is imported, and the key comes with the config.
    for name in available_functions():
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"functions.{name}.handler")


async def _run(config: ChildConfig, stop: asyncio.Event) -> None:
    from prometheus_client import start_http_server
    from sqlalchemy import text

    from core import tracing
    from core.signing import KeyRing, install
    from core.store.db import make_engine, make_sessionmaker
    from eventing.dead_letters import AutoReplay
    from eventing.delivery import RetryPolicy
    from eventing.embedded import EmbeddedEventing

    # The relay, the router and the functions' spans of `todo serve`, from its environment.
    tracing.configure("eventing")
    # Deliveries here are signed by the relay and verified by the functions, as in the gateway.
    install(KeyRing(config.keys()))
    # The relay's 8 lanes, the retry loops and the webhook sender need no more than 10; the
    # gateway keeps its own pool of DB_POOL_SIZE for requests.
    engine = make_engine(config.database_url, pool_size=min(config.db_pool_size, 10))
    sessions = make_sessionmaker(engine)
    eventing = EmbeddedEventing(
        config.database_url,
        sessions,
        policy=RetryPolicy(max_attempts=config.router_max_attempts),
        auto_replay=AutoReplay(config.dlq_retry_delay, config.dlq_auto_replays),
    )
    try:
        async with engine.connect() as conn:  # ready means the database answers
            await conn.execute(text("SELECT 1"))
        await eventing.start()
        # The relay's and router's counters, on a loopback port of their own (any free one):
        # the gateway's /metrics adds them to its own (gateway/eventing_process.py).
        server, _ = start_http_server(0, addr="127.0.0.1")
        _report({"ready": True, "pid": os.getpid(), "metrics_port": server.server_port})
        await stop.wait()
        log.info("eventing process stopping")
    finally:
        await eventing.stop()
        await engine.dispose()


_to_parent: IO[str] | None = None  # the pipe to the parent (fd 1 when it started)


def _keep_protocol_pipe() -> None:
    """Keep the parent's pipe for `_report` and point stdout at stderr.

    The parent reads one line and then only waits: a library that prints would fill the pipe
    and block this process. Its prints go to the log instead.
    """
    global _to_parent  # one pipe per process, set once at start
    _to_parent = os.fdopen(os.dup(1), "w")
    sys.stdout.flush()
    os.dup2(2, 1)


def _report(message: dict[str, Any]) -> None:
    """One JSON line to the parent, then the pipe is closed; a parent gone is seen on stdin."""
    if _to_parent is None:
        return
    try:
        _to_parent.write(json.dumps(message) + "\n")
        _to_parent.close()
    except (BrokenPipeError, ValueError):
        pass


def _stop_at_eof(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Block on stdin until the parent closes it (or dies); then ask the loop to stop."""
    try:
        while sys.stdin.buffer.read(65536):
            pass  # the parent writes nothing after the config
    except OSError:
        pass
    loop.call_soon_threadsafe(stop.set)


async def _main(config: ChildConfig) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: loop.call_soon_threadsafe(stop.set))
    threading.Thread(
        target=_stop_at_eof, args=(loop, stop), name="parent-watch", daemon=True
    ).start()
    await _run(config, stop)


def main() -> int:
    """Entry point of `python -m eventing.child` (started by `todo serve`, not by people)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _keep_protocol_pipe()
    _preload()
    line = sys.stdin.buffer.readline()
    if not line:  # the parent went away before it was ready
        return 0
    try:
        config = ChildConfig.from_line(line)
    except (ValueError, TypeError, KeyError) as exc:
        sys.stderr.write(f"eventing.child: bad config from the parent: {type(exc).__name__}\n")
        return 2
    from core.logs import configure_logging

    configure_logging(config.log_level, config.log_format)  # type: ignore[arg-type]
    asyncio.run(_main(config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
