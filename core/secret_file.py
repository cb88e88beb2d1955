"""Secret files written once, safely, by processes that may start together (key files)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def create_once(path: Path, content: bytes) -> None:
    """Write `content` to `path` unless the file exists; concurrent callers agree on one file.

    The folder is made 0700 and the file 0600 (mkstemp), so the secret is never readable by
    others, not even briefly. It is written under a temporary name, synced, then hard-linked:
    unlike os.replace, link refuses to overwrite, so a process that lost the race reads the
    winner's file, and nobody ever sees a half-written one under the final name.
    """
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
