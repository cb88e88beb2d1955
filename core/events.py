"""Domain events: past-tense facts about tasks, one pydantic model per type and version.

Each model knows its CloudEvent `type`, its `topic` and its schema version; `schemas/` holds the
JSON Schema generated from each (a test fails when they drift). The unit of work turns recorded
events into outbox rows; eventing/ wraps them in CloudEvents.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.task_view import TaskOut

# The Kafka topics (DESIGN.md): the only list of them. Each event model names its own.
TASK_EVENTS = "task-events"
REMINDERS = "reminders"
TASK_UPDATES = "task-updates"
TOPICS: tuple[str, ...] = (TASK_EVENTS, REMINDERS, TASK_UPDATES)


class TaskSnapshot(TaskOut):
    """A task as it was when the event happened, with what consumers need beyond the API view.

    Its reminders are the stored form, without `text` (push adds it for clients).
    """

    owner: str
    occurrence_index: int = 0
    reminder_version: int = 0
    series_origin: datetime | None = None
    series_base_index: int = 0


class FieldChange(BaseModel):
    """One changed field: its value before and after, in API form."""

    before: Any = None
    after: Any = None


class Event(BaseModel):
    """Base of every event's data. Unknown fields are kept out of the schema but tolerated."""

    model_config = ConfigDict(extra="ignore")

    type: ClassVar[str]
    topic: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def schema_id(cls) -> str:
        """The CloudEvent `dataschema` of this type and version."""
        return f"urn:todo-events:schema:{cls.type}:v{cls.version}"

    def partition_key(self) -> str:
        """The user the event belongs to: the Kafka key, so a user's events stay in order."""
        raise NotImplementedError

    def subject(self) -> str | None:
        """The task the event is about."""
        return None


class TaskEvent(Event):
    """A change of one task. `actor` says who made it: user, agent, or function:<name>."""

    topic: ClassVar[str] = TASK_EVENTS
    task: TaskSnapshot
    actor: str = Field(min_length=1)

    def partition_key(self) -> str:
        return self.task.owner

    def subject(self) -> str | None:
        return str(self.task.id)


class TaskCreated(TaskEvent):
    """A task was added (by a person, the agent, or recur for the next occurrence)."""

    type: ClassVar[str] = "todo.task.created"


class TaskUpdated(TaskEvent):
    """Fields of a task changed; `changes` holds each one's before and after."""

    type: ClassVar[str] = "todo.task.updated"
    changes: dict[str, FieldChange]


class TaskCompleted(TaskEvent):
    """A task (or one occurrence of a series) was marked done."""

    type: ClassVar[str] = "todo.task.completed"


class TaskReopened(TaskEvent):
    """A completed task was opened again."""

    type: ClassVar[str] = "todo.task.reopened"


class TaskSkipped(TaskEvent):
    """One occurrence of a recurring task was skipped; the series goes on."""

    type: ClassVar[str] = "todo.task.skipped"


class TaskDeleted(TaskEvent):
    """A task was deleted; with scope "series" its whole series ended."""

    type: ClassVar[str] = "todo.task.deleted"
    scope: Literal["task", "series"] = "task"


class ReminderDue(Event):
    """A reminder's time has come (published at `fire_at` through the outbox's deliver_at)."""

    type: ClassVar[str] = "todo.reminder.due"
    topic: ClassVar[str] = REMINDERS
    task_id: uuid.UUID
    owner: str
    title: str
    reminder: dict[str, str]
    fire_at: datetime
    due: datetime | None
    reminder_version: int

    def partition_key(self) -> str:
        return self.owner

    def subject(self) -> str | None:
        return str(self.task_id)


class TaskChanged(Event):
    """Live update: a task now looks like `task` (op upsert) or is gone (op delete)."""

    type: ClassVar[str] = "todo.update.task"
    topic: ClassVar[str] = TASK_UPDATES
    op: Literal["upsert", "delete"]
    task: TaskSnapshot

    def partition_key(self) -> str:
        return self.task.owner

    def subject(self) -> str | None:
        return str(self.task.id)


class NotificationOut(BaseModel):
    """A notification as the API and live updates show it."""

    id: uuid.UUID
    task_id: uuid.UUID | None
    title: str
    body: str = Field(description='in words, e.g. "Pay rent is due Today 09:00"')
    fire_at: datetime
    due: datetime | None = Field(default=None, description="the task's due date it was about")
    timezone: str = Field(default="UTC", description="the IANA zone to show `due` in")
    late: bool
    read: bool
    created_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> NotificationOut:
        """A stored notification (a NotificationRow)."""
        return cls(
            id=row.id, task_id=row.task_id, title=row.title, body=row.body, fire_at=row.fire_at,
            due=row.due, timezone=row.timezone, late=row.late, read=row.read_at is not None,
            created_at=row.created_at,
        )  # fmt: skip


class NotificationCreated(Event):
    """Live update: a reminder produced a notification for `owner`."""

    type: ClassVar[str] = "todo.update.notification"
    topic: ClassVar[str] = TASK_UPDATES
    owner: str
    notification: NotificationOut

    def partition_key(self) -> str:
        return self.owner

    def subject(self) -> str | None:
        task_id = self.notification.task_id
        return str(task_id) if task_id else None


class NotificationsRead(Event):
    """Live update: `owner` read some notifications (`ids`), or all of them (`ids` null)."""

    type: ClassVar[str] = "todo.update.notifications_read"
    topic: ClassVar[str] = TASK_UPDATES
    owner: str
    ids: list[uuid.UUID] | None = Field(description="the notifications now read; null: all")
    unread: int = Field(ge=0, description="how many are still unread")

    def partition_key(self) -> str:
        return self.owner


EVENT_TYPES: dict[str, type[Event]] = {
    model.type: model
    for model in (
        TaskCreated,
        TaskUpdated,
        TaskCompleted,
        TaskReopened,
        TaskSkipped,
        TaskDeleted,
        ReminderDue,
        TaskChanged,
        NotificationCreated,
        NotificationsRead,
    )
}


def snapshot(row: Any) -> TaskSnapshot:
    """The snapshot of a stored task row."""
    view = TaskOut.from_row(row)
    return TaskSnapshot.model_validate(
        {
            **view.model_dump(mode="json"),
            # The stored form: consumers copy reminders (recur), and words about "now" go stale.
            "reminders": list(row.reminders),
            "owner": row.owner,
            "occurrence_index": row.occurrence_index,
            "reminder_version": row.reminder_version,
            "series_origin": row.series_origin,
            "series_base_index": row.series_base_index,
        }
    )
