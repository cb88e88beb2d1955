"""The `todo` command.

serve (the whole system on one machine), migrate (apply the database migrations), gateway and
eventing (one deployable each, cluster mode), dlq list|replay (dead letters), audit verify (the
activity chains), token (a bearer token for a local user). Its output goes to stdout and stderr
with sys.stdout/sys.stderr.write: what a command answers, not logs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shlex
import shutil
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gateway.settings import Settings, default_data_dir

log = logging.getLogger("todo")
_TTL = re.compile(r"^(\d+)([smhd])$")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        key: value
        for key, value in {
            "data_dir": getattr(args, "data_dir", None),
            "host": getattr(args, "host", None),
            "port": getattr(args, "port", None),
        }.items()
        if value is not None
    }
    return Settings(**overrides)


def _ttl(text: str) -> timedelta:
    match = _TTL.match(text)
    if not match:
        raise argparse.ArgumentTypeError("use a number and s, m, h or d, e.g. 30d or 12h")
    unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[match.group(2)]
    return timedelta(**{unit: int(match.group(1))})


def serve(args: argparse.Namespace) -> int:
    """Start the embedded system (or the gateway on DATABASE_URL) and block until stopped."""
    from concurrent.futures import ThreadPoolExecutor

    from gateway.embedded_db import database

    settings = _settings(args)
    if settings.embedded_eventing is None:  # `todo serve` runs events on a core of their own
        settings = settings.model_copy(update={"embedded_eventing": "process"})
    with ExitStack() as stack:
        child = None
        if settings.event_transport == "local" and settings.embedded_eventing == "process":
            from gateway.eventing_process import EventingProcess

            # It waits for its configuration, sent once the database is migrated. The app stops
            # it when the gateway stops (before PostgreSQL); this callback covers a start that
            # failed before the app ran.
            child = EventingProcess()
            stack.callback(child.stop)
        # PostgreSQL starts (or initdb runs) in its own processes while this one imports the
        # app, about two seconds of CPU; the pool is left before the stack, so an interrupt
        # waits for a half-started server and then stops it.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="db") as pool:
            starting = pool.submit(
                stack.enter_context, database(settings.database_url, settings.data_dir)
            )
            if child is not None:
                # Spawned the moment PostgreSQL is up (at once with DATABASE_URL): its imports
                # (~0.6 s of CPU) then overlap this process's imports and the migrations, not
                # initdb or the server's start, which want the two cores too.
                eventing_child = child
                starting.add_done_callback(
                    lambda done: None if done.exception() else eventing_child.spawn()
                )
            from core.store.migrate import upgrade
            from gateway.app import create_app

            url = starting.result()
        upgrade(url)
        log.info("database migrated")
        if child is not None:  # configured now, not when the app starts: ready sooner
            from gateway.app import child_config
            from gateway.settings import event_keys

            child.start(child_config(settings, url, event_keys(settings).keys))
        app = create_app(settings, url, eventing_process=child)
        stack.callback(_remove_runtime_file, settings.data_dir)
        _run(
            app,
            settings,
            on_ready=lambda port: _announce(settings, port),
            # The ready line means /readyz answers 200, so it waits for the eventing child too.
            ready_also=None if child is None else lambda: child.problem() is None,
        )
    return 0


def _announce(settings: Settings, port: int) -> None:
    """Write the runtime file and print the one line a person needs to start."""
    url = _public_url(settings.host, port)
    _write_runtime_file(settings.data_dir, url)
    log.info("serving", extra={"url": url})
    if settings.auth_jwks_url:
        hint = "sign in with a token from your identity provider"
    else:
        hint = f"for a sign-in link, run: {_token_command(settings)}"
    try:
        sys.stdout.write(f"todo is ready at {url} - {hint}\n")
        sys.stdout.flush()
    except OSError:  # nobody reads stdout any more (`todo serve | head -1`): keep serving
        log.info("stdout is closed; the ready line was not printed")


RUNTIME_FILE = "server.json"  # in the data folder while `todo serve` runs: its URL and pid


def _public_url(host: str, port: int) -> str:
    """The URL a browser on this machine opens for a server listening on host:port."""
    # A server on every interface is reached from this machine on the loopback address.
    anywhere = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104
    shown = anywhere.get(host, host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def _write_runtime_file(data_dir: Path, url: str) -> None:
    """Tell `todo token --url` where this server listens (written whole, then renamed)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / RUNTIME_FILE
    partial = path.with_name(f".{RUNTIME_FILE}.{os.getpid()}")
    partial.write_text(json.dumps({"url": url, "pid": os.getpid()}) + "\n")
    partial.replace(path)


