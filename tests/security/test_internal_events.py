"""Finding 3: internal endpoints took anything. Now every internal event carries the relay's
HMAC (`todosig`), each function and the router's binding endpoint answer 401 without it, event
content passes the API's rules, functions act on the stored task, the audit chain is keyed, and
standalone processes listen on 127.0.0.1 only.

The functions run as the README documents them (`functions-framework ... --host 127.0.0.1`)
in their own processes on real ports; the router's binding endpoint is the real eventing app
on a real uvicorn server; everything is checked in the real database.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from cloudevents.http import CloudEvent
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.cloudevents import to_json_bytes
from core.events import (
    Event,
    NotificationCreated,
    NotificationOut,
    ReminderDue,
    TaskCompleted,
    TaskCreated,
    TaskDeleted,
    TaskSnapshot,
)
from core.signing import SIGNATURE, KeyRing
from eventing.settings import EventingSettings
from tests.kafka_broker import free_port
from tests.support.cloud_events import MODES, cloud_event, unsigned_cloud_event
from tests.support.servers import serve_in_thread, wait_http_ready
from tests.support.waits import eventually, eventually_async, latest_async

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FUNCTIONS = ("recur", "notify", "audit", "push")
# This checkout's code, not whatever the virtualenv's editable install points at.
CHILD_ENV = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING"}


# --------------------------------------------------------------------------- helpers


def fake_task(owner: str, **fields: Any) -> TaskSnapshot:
    """A task snapshot the forger made up, in the victim's name."""
    now = datetime.now(UTC).isoformat()
    base = {
        "id": str(uuid.uuid4()), "title": "URGENT: wire the money today", "description": "",
        "priority": "urgent", "tags": [], "due": "2031-01-01T09:00:00+00:00",
        "timezone": "UTC", "recurrence": {"rule": "FREQ=DAILY"}, "reminders": [],
        "completed": True, "completed_at": now, "series_id": str(uuid.uuid4()),
        "created_at": now, "updated_at": now, "owner": owner,
    }  # fmt: skip
    return TaskSnapshot.model_validate({**base, **fields})


def forgeries(owner: str, task_id: str) -> dict[str, Event]:
    """What finding 3 forged, one per function, each aimed at `owner`."""
    note = NotificationOut(
        id=uuid.uuid4(), task_id=None, title="Your account is locked",
        body="Sign in again at https://evil.example/login", fire_at=datetime.now(UTC),
        late=False, read=False, created_at=datetime.now(UTC),
    )  # fmt: skip
    return {
        "recur": TaskCompleted(task=fake_task(owner), actor="user"),
        "audit": TaskDeleted(task=fake_task(owner, id=task_id, completed=False), actor="user"),
        "notify": ReminderDue(
            task_id=uuid.UUID(task_id),
            owner=owner,
            title="phish",
            reminder={"before": "PT5M"},
            fire_at=datetime.now(UTC),
            due=None,
            reminder_version=0,
        ),
        "push": NotificationCreated(owner=owner, notification=note),
    }


async def footprint(sessions: async_sessionmaker[AsyncSession], owner: str) -> dict[str, int]:
    """How many rows of each kind `owner` has, and how many events were ever taken or parked."""
    counts = {}
    async with sessions() as session:
        for table in ("tasks", "activity", "notifications", "updates"):
            counts[table] = int(
                await session.scalar(
                    text(f"SELECT count(*) FROM {table} WHERE owner = :o"),
                    {"o": owner},
                )
                or 0
            )
        for table in ("processed_events", "dead_letters"):
            counts[table] = int(await session.scalar(text(f"SELECT count(*) FROM {table}")) or 0)
    return counts


def wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    wait_http_ready(f"http://127.0.0.1:{port}/", proc, log, any_answer=True)


