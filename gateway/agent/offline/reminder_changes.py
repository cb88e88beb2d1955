"""What update_task gets for a reminder edit, and what the reply says.

The tool replaces the whole list, so a new reminder is sent with the task's reminders so far
("remind me about 2 an hour before" on a task with a reminder a day before sends both); "change
the reminder on 1 to ..." and "remove the reminders from 1" replace them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.nl.reminder_times import describe, resolve
from gateway.agent.offline import replies
from gateway.agent.offline.intents import Act


def reminders_for(act: Act, task: dict[str, Any], *, now: datetime, tz: str) -> list[str]:
    """The task's reminders so far followed by the new ones, as update_task takes them."""
    due = _due_of(task, tz)
    repeating = bool((task.get("recurrence") or {}).get("rule"))
    new = resolve(list(act.changes["remind"]), due, repeating, now=now, tz=tz)
    kept = [] if act.changes.get("replace") else _existing(task)
    return list(dict.fromkeys([*kept, *new]))


def problem(act: Act, task: dict[str, Any]) -> str:
    """Why the reminder cannot be set on `task` ("" when it can)."""
    specs = act.changes["remind"]
    if task.get("due") or not any(spec.needs_due or spec.at_due for spec in specs):
        return ""
    name = task.get("title", "that task")
    return (
        f"“{name}” has no due date, so there is no time to remind you relative to. Give it one "
        f"first, e.g. “move {name} to friday 3pm”, or say when: “remind me about {name} at 5pm”."
    )


def report(
    act: Act, before: dict[str, Any], after: dict[str, Any], *, now: datetime, tz: str
) -> str:
    """ "Added a reminder to “Dentist appointment”: 1 hour before." """
    name = f"“{after.get('title', before.get('title', '?'))}”"
    if act.changes.get("replace"):
        now_set = reminders_for(act, before, now=now, tz=tz)
        if not now_set:
            return f"{name} has no reminders now."
        return f"{name} now reminds you: {', '.join(_words(now_set, now=now, tz=tz))}."
    old = set(_existing(before))
    now_set = _existing(after) or reminders_for(act, before, now=now, tz=tz)
    new = [r for r in now_set if r not in old] or now_set
    words = _words(new, now=now, tz=tz)
    noun = "a reminder" if len(words) == 1 else "reminders"
    return f"Added {noun} to {name}: {', '.join(words)}."


def _words(reminders: list[str], *, now: datetime, tz: str) -> list[str]:
    return [
        describe(r) if r.startswith("P") else replies.when(r, now=now, tz=tz) for r in reminders
    ]


def _existing(task: dict[str, Any]) -> list[str]:
    """The task's reminders as strings (the task shows them as {"before"} / {"at"})."""
    found: list[str] = []
    for item in task.get("reminders") or []:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            value = item.get("before") or item.get("at")
            if isinstance(value, str):
                found.append(value)
    return found


def _due_of(task: dict[str, Any], tz: str) -> datetime | None:
    if not task.get("due"):
        return None
    return datetime.fromisoformat(task["due"]).astimezone(ZoneInfo(task.get("timezone") or tz))
