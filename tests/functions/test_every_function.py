"""What every function promises, checked for all four: 400 for junk, 5xx while the database is
down, 200 and no effect for a type it does not handle."""

from __future__ import annotations

import importlib
import uuid

import pytest

from core.events import (
    EVENT_TYPES,
    NotificationCreated,
    NotificationOut,
    ReminderDue,
    TaskCompleted,
)
from core.store.db import make_engine, make_sessionmaker
from core.subscriptions import ACCEPTS
from tests.functions.conftest import MODES, FunctionClient, cloud_event, signed
from tests.functions.test_audit import snapshot

FUNCTIONS = list(ACCEPTS)


def test_each_handler_accepts_its_entry_in_the_table() -> None:
    for name in FUNCTIONS:
        handler = importlib.import_module(f"functions.{name}.handler")
        main = importlib.import_module(f"functions.{name}.main")
        assert handler.ACCEPTS == ACCEPTS[name]
        assert main.ACCEPTS is handler.ACCEPTS  # what the entry point hands to `consume`


def wanted_event(name: str) -> object:
    """An event of a type `name` handles, for a user of its own."""
    owner = f"every-{uuid.uuid4().hex[:8]}"
    task = snapshot(owner, completed=True, due="2031-01-01T09:00:00+00:00",
                    recurrence={"rule": "FREQ=DAILY", "anchor": "due"},
                    completed_at="2031-01-01T10:00:00+00:00")  # fmt: skip
    if name in ("recur", "audit"):
        return cloud_event(TaskCompleted(task=task, actor="user"))
    if name == "notify":
        return cloud_event(
            ReminderDue(
                task_id=task.id,
                owner=owner,
                title="t",
                reminder={"before": "PT5M"},
                fire_at="2031-01-01T08:55:00+00:00",
                due="2031-01-01T09:00:00+00:00",
                reminder_version=1,
            )
        )
    note = NotificationOut(id=uuid.uuid4(), task_id=task.id, title="t", body="b",
                           fire_at="2031-01-01T08:55:00+00:00", late=False, read=False,
                           created_at="2031-01-01T08:55:00+00:00")  # fmt: skip
    return cloud_event(NotificationCreated(owner=owner, notification=note))


JUNK = [  # (body, the functions that handle its type and so must refuse it with 400)
    (b"", set(FUNCTIONS)),
    (b"[]", set(FUNCTIONS)),
    (b'{"specversion":"1.0","id":"1","source":"/t"}', set(FUNCTIONS)),
    # Signed, as if our own relay had sent them: the content is what is wrong (unsigned: 401).
    (signed(b'{"specversion":"1.0","id":"1","source":"/t","type":"todo.task.completed",'
            b'"data":"x"}'), {"recur", "audit"}),
    (signed(b'{"specversion":"1.0","id":"1","source":"/t","type":"todo.reminder.due",'
            b'"data":{}}'), {"notify"}),
    (signed(b'{"specversion":"1.0","id":"1","source":"/t","type":"todo.update.task",'
            b'"data":{"op":1}}'), {"push"}),
]  # fmt: skip


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(("body", "refused_by"), JUNK)
async def test_junk_is_400_unless_the_type_is_not_theirs(
    function_client: FunctionClient, name: str, body: bytes, refused_by: set[str]
) -> None:
    response = await function_client(name).post(
        "/", content=body, headers={"Content-Type": "application/cloudevents+json"}
    )
    assert response.status_code == (400 if name in refused_by else 200)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("mode", MODES)
async def test_database_down_is_5xx(function_client: FunctionClient, name: str, mode: str) -> None:
    dead = make_sessionmaker(make_engine("postgresql://postgres@127.0.0.1:1/none", pool_size=1))
    headers, body = MODES[mode](wanted_event(name))
    response = await function_client(name, dead).post("/", content=body, headers=headers)  # type: ignore[call-arg]
    assert response.status_code >= 500


# Every event type a function does not accept, from the one table (core/subscriptions.py).
UNHANDLED = [
    (name, kind) for name in FUNCTIONS for kind in sorted(set(EVENT_TYPES) - ACCEPTS[name])
]


@pytest.mark.parametrize(("name", "other"), UNHANDLED)
async def test_an_unhandled_type_is_acknowledged(
    function_client: FunctionClient, name: str, other: str
) -> None:
    # Unsigned with empty data: had the handler read it, the answer would be 401 or 400.
    body = b'{"specversion":"1.0","id":"z","source":"/t","type":"%s","data":{}}' % other.encode()
    response = await function_client(name).post(
        "/", content=body, headers={"Content-Type": "application/cloudevents+json"}
    )
    assert response.status_code == 200
