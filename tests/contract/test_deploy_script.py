"""knative/deploy.sh against a cluster: its version checks and how it sets Knative's domain.

The cluster tools (`kubectl`, `kn`) are stand-ins first on PATH: small scripts that answer the
version queries with what each test sets, record every other command, and hand `kubectl
kustomize` to the real kubectl. The script under test is the real deploy.sh, run without
--dry-run, on a copy of the repository's deploy/ and knative/ folders. What its dry run applies
is checked against the rendered overlays in test_deploy_rendering.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from eventing.subscriptions import TOPICS
from gateway.live import RETENTION_HOURS
from tests.contract.manifests import KNATIVE
from tests.contract.rendering import ROOT

KUBECTL = """#!/usr/bin/env bash
echo "kubectl $*" >>"$FAKE_LOG"
case "$*" in
  kustomize*) exec "$REAL_KUBECTL" "$@" ;;
  *"get namespace knative-serving"*)
    [ -n "$FAKE_KNATIVE" ] || { echo 'namespaces "knative-serving" not found' >&2; exit 1; }
    printf '%s' "$FAKE_KNATIVE" ;;
  *"get deployment dapr-sidecar-injector"*)
    [ -n "$FAKE_DAPR" ] || { echo 'deployments "dapr-sidecar-injector" not found' >&2; exit 1; }
    printf '%s' "$FAKE_DAPR" ;;
  *"get configmap config-domain"*) printf '%b' "$FAKE_DOMAINS" ;;
  *"get crd clusterissuers.cert-manager.io"*)
    [ -n "$FAKE_CERT_MANAGER" ] || { echo 'crd not found' >&2; exit 1; }
    echo "clusterissuers.cert-manager.io" ;;
  *"get secret todo-secrets -o jsonpath"*) printf 'c2V0' ;;
esac
exit 0
"""
KN = """#!/usr/bin/env bash
echo "kn $*" >>"$FAKE_LOG"
case "$*" in
  version*) printf 'Version:      v%s\\nBuild Date:   2026-07-29\\n' "$FAKE_KN" ;;
  "service describe gateway"*) echo "http://gateway.todo.203.0.113.7.sslip.io" ;;
esac
exit 0
"""
CURRENT = {
    "FAKE_KNATIVE": "1.23.0",
    "FAKE_DAPR": "1.18.3",
    "FAKE_KN": "1.23.0",
    "FAKE_CERT_MANAGER": "1.21.1",
}
OUR_DOMAIN = "todo.mydomain.dev"


@dataclass
class Deploy:
    returncode: int
    stdout: str
    stderr: str
    commands: list[str] = field(default_factory=list)

    def ran(self, prefix: str) -> bool:
        return any(command.startswith(prefix) for command in self.commands)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """deploy/ and knative/ copied, the OKE placeholders (which deploy.sh refuses) filled in."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "deploy", root / "deploy")
    shutil.copytree(ROOT / "knative", root / "knative")
    oke = root / "deploy" / "overlays" / "oke"
    for name, old, new in (
        ("domain.yaml", "todo.example.com", OUR_DOMAIN),
        ("config.yaml", "auth.example.com", "auth.mydomain.dev"),
    ):
        (oke / name).write_text((oke / name).read_text().replace(old, new))
    return root


