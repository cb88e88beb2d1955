"""The layer contracts (pyproject.toml [tool.importlinter], run by ./run-tests) catch what
they are for: each case below breaks one rule in a copy of the packages, and `lint-imports`
must fail on that copy, naming the broken contract, while the untouched copy passes.

Private names are not import-linter's business (it sees modules, not names): the check for a
package importing another package's `_name` is here, over the same sources.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "eventing", "functions", "gateway", "schemas")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy(tmp_path: Path) -> Path:
    """The packages and pyproject.toml (the contracts) in a directory of their own."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.fail("lint-imports is missing: run scripts/bootstrap --dev (import-linter)")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _append(path: Path, code: str) -> None:
    path.write_text(path.read_text() + "\n\n" + code + "\n")


def test_the_untouched_packages_keep_every_contract(tmp_path: Path) -> None:
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


# (file to change, code appended to it, the contract that must break)
BREAKS = {
    "core imports gateway": (
        "core/text.py",
        "from gateway import settings  # noqa",
        "core is the bottom layer: it imports no other package of the project",
    ),
    "eventing imports a function (the issue's back-edge)": (
        "eventing/targets.py",
        "from functions.runtime import consume_batch  # noqa",
        "eventing imports only core",
    ),
    "a function imports eventing inside a function body": (
        "functions/recur/handler.py",
        "def _later() -> None:\n    from eventing import relay  # noqa",
        "functions import only core (and schemas)",
    ),
    "gateway imports a function": (
        "gateway/live.py",
        "from functions.push import handler  # noqa",
        "gateway imports core and eventing, never a function",
    ),
    "gateway imports eventing's relay": (
        "gateway/live.py",
        "from eventing.relay import Relay  # noqa",
        "eventing's machinery is imported only inside eventing",
    ),
    "a function queries the tasks table itself": (
        "functions/notify/handler.py",
        "from core.store.models import TaskRow as Row  # noqa",
        "gateway and functions reach the tables only through core.services",
    ),
    "a route reads a row type for a type hint only": (
        "gateway/routes/notifications.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from core.store.eventing_models import NotificationRow  # noqa",
        "gateway and functions reach the tables only through core.services",
    ),
    "errors imports auth again (the cycle the issue names)": (
        "gateway/errors.py",
        "def _user() -> None:\n    from gateway.auth import current_user  # noqa",
        "no import cycles among the modules of any package",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, case: str) -> None:
    file, code, contract = BREAKS[case]
    root = _copy(tmp_path)
    _append(root / file, code)
    done = _lint(root)
    assert done.returncode == 1, done.stdout + done.stderr
    # Others may break with it (indirect imports count: eventing -> functions is also
    # gateway -> functions through eventing), but this one must.
    assert any(line.startswith(f"{contract} BROKEN") for line in done.stdout.splitlines()), (
        done.stdout
    )


def test_a_private_module_used_from_another_package_breaks_its_contract(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "core" / "_hidden.py").write_text('"""Private to core."""\n')
    _append(root / "gateway" / "live.py", "from core import _hidden  # noqa")
    done = _lint(root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "private modules stay inside their package BROKEN" in done.stdout


def private_names_imported_across_packages(root: Path) -> list[str]:
    """`file:line name` for each `from <other package>... import _name` under `root`."""
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                    continue
                imported_package = node.module.split(".")[0]
                if imported_package == package or imported_package not in PACKAGES:
                    continue
                for alias in node.names:
                    if alias.name.startswith("_"):
                        found.append(f"{path.relative_to(root)}:{node.lineno} {alias.name}")
    return found


def test_no_package_imports_a_private_name_of_another() -> None:
    assert private_names_imported_across_packages(ROOT) == []


def test_a_private_name_imported_across_packages_is_found(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    live = root / "gateway" / "live.py"
    _append(live, "from core.services import _load  # noqa")
    line = len(live.read_text().splitlines())
    assert private_names_imported_across_packages(root) == [f"gateway/live.py:{line} _load"]