def readme_function_command() -> list[str]:
    """The README's documented way to run one function on its own."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"`(functions-framework [^`]+)`", readme)
    assert match is not None
    return match[1].split()


@pytest.fixture(scope="module")
def function_urls(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """Each function in its own process, started with the README's command, on a free port."""
    logs = tmp_path_factory.mktemp("functions")
    procs: dict[str, tuple[subprocess.Popen[bytes], int, Path]] = {}
    documented = readme_function_command()
    try:
        for name in FUNCTIONS:
            port = free_port()
            argv = [str(BIN / documented[0]), *documented[1:]]
            argv = [a.replace("<name>", name) for a in argv]
            argv[argv.index("--port") + 1] = str(port)
            log = logs / f"{name}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    argv, cwd=ROOT, env={**CHILD_ENV, "DATABASE_URL": database_url},
                    stdout=out, stderr=subprocess.STDOUT,
                )  # fmt: skip
            procs[name] = (proc, port, log)
        for proc, port, log in procs.values():
            wait_for_port(port, proc, log)
        yield {name: f"http://127.0.0.1:{port}/" for name, (_, port, _) in procs.items()}
    finally:
        for proc, _, _ in procs.values():
            proc.terminate()
            proc.wait(timeout=20)


@contextmanager
def binding_endpoint(database_url: str, app_api_token: str | None = None) -> Iterator[str]:
    """The router's binding endpoint: the real eventing app (functions in-process)."""
    from eventing.app import create_eventing_app

    settings = EventingSettings(
        database_url=database_url,
        event_transport="local",
        router_max_attempts=1,
        app_api_token=app_api_token,
    )
    with serve_in_thread(create_eventing_app(settings, relay=False)) as url:
        yield url


async def deliver(
    url: str, event: CloudEvent, binding: str = "task-events-audit", app_token: str | None = None
) -> httpx.Response:
    """POST a Kafka record's event to a binding endpoint, as the Dapr sidecar delivers it."""
    headers = {"Content-Type": "application/json"}
    if app_token is not None:
        headers["dapr-api-token"] = app_token
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.post(f"{url}/{binding}", content=to_json_bytes(event), headers=headers)


async def dead_letter_status(
    sessionmaker: async_sessionmaker[AsyncSession], event: CloudEvent
) -> int | None:
    async with sessionmaker() as session:
        status = await session.scalar(
            text("SELECT status FROM dead_letters WHERE event_id = :id"), {"id": event["id"]}
        )
    return None if status is None else int(status)


@pytest.fixture(scope="module")
def binding_url(database_url: str) -> Iterator[str]:
    with binding_endpoint(database_url) as url:
        yield url


