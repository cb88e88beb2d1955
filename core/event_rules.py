"""The API's rules applied to what an event says about a task, before a function acts on it.

A signed event was made by our own relay from a row the API validated, so this normally passes;
it is the second line behind the signature (a leaked key, a row written around the API) and
keeps the functions from storing what the API itself would refuse, such as 1,000 reminders.
The rules are the API's own validators (`TaskCreate`), not a copy of them.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from core.events import Event, ReminderDue, TaskChanged, TaskEvent, TaskSnapshot
from core.tasks import TaskCreate

# The task fields the API validates one by one. The recurrence rule is left out on purpose: a
# rule saved before today's stricter checks is still read as it was saved, and recur treats a
# rule it cannot compute as the event's own fault already (see core/series_check.py).
_CHECKED = ("title", "description", "priority", "tags", "due", "timezone", "reminders")


class EventBreaksRules(ValueError):
    """The event's content is something the API would refuse."""


def check_event(event: Event) -> None:
    """Raise EventBreaksRules if `event` carries task content the API would not accept."""
    if isinstance(event, TaskEvent | TaskChanged):
        _check_task(event.task)
    elif isinstance(event, ReminderDue):
        fields = {"title": event.title, "reminders": [event.reminder]}
        _check(lambda: TaskCreate.model_validate(fields, context={"stored": True}))


def _check_task(task: TaskSnapshot) -> None:
    fields: dict[str, Any] = task.model_dump(mode="json", include=set(_CHECKED))
    # Reminders stored before the date range was enforced stay readable, as in the API.
    _check(lambda: TaskCreate.model_validate(fields, context={"stored": True}))


def _check(validate: Any) -> None:
    try:
        validate()
    except (ValidationError, ValueError) as exc:
        raise EventBreaksRules(f"event content breaks the API's rules: {exc}") from None
