"""Helper processes of the benchmarks (started by tests.bench.common, never by hand).

python -m tests.bench.procs listen DSN CHANNEL
    LISTEN on CHANNEL; print READY, then `payload<TAB>monotonic<TAB>wall` per notification,
    stamped as soon as the notification is read. Ends when stdin closes.
python -m tests.bench.procs sidecar --brokers HOST:PORT [--app-url URL]
    The Dapr sidecar stand-in with deploy/dapr's Kafka bindings (input bindings only with
    --app-url); prints its environment (JSON) once every input binding consumes, and stops
    when stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time

COMPONENTS = ["bindings-input.yaml", "bindings-output.yaml"]


async def _stdin_closed() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.read(4096):
        pass


async def listen(dsn: str, channel: str) -> None:
    import asyncpg

    out = sys.stdout

    def on_notify(_conn: object, _pid: int, _channel: str, payload: str) -> None:
        mono, wall = time.monotonic(), time.time()
        out.write(f"{payload}\t{mono:.6f}\t{wall:.6f}\n")
        out.flush()

    conn = await asyncpg.connect(dsn)
    await conn.add_listener(channel, on_notify)
    out.write("READY\n")
    out.flush()
    try:
        await _stdin_closed()
    finally:
        await conn.close()


async def sidecar(brokers: str, app_url: str | None) -> None:
    from tests.bench.common import COMPONENTS as FOLDER
    from tests.support.dapr_standin import DaprSidecarStandIn

    standin = DaprSidecarStandIn(
        [FOLDER / name for name in COMPONENTS],
        app_url=app_url,
        brokers=brokers,
        app_id="todo-eventing",
    )
    await asyncio.to_thread(standin.start)
    try:
        if app_url:
            async with asyncio.timeout(90):
                await standin.wait_consuming()
        sys.stdout.write(json.dumps(standin.env()) + "\n")
        sys.stdout.flush()
        await _stdin_closed()
    finally:
        await asyncio.to_thread(standin.stop)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    lis = sub.add_parser("listen")
    lis.add_argument("dsn")
    lis.add_argument("channel")
    car = sub.add_parser("sidecar")
    car.add_argument("--brokers", required=True)
    car.add_argument("--app-url")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.command == "listen":
        asyncio.run(listen(args.dsn, args.channel))
    else:
        asyncio.run(sidecar(args.brokers, args.app_url))


if __name__ == "__main__":
    main()
