"""Task input and output shapes and the rules a task must keep, with no I/O."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.errors import InvalidRecurrence, InvalidTask
from core.humanize import describe_reminder, describe_rule
from core.priority import Priority
from core.recurrence import normalize_rule
from core.reminders import MAX_REMINDERS, Reminder, reminders_from_json
from core.store.models import TaskRow
from core.text import storable
from core.timefmt import (
    RANGE_TEXT,
    check_range,
    check_timezone,
    format_in_zone,
    in_range,
    parse_rfc3339,
    zone,
)

MAX_TITLE = 500
MAX_DESCRIPTION = 20_000
MAX_TAGS = 30
MAX_TAG_LENGTH = 64
_TAG = re.compile(r"^[\w][\w\-.:/]*$")


def normalize_tags(value: object) -> list[str]:
    """Lower-case, drop a leading '#', de-duplicate keeping order; at most 30 tags."""
    if not isinstance(value, list):
        raise ValueError("tags must be a list of strings")
    tags: list[str] = []
    for raw in value:
        if not isinstance(raw, str):
            raise ValueError("each tag must be a string")
        tag = raw.strip().removeprefix("#").lower()
        if not tag or len(tag) > MAX_TAG_LENGTH or not _TAG.match(tag):
            raise ValueError(
                f"invalid tag {raw!r}: 1 to {MAX_TAG_LENGTH} letters, digits, - _ . : / "
                "and no spaces"
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"a task has at most {MAX_TAGS} tags, got {len(tags)}")
    return tags


def _title(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("title must be a string")
    title = storable(value, what="title").strip()
    if not title:
        raise ValueError("title must not be empty")
    if len(title) > MAX_TITLE:
        raise ValueError(f"title is longer than {MAX_TITLE} characters ({len(title)})")
    return title


def _without_text(value: object) -> object:
    """Drop the read-only `text` a client may send back with a task it read."""
    if isinstance(value, dict) and "text" in value:
        return {key: item for key, item in value.items() if key != "text"}
    return value


class Recurrence(BaseModel):
    """`{"rule": "FREQ=WEEKLY;BYDAY=MO", "anchor": "due" | "completion"}`."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    anchor: Literal["due", "completion"] = "due"

    @model_validator(mode="before")
    @classmethod
    def _ignore_text(cls, value: object) -> object:
        return _without_text(value)

    @field_validator("rule", mode="before")
    @classmethod
    def _rule(cls, value: object) -> str:
        try:
            return normalize_rule(value)
        except InvalidRecurrence as exc:  # reported with the other field errors of the body
            raise ValueError(exc.message) from None


