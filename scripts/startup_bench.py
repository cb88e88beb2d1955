"""Time `todo serve` from launch until /readyz answers 200: cold (new data folder) and warm.

Usage: .venv/bin/python scripts/startup_bench.py [--runs 5] [--todo CMD] [--vs OTHER_CMD]

Cold starts run initdb in a fresh data folder; warm starts reuse a folder that the previous
run stopped cleanly. With --vs, the two commands run in turn (A B A B ...) and each pair's
ratio A/B is printed too, so a comparison holds on a machine whose load drifts. A command is
split as a shell would, e.g. --vs "env PYTHONPATH=/tmp/old .venv/bin/python -m gateway.cli".
The default command, the venv's `todo`, runs the code the venv's editable install points at,
which may be another checkout: to time this one, give --todo "env -C DIR .venv/bin/python -m
gateway.cli" (the code in DIR; the same form for --vs).
Prints each run and the median, minimum and maximum; nothing here asserts a time.
`measure()` is the same for the benchmark suite (`python -m tests.bench`): this checkout's code,
embedded PostgreSQL (DATABASE_URL removed from the environment).
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def tail(log: Path, lines: int = 40) -> str:
    """The last lines of the servers' output."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def start_once(
    todo: list[str], data_dir: Path, log: Path, env: dict[str, str] | None = None
) -> float:
    """Seconds from launch to the first 200 from /readyz; the server is stopped afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with log.open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603 - the command the person running this gave
            [*todo, "serve", "--data-dir", str(data_dir), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        while not ready(url):
            if proc.poll() is not None:
                raise SystemExit(f"todo serve exited with {proc.returncode}:\n{tail(log)}")
            if time.perf_counter() - started > WAIT_S:
                raise SystemExit(f"not ready within {WAIT_S}s:\n{tail(log)}")
            time.sleep(0.02)
        return time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def measure(runs: int = 3) -> dict[str, Any]:
    """Cold and warm `todo serve` start to /readyz (seconds) of this checkout, embedded mode.

    One cold start (initdb in a new folder), then `runs` warm starts of that folder.
    """
    repo = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo), env.get("PYTHONPATH")]))
    todo = [sys.executable, "-m", "gateway.cli"]
    with tempfile.TemporaryDirectory(prefix="todo-startup-") as tmp:
        root = Path(tmp)
        log = root / "serve.log"
        cold = start_once(todo, root / "data", log, env)
        warm = [start_once(todo, root / "data", log, env) for _ in range(runs)]
    return {
        "cold_s": round(cold, 2),
        "warm_s": [round(x, 2) for x in warm],
        "warm_median_s": round(statistics.median(warm), 2),
    }


def format_table(result: dict[str, Any]) -> str:
    """`measure()`'s figures as text."""
    return (
        f"todo serve start to /readyz (embedded PostgreSQL): cold {result['cold_s']} s; "
        f"warm median {result['warm_median_s']} s of {result['warm_s']}"
    )


def summary(name: str, figures: list[float], unit: str = "s") -> str:
    """One line: median, min and max of a list of figures."""
    return (
        f"{name}: median {statistics.median(figures):.2f}{unit}  "
        f"min {min(figures):.2f}{unit}  max {max(figures):.2f}{unit}  ({len(figures)} runs)"
    )


def main() -> int:
    """Run the cold and warm series (of one command, or two in turn) and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--todo", default=str(Path(sys.executable).parent / "todo"))
    parser.add_argument("--vs", help="a second command to compare with, run in turn")
    args = parser.parse_args()
    commands = {"A": shlex.split(args.todo)}
    if args.vs:
        commands["B"] = shlex.split(args.vs)
    with tempfile.TemporaryDirectory(prefix="todo-startup-") as tmp:
        root = Path(tmp)
        log = root / "serve.log"
        figures: dict[tuple[str, str], list[float]] = {}
        for kind in ("cold", "warm"):
            for run in range(args.runs):
                for name, todo in commands.items():
                    folder = root / f"{name}-{run if kind == 'cold' else 0}"
                    seconds = start_once(todo, folder, log)
                    figures.setdefault((kind, name), []).append(seconds)
                    print(f"{kind} {name} {run + 1}: {seconds:.2f}s", flush=True)
        for name, todo in commands.items():
            print(f"{name} = {shlex.join(todo)}")
            for kind in ("cold", "warm"):
                print(summary(f"  {kind} start to /readyz", figures[(kind, name)]))
        if args.vs:
            for kind in ("cold", "warm"):
                ratios = [
                    a / b for a, b in zip(figures[(kind, "A")], figures[(kind, "B")], strict=True)
                ]
                print(summary(f"{kind} A/B pair by pair", ratios, unit=""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
