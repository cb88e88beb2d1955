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
from typing import Any, cast

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
    assert [path.name for path in WORKFLOWS] == [
        "ci.yml",
        "contract-tests.yml",
        "deploy-oke.yml",
        "e2e-kind.yml",
        "image.yml",
    ]


def test_every_action_is_pinned_to_a_commit() -> None:
    """A tag can be moved to other code; a commit cannot (the version stays as a comment)."""
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    ref = step["uses"].partition("@")[2]
                    assert re.fullmatch(r"[0-9a-f]{40}", ref), (path.name, step["uses"])


DIGEST = re.compile(r"[^\s@]+:[^\s@]+@sha256:[0-9a-f]{64}")


def unpinned_images(workflow: dict[str, Any]) -> list[str]:
    """The images a workflow runs (job containers, services, docker:// steps) without a digest."""
    found: list[str] = []
    for job in workflow.get("jobs", {}).values():
        container = job.get("container")
        if container is not None:
            found.append(container if isinstance(container, str) else container["image"])
        found += [service["image"] for service in job.get("services", {}).values()]
        found += [
            step["uses"].removeprefix("docker://")
            for step in job.get("steps", [])
            if step.get("uses", "").startswith("docker://")
        ]
    return [image for image in found if not DIGEST.fullmatch(image)]


def test_every_image_a_workflow_runs_is_pinned_to_a_digest() -> None:
    """A tag is moved to new bytes by whoever pushes it; a digest names the bytes."""
    for path in WORKFLOWS:
        assert unpinned_images(yaml.safe_load(path.read_text())) == [], path.name
    scan = next(
        step["run"]
        for step in _workflow("image.yml")["jobs"]["image"]["steps"]
        if step.get("name") == "Scan"
    )
    assert re.search(r"\saquasec/trivy:[\d.]+@sha256:[0-9a-f]{64}\s", scan)


def test_an_image_named_by_tag_alone_is_found() -> None:
    pinned = "postgres:15.12@sha256:" + "a" * 64
    workflow = {
        "jobs": {
            "a": {"container": "python:3.11", "services": {"db": {"image": pinned}}},
            "b": {
                "container": {"image": "python:3.11@sha256:short"},
                "services": {"db": {"image": "postgres:15"}},
                "steps": [{"uses": "docker://alpine:3.20"}, {"uses": f"docker://{pinned}"}],
            },
        }
    }
    assert unpinned_images(workflow) == [
        "python:3.11",
        "python:3.11@sha256:short",
        "postgres:15",
        "alpine:3.20",
    ]


def _workflow(name: str) -> dict[str, Any]:
    return cast(
        "dict[str, Any]", yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    )


def test_the_kind_e2e_runs_the_smoke_test_read_only_without_secrets() -> None:
    text = (ROOT / ".github" / "workflows" / "e2e-kind.yml").read_text()
    workflow = yaml.safe_load(text)
    assert {"workflow_dispatch", "schedule"} <= set(workflow[True])
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    steps = workflow["jobs"]["e2e"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any("knative/deploy.sh minikube" in run for run in runs)
    assert any('knative/smoke.sh "$GATEWAY" "$TOKEN"' in run for run in runs)
    assert any("kind load docker-image dev.local/todo-events:dev" in run for run in runs)
    dump = steps[-1]
    assert dump["if"] == "failure()" and "kubectl get all -A" in dump["run"]


def test_the_kind_e2e_installs_the_knative_release_the_guide_names() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    documented = re.findall(r"^export KNATIVE_VERSION=(\S+)$", guide, re.M)
    assert documented, "docs/deploy.md no longer exports KNATIVE_VERSION"
    assert {_workflow("e2e-kind.yml")["env"]["KNATIVE_VERSION"]} == set(documented)


def test_the_kind_e2e_installs_the_dapr_runtime_and_redpanda_chart_the_guide_names() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    env = _workflow("e2e-kind.yml")["env"]
    dapr = set(re.findall(r"dapr init -k --runtime-version (\S+)", guide))
    chart = set(re.findall(r"helm install redpanda redpanda/redpanda --version (\S+)", guide))
    assert dapr and chart, "docs/deploy.md no longer names the Dapr runtime or the chart version"
    assert {env["DAPR_RUNTIME_VERSION"]} == dapr
    assert {env["REDPANDA_CHART_VERSION"]} == chart


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


def test_the_contract_workflow_runs_the_contract_tests_on_cluster_changes() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "contract-tests.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    for event in ("push", "pull_request"):
        paths = triggers[event]["paths"]
        assert {"deploy/**", "knative/**", "tests/contract/**", ".github/**"} <= set(paths)
    (job,) = workflow["jobs"].values()
    assert job["steps"][-1]["run"].endswith("pytest -q -p no:randomly tests/contract")
    assert "secrets." not in (ROOT / ".github" / "workflows" / "contract-tests.yml").read_text()


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


def _check_dependabot(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dependabot_watches_the_base_image_the_locks_and_the_actions() -> None:
    path = ROOT / ".github" / "dependabot.yml"
    result = _check_dependabot(path)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(path.read_text())["updates"]
    watched = {(update["package-ecosystem"], update["directory"]) for update in updates}
    assert watched == {("docker", "/"), ("pip", "/requirements"), ("github-actions", "/")}


def test_the_dependabot_schema_refuses_an_unknown_ecosystem(tmp_path: Path) -> None:
    path = tmp_path / "dependabot.yml"
    path.write_text(
        "version: 2\nupdates:\n  - package-ecosystem: pipx\n    directory: /\n"
        "    schedule:\n      interval: weekly\n"
    )
    assert _check_dependabot(path).returncode != 0
