"""The sentences the offline model answers with, written from what the tools returned."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from core.nl import describe_rule
from core.reminders import Reminder

HELP = (
    "I can add, list, complete, reschedule, rename, skip and delete tasks. Try: "
    "“add pay rent every month on the 1st at 9am p1 #home”, "
    "“call mom tomorrow 5pm, remind me 30 minutes before”, "
    "“what's due this week”, “show high priority #work”, “find dentist”, “what's overdue”, "
    "“complete 2”, “done with dentist”, “move dentist to friday”, "
    "“rename groceries to buy food”, “skip gym”, “delete dentist”, “undo”."
)


_QUESTION = re.compile(r"^(?:what|who|why|how|when|where|which|is|are|can|could|do|does)\b", re.I)


def not_understood(text: str) -> str:
    """The answer to a message that matched no command."""
    sorry = f"Sorry, I did not understand “{text}”."
    if text.endswith("?") or _QUESTION.match(text):
        return f"{sorry} {HELP}"
    return f"{sorry} To add it as a task, say “add {text}”. {HELP}"


def when(value: str | None, *, now: datetime, with_day: bool = True) -> str:
    """ "Tue 1 Dec 09:00" (the year too when it is not this year's) from RFC 3339 text."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    if not with_day:
        return f"{moment:%H:%M}"
    year = f" {moment.year}" if moment.year != now.year else ""
    return f"{moment:%a} {moment.day} {moment:%b}{year} {moment:%H:%M}"


def duration(value: timedelta) -> str:
    """timedelta(minutes=90) -> "1 hour 30 minutes"."""
    minutes = int(value.total_seconds() // 60)
    parts = []
    for size, name in ((7 * 24 * 60, "week"), (24 * 60, "day"), (60, "hour"), (1, "minute")):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {name}" + ("s" if count > 1 else ""))
    return " ".join(parts) or "0 minutes"


def reminder_words(item: dict[str, Any], task: dict[str, Any], *, now: datetime) -> str:
    """ "reminder at 09:00", "reminder 30 minutes before", "reminder at Mon 30 Nov 08:00"."""
    try:
        reminder = Reminder.model_validate(item)
    except ValueError:
        return "a reminder"
    due = datetime.fromisoformat(task["due"]) if task.get("due") else None
    if reminder.before is not None:
        if due is not None and reminder.before < timedelta(days=1):
            return "reminder at " + when(
                (due - reminder.before).isoformat(), now=now, with_day=False
            )
        return f"reminder {duration(reminder.before)} before"
    assert reminder.at is not None
    moment = reminder.at.astimezone(due.tzinfo) if due is not None else reminder.at
    same_day = due is not None and moment.date() == due.date()
    return "reminder at " + when(moment.isoformat(), now=now, with_day=not same_day)


def task_summary(task: dict[str, Any], *, now: datetime, tz: str) -> str:
    """ "“Pay rent” — due Tue 1 Dec 09:00, every month on the 1st, urgent, #home, reminder…"."""
    details = []
    if task.get("due"):
        late = not task.get("completed") and datetime.fromisoformat(task["due"]) < now
        details.append(("overdue since " if late else "due ") + when(task["due"], now=now))
    recurrence = task.get("recurrence")
    if isinstance(recurrence, dict) and recurrence.get("rule"):
        zone = task.get("timezone") or tz
        details.append(
            describe_rule(recurrence["rule"], anchor=recurrence.get("anchor", "due"), tz=zone)
        )
    if task.get("priority") not in (None, "none"):
        details.append(
            str(task["priority"]) + ("" if task["priority"] == "urgent" else " priority")
        )
    details.extend("#" + tag for tag in task.get("tags") or [])
    for item in task.get("reminders") or []:
        details.append(reminder_words(item, task, now=now))
    if task.get("completed"):
        details.append("done")
    title = f"“{task.get('title', '?')}”"
    return f"{title} — {', '.join(details)}" if details else title


def task_list(tasks: list[dict[str, Any]], *, label: str, now: datetime, tz: str) -> str:
    """A numbered list, so that "complete 2" can refer to it."""
    if not tasks:
        return "You have no open tasks." if label == "open tasks" else f"No {label}."
    heading = "Your open tasks" if label == "open tasks" else label[:1].upper() + label[1:]
    lines = [f"{heading} ({len(tasks)}):"]
    for number, task in enumerate(tasks, start=1):
        lines.append(f"{number}. {task_summary(task, now=now, tz=tz)}")
    return "\n".join(lines)


def which_one(
    tasks: list[dict[str, Any]], query: str, status: str, *, now: datetime, tz: str
) -> str:
    """Several tasks match: list them and ask."""
    lines = [f"Several {status} tasks match “{query}”. Which one?"]
    for number, task in enumerate(tasks, start=1):
        lines.append(f"{number}. {task_summary(task, now=now, tz=tz)}")
    lines.append("Say its number, e.g. “1”.")
    return "\n".join(lines)


def quoted(names: list[str]) -> str:
    """“A”; “A” and “B”; “A”, “B” and “C”."""
    marked = [f"“{name}”" for name in names] or ["that task"]
    return marked[0] if len(marked) == 1 else ", ".join(marked[:-1]) + " and " + marked[-1]
