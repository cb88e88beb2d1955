"""A task as the API returns it: the stored row in the task's zone, with words for people."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.humanize import describe_reminder, describe_rule
from core.priority import Priority
from core.reminders import (
    AT_DESCRIPTION,
    BEFORE_DESCRIPTION,
    BEFORE_PATTERN,
    format_duration,
    reminders_from_json,
)
from core.store.models import TaskRow
from core.timefmt import format_in_zone, zone

TASK_EXAMPLE: dict[str, Any] = {
    "title": "Pay rent",
    "description": "transfer to the landlord",
    "priority": "high",
    "tags": ["home", "bills"],
    "due": "2026-12-01T09:00:00+01:00",
    "timezone": "Europe/Berlin",
    "recurrence": {"rule": "FREQ=MONTHLY;BYMONTHDAY=1", "anchor": "due"},
    "reminders": [{"before": "PT30M"}, {"at": "2026-11-30T18:00:00Z"}],
}


class RecurrenceOut(BaseModel):
    """A task's recurrence as the API returns it, with the rule in words."""

    rule: str
    anchor: Literal["due", "completion"] = "due"
    text: str = Field(
        default="",
        description='read-only: the rule in words, e.g. "every weekday at 9:00"; ignored on input',
    )


_TEXT_OUT = {
    "type": "string",
    "readOnly": True,
    "description": 'read-only: the reminder in words ("30 min before", "at Tue 8 Dec 09:00"); '
    "ignored on input",
}
# The reminders of TaskOut as the document shows them. The field stays a list of dicts in
# Python, so the API's JSON and the event snapshots (TaskSnapshot extends TaskOut, whose
# schemas in schemas/ must not drift) stay exactly as they were.
REMINDERS_OUT_SCHEMA = {
    "type": "array",
    "description": "each reminder in canonical form with its read-only `text`",
    "items": {
        "oneOf": [
            {
                "title": "ReminderBeforeOut",
                "type": "object",
                "properties": {
                    "before": {
                        "type": "string",
                        "pattern": BEFORE_PATTERN,
                        "description": "canonical: " + BEFORE_DESCRIPTION,
                    },
                    "text": _TEXT_OUT,
                },
                "required": ["before", "text"],
                "additionalProperties": False,
            },
            {
                "title": "ReminderAtOut",
                "type": "object",
                "properties": {
                    "at": {"type": "string", "format": "date-time", "description": AT_DESCRIPTION},
                    "text": _TEXT_OUT,
                },
                "required": ["at", "text"],
                "additionalProperties": False,
            },
        ]
    },
}


_OUT_EXAMPLE: dict[str, Any] = {
    "id": "0b5c7f0e-7c1a-4d6e-9d43-2f1f4c1f2a10",
    **TASK_EXAMPLE,
    "priority": "high",
    "recurrence": {
        "rule": "FREQ=MONTHLY;BYMONTHDAY=1",
        "anchor": "due",
        "text": "every month on the 1st at 9:00",
    },
    "reminders": [
        {"before": "PT30M", "text": "30 min before"},
        {"at": "2026-11-30T18:00:00+00:00", "text": "at Mon 30 Nov 19:00"},
    ],
    "completed": False,
    "completed_at": None,
    "skipped": False,
    "series_id": "0b5c7f0e-7c1a-4d6e-9d43-2f1f4c1f2a10",
    "created_at": "2026-11-20T10:00:00Z",
    "updated_at": "2026-11-20T10:00:00Z",
}


def _reminder_out(item: dict[str, Any], tz: Any, now: datetime | None) -> dict[str, str]:
    text = describe_reminder(item, tz, now)
    if "before" not in item:
        return {**item, "text": text}
    try:  # stored by an older version, e.g. P1Y: returned in today's canonical form
        before = format_duration(reminders_from_json([item])[0].before or timedelta())
    except ValueError:
        before = item["before"]
    return {"before": before, "text": text}


def _out_schema(schema: dict[str, Any], cls: type[Any]) -> None:
    if cls is not TaskOut:  # event snapshots keep the schema their consumers validate against
        return
    schema["properties"]["reminders"] = REMINDERS_OUT_SCHEMA
    schema["examples"] = [_OUT_EXAMPLE]


class TaskOut(BaseModel):
    """A task as the API returns it."""

    model_config = ConfigDict(json_schema_extra=_out_schema)

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
        reminders = [_reminder_out(item, tz, now) for item in row.reminders or []]
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
