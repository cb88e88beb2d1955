"""The README's layout block is a true map of the repository: every line names a folder that
exists, and every folder git tracks, down to the second level, has a line or is named in its
parent's (as `name/`)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INDENT = 2  # spaces per level of a folder's own line
NAME = re.compile(r"^( *)(\S+/)(.*)$")


def layout_block(readme: str) -> list[str]:
    """The lines of the code block under `## Layout`."""
    section = readme.split("\n## Layout\n", 1)[1]
    return section.split("```\n", 2)[1].splitlines()


def layout_entries(lines: list[str]) -> dict[str, str]:
    """Each folder's path (`core/store/migrations`) and its words, continuation lines joined."""
    entries: dict[str, str] = {}
    parents: list[str] = []
    current = ""
    for line in lines:
        found = NAME.match(line)
        depth = len(found.group(1)) // INDENT if found else 0
        if found and len(found.group(1)) % INDENT == 0 and depth <= len(parents):
            parents = [*parents[:depth], found.group(2).rstrip("/")]
            current = "/".join(parents)
            entries[current] = found.group(3)
        else:  # a continuation line of the current folder's words
            entries[current] += " " + line.strip()
    return entries


def tracked_folders(depth: int) -> set[str]:
    """The folders git tracks files in, to `depth` levels."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {
        "/".join(parts[:level])
        for parts in (file.split("/") for file in files)
        for level in range(1, min(depth, len(parts) - 1) + 1)
    }


ENTRIES = layout_entries(layout_block((ROOT / "README.md").read_text()))


def test_every_line_names_a_folder_that_exists() -> None:
    assert ENTRIES
    missing = [path for path in ENTRIES if not (ROOT / path).is_dir()]
    assert missing == []


def unnamed_folders(entries: dict[str, str], folders: set[str]) -> list[str]:
    """The folders with no line of their own and not named (`name/`) in their parent's words."""
    unnamed = []
    for folder in sorted(folders):
        parent, _, name = folder.rpartition("/")
        mention = re.compile(rf"(^|[\s(,]){re.escape(name)}/")
        if folder in entries or (parent in entries and mention.search(entries[parent])):
            continue
        unnamed.append(folder)
    return unnamed


def test_every_tracked_folder_is_in_the_block() -> None:
    assert unnamed_folders(ENTRIES, tracked_folders(2)) == []


def test_a_folder_left_out_is_found() -> None:
    lines = layout_block((ROOT / "README.md").read_text())
    without_knative = [line for line in lines if not line.startswith("knative/")]
    assert unnamed_folders(layout_entries(without_knative), tracked_folders(2)) == ["knative"]
    words = dict(ENTRIES, deploy=ENTRIES["deploy"].replace("rbac/", "rbac"))
    assert unnamed_folders(words, tracked_folders(2)) == ["deploy/rbac"]
