"""Contract tests of the image: the Dockerfile, its build context, docker/entrypoint.sh (run with
stand-ins for the commands it starts) and the function sources the manifests point it at.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path

import pytest

from eventing.subscriptions import FUNCTIONS
from tests.contract.manifests import ALL_INTERFACES, env_of
from tests.contract.rendering import OVERLAYS, ROOT, knative_services
from tests.contract.validators.dockerfile import dockerfile_stages
from tests.contract.validators.secrets import SECRETISH


def run_entrypoint(
    tmp_path: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """docker/entrypoint.sh with stand-ins for the commands it starts, which print their argv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("todo", "functions-framework"):
        stub = bin_dir / tool
        stub.write_text(f'#!/bin/sh\necho {tool} "$@"\n')
        stub.chmod(0o755)
    return subprocess.run(
        ["sh", str(ROOT / "docker" / "entrypoint.sh"), *args],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({}, (), "todo gateway"),
        ({"TODO_ROLE": "gateway"}, (), "todo gateway"),
        ({"TODO_ROLE": "eventing"}, (), "todo eventing"),
        (
            {"FUNCTION_SOURCE": "functions/audit/main.py", "PORT": "9000", "TODO_ROLE": "x"},
            (),
            "functions-framework --asgi --target handle --source functions/audit/main.py "
            "--host 127.0.0.1 --port 9000",
        ),
        (  # the image sets HOST=0.0.0.0; the entrypoint passes it on
            {"FUNCTION_SOURCE": "functions/audit/main.py", "HOST": ALL_INTERFACES},
            (),
            "functions-framework --asgi --target handle --source functions/audit/main.py "
            "--host 0.0.0.0 --port 8080",
        ),
        ({"TODO_ROLE": "eventing"}, ("todo", "migrate"), "todo migrate"),
    ],
)
def test_the_entrypoint_starts_the_role_it_is_given(
    tmp_path: Path, env: dict[str, str], args: tuple[str, ...], expected: str
) -> None:
    result = run_entrypoint(tmp_path, env, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_the_entrypoint_refuses_an_unknown_role(tmp_path: Path) -> None:
    result = run_entrypoint(tmp_path, {"TODO_ROLE": "eventng"})
    assert result.returncode == 64
    assert "eventng" in result.stderr


def test_the_image_is_multi_stage_slim_and_non_root() -> None:
    _, base, *stages = dockerfile_stages((ROOT / "Dockerfile").read_text())
    assert len(stages) >= 2
    # The base named once, pinned by digest (tests/contract/test_locks.py: what goes on it).
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64} AS base", base[0][1])
    runtime = stages[-1]
    assert runtime[0] == ("FROM", "base AS runtime")
    users = [args for instruction, args in runtime if instruction == "USER"]
    assert users and re.fullmatch(r"[1-9][0-9]*(:[1-9][0-9]*)?", users[-1]), "numeric non-root"
    assert ("ENTRYPOINT", '["/app/docker/entrypoint.sh"]') in runtime
    assert ("EXPOSE", "8080") in runtime
    assert os.access(ROOT / "docker" / "entrypoint.sh", os.X_OK)
    for instruction, args in runtime:
        if instruction == "COPY" and not args.startswith("--from"):
            source = args.split()[0]
            assert (ROOT / source).exists(), source
        if instruction in ("ENV", "ARG"):
            assert not SECRETISH.search(args), args
    # functions-framework is given functions/<name>/main.py relative to the working directory.
    assert ("WORKDIR", "/app") in runtime
    assert ("COPY", "functions/ /app/functions/") in runtime


def test_the_build_context_leaves_local_state_out() -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    ignored = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", ".todo-data", "*.env", "tests"} <= ignored
    assert not {"functions", "docker", "pyproject.toml"} & ignored


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_function_source_defines_the_target(name: str) -> None:
    service = knative_services("minikube")[name]
    source = ROOT / env_of(service)["FUNCTION_SOURCE"]
    if not source.exists():
        pytest.skip(f"{source.relative_to(ROOT)} is not written yet")
    defined: set[str] = set()
    for node in ast.parse(source.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):  # `handle = ...`, `handle, handle_batch = ...`
            targets = [t for target in node.targets for t in ast.walk(target)]
            defined |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom):
            defined |= {alias.asname or alias.name for alias in node.names}
    assert env_of(service)["FUNCTION_TARGET"] in defined


def test_only_the_container_listens_beyond_loopback() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    runtime = dockerfile[dockerfile.index("AS runtime") :]
    assert re.search(r"^\s+HOST=0\.0\.0\.0 \\$", runtime, re.M)
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert '--host "${HOST:-127.0.0.1}"' in entrypoint
    for overlay in OVERLAYS:
        for name, service in knative_services(overlay).items():
            assert env_of(service)["HOST"] == ALL_INTERFACES, name