def _remove_runtime_file(data_dir: Path) -> None:
    """Remove the runtime file if this process wrote it."""
    path = data_dir / RUNTIME_FILE
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def _running_url(data_dir: Path) -> str | None:
    """The URL of the `todo serve` running on `data_dir`, if its process is alive."""
    try:
        found = json.loads((data_dir / RUNTIME_FILE).read_text())
        pid, url = int(found["pid"]), str(found["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # left behind by a server that was killed
    except PermissionError:
        pass  # alive, owned by another user
    return url


def _token_command(settings: Settings) -> str:
    """`todo token NAME --url`, spelled the way this `todo` was started."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "todo"
    on_path = shutil.which("todo")
    if argv0.endswith(".py") or (on_path and Path(on_path).resolve() == Path(argv0).resolve()):
        command = "todo"
    elif (Path.cwd() / "todo").is_file() and (Path.cwd() / "scripts" / "bootstrap").is_file():
        command = "./todo"  # this checkout's wrapper, which execs .venv/bin/todo
    else:
        command = shlex.quote(argv0)
    command += " token NAME --url"
    if settings.data_dir.resolve() != default_data_dir().resolve():
        command += f" --data-dir {shlex.quote(str(settings.data_dir))}"
    return command


def server_limits(settings: Settings) -> dict[str, Any]:
    """uvicorn options that bound what one connection can hold: head size, read deadlines."""
    from gateway.http_guard import GuardedHttpProtocol

    return {
        "http": GuardedHttpProtocol.configured(
            max_head_bytes=settings.max_header_bytes,
            head_timeout=settings.request_head_timeout,
            body_timeout=settings.request_body_timeout,
        ),
    }


READY_ALSO_WAIT_S = 30.0  # then the ready line is printed anyway, with a warning


def _run(
    app: Any,
    settings: Settings,
    on_ready: Callable[[int], None] | None = None,
    ready_also: Callable[[], bool] | None = None,
) -> None:
    """Serve `app` with uvicorn until SIGINT or SIGTERM; `on_ready(port)` once it listens (and
    `ready_also()` holds, polled for at most READY_ALSO_WAIT_S)."""
    import asyncio
    import time

    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if not self.started or on_ready is None:
                return
            deadline = time.monotonic() + READY_ALSO_WAIT_S
            while ready_also is not None and not ready_also() and not self.should_exit:
                if time.monotonic() > deadline:
                    log.warning("eventing process not ready yet; serving anyway")
                    break
                await asyncio.sleep(0.01)
            if not self.should_exit:
                on_ready(int(self.servers[0].sockets[0].getsockname()[1]))

    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        **server_limits(settings),
    )
    try:
        Server(config).run()
    except KeyboardInterrupt:  # uvicorn re-raises the signal that stopped it, once stopped
        pass


def gateway(args: argparse.Namespace) -> int:
    """Run only the gateway on DATABASE_URL (cluster mode: the eventing service relays)."""
    from gateway.app import create_app

    settings = _settings(args)
    if not settings.database_url:
        sys.stderr.write("todo gateway: DATABASE_URL is required\n")
        return 2
    _run(create_app(settings, settings.database_url), settings)
    return 0


def eventing(args: argparse.Namespace) -> int:
    """Run the relay and/or the router (the Dapr input-binding endpoint) on DATABASE_URL."""
    import uvicorn

    from core.signing import MissingSigningKey
    from eventing.app import create_eventing_app
    from eventing.settings import EventingSettings

    settings = EventingSettings()
    if args.port:
        settings.port = args.port
    try:
        app = create_eventing_app(settings, relay=not args.no_relay, router=not args.no_router)
    except (MissingSigningKey, ValueError) as exc:  # no key, or one too short
        sys.stderr.write(f"todo eventing: {exc}\n")
        return 2
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0


@contextmanager
def _dlq_router(args: argparse.Namespace) -> Iterator[Any]:
    """The router of `todo dlq`, on the configured (or embedded) database while in use."""
    from eventing.app import create_eventing_app
    from eventing.settings import EventingSettings
    from gateway.embedded_db import database
    from gateway.settings import event_keys

    settings = _settings(args)
    with database(settings.database_url, settings.data_dir) as url:
        env = EventingSettings(database_url=url, event_transport="local")
        app = create_eventing_app(env, relay=False, ring=event_keys(settings))
        yield app.state.router


def dlq(args: argparse.Namespace) -> int:
    """List dead letters, or replay one (or all) to its function."""
    import asyncio

    with _dlq_router(args) as router:
        if args.action == "list":
            return asyncio.run(_dlq_list(router, args.limit))
        return asyncio.run(_dlq_replay(router, args.id, replay_all=args.all))


async def _dlq_list(router: Any, limit: int) -> int:
    letters = await router.dead_letters.pending(limit=limit)
    for letter in letters:
        line = {
            "id": letter.id,
            "function": letter.function,
            "topic": letter.topic,
            "event_id": letter.event_id,
            "type": letter.event_type,
            "status": letter.status,
            "attempts": letter.attempts,
            "error": letter.error,
            "at": letter.created_at.isoformat(),
            "auto_replays": letter.auto_replays,
            "next_auto_replay": letter.retry_at.isoformat() if letter.retry_at else None,
        }
        sys.stdout.write(json.dumps(line) + "\n")
    if not letters:
        sys.stderr.write("no dead letters\n")
    return 0


async def _dlq_replay(router: Any, letter_id: int | None, *, replay_all: bool) -> int:
    if replay_all:
        ids = [letter.id for letter in await router.dead_letters.pending(limit=10_000)]
    elif letter_id is not None:
        ids = [letter_id]
    else:
        sys.stderr.write("todo dlq replay: give an ID or --all\n")
        return 2
    failed = 0
    for one in ids:
        try:
            outcome = await router.replay(one)
        except KeyError:
            sys.stderr.write(f"no dead letter {one}\n")
            failed += 1
            continue
        result = "delivered" if outcome.ok else f"failed again: {outcome.error}"
        failed += 0 if outcome.ok else 1
        sys.stdout.write(f"{one}: {result}\n")
    return 1 if failed else 0


def audit(args: argparse.Namespace) -> int:
    """Verify every user's activity chain; exit 1 if an entry was changed, removed or forged."""
    import asyncio

    from gateway.audit_verify import verify_all
    from gateway.embedded_db import database
    from gateway.settings import event_keys

    settings = _settings(args)
    with database(settings.database_url, settings.data_dir) as url:
        problems, checked = asyncio.run(verify_all(url, event_keys(settings)))
    for problem in problems:
        sys.stdout.write(f"{problem.owner} entry {problem.seq}: {problem.problem}\n")
    sys.stdout.write(f"checked {checked} entries: {len(problems)} problem(s)\n")
    return 1 if problems else 0


def migrate(args: argparse.Namespace) -> int:
    """Apply the database migrations and exit."""
    from core.store.migrate import upgrade
    from gateway.embedded_db import database

    settings = _settings(args)
    with database(settings.database_url, settings.data_dir) as url:
        upgrade(url)
    log.info("database is at the latest migration")
    return 0


def token(args: argparse.Namespace) -> int:
    """Print a bearer token for local user NAME (embedded mode's own signing key)."""
    from gateway.auth import LocalSigningKey

    settings = _settings(args)
    if settings.auth_jwks_url:
        sys.stderr.write(
            "AUTH_JWKS_URL is set: tokens come from your identity provider, not `todo token`\n"
        )
        return 2
    try:
        value = LocalSigningKey.load_or_create(settings.data_dir).issue_token(
            args.name, ttl=args.ttl
        )
    except ValueError as exc:
        sys.stderr.write(f"todo token: {exc}\n")
        return 2
    if args.url:
        base = _running_url(settings.data_dir) or _public_url(settings.host, settings.port)
        sys.stdout.write(f"{base}/#token={value}\n")
    else:
        sys.stdout.write(value + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `todo`."""
    parser = argparse.ArgumentParser(prog="todo", description="Event-driven conversational todos")
    commands = parser.add_subparsers(dest="command", required=True)

    def data_dir(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--data-dir", type=Path, help="where embedded PostgreSQL and the signing key live"
        )

    run = commands.add_parser("serve", help="start the system on http://127.0.0.1:8080")
    data_dir(run)
    run.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    run.add_argument("--port", type=int, help="port to listen on (default 8080)")
    run.set_defaults(handler=serve)

    mig = commands.add_parser("migrate", help="apply database migrations")
    data_dir(mig)
    mig.set_defaults(handler=migrate)

    gw = commands.add_parser("gateway", help="run only the gateway (cluster mode)")
    gw.add_argument("--host")
    gw.add_argument("--port", type=int)
    gw.set_defaults(handler=gateway)

    ev = commands.add_parser("eventing", help="run the outbox relay and the event router")
    ev.add_argument("--port", type=int, help="HTTP port for Dapr deliveries (default $PORT)")
    ev.add_argument("--no-relay", action="store_true", help="run only the router")
    ev.add_argument("--no-router", action="store_true", help="run only the relay")
    ev.set_defaults(handler=eventing)

    dl = commands.add_parser("dlq", help="list or replay dead letters")
    dl_actions = dl.add_subparsers(dest="action", required=True)
    dl_list = dl_actions.add_parser("list", help="dead letters not replayed yet")
    dl_list.add_argument("--limit", type=int, default=100)
    data_dir(dl_list)
    dl_replay = dl_actions.add_parser("replay", help="send dead letters to their function again")
    dl_replay.add_argument("id", nargs="?", type=int)
    dl_replay.add_argument("--all", action="store_true")
    data_dir(dl_replay)
    dl.set_defaults(handler=dlq)

    au = commands.add_parser("audit", help="check the activity log")
    au_actions = au.add_subparsers(dest="action", required=True)
    au_verify = au_actions.add_parser("verify", help="report changed or removed entries")
    data_dir(au_verify)
    au.set_defaults(handler=audit)

    tok = commands.add_parser("token", help="print a bearer token for a local user")
    tok.add_argument("name", help="the local user's name (letters, digits, . _ @ -)")
    tok.add_argument("--ttl", type=_ttl, default=timedelta(days=30), help="lifetime, e.g. 30d")
    tok.add_argument("--url", action="store_true", help="print a sign-in link for the UI instead")
    data_dir(tok)
    tok.set_defaults(handler=token)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `todo` console script."""
    from core.logs import configure_logging

    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        sys.stderr.write(f"todo: bad setting: {problems}\n")
        return 2
    configure_logging(settings.log_level, settings.log_format)
    # SIGTERM stops `todo` the way Ctrl+C does, so every `with` block (the embedded
    # PostgreSQL's above all) unwinds; by default SIGTERM ends Python without unwinding.
    signal.signal(signal.SIGTERM, _interrupt)
    from gateway.embedded_db import EmbeddedDatabaseMissing

    try:
        return int(args.handler(args))
    except EmbeddedDatabaseMissing as exc:
        sys.stderr.write(f"todo: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
