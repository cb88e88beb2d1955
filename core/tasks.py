"""Task input and output shapes and the rules a task must keep, with no I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from core.errors import InvalidRecurrence, InvalidTask, TaskStateConflict
from core.priority import Priority
from core.recurrence import normalize_rule
from core.reminders import (
    MAX_REMINDERS,
    Reminder,
    merge_reminders,
)
from core.store.models import TaskRow
from core.tags import MAX_TAG_LENGTH, MAX_TAGS, TAG_DESCRIPTION, TAG_PATTERN, normalize_tags
from core.task_view import TASK_EXAMPLE, RecurrenceOut, TaskOut
from core.text import storable
from core.timefmt import (
    RANGE_TEXT,
    check_range,
    check_timezone,
    in_range,
    parse_rfc3339,
)

__all__ = [
    "MAX_TAGS",
    "MAX_TAG_LENGTH",
    "TAG_PATTERN",
    "RecurrenceOut",
    "TaskOut",
    "normalize_tags",
]

MAX_TITLE = 500
MAX_DESCRIPTION = 20_000
# What str.strip() removes (str.isspace()), and what PostgreSQL text cannot hold.
_STRIPPED = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
_UNSTORABLE = "\\x00"
# A title has a character that is not whitespace, and no NUL. (Lone surrogates are refused too,
# by core.text.storable; see core.tags on why no published pattern names them.)
TITLE_PATTERN = f"^[^{_UNSTORABLE}]*[^{_UNSTORABLE}{_STRIPPED}][^{_UNSTORABLE}]*$"
DESCRIPTION_PATTERN = f"^[^{_UNSTORABLE}]*$"
_TITLE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_TITLE,
    "pattern": TITLE_PATTERN,
    "description": f"1 to {MAX_TITLE} characters as sent, not all whitespace; surrounding "
    "whitespace is trimmed. Never null: a task always has a title",
}


def _nullable(schema: dict[str, Any], description: str) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [schema, {"type": "null"}], "description": description})


def _title(value: object) -> str:
    if value is None:
        raise ValueError("title cannot be empty or null: a task always has a title")
    if not isinstance(value, str):
        raise ValueError("title must be a string")
    if len(value) > MAX_TITLE:
        raise ValueError(f"title is longer than {MAX_TITLE} characters ({len(value)})")
    title = storable(value, what="title").strip()
    if not title:
        raise ValueError("title cannot be empty or only whitespace")
    return title


def _without_text(value: object) -> object:
    """Drop the read-only `text` a client may send back with a task it read."""
    if isinstance(value, dict) and "text" in value:
        return {key: item for key, item in value.items() if key != "text"}
    return value


class Recurrence(BaseModel):
    """`{"rule": "FREQ=WEEKLY;BYDAY=MO", "anchor": "due" | "completion"}`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"rule": "FREQ=WEEKLY;BYDAY=MO,WE,FR", "anchor": "due"},
                {"rule": "FREQ=DAILY;INTERVAL=2", "anchor": "completion"},
            ]
        },
    )

    rule: str = Field(
        description="an RFC 5545 RRULE (the `RRULE:` prefix is optional), hourly or less "
        "frequent, without DTSTART, EXDATE or RDATE; the task's due date is its start, in "
        "the task's time zone. COUNT is 1 to 100000, INTERVAL 1 to 1000. Returned in "
        "canonical form, e.g. FREQ=MONTHLY;BYMONTHDAY=1"
    )
    anchor: Literal["due", "completion"] = Field(
        default="due",
        description="due: the next one follows the due date; completion: it follows the "
        "moment the task was completed",
    )

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


_TAGS_SCHEMA = {
    "type": "array",
    "maxItems": MAX_TAGS,
    "items": {"type": "string", "pattern": TAG_PATTERN, "description": TAG_DESCRIPTION},
}
_ZONE_SCHEMA = {"type": "string", "minLength": 1, "examples": ["Europe/Berlin", "UTC"]}


