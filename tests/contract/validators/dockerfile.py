"""The Dockerfile, parsed into stages of (INSTRUCTION, arguments)."""

from __future__ import annotations

import re


def dockerfile_stages(dockerfile: str) -> list[list[tuple[str, str]]]:
    """A Dockerfile's stages, each a list of (INSTRUCTION, arguments), continuations joined.

    The first list holds what comes before the first FROM (ARGs of the build)."""
    text = re.sub(r"\\\n", " ", dockerfile)
    stages: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), rest.strip()))
    return stages
