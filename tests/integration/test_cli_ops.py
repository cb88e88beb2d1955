"""`todo dlq` and `todo audit verify` as an operator runs them, on a database of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.cloudevents import to_json_bytes
from core.events import TaskCreated
from eventing.dead_letters import DeadLetters
from tests.support.cloud_events import cloud_event
from tests.support.tasks import snapshot

TODO = str(Path(sys.executable).parent / "todo")


def todo(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    return subprocess.run([TODO, *args], capture_output=True, text=True, env=env, timeout=120)


async def test_dlq_list_and_replay(
    module_database: str, module_sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"dlq-{uuid.uuid4().hex[:6]}"
    body = to_json_bytes(cloud_event(TaskCreated(task=snapshot(owner), actor="user")))
    letter = await DeadLetters(module_sessions).add(
        function="audit", topic="task-events", body=body, status=503, error="HTTP 503", attempts=5
    )
    listed = todo(module_database, "dlq", "list")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["id"], r["function"], r["status"], r["type"]) for r in rows] == [
        (letter, "audit", 503, "todo.task.created")
    ]
    replayed = todo(module_database, "dlq", "replay", str(letter))
    assert replayed.returncode == 0, replayed.stderr
    assert f"{letter}: delivered" in replayed.stdout
    async with module_sessions() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM activity WHERE owner = :o"), {"o": owner}
        )
    assert count == 1
    assert todo(module_database, "dlq", "list").stdout == ""
    assert todo(module_database, "dlq", "replay", "999999").returncode == 1


async def test_audit_verify_finds_changed_and_removed_entries(
    module_database: str, module_sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = f"chain-{uuid.uuid4().hex[:6]}"
    letters = DeadLetters(module_sessions)
    for title in ("one", "two", "three"):
        body = to_json_bytes(
            cloud_event(TaskCreated(task=snapshot(owner, title=title), actor="user"))
        )
        letter = await letters.add(
            function="audit", topic="task-events", body=body, status=503, error="x", attempts=1
        )
        assert todo(module_database, "dlq", "replay", str(letter)).returncode == 0
    clean = todo(module_database, "audit", "verify")
    assert clean.returncode == 0 and "0 problem(s)" in clean.stdout

    async with module_sessions() as session, session.begin():
        # The table refuses updates; a tamperer with table-owner rights would lift that first.
        with pytest.raises(Exception, match="append-only"):
            async with session.begin_nested():
                await session.execute(
                    text("UPDATE activity SET actor = 'x' WHERE owner = :o"), {"o": owner}
                )
        await session.execute(text("ALTER TABLE activity DISABLE TRIGGER activity_no_update"))
        await session.execute(
            text("UPDATE activity SET changes = '{}'::jsonb WHERE owner = :o AND seq = 1"),
            {"o": owner},
        )
        await session.execute(
            text("DELETE FROM activity WHERE owner = :o AND seq = 2"), {"o": owner}
        )
        await session.execute(text("ALTER TABLE activity ENABLE TRIGGER activity_no_update"))
    report = todo(module_database, "audit", "verify")
    assert report.returncode == 1
    assert f"{owner} entry 1: changed" in report.stdout
    assert f"{owner} entry 2: missing entries 2..2" in report.stdout
