"""The GitHub Actions workflows: valid against GitHub's schema and clean under zizmor.

`check-jsonschema --builtin-schema vendor.github-workflows` validates each file against the
workflow schema it ships (SchemaStore's, vendored: no network), and `zizmor --offline` audits
them for the known weaknesses (template injection, credentials left in the checkout, actions not
pinned to a commit, excessive permissions). Both are the tools the issue names; each is also
shown a broken workflow, so a check that passes everything would fail here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _check_schema(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_there_are_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "deploy-oke.yml", "image.yml"]


def test_every_action_is_pinned_to_a_commit() -> None:
    """A tag can be moved to other code; a commit cannot (the version stays as a comment)."""
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    ref = step["uses"].partition("@")[2]
                    assert re.fullmatch(r"[0-9a-f]{40}", ref), (path.name, step["uses"])


def test_only_a_person_deploys_and_only_pushes_publish() -> None:
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy-oke.yml").read_text())
    assert list(deploy[True]) == ["workflow_dispatch"]  # YAML 1.1 reads `on` as True
    assert deploy["jobs"]["deploy"]["environment"] == "oke"
    image = yaml.safe_load((ROOT / ".github" / "workflows" / "image.yml").read_text())
    assert image["permissions"] == {}
    pushing = [
        step
        for step in image["jobs"]["image"]["steps"]
        if "push" in step.get("name", "").lower() or "login" in step.get("uses", "")
    ]
    assert pushing and all(step["if"] == "github.event_name == 'push'" for step in pushing)


def test_every_workflow_fits_githubs_schema() -> None:
    result = _check_schema(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = _zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readmes_test_command_with_read_only_permissions() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["test"]["steps"]
    assert steps[-1]["run"] == "bash .ci/run"
    assert "TEST_DATABASE_URL" in workflow["jobs"]["test"]["env"]
    readme = (ROOT / "README.md").read_text()
    assert ".ci/run" in readme or "./run-tests" in readme


BROKEN = """\
name: broken
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_zizmor_refuses_an_injectable_unpinned_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN)
    result = _zizmor(broken)
    assert result.returncode != 0
    assert "template-injection" in result.stdout or "template-injection" in result.stderr


def test_the_schema_refuses_a_workflow_without_jobs(tmp_path: Path) -> None:
    path = tmp_path / "nojobs.yml"
    path.write_text("name: nothing\non: push\n")
    result = _check_schema(path)
    assert result.returncode != 0
