"""The pre-commit hooks run the same checks as ./run-tests (lint, format, types, layers).

./run-tests calls each tool as `"$bin/<tool>" <args>`; .pre-commit-config.yaml must run each of
those (but pytest) as a local `system` hook with the same arguments, over the whole tree
(`pass_filenames: false`, as ./run-tests does). pre-commit itself is not installed here, so the
file is read as pre-commit reads it: its shape is checked, not run.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import yaml

from tests.contract.rendering import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"
RUN_TESTS = ROOT / "run-tests"
HOOK_KEYS = {"id", "name", "entry", "language", "types_or", "pass_filenames"}


def run_tests_checks(script: str) -> set[str]:
    """`tool args` for each tool ./run-tests runs from the venv, pytest aside."""
    calls = re.findall(r'"\$bin/([\w-]+)"([^&;|\n]*)', script)
    return {" ".join([tool, *args.split()]) for tool, args in calls if tool != "pytest"}


def hook_checks(config: dict[str, Any]) -> set[str]:
    """`tool args` of each hook's entry (the .venv/bin/ prefix dropped)."""
    return {
        hook["entry"].removeprefix(".venv/bin/")
        for repo in config["repos"]
        for hook in repo["hooks"]
    }


def shape_errors(config: dict[str, Any]) -> list[str]:
    """What keeps a hook from being a local hook of the project's own tool on the whole tree."""
    errors = []
    for repo in config.get("repos", []):
        if repo.get("repo") != "local":
            errors.append(f"repo {repo.get('repo')!r}: only local hooks (nothing fetched)")
        for hook in repo.get("hooks", []):
            name = hook.get("id", "?")
            if set(hook) - HOOK_KEYS or not {"id", "name", "entry", "language"} <= set(hook):
                errors.append(f"{name}: keys {sorted(hook)}")
            if hook.get("language") not in ("system", "unsupported"):
                errors.append(f"{name}: language {hook.get('language')!r}, not system")
            if hook.get("pass_filenames") is not False:
                errors.append(f"{name}: checks only the staged files, not the tree")
            if not str(hook.get("entry", "")).startswith(".venv/bin/"):
                errors.append(f"{name}: runs {hook.get('entry')!r}, not the project's .venv tool")
    return errors


def out_of_step(config: dict[str, Any], script: str) -> list[str]:
    """The checks one file runs and the other does not."""
    hooks, runs = hook_checks(config), run_tests_checks(script)
    missing = [f"no hook runs `{check}`" for check in sorted(runs - hooks)]
    extra = [f"./run-tests does not run `{check}`" for check in sorted(hooks - runs)]
    return missing + extra


def _config() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(CONFIG.read_text())
    return loaded


def test_the_hooks_are_local_system_hooks_on_the_whole_tree() -> None:
    assert shape_errors(_config()) == []


def test_the_hooks_run_what_run_tests_runs() -> None:
    script = RUN_TESTS.read_text()
    wanted = {"ruff check .", "ruff format --check .", "mypy", "lint-imports --no-cache"}
    assert wanted <= run_tests_checks(script)
    assert out_of_step(_config(), script) == []


def test_a_hook_list_out_of_step_is_noticed() -> None:
    script = RUN_TESTS.read_text()
    config = _config()
    without_mypy = copy.deepcopy(config)
    without_mypy["repos"][0]["hooks"] = [
        hook for hook in config["repos"][0]["hooks"] if hook["id"] != "mypy"
    ]
    assert out_of_step(without_mypy, script) == ["no hook runs `mypy`"]
    other_args = copy.deepcopy(config)
    other_args["repos"][0]["hooks"][0]["entry"] = ".venv/bin/ruff check core"
    assert len(out_of_step(other_args, script)) == 2  # `ruff check .` missing, `... core` extra


def test_a_hook_of_another_shape_is_noticed() -> None:
    config = _config()
    breakers: tuple[Callable[[dict[str, Any]], object], ...] = (
        lambda hook: hook.update(language="python"),
        lambda hook: hook.pop("pass_filenames"),
        lambda hook: hook.update(entry="ruff check ."),
        lambda hook: hook.update(args=["--fix"]),
    )
    for breaks in breakers:
        broken = copy.deepcopy(config)
        breaks(broken["repos"][0]["hooks"][0])
        assert shape_errors(broken)
    fetched = copy.deepcopy(config)
    fetched["repos"][0]["repo"] = "https://github.com/astral-sh/ruff-pre-commit"
    assert shape_errors(fetched)
