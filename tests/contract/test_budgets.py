"""The database's connection budget, added up from the rendered overlays.

Every workload at its max-scale holds at most its pool (DB_POOL_SIZE) plus its overflow
(DB_MAX_OVERFLOW) plus the plain asyncpg connections its process opens beside the pool; the
migration Job holds one. The sum must fit DB_CONNECTION_BUDGET of the overlay's todo-config
(the database's max_connections less its reserved slots), or a busy hour ends in "too many
connections" for whoever connects last.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eventing.settings import EventingSettings
from functions.runtime import FunctionSettings
from gateway.live import READ_CONNECTIONS
from gateway.settings import Settings
from tests.contract.rendering import KNATIVE_SERVICE, OVERLAYS, ROOT, Doc, key_of, rendered

AUTOSCALING = "autoscaling.knative.dev/"
# Connections a process opens outside its pool (read from the code they come from):
DIRECT = {
    # gateway/live.py: the update hub's LISTEN connection and its READ_CONNECTIONS readers.
    "gateway": 1 + READ_CONNECTIONS,
    # eventing/relay.py (LISTEN + advisory locks) and eventing/webhook_sender.py (LISTEN).
    "eventing": 2,
    "function": 0,
}
# core/store/migrations/env.py: make_engine(url, pool_size=1, max_overflow=0).
MIGRATION_CONNECTIONS = 1
DEFAULT_POOLS: dict[str, Any] = {
    "gateway": Settings.model_fields,
    "eventing": EventingSettings.model_fields,
    "function": FunctionSettings.model_fields,
}


class BudgetError(AssertionError):
    """A manifest leaves the connection count unbounded or unreadable."""


def _env(container: Doc) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}


def role(doc: Doc) -> str:
    """gateway, eventing or function: which code (and so which settings) a service runs."""
    env = _env(doc["spec"]["template"]["spec"]["containers"][0])
    if "FUNCTION_SOURCE" in env:
        return "function"
    return env.get("TODO_ROLE", "gateway")


def per_replica(doc: Doc) -> int:
    """The most connections one replica of a Knative Service opens."""
    kind = role(doc)
    env = _env(doc["spec"]["template"]["spec"]["containers"][0])
    fields = DEFAULT_POOLS[kind]
    pool = int(env.get("DB_POOL_SIZE", fields["db_pool_size"].default))
    overflow_default = fields["db_max_overflow"].default
    overflow = int(
        env.get("DB_MAX_OVERFLOW", pool if overflow_default is None else overflow_default)
    )
    return pool + overflow + DIRECT[kind]


def max_scale(doc: Doc) -> int:
    name = doc["metadata"]["name"]
    notes = doc["spec"]["template"].get("metadata", {}).get("annotations", {})
    value = notes.get(AUTOSCALING + "max-scale")
    if value is None or int(value) <= 0:
        raise BudgetError(f"{name} has no max-scale: its connections are unbounded")
    return int(value)


def demand(docs: list[Doc]) -> dict[str, int]:
    """Workload -> the most connections it holds at once (its max-scale replicas)."""
    found = {
        d["metadata"]["name"]: max_scale(d) * per_replica(d)
        for d in docs
        if key_of(d) == KNATIVE_SERVICE
    }
    for job in (d for d in docs if d["kind"] == "Job"):
        found[job["metadata"]["name"]] = job["spec"].get("parallelism", 1) * MIGRATION_CONNECTIONS
    return found


def budget(docs: list[Doc]) -> int:
    (config,) = [
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "todo-config"
    ]
    if "DB_CONNECTION_BUDGET" not in config.get("data", {}):
        raise BudgetError("todo-config declares no DB_CONNECTION_BUDGET")
    return int(config["data"]["DB_CONNECTION_BUDGET"])


def over_budget(docs: list[Doc]) -> str | None:
    """Why the workloads do not fit the budget, or None when they do."""
    needed = demand(docs)
    total, allowed = sum(needed.values()), budget(docs)
    if total <= allowed:
        return None
    return f"{total} connections at max-scale > DB_CONNECTION_BUDGET {allowed}: {needed}"


def service(docs: list[Doc], name: str) -> Doc:
    (found,) = [d for d in docs if key_of(d) == KNATIVE_SERVICE and d["metadata"]["name"] == name]
    return found


def set_env(doc: Doc, name: str, value: str | None) -> None:
    container = doc["spec"]["template"]["spec"]["containers"][0]
    container["env"] = [e for e in container.get("env", []) if e["name"] != name]
    if value is not None:
        container["env"].append({"name": name, "value": value})


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_workload_at_max_scale_fits_the_connection_budget(overlay: str) -> None:
    docs = rendered(overlay)
    assert over_budget(docs) is None
    needed = demand(docs)
    # Every workload that connects was counted: six services and the migration Job.
    assert set(needed) == {
        "gateway",
        "eventing",
        "recur",
        "notify",
        "audit",
        "push",
        "todo-migrate",
    }
    print(overlay, needed, sum(needed.values()), "of", budget(docs))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_sets_its_pool_explicitly(overlay: str) -> None:
    for doc in (d for d in rendered(overlay) if key_of(d) == KNATIVE_SERVICE):
        env = _env(doc["spec"]["template"]["spec"]["containers"][0])
        assert {"DB_POOL_SIZE", "DB_MAX_OVERFLOW"} <= set(env), doc["metadata"]["name"]


def test_the_settings_read_the_pool_variables() -> None:
    # A misspelt setting would leave the defaults in force while the budget counts the manifest.
    for fields in DEFAULT_POOLS.values():
        assert {"db_pool_size", "db_max_overflow"} <= set(fields)
    assert FunctionSettings.model_validate({"db_max_overflow": "1"}).db_max_overflow == 1


def test_a_workload_beyond_the_budget_is_caught() -> None:
    docs = rendered("oke")
    scaled = copy.deepcopy(docs)
    notes = service(scaled, "audit")["spec"]["template"]["metadata"]["annotations"]
    notes[AUTOSCALING + "max-scale"] = "10"  # the old default: 4 functions x 10 x 3 alone = 120
    assert over_budget(scaled)

    bigger_pool = copy.deepcopy(docs)
    set_env(service(bigger_pool, "gateway"), "DB_POOL_SIZE", "20")
    assert over_budget(bigger_pool)

    # Without DB_MAX_OVERFLOW the overflow defaults to the pool size: counted, and too much.
    default_overflow = copy.deepcopy(docs)
    for name in ("recur", "notify", "audit", "push"):
        set_env(service(default_overflow, name), "DB_POOL_SIZE", "5")
        set_env(service(default_overflow, name), "DB_MAX_OVERFLOW", None)
    assert over_budget(default_overflow)

    smaller_database = copy.deepcopy(docs)
    for d in smaller_database:
        if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "todo-config":
            d["data"]["DB_CONNECTION_BUDGET"] = "50"
    assert over_budget(smaller_database)


def test_an_unbounded_workload_is_caught() -> None:
    docs = rendered("minikube")
    del service(docs, "push")["spec"]["template"]["metadata"]["annotations"][
        AUTOSCALING + "max-scale"
    ]
    with pytest.raises(BudgetError, match="push has no max-scale"):
        over_budget(docs)
    docs = rendered("minikube")
    for d in docs:
        if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "todo-config":
            del d["data"]["DB_CONNECTION_BUDGET"]
    with pytest.raises(BudgetError, match="no DB_CONNECTION_BUDGET"):
        over_budget(docs)


def test_the_docs_table_shows_the_worst_case_of_the_manifests() -> None:
    docs = (ROOT / "docs" / "deploy.md").read_text()
    total = sum(demand(rendered("oke")).values())
    assert f"| **worst case** | | | | | **{total}** |" in docs
    assert f"DB_CONNECTION_BUDGET` in `todo-config` ({budget(rendered('oke'))})" in docs
