"""Events each function handles, and junk each must refuse: shared by the function suites."""

from __future__ import annotations

import uuid

from cloudevents.http import CloudEvent

from core.events import (
    NotificationCreated,
    NotificationOut,
    ReminderDue,
    TaskCompleted,
)
from core.subscriptions import ACCEPTS
from tests.functions.conftest import signed
from tests.support.cloud_events import cloud_event
from tests.support.tasks import snapshot

FUNCTIONS = list(ACCEPTS)


def wanted_event(name: str) -> CloudEvent:
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