def deploy(repo: Path, target: str, *, dry_run: bool = False, **fakes: str) -> Deploy:
    """Run deploy.sh TARGET with the stand-in tools; `fakes` set what they answer."""
    real = shutil.which("kubectl")
    assert real, "kubectl is needed to render deploy/ (kubectl kustomize)"
    bin_dir = repo.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, text in (("kubectl", KUBECTL), ("kn", KN)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    log = repo.parent / "commands.log"
    log.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in ("IMAGE", "DEPLOY_RENDER_DIR")}
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}",
        "REAL_KUBECTL": real,
        "FAKE_LOG": str(log),
        "FAKE_DOMAINS": "",
        "DEPLOY_RENDER_DIR": str(repo.parent / "render"),
        **CURRENT,
        **fakes,
    }
    if target == "oke":
        env["IMAGE"] = "fra.ocir.io/t/todo-events:1.2.3"
    args = ["bash", str(repo / "knative" / "deploy.sh"), target]
    result = subprocess.run(
        [*args, "--dry-run"] if dry_run else args,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    commands = [
        line for line in log.read_text().splitlines() if not line.startswith("kubectl kustomize")
    ]
    return Deploy(result.returncode, result.stdout, result.stderr, commands)


@pytest.mark.parametrize("target", ["minikube", "oke"])
def test_with_current_versions_it_deploys_and_says_how_to_sign_in(repo: Path, target: str) -> None:
    done = deploy(repo, target)
    assert done.returncode == 0, done.stderr
    assert done.ran("kubectl apply -f") and done.ran("kn service create eventing")
    assert "The UI: http://gateway.todo.203.0.113.7.sslip.io" in done.stdout
    if target == "minikube":
        assert "http://gateway.todo.203.0.113.7.sslip.io/#token=" in done.stdout
        assert "todo token alice" in done.stdout
    else:
        assert "Better Auth" in done.stdout


@pytest.mark.parametrize(
    ("fakes", "message"),
    [
        ({"FAKE_KNATIVE": "1.18.2"}, "Knative Serving 1.18.2 found; need >= 1.22"),
        ({"FAKE_KNATIVE": ""}, "Knative Serving is not installed"),
        ({"FAKE_DAPR": "1.15.3"}, "Dapr 1.15.3 found; need >= 1.17"),
        ({"FAKE_DAPR": ""}, "Dapr is not installed"),
        ({"FAKE_KN": "1.10.0"}, "kn 1.10.0 found; --filename needs kn >= 1.11"),
    ],
)
def test_an_old_or_missing_platform_stops_it_before_any_change(
    repo: Path, fakes: dict[str, str], message: str
) -> None:
    refused = deploy(repo, "minikube", dry_run=False, **fakes)
    assert refused.returncode == 1
    assert message in refused.stderr
    changes = ("kubectl apply", "kubectl replace", "kubectl -n todo delete", "kn service create")
    assert not any(refused.ran(change) for change in changes), refused.commands


def test_oke_without_cert_manager_stops_before_any_change(repo: Path) -> None:
    refused = deploy(repo, "oke", FAKE_CERT_MANAGER="")
    assert refused.returncode == 1
    assert "cert-manager is not installed" in refused.stderr
    assert not any(refused.ran(change) for change in ("kubectl apply", "kn service create"))


def test_minikube_needs_no_cert_manager(repo: Path) -> None:
    done = deploy(repo, "minikube", FAKE_CERT_MANAGER="")
    assert done.returncode == 0, done.stderr


def test_a_patch_release_and_a_flavoured_dapr_image_count_as_their_version(repo: Path) -> None:
    # Dapr's chart labels its deployments with the image tag, e.g. 1.18.3-mariner.
    done = deploy(repo, "minikube", FAKE_KNATIVE="1.22.1", FAKE_DAPR="1.18.3-mariner")
    assert done.returncode == 0, done.stderr


def test_the_dry_run_checks_nothing_in_the_cluster(repo: Path) -> None:
    done = deploy(repo, "minikube", dry_run=True, FAKE_KNATIVE="1.10.0", FAKE_DAPR="")
    assert done.returncode == 0, done.stderr
    assert done.commands == []  # only kubectl kustomize ran
    assert "kubectl apply -f" in done.stdout


def test_config_domain_is_replaced_so_it_holds_our_domain_alone(repo: Path) -> None:
    # Knative's serving-default-domain job left its sslip.io entry in the live config-domain.
    done = deploy(repo, "oke", FAKE_DOMAINS="203.0.113.7.sslip.io\\n_example\\n")
    assert done.returncode == 0, done.stderr
    assert f"config-domain held 203.0.113.7.sslip.io; it is replaced by {OUR_DOMAIN}" in done.stderr
    knative = repo.parent / "render" / "knative.yaml"
    assert f"kubectl replace -f {knative}" in done.commands
    assert not any("apply" in c and "knative.yaml" in c for c in done.commands)
    (domain,) = [d for d in yaml.safe_load_all(knative.read_text()) if d]
    assert (domain["metadata"]["name"], domain["data"]) == ("config-domain", {OUR_DOMAIN: ""})
    setup = (repo.parent / "render" / "setup.yaml").read_text()
    assert "config-domain" not in setup  # an apply of it would keep the sslip.io key
    # The replacement comes before anything that needs the domain (the services).
    order = [c.split(" ")[:3] for c in done.commands]
    assert order.index(["kubectl", "replace", "-f"]) < order.index(["kn", "service", "create"])


def test_a_config_domain_with_our_domain_only_gives_no_warning(repo: Path) -> None:
    done = deploy(repo, "oke", FAKE_DOMAINS=f"{OUR_DOMAIN}\\n_example\\n")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr


def test_the_dry_run_says_config_domain_is_replaced(repo: Path) -> None:
    done = deploy(repo, "oke", dry_run=True)
    assert done.returncode == 0, done.stderr
    assert "kubectl replace -f" in done.stdout
    assert "config-domain is replaced" in done.stderr
    minikube = deploy(repo, "minikube", dry_run=True)
    assert "kubectl replace" not in minikube.stdout  # Minikube keeps the sslip.io domain


def test_the_placeholder_domain_is_still_refused(repo: Path) -> None:
    domain = repo / "deploy" / "overlays" / "oke" / "domain.yaml"
    domain.write_text(domain.read_text().replace(OUR_DOMAIN, "todo.example.com"))
    refused = deploy(repo, "oke")
    assert refused.returncode == 1 and "set your domain" in refused.stderr


def test_deploy_stops_when_the_secret_lacks_the_event_signing_key() -> None:
    # The stand-in kubectl finds every key, so the list of required keys is read from the script.
    script = (KNATIVE / "deploy.sh").read_text()
    loop = r"for key in ([A-Z_ ]+); do\n(?:.*\n){0,2}.*get secret todo-secrets"
    checked = re.search(loop, script)
    assert checked is not None and "EVENT_SIGNING_KEY" in checked[1].split()


# ---------------------------------------------------------------------------------------------
# deploy/topics.sh brings Redpanda's topics to deploy/topics.yaml

RPK = """#!/usr/bin/env bash
echo "rpk $*" >>"$FAKE_LOG"
case "$*" in
  "topic list") printf 'NAME         PARTITIONS  REPLICAS\\n%b' "$FAKE_TOPICS" ;;
esac
exit 0
"""
WEEK_MS = 7 * 24 * 3600 * 1000


def declared_topics() -> dict[str, dict[str, int]]:
    doc = yaml.safe_load((ROOT / "deploy" / "topics.yaml").read_text())
    return {t["name"]: {k: v for k, v in t.items() if k != "name"} for t in doc["topics"]}


def run_topics(
    tmp_path: Path, existing: str, *args: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "rpk").write_text(RPK)
    (bin_dir / "rpk").chmod(0o755)
    log = tmp_path / "rpk.log"
    log.write_text("")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_LOG": str(log),
        "FAKE_TOPICS": existing,
    }
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / "topics.sh"), "cloud", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result, log.read_text().splitlines()