class _TaskFields(BaseModel):
    """Validators shared by create and patch (each field optional here)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)
    priority: Priority | None = None
    tags: list[str] | None = None
    due: datetime | None = None
    timezone: str | None = None
    recurrence: Recurrence | None = None
    reminders: list[Reminder] | None = Field(default=None, max_length=MAX_REMINDERS)

    @field_validator("title", mode="before")
    @classmethod
    def _check_title(cls, value: object) -> str:
        return _title(value)

    @field_validator("reminders", mode="before")
    @classmethod
    def _check_reminders(cls, value: object) -> object:
        return [_without_text(item) for item in value] if isinstance(value, list) else value

    @field_validator("description", mode="before")
    @classmethod
    def _check_description(cls, value: object) -> object:
        return storable(value, what="description") if isinstance(value, str) else value

    @field_validator("tags", mode="before")
    @classmethod
    def _check_tags(cls, value: object) -> list[str]:
        return normalize_tags(value)

    @field_validator("due", mode="before")
    @classmethod
    def _check_due(cls, value: object) -> datetime | None:
        if value is None:
            return None
        return check_range(parse_rfc3339(value, what="due"), what="due")

    @field_validator("timezone", mode="before")
    @classmethod
    def _check_timezone(cls, value: object) -> str:
        return check_timezone(value)


class TaskCreate(_TaskFields):
    """The body of POST /api/tasks: only `title` is required."""

    title: str


class TaskPatch(_TaskFields):
    """The body of PATCH /api/tasks/{id}: only the fields sent change; null clears."""

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name (null included, to clear a field)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


# Fields whose change restarts a series from the task's due (and has its rule checked again).
SERIES_FIELDS = frozenset({"due", "recurrence", "timezone"})
_NOT_NULLABLE = ("title", "priority", "tags", "timezone", "reminders", "description")


def apply_fields(row: TaskRow, fields: dict[str, Any]) -> None:
    """Write validated fields onto `row`, then check the rules that span several fields."""
    for name in _NOT_NULLABLE:
        if name in fields and fields[name] is None:
            raise InvalidTask(f"{name} cannot be null", field=name)
    for name, value in fields.items():
        if name == "priority":
            row.priority = value.rank
        elif name == "recurrence":
            row.recurrence_rule = value.rule if value else None
            row.recurrence_anchor = value.anchor if value else None
            if value and row.series_id is None:
                row.series_id = row.id
        elif name == "reminders":
            row.reminders = [reminder.to_json() for reminder in value]
        else:
            setattr(row, name, value)
    check_task(row)
    if row.recurrence_rule and (SERIES_FIELDS & fields.keys()):
        # The series goes on from here: later occurrences follow the new due date and rule.
        row.series_origin = row.due
        row.series_base_index = row.occurrence_index or 0


def check_task(row: TaskRow) -> None:
    """Cross-field rules: recurrence and relative reminders need a due date; dates in range."""
    if row.recurrence_rule and row.due is None:
        raise InvalidTask("a recurring task needs a due date", field="due")
    if row.due is None and any("before" in item for item in row.reminders):
        raise InvalidTask(
            'a reminder "before" the due date needs a due date; use {"at": ...} instead',
            field="reminders",
        )
    # The fields were checked one by one; this also covers a row stored before the range was
    # enforced, and a "before" reminder that moves its moment out of range.
    if row.due is not None and not in_range(row.due):
        raise InvalidTask(f"due must be between {RANGE_TEXT}", field="due")
    for reminder in reminders_from_json(row.reminders):
        fires = reminder.fires_at(row.due)
        if fires is not None and not in_range(fires):
            raise InvalidTask(f"a reminder must fire between {RANGE_TEXT}", field="reminders")


class RecurrenceOut(BaseModel):
    """A task's recurrence as the API returns it, with the rule in words."""

    rule: str
    anchor: Literal["due", "completion"] = "due"
    text: str = Field(
        default="",
        description='read-only: the rule in words, e.g. "every weekday at 9:00"; ignored on input',
    )


class TaskOut(BaseModel):
    """A task as the API returns it."""

    id: uuid.UUID
    title: str
    description: str
    priority: Priority
    tags: list[str]
    due: str | None = Field(description="RFC 3339, written in the task's time zone")
    timezone: str
    recurrence: RecurrenceOut | None
    reminders: list[dict[str, str]] = Field(
        description='{"before": ISO 8601 duration} or {"at": RFC 3339}, each with a read-only '
        '`text` in words ("30 min before", "at Tue 8 Dec 09:00")'
    )
    completed: bool
    completed_at: datetime | None
    skipped: bool = Field(default=False, description="this occurrence was skipped, not done")
    series_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: TaskRow, *, now: datetime | None = None) -> TaskOut:
        """Render a stored task; `now` decides whether dates in words name their year."""
        tz = zone(row.timezone)
        recurrence = None
        if row.recurrence_rule:
            anchor: Literal["due", "completion"] = (
                "completion" if row.recurrence_anchor == "completion" else "due"
            )
            recurrence = RecurrenceOut.model_construct(
                rule=row.recurrence_rule,
                anchor=anchor,
                text=describe_rule(row.recurrence_rule, anchor, row.due, tz),
            )
        reminders = [
            {**item, "text": describe_reminder(item, tz, now)} for item in row.reminders or []
        ]
        return cls.model_construct(
            id=row.id,
            title=row.title,
            description=row.description,
            priority=Priority.from_rank(row.priority),
            tags=list(row.tags),
            due=format_in_zone(row.due, row.timezone),
            timezone=row.timezone,
            recurrence=recurrence,
            reminders=reminders,
            completed=row.completed,
            completed_at=row.completed_at,
            skipped=bool(row.skipped),
            series_id=row.series_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
