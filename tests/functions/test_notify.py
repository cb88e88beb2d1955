"""The notify function: one notification per reminder occurrence, only while it is wanted."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core import services
from core.events import ReminderDue
from core.humanize import describe_moment
from core.store.eventing_models import (
    NotificationRow,
    OutboxRow,
    UserSettingsRow,
)
from core.store.models import TaskRow
from core.store.uow import UnitOfWork
from core.tasks import TaskCreate, TaskPatch
from eventing.webhook import sign
from eventing.webhook_sender import WebhookSender
from functions.notify.handler import body_text
from tests.functions.conftest import FunctionClient, signed
from tests.support.cloud_events import MODES, cloud_event
from tests.support.servers import serve_in_thread
from tests.support.webhooks import deliveries, running, sender_settings, wait_for_delivery


async def task_with_reminder(sessions: async_sessionmaker[AsyncSession]) -> TaskRow:
    owner = f"notify-{uuid.uuid4().hex[:8]}"
    due = datetime.now(UTC) + timedelta(days=1)
    body = TaskCreate.model_validate(
        {"title": "call mom", "due": due.isoformat(), "reminders": [{"before": "PT1H"}]}
    )
    async with UnitOfWork(sessions) as uow:
        return await services.create_task(uow, owner, body, now=datetime.now(UTC))


def reminder_event(
    task: TaskRow, *, fire_at: datetime | None = None, version: int | None = None
) -> Any:
    assert task.due is not None
    return cloud_event(
        ReminderDue(
            task_id=task.id,
            owner=task.owner,
            title=task.title,
            reminder={"before": "PT1H"},
            fire_at=fire_at or task.due - timedelta(hours=1),
            due=task.due,
            reminder_version=task.reminder_version if version is None else version,
        )
    )


async def notifications(
    sessions: async_sessionmaker[AsyncSession], owner: str
) -> list[NotificationRow]:
    async with sessions() as session:
        query = select(NotificationRow).where(NotificationRow.owner == owner)
        return list((await session.execute(query)).scalars())


@pytest.mark.parametrize("mode", MODES)
async def test_reminder_notifies_once_and_updates_the_ui(
    mode: str, function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    task = await task_with_reminder(sessionmaker)
    headers, body = MODES[mode](reminder_event(task))
    client = function_client("notify")
    for _ in range(3):
        assert (await client.post("/", content=body, headers=headers)).status_code == 200
    [note] = await notifications(sessionmaker, task.owner)
    assert note.task_id == task.id and note.late is False
    # In words, in the task's zone (this user has no settings): no raw timestamp.
    assert task.due is not None
    assert note.body == f"call mom is due {describe_moment(task.due, 'UTC', note.created_at)}"
    assert note.due == task.due and note.timezone == "UTC"
    async with sessionmaker() as session:
        updates = (
            (
                await session.execute(
                    select(OutboxRow).where(
                        OutboxRow.partition_key == task.owner,
                        OutboxRow.type == "todo.update.notification",
                    )
                )
            )
            .scalars()
            .all()
        )
    assert [u.data["notification"]["id"] for u in updates] == [str(note.id)]


async def test_a_second_event_for_the_same_occurrence_adds_nothing(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    task = await task_with_reminder(sessionmaker)
    client = function_client("notify")
    for _ in range(2):  # two distinct events (ids) about one reminder occurrence
        headers, body = MODES["structured"](reminder_event(task))
        assert (await client.post("/", content=body, headers=headers)).status_code == 200
    assert len(await notifications(sessionmaker, task.owner)) == 1


async def test_rescheduled_completed_or_deleted_reminders_are_dropped(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    client = function_client("notify")
    stale = await task_with_reminder(sessionmaker)
    event = reminder_event(stale)
    async with UnitOfWork(sessionmaker) as uow:  # moving the due date reschedules
        new_due = (stale.due or datetime.now(UTC)) + timedelta(days=1)
        await services.update_task(
            uow,
            stale.owner,
            stale.id,
            TaskPatch.model_validate({"due": new_due.isoformat()}),
            now=datetime.now(UTC),
        )
    headers, body = MODES["structured"](event)
    assert (await client.post("/", content=body, headers=headers)).status_code == 200
    assert await notifications(sessionmaker, stale.owner) == []

    done = await task_with_reminder(sessionmaker)
    event = reminder_event(done)
    async with UnitOfWork(sessionmaker) as uow:
        await services.complete_task(uow, done.owner, done.id, now=datetime.now(UTC))
    headers, body = MODES["structured"](event)
    assert (await client.post("/", content=body, headers=headers)).status_code == 200
    assert await notifications(sessionmaker, done.owner) == []

    gone = await task_with_reminder(sessionmaker)
    event = reminder_event(gone)
    async with UnitOfWork(sessionmaker) as uow:
        await services.delete_task(uow, gone.owner, gone.id)
    headers, body = MODES["binary"](event)
    assert (await client.post("/", content=body, headers=headers)).status_code == 200
    assert await notifications(sessionmaker, gone.owner) == []


async def test_a_reminder_delivered_after_downtime_is_marked_late(
    function_client: FunctionClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    task = await task_with_reminder(sessionmaker)
    headers, body = MODES["structured"](
        reminder_event(task, fire_at=datetime.now(UTC) - timedelta(minutes=30))
    )
    assert (
        await function_client("notify").post("/", content=body, headers=headers)
    ).status_code == 200
    [note] = await notifications(sessionmaker, task.owner)
    assert note.late is True and "late" in note.body


class Receiver:
    """A webhook receiver that fails the first `failures` POSTs."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            self.received.append((dict(request.headers), await request.body()))
            if self.failures > 0:
                self.failures -= 1
                return Response(status_code=503)
            return Response(status_code=204)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    hooks = Receiver(failures=2)
    with serve_in_thread(hooks.app()) as url:
        yield hooks, f"{url}/hook"


