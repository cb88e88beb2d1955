"""Time `todo serve` from launch until /readyz answers 200: cold (new data folder) and warm.

Usage: .venv/bin/python scripts/startup_bench.py [--runs 5] [--todo PATH]

Cold starts run initdb in a fresh data folder; warm starts reuse one folder that a previous
run stopped cleanly. Prints each run and the median, minimum and maximum of each kind. The
figures are for a person to read and compare; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

WAIT_S = 120.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ready(url: str) -> bool:
    """Whether GET /readyz answers 200."""
    try:
        return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def start_once(todo: str, data_dir: Path, log: Path) -> float:
    """Seconds from launch to the first 200 from /readyz; the server is stopped afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with log.open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own `todo`, arguments built here
            [todo, "serve", "--data-dir", str(data_dir), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        while not ready(url):
            if proc.poll() is not None:
                raise SystemExit(f"todo serve exited with {proc.returncode}; see {log}")
            if time.perf_counter() - started > WAIT_S:
                raise SystemExit(f"not ready within {WAIT_S}s; see {log}")
            time.sleep(0.02)
        return time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def summary(name: str, figures: list[float]) -> str:
    """One line: median, min and max of a list of seconds."""
    return (
        f"{name}: median {statistics.median(figures):.2f}s  "
        f"min {min(figures):.2f}s  max {max(figures):.2f}s  ({len(figures)} runs)"
    )


def main() -> int:
    """Run the cold and warm series and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--todo", default=str(Path(sys.executable).parent / "todo"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="todo-startup-") as tmp:
        root = Path(tmp)
        log = root / "serve.log"
        cold = []
        for run in range(args.runs):
            cold.append(start_once(args.todo, root / f"cold-{run}", log))
            print(f"cold {run + 1}: {cold[-1]:.2f}s", flush=True)
        warm = []
        for run in range(args.runs):
            warm.append(start_once(args.todo, root / "cold-0", log))
            print(f"warm {run + 1}: {warm[-1]:.2f}s", flush=True)
        print(summary("cold start to /readyz", cold))
        print(summary("warm start to /readyz", warm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