@pytest.fixture
async def alice(
    make_client: Callable[[str | None], httpx.AsyncClient],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[tuple[str, httpx.AsyncClient, dict[str, Any]]]:
    """The victim: her name, her client, and one task of hers, its create applied everywhere.

    Audit and push apply the create independently, so the fixture waits for both: a footprint
    taken while push is still behind would see its live update arrive during the test.
    """
    name = f"alice-{uuid.uuid4().hex[:8]}"
    client = make_client(name)
    created = await client.post("/api/tasks", json={"title": "buy milk"})
    assert created.status_code == 201, created.text
    task = created.json()

    async def applied_by_both() -> bool:
        counts = await footprint(sessionmaker, name)
        assert counts["activity"] and counts["updates"], counts
        return True

    await eventually_async(applied_by_both, 10, "the create applied by audit and push")
    yield name, client, task


# --------------------------------------------------------------------------- functions: 401


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", FUNCTIONS)
async def test_a_forged_event_to_a_function_is_refused_and_changes_nothing(
    name: str,
    mode: str,
    function_urls: dict[str, str],
    alice: tuple[str, httpx.AsyncClient, dict[str, Any]],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    owner, client, task = alice
    forged = forgeries(owner, task["id"])[name]
    other_key = KeyRing((b"an-attacker-guessed-this-key",))
    tampered = cloud_event(forged)
    data = tampered.get_data()
    assert isinstance(data, dict)
    tampered.data = {**data, "actor": "agent"}  # changed after the relay signed it
    tasks_before = (await client.get("/api/tasks", params={"status": "all"})).json()
    before = await footprint(sessionmaker, owner)
    async with httpx.AsyncClient(timeout=10) as http:
        for attempt in (
            unsigned_cloud_event(forged),
            other_key.sign(unsigned_cloud_event(forged)),
            tampered,
        ):
            headers, body = MODES[mode](attempt)
            response = await http.post(function_urls[name], content=body, headers=headers)
            assert response.status_code == 401, (attempt.get(SIGNATURE), response.text)
    assert await footprint(sessionmaker, owner) == before
    assert (await client.get("/api/tasks", params={"status": "all"})).json() == tasks_before


@pytest.mark.parametrize("mode", MODES)
async def test_a_genuine_event_still_applies_over_http(
    mode: str, function_urls: dict[str, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"genuine-{uuid.uuid4().hex[:8]}"
    event = cloud_event(TaskCreated(task=fake_task(owner, completed=False), actor="user"))
    headers, body = MODES[mode](event)
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(function_urls["audit"], content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert (await footprint(sessionmaker, owner))["activity"] == 1


# --------------------------------------------------------------------------- binding endpoint


async def test_a_forged_post_to_the_binding_endpoint_is_refused_and_changes_nothing(
    binding_url: str,
    alice: tuple[str, httpx.AsyncClient, dict[str, Any]],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    owner, _, task = alice
    before = await footprint(sessionmaker, owner)
    for name, forged in forgeries(owner, task["id"]).items():
        topic = {"recur": "task-events", "audit": "task-events",
                 "notify": "reminders", "push": "task-updates"}[name]  # fmt: skip
        response = await deliver(binding_url, unsigned_cloud_event(forged), f"{topic}-{name}")
        assert response.status_code == 401, (name, response.text)
    assert await footprint(sessionmaker, owner) == before  # not even a dead letter


async def test_a_signed_event_with_1000_reminders_is_dead_lettered_and_writes_nothing(
    binding_url: str, function_urls: dict[str, str], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"flood-{uuid.uuid4().hex[:8]}"
    flood = [{"before": f"PT{minute + 1}M"} for minute in range(1000)]
    event = cloud_event(TaskCreated(task=fake_task(owner, reminders=flood), actor="user"))
    async with httpx.AsyncClient(timeout=30) as http:
        direct = await http.post(
            function_urls["audit"], content=to_json_bytes(event),
            headers={"Content-Type": "application/cloudevents+json"},
        )  # fmt: skip
    assert direct.status_code == 400 and "at most 10" in direct.text, direct.text
    routed = await deliver(binding_url, event)
    assert routed.status_code == 200 and routed.json()["result"] == "dead_lettered", routed.text
    assert await dead_letter_status(sessionmaker, event) == 400
    assert (await footprint(sessionmaker, owner))["activity"] == 0


# ------------------------------------------------ binding endpoint behind Dapr's app API token

APP_TOKEN = "dapr-app-token-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def dapr_binding_url(database_url: str) -> Iterator[str]:
    """The binding endpoint as deployed with `dapr.io/app-token-secret` (APP_API_TOKEN set)."""
    with binding_endpoint(database_url, APP_TOKEN) as url:
        yield url


async def test_behind_the_app_token_a_post_without_it_is_refused_and_changes_nothing(
    dapr_binding_url: str,
    alice: tuple[str, httpx.AsyncClient, dict[str, Any]],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    owner, _, task = alice
    forged = unsigned_cloud_event(forgeries(owner, task["id"])["audit"])
    genuine = cloud_event(TaskCreated(task=fake_task(owner, completed=False), actor="user"))
    before = await footprint(sessionmaker, owner)
    for event, token in ((forged, None), (genuine, None), (genuine, "a-guessed-token")):
        response = await deliver(dapr_binding_url, event, app_token=token)
        assert response.status_code == 401, response.text
    assert await footprint(sessionmaker, owner) == before


async def test_an_unsigned_record_delivered_by_dapr_is_dead_lettered_not_redelivered_for_ever(
    dapr_binding_url: str,
    alice: tuple[str, httpx.AsyncClient, dict[str, Any]],
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A record in Kafka without a valid signature (written before an upgrade, or by someone
    with broker access) is never applied, and Dapr gets a 200 so the partition moves on."""
    owner, _, task = alice
    forged = unsigned_cloud_event(forgeries(owner, task["id"])["audit"])
    before = await footprint(sessionmaker, owner)
    response = await deliver(dapr_binding_url, forged, app_token=APP_TOKEN)
    assert response.status_code == 200, response.text
    assert response.json()["result"] == "dead_lettered"
    assert await dead_letter_status(sessionmaker, forged) == 401
    after = await footprint(sessionmaker, owner)
    assert after["activity"] == before["activity"]  # nothing applied


@pytest.mark.parametrize(
    ("endpoint", "app_token"), [("binding_url", None), ("dapr_binding_url", APP_TOKEN)]
)
async def test_a_genuine_event_applies_through_the_binding_endpoint(
    endpoint: str,
    app_token: str | None,
    request: pytest.FixtureRequest,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Plain, and behind the app token as Dapr delivers a record."""
    owner = f"routed-{uuid.uuid4().hex[:8]}"
    event = cloud_event(TaskCreated(task=fake_task(owner, completed=False), actor="user"))
    response = await deliver(request.getfixturevalue(endpoint), event, app_token=app_token)
    assert response.status_code == 200 and response.json()["result"] == "applied", response.text
    assert (await footprint(sessionmaker, owner))["activity"] == 1


# --------------------------------------------------------------------------- functions re-read


async def test_recur_copies_the_stored_task_not_the_event(
    function_urls: dict[str, str],
    alice: tuple[str, httpx.AsyncClient, dict[str, Any]],
) -> None:
    owner, client, _ = alice
    made = await client.post(
        "/api/tasks",
        json={"title": "water plants", "due": "2031-01-01T09:00:00Z",
              "recurrence": {"rule": "FREQ=DAILY"}},
    )  # fmt: skip
    done = (await client.post(f"/api/tasks/{made.json()['id']}/complete")).json()
    # A validly signed completion whose snapshot says something else than what is stored.
    lie = fake_task(
        owner, id=done["id"], series_id=done["series_id"], completed_at=done["completed_at"],
        due=done["due"], title="URGENT: wire the money today", priority="urgent",
    )  # fmt: skip
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(
            function_urls["recur"],
            content=to_json_bytes(cloud_event(TaskCompleted(task=lie, actor="user"))),
            headers={"Content-Type": "application/cloudevents+json"},
        )
    assert response.status_code == 200, response.text

    async def series_of_two() -> list[dict[str, Any]]:
        listed = (await client.get("/api/tasks", params={"status": "all"})).json()["items"]
        series = [item for item in listed if item["series_id"] == done["series_id"]]
        assert len(series) == 2, series
        return series

    # The embedded recur (or the one above, whichever came first) made it once.
    series = await eventually_async(series_of_two, 10, "the series' next occurrence")
    assert {item["title"] for item in series} == {"water plants"}
    assert {item["priority"] for item in series} == {"none"}


# --------------------------------------------------------------------------- audit verify


async def test_audit_verify_reports_a_row_inserted_by_sql(
    alice: tuple[str, httpx.AsyncClient, dict[str, Any]],
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
) -> None:
    from core.activity import entry_content, entry_hash
    from gateway.audit_verify import verify_all

    owner, _, task = alice
    mine = [p for p in (await verify_all(database_url))[0] if p.owner == owner]
    assert mine == []  # her genuine chain verifies
    async with sessionmaker() as session:
        last = (
            await session.execute(
                text("SELECT seq, hash FROM activity WHERE owner = :o ORDER BY seq DESC LIMIT 1"),
                {"o": owner},
            )
        ).one()
        # The forger links the fake "deleted" entry properly and hashes it as the old chain
        # did: all it lacks is the audit writer's key.
        at = datetime.now(UTC)
        changes = {"deleted": {"before": False, "after": True}, "scope": {"after": "task"}}
        content = entry_content(
            owner=owner, seq=last.seq + 1, event_id=str(uuid.uuid4()), event_source="/todo/x",
            event_type="todo.task.deleted", task_id=task["id"], actor="user", occurred_at=at,
            changes=changes,
        )  # fmt: skip
        await session.execute(
            text(
                "INSERT INTO activity (owner, seq, event_id, event_source, event_type, task_id,"
                " actor, occurred_at, changes, prev_hash, hash) VALUES (:owner, :seq,"
                " :event_id, :event_source, :event_type, :task_id, :actor, :occurred_at,"
                " CAST(:changes AS jsonb), :prev_hash, :hash)"
            ),
            {
                **content, "task_id": uuid.UUID(task["id"]), "occurred_at": at,
                "changes": json.dumps(changes), "prev_hash": last.hash,
                "hash": entry_hash(last.hash, content),
            },
        )  # fmt: skip
        await session.commit()
    problems = [p for p in (await verify_all(database_url))[0] if p.owner == owner]
    assert [(p.seq, p.problem) for p in problems] == [
        (last.seq + 1, "not written by the audit writer (unkeyed after keyed)")
    ]
    wrong_key = KeyRing((b"some-other-deployments-key",))
    assert [p for p in (await verify_all(database_url, wrong_key))[0] if p.owner == owner]


# --------------------------------------------------------------------------- where they listen


def listening_addresses(port: int) -> set[str]:
    """The local addresses bound to `port` in LISTEN state (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_todo_eventing_listens_on_loopback_unless_told_otherwise(database_url: str) -> None:
    port = free_port()
    env = {k: v for k, v in CHILD_ENV.items() if k != "HOST"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from gateway.cli import main; raise SystemExit(main())",
         "eventing", "--no-relay", "--port", str(port)],
        cwd=ROOT, env={**env, "DATABASE_URL": database_url, "EVENT_TRANSPORT": "local"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:

        def listening() -> object:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read() if proc.stdout else "exited")
            return listening_addresses(port)

        eventually(listening, 30, "the router listening", interval=0.1)
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_functions_listen_on_loopback(function_urls: dict[str, str]) -> None:
    for url in function_urls.values():
        port = int(url.rsplit(":", 1)[1].strip("/"))
        assert listening_addresses(port) == {"0100007F"}, url


def test_todo_eventing_will_not_start_without_the_signing_key(database_url: str) -> None:
    env = {k: v for k, v in CHILD_ENV.items() if k != "EVENT_SIGNING_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "from gateway.cli import main; raise SystemExit(main())",
         "eventing", "--port", "0"],
        cwd=ROOT, env={**env, "DATABASE_URL": database_url}, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "EVENT_SIGNING_KEY is not set" in result.stderr


# --------------------------------------------------------------------------- embedded mode


def todo(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from gateway.cli import main; raise SystemExit(main())", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.fixture
def serve_without_key(pg_server: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`todo serve --data-dir` on a fresh database with no EVENT_SIGNING_KEY: its URL, env."""
    from tests.support.databases import fresh_database

    data_dir, port = tmp_path / "data", free_port()
    with fresh_database(pg_server) as url:
        env = {k: v for k, v in CHILD_ENV.items() if k not in {"EVENT_SIGNING_KEY", "HOST"}}
        env["DATABASE_URL"] = url
        log = tmp_path / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-c", "from gateway.cli import main; raise SystemExit(main())",
                 "serve", "--data-dir", str(data_dir), "--port", str(port)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_http_ready(f"{base}/readyz", proc, log)
            yield base, env
        finally:
            proc.terminate()
            proc.wait(timeout=30)


async def test_todo_serve_signs_with_a_key_of_its_data_folder(
    serve_without_key: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    """Without EVENT_SIGNING_KEY, `todo serve` makes one key in its data folder, its own
    in-process deliveries verify with it, and `todo audit verify` finds the chain keyed by it."""
    base, env = serve_without_key
    data_dir = tmp_path / "data"
    assert (data_dir / "auth" / "event-signing-key").is_file()
    bearer = todo("token", "carol", "--data-dir", str(data_dir), env=env).stdout.strip()
    headers = {"Authorization": f"Bearer {bearer}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=10) as carol:
        made = await carol.post("/api/tasks", json={"title": "signed at home"})
        assert made.status_code == 201, made.text
        await carol.post(f"/api/tasks/{made.json()['id']}/complete")

        async def both_audited() -> bool:
            return len((await carol.get("/api/activity")).json()["items"]) == 2

        # On timeout, `audit verify` below says what the chain holds.
        await latest_async(both_audited, bool, 30, interval=0.1)
    verified = todo("audit", "verify", "--data-dir", str(data_dir), env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "checked 2 entries: 0 problem(s)" in verified.stdout
    # Another folder's key did not write these entries.
    other = todo("audit", "verify", "--data-dir", str(tmp_path / "other"), env=env)
    assert other.returncode == 1 and "not written by the audit writer" in other.stdout


def test_a_function_will_not_start_without_the_signing_key(database_url: str) -> None:
    documented = readme_function_command()
    argv = [str(BIN / documented[0]), *documented[1:]]
    argv = [a.replace("<name>", "audit") for a in argv]
    argv[argv.index("--port") + 1] = str(free_port())
    env = {k: v for k, v in CHILD_ENV.items() if k != "EVENT_SIGNING_KEY"}
    result = subprocess.run(
        argv, cwd=ROOT, env={**env, "DATABASE_URL": database_url}, capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "EVENT_SIGNING_KEY is not set: function audit" in result.stderr