async def test_webhook_is_queued_then_signed_and_retried(
    function_client: FunctionClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    database_url: str,
    receiver: tuple[Receiver, str],
) -> None:
    hooks, url = receiver
    task = await task_with_reminder(sessionmaker)
    secret = "s3cret-s3cret-s3cret"
    async with sessionmaker() as session, session.begin():
        session.add(
            UserSettingsRow(
                owner=task.owner, webhook_url=url, webhook_secret=secret, timezone="UTC"
            )
        )
    headers, body = MODES["structured"](reminder_event(task))
    assert (
        await function_client("notify").post("/", content=body, headers=headers)
    ).status_code == 200
    # notify only queued it: nothing was sent inside the reminder's delivery.
    assert hooks.received == []
    [queued] = await deliveries(sessionmaker, task.owner)
    assert queued.delivered_at is None and queued.attempts == 0
    settings = sender_settings(allow_private=True, initial_backoff=0.05, poll_interval=0.2)
    async with running(WebhookSender(database_url, sessionmaker, settings)):
        delivery = await wait_for_delivery(sessionmaker, task.owner)
    assert len(hooks.received) == 3  # two 503s, then accepted
    sent_headers, payload = hooks.received[-1]
    assert sent_headers["x-todo-signature"] == sign(payload, secret)
    assert json.loads(payload)["task_id"] == str(task.id)
    assert delivery.delivered_at is not None and delivery.attempts == 3 and delivery.status == 204


async def test_malformed_reminder_is_400(function_client: FunctionClient) -> None:
    body = signed(
        b'{"specversion":"1.0","id":"1","source":"/t","type":"todo.reminder.due",'
        b'"data":{"owner":1}}'
    )
    response = await function_client("notify").post(
        "/", content=body, headers={"Content-Type": "application/cloudevents+json"}
    )
    assert response.status_code == 400


def test_body_says_when_in_words() -> None:
    now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    due = datetime(2026, 12, 5, 8, 0, tzinfo=UTC) + timedelta(hours=1)
    berlin = "Europe/Berlin"
    assert body_text("Pay rent", due, berlin, now=now, late=False) == "Pay rent is due Today 10:00"
    assert body_text("Pay rent", due, berlin, now=due + timedelta(days=1), late=True) == (
        "Pay rent was due Yesterday 10:00 (delivered late)"
    )
    assert body_text("Pay rent", None, berlin, now=now, late=False) == "Reminder: Pay rent"