class _TaskFields(BaseModel):
    """Validators shared by create and patch (each field optional here; null is its default)."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str | None, WithJsonSchema(_TITLE_SCHEMA)] = None
    description: Annotated[
        str | None,
        _nullable(
            {"type": "string", "maxLength": MAX_DESCRIPTION, "pattern": DESCRIPTION_PATTERN},
            f"up to {MAX_DESCRIPTION} characters, no NUL; null: empty",
        ),
    ] = None
    priority: Priority | None = Field(default=None, description="null: none")
    tags: Annotated[
        list[str] | None,
        _nullable(
            _TAGS_SCHEMA,
            f"at most {MAX_TAGS} tags as sent; duplicates (after normalising) are dropped, the "
            "first kept; null: no tags",
        ),
    ] = None
    due: datetime | None = Field(
        default=None,
        description=f"RFC 3339 with an offset, between {RANGE_TEXT}; null: no due date",
    )
    timezone: Annotated[
        str | None,
        _nullable(
            _ZONE_SCHEMA,
            "an IANA time zone (Europe/Berlin) in which the due date and recurrence are "
            "read and written; host-dependent names (localtime, posix/..., right/...) are "
            "refused; null: the user's time zone from /api/settings (UTC if none)",
        ),
    ] = None
    recurrence: Recurrence | None = Field(
        default=None, description="needs a due date; null: the task does not repeat"
    )
    reminders: list[Reminder] | None = Field(
        default=None,
        max_length=MAX_REMINDERS,
        description=f"at most {MAX_REMINDERS} as sent; equal ones (PT60M and PT1H, or the "
        "same instant) are merged, the first kept; null: no reminders",
    )

    @field_validator("title", mode="before")
    @classmethod
    def _check_title(cls, value: object) -> str:
        return _title(value)

    @field_validator("reminders", mode="before")
    @classmethod
    def _check_reminders(cls, value: object) -> object:
        return [_without_text(item) for item in value] if isinstance(value, list) else value

    @field_validator("reminders")
    @classmethod
    def _merge_reminders(cls, value: list[Reminder] | None) -> list[Reminder] | None:
        return None if value is None else merge_reminders(value)

    @field_validator("description", mode="before")
    @classmethod
    def _check_description(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if len(value) > MAX_DESCRIPTION:
            raise ValueError(
                f"description is longer than {MAX_DESCRIPTION} characters ({len(value)})"
            )
        return storable(value, what="description")

    @field_validator("tags", mode="before")
    @classmethod
    def _check_tags(cls, value: object, info: ValidationInfo) -> list[str] | None:
        if value is None:
            return None
        if isinstance(value, list) and len(value) > MAX_TAGS:
            raise ValueError(f"a task has at most {MAX_TAGS} tags, got {len(value)}")
        return normalize_tags(value, stored=bool(info.context and info.context.get("stored")))

    @field_validator("due", mode="before")
    @classmethod
    def _check_due(cls, value: object) -> datetime | None:
        if value is None:
            return None
        return check_range(parse_rfc3339(value, what="due"), what="due")

    @field_validator("timezone", mode="before")
    @classmethod
    def _check_timezone(cls, value: object) -> str | None:
        return None if value is None else check_timezone(value)


# The rules between fields, as JSON Schema: a recurrence, or a reminder "before" the due date,
# needs a due date. A body that breaks one is a 422; a PATCH that breaks one only with a field
# kept from the task is a 409 (see apply_fields).
_RECURRING = {"required": ["recurrence"], "properties": {"recurrence": {"type": "object"}}}
_REMINDED_BEFORE = {
    "required": ["reminders"],
    "properties": {
        "reminders": {"type": "array", "contains": {"type": "object", "required": ["before"]}}
    },
}
_DUE_GIVEN = {"required": ["due"], "properties": {"due": {"type": "string"}}}
_DUE_CLEARED = {"required": ["due"], "properties": {"due": {"type": "null"}}}


def _create_schema(schema: dict[str, Any]) -> None:
    schema["examples"] = [TASK_EXAMPLE, {"title": "Buy milk"}]
    schema["allOf"] = [
        {"if": _RECURRING, "then": _DUE_GIVEN},
        {"if": _REMINDED_BEFORE, "then": _DUE_GIVEN},
    ]


class TaskCreate(_TaskFields):
    """The body of POST /api/tasks: only `title` is required; null is the same as absent."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_create_schema)

    title: Annotated[str, WithJsonSchema(_TITLE_SCHEMA)]


