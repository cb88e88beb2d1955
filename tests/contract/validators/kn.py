"""knative/deploy.sh's `kn service create` commands, parsed: each must read its Service from the
rendered file and take nothing else from its arguments."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.contract.rendering import (
    NAMESPACE,
    Doc,
    load,
)


class KnArgvError(ValueError):
    """A `kn service create` command that takes more than its file (or creates twice)."""


def kn_creates(commands: list[list[str]], render_dir: Path) -> dict[str, Path]:
    """name -> the file each `kn service create` reads; only the flags that say so are allowed."""
    files: dict[str, Path] = {}
    for cmd in commands:
        if cmd[:3] != ["kn", "service", "create"]:
            continue
        name = cmd[3]
        path = render_dir / "services" / f"{name}.yaml"
        # Everything else comes from the manifest: a flag here would be a second source.
        if cmd[4:] != ["--namespace", NAMESPACE, "--force", "--filename", str(path)]:
            raise KnArgvError(f"{name}: arguments beyond its file: {shlex.join(cmd)}")
        if name in files:
            raise KnArgvError(f"{name} is created twice")
        files[name] = path
    return files


def service_file_errors(path: Path, expected: Doc) -> list[str]:
    """Why the file kn reads does not create exactly the expected Knative Service."""
    docs = load(path)
    if len(docs) != 1:
        return [f"{path.name}: {len(docs)} documents, not 1"]
    if docs[0] != expected:
        return [f"{path.name} differs from the overlay's {expected['metadata']['name']}"]
    return []