def test_the_topics_file_declares_every_topic_with_days_of_retention() -> None:
    topics = declared_topics()
    assert set(topics) == set(TOPICS)
    for name, settings in topics.items():
        assert settings["partitions"] >= 1, name
    # Events must outlive a consumer outage of days (a long weekend).
    for name in ("task-events", "reminders"):
        assert topics[name]["retention.ms"] >= WEEK_MS, name
    # Live updates: at least the update stream's 48 h of replay.
    assert topics["task-updates"]["retention.ms"] >= RETENTION_HOURS * 3600 * 1000


def test_topics_are_created_or_brought_to_their_retention(tmp_path: Path) -> None:
    topics = declared_topics()
    # task-events exists (with the partitions declared), the other two do not.
    done, calls = run_topics(tmp_path, "task-events  3  1\\n")
    assert done.returncode == 0, done.stderr
    keep = topics["task-events"]["retention.ms"]
    assert f"rpk topic alter-config task-events --set retention.ms={keep}" in calls
    assert not any(c.startswith("rpk topic create task-events") for c in calls)
    for name in ("reminders", "task-updates"):
        settings = topics[name]
        assert (
            f"rpk topic create {name} --partitions {settings['partitions']} "
            f"--topic-config retention.ms={settings['retention.ms']} "
            "--topic-config cleanup.policy=delete"
        ) in calls
    assert done.stderr == ""


def test_a_partition_count_that_differs_is_reported_not_changed(tmp_path: Path) -> None:
    done, calls = run_topics(tmp_path, "task-events  1  1\\nreminders 3 1\\ntask-updates 3 1\\n")
    assert done.returncode == 0, done.stderr
    assert "task-events has 1 partitions, deploy/topics.yaml says 3" in done.stderr
    assert not any("add-partitions" in c or "topic create" in c for c in calls)


def test_the_topics_dry_run_runs_nothing(tmp_path: Path) -> None:
    done, calls = run_topics(tmp_path, "", "--dry-run")
    assert done.returncode == 0 and calls == []
    assert done.stdout.count("rpk topic create") == len(TOPICS)