def _patch_schema(schema: dict[str, Any]) -> None:
    # The title has no default to fall back on: absent keeps it, null is refused.
    schema["properties"]["title"].pop("default", None)
    schema["examples"] = [
        {"priority": "urgent", "due": "2026-12-02T09:00:00+01:00"},
        {"due": None, "recurrence": None, "reminders": None},
    ]
    schema["allOf"] = [
        {"if": _RECURRING, "then": {"not": _DUE_CLEARED}},
        {"if": _REMINDED_BEFORE, "then": {"not": _DUE_CLEARED}},
    ]


class TaskPatch(_TaskFields):
    """The body of PATCH /api/tasks/{id}: only the fields sent change; null resets a field
    to its default (title excepted: it cannot be null)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_schema)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name (null included, to clear a field)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


# Fields whose change restarts a series from the task's due (and has its rule checked again).
SERIES_FIELDS = frozenset({"due", "recurrence", "timezone"})


def apply_fields(
    row: TaskRow, fields: dict[str, Any], *, default_zone: str = "UTC", stored: bool = False
) -> None:
    """Write validated fields onto `row` (null: the field's default), then check the rules
    that span several fields. `default_zone` is the user's zone, what a null timezone means.

    `stored`: `row` is a saved task being changed. A rule that fails between a field sent and
    one kept from the task (a rule for a task without a due date) is then a conflict with the
    task's state (TaskStateConflict, 409), not an invalid request: the same body is fine for
    another task. A rule that fails between fields of the body itself stays InvalidTask (422).
    """
    for name, value in fields.items():
        _write_field(row, name, value, default_zone)
    try:
        check_task(row)
    except InvalidTask as problem:
        if stored and len(problem.involves) > 1 and not problem.involves <= fields.keys():
            raise TaskStateConflict(problem.message, field=problem.field) from None
        raise
    if row.recurrence_rule and (SERIES_FIELDS & fields.keys()):
        # The series goes on from here: later occurrences follow the new due date and rule.
        row.series_origin = row.due
        row.series_base_index = row.occurrence_index or 0


def _write_field(row: TaskRow, name: str, value: Any, default_zone: str) -> None:
    """One validated field onto `row`, in its stored form (null: the field's default)."""
    if name == "priority":
        row.priority = (value or Priority.none).rank
    elif name == "recurrence":
        row.recurrence_rule = value.rule if value else None
        row.recurrence_anchor = value.anchor if value else None
        if value and row.series_id is None:
            row.series_id = row.id
    elif name == "reminders":
        row.reminders = [reminder.to_json() for reminder in value or []]
    elif name == "tags":
        row.tags = value or []
    elif name == "description":
        row.description = value or ""
    elif name == "timezone":
        row.timezone = value or default_zone
    elif name == "title" and value is None:
        raise InvalidTask("title cannot be empty or null", field="title")
    else:
        setattr(row, name, value)


def _broken(message: str, field: str, *involves: str) -> InvalidTask:
    problem = InvalidTask(message, field=field)
    problem.involves = frozenset((field, *involves))
    return problem


def check_task(row: TaskRow) -> None:
    """Cross-field rules: recurrence and relative reminders need a due date; due in range.

    A reminder "before" may fire a little before 1900-01-01 (at most 366 days before a due
    date in range): such a moment is long past, so it fires at once, marked late; nothing
    overflows there. Refusing it would make a rule no API document can state.
    """
    if row.recurrence_rule and row.due is None:
        raise _broken("a recurring task needs a due date", "due", "recurrence")
    if row.due is None and any("before" in item for item in row.reminders):
        raise _broken(
            'a reminder "before" the due date needs a due date; use {"at": ...} instead',
            "reminders",
            "due",
        )
    # The fields were checked one by one; this covers a row stored before the range was
    # enforced.
    if row.due is not None and not in_range(row.due):
        raise _broken(f"due must be between {RANGE_TEXT}", "due")
