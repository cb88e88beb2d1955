"""`POST /api/tasks/parse`: what quick add would save for a line of text, without saving it.

The same parser as the chat's add ("call mom tomorrow 5pm p1 #family, remind me 30 minutes
before"); each piece it found comes back as a chip with its words, for the UI to show as the
user types. With `"mode": "date"` the text must be only a date or time ("next friday 5pm"),
as an editor's date field reads it: no title, and leftover words are an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
)

from core.errors import InvalidTask
from core.humanize import describe_moment, describe_reminder, describe_rule
from core.nl import parse_date_only
from core.priority import Priority
from core.services.settings import user_zone
from core.task_view import REMINDERS_OUT_SCHEMA
from core.tasks import RecurrenceOut, TaskCreate
from core.timefmt import check_timezone, format_rfc3339
from gateway.auth import CurrentUser
from gateway.deps import Now, Session

router = APIRouter(prefix="/api/tasks", tags=["tasks"])
MAX_TEXT = 1000
ChipKind = Literal["date", "time", "priority", "tag", "recurrence", "reminder"]


class ParseRequest(BaseModel):
    """A line of quick-add text; `timezone` defaults to the user's settings zone."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        max_length=MAX_TEXT, description='e.g. "pay rent every month on the 1st 9am p1 #home"'
    )
    timezone: str | None = None
    mode: Literal["task", "date"] = Field(
        default="task",
        description='task: a whole quick-add line; date: only a date or time, e.g. "next '
        'friday 5pm" (the answer has a null title; other words are a 422)',
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError('text must not be empty; e.g. "call mom tomorrow 5pm"')
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)


class Chip(BaseModel):
    """One piece quick add understood: its kind, the value in words, and the words it came from."""

    kind: ChipKind
    text: str = Field(description='the value in words, e.g. "Tomorrow 17:00"')
    source: str = Field(description='the words it came from, e.g. "tomorrow 5pm"')


class ParsedTask(BaseModel):
    """The task quick add would create (nothing is saved), and chips for what it understood."""

    title: str | None = Field(description="null in date mode")
    description: str | None = None
    priority: Priority
    tags: list[str]
    due: str | None = Field(description="RFC 3339 in `timezone`, or null")
    timezone: str
    recurrence: RecurrenceOut | None
    # Documented as TaskOut's reminders are: the same canonical forms with their `text`.
    reminders: Annotated[list[dict[str, str]], WithJsonSchema(REMINDERS_OUT_SCHEMA)] = Field(
        description='{"before": ISO 8601 duration} or {"at": RFC 3339}, each with `text`'
    )
    chips: list[Chip] = Field(description="in the order their words appear in the text")


def _checked(arguments: dict[str, object], tz: str) -> TaskCreate:
    """The arguments as POST /api/tasks would take them, or InvalidTask saying what is wrong."""
    reminders = [
        {"before": item} if str(item).startswith("P") else {"at": item}
        for item in arguments.get("reminders", [])  # type: ignore[attr-defined]
    ]
    body: dict[str, object] = {
        name: arguments[name]
        for name in ("title", "description", "priority", "tags", "due")
        if name in arguments
    }
    if "recurrence" in arguments:
        body["recurrence"] = {
            "rule": arguments["recurrence"],
            "anchor": arguments.get("anchor", "due"),
        }
    try:
        return TaskCreate.model_validate({**body, "timezone": tz, "reminders": reminders})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidTask(f"{where}: {message}", field=where) from None


@router.post("/parse", response_model=ParsedTask)
async def parse_task(
    body: ParseRequest, user: CurrentUser, session: Session, now: Now
) -> ParsedTask:
    """Parse quick-add text into task fields and chips, as the chat's add would; saves nothing."""
    tz = body.timezone or await user_zone(session, user.user_id)
    if body.mode == "date":
        return _date_only(body.text, tz=tz, now=now)
    # The offline quick-add model's rules: about 0.1 s of imports, paid by the first parse.
    from gateway.agent.offline.adding import parse_add

    plan = parse_add(body.text, now=now, tz=tz, explicit=True)
    if plan.error:
        raise InvalidTask(plan.error, field="text")
    task = _checked(plan.arguments, tz)
    recurrence = None
    if task.recurrence is not None:
        words = describe_rule(task.recurrence.rule, task.recurrence.anchor, task.due, tz)
        recurrence = RecurrenceOut(
            rule=task.recurrence.rule, anchor=task.recurrence.anchor, text=words
        )
    reminders = [item.to_json() for item in task.reminders or []]
    for item in reminders:
        item["text"] = describe_reminder(item, tz, now)
    chips = _chips(plan.sources, task, recurrence, reminders, tz=tz, now=now)
    lowered = body.text.lower()
    chips.sort(key=lambda chip: lowered.find(chip.source.lower()) % (len(lowered) + 1))
    return ParsedTask(
        title=task.title,
        description=task.description,
        priority=task.priority or Priority.none,
        tags=task.tags or [],
        due=format_rfc3339(task.due) if task.due else None,
        timezone=tz,
        recurrence=recurrence,
        reminders=reminders,
        chips=chips,
    )


def _date_only(text: str, *, tz: str, now: datetime) -> ParsedTask:
    """Date mode: the moment in `text` and its chip, or a 422 saying what is not a date."""
    try:
        found = parse_date_only(text, now=now, tz=tz)
    except ValueError as exc:
        raise InvalidTask(str(exc), field="text") from None
    kind: ChipKind = "date" if found.kind == "date" else "time"
    chip = Chip(kind=kind, text=describe_moment(found.due, tz, now), source=found.source)
    return ParsedTask(
        title=None,
        priority=Priority.none,
        tags=[],
        due=found.due.isoformat(),
        timezone=tz,
        recurrence=None,
        reminders=[],
        chips=[chip],
    )


def _chips(
    sources: dict[str, list[str]],
    task: TaskCreate,
    recurrence: RecurrenceOut | None,
    reminders: list[dict[str, str]],
    *,
    tz: str,
    now: datetime,
) -> list[Chip]:
    chips: list[Chip] = []
    when_kinds: tuple[ChipKind, ...] = ("date", "time")
    for kind in when_kinds:
        if task.due is not None and sources.get(kind):
            when = describe_moment(task.due, tz, now)
            chips.append(Chip(kind=kind, text=when, source=sources[kind][0]))
    if task.priority not in (None, Priority.none) and sources.get("priority"):
        assert task.priority is not None
        chips.append(
            Chip(
                kind="priority",
                text=task.priority.value.capitalize(),
                source=sources["priority"][0],
            )
        )
    first_words: dict[str, str] = {}
    for tag_words in sources.get("tag", []):
        first_words.setdefault(tag_words.removeprefix("#").rstrip(".:/-").lower(), tag_words)
    for tag in task.tags or []:
        chips.append(Chip(kind="tag", text=f"#{tag}", source=first_words.get(tag, f"#{tag}")))
    if recurrence is not None and sources.get("recurrence"):
        chips.append(Chip(kind="recurrence", text=recurrence.text, source=sources["recurrence"][0]))
    words = sources.get("reminder", [])
    for index, item in enumerate(reminders):
        chips.append(
            Chip(
                kind="reminder",
                text=item["text"],
                source=words[index] if index < len(words) else "",
            )
        )
    return chips
