"""The sentences the offline model answers with, written from what the tools returned."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from core.humanize import describe_moment, describe_reminder, describe_rule
from gateway.agent.offline.conversation import failure

HELP = (
    "I can add, list, complete, reschedule, rename, skip and delete tasks. Try: "
    "“add pay rent every month on the 1st at 9am p1 #home”, "
    "“call mom tomorrow 5pm, remind me 30 minutes before”, "
    "“what's due this week”, “show high priority #work”, “find dentist”, “what's overdue”, "
    "“complete 2”, “done with dentist”, “move dentist to friday”, "
    "“rename groceries to buy food”, “skip gym”, “delete dentist”, “undo”."
)


# Question words always ask; an auxiliary asks when a subject follows ("do I…", "is the…"),
# so "do the dishes" and "have lunch with Sam" stay tasks.
_QUESTION = re.compile(
    r"^(?:what|what's|whats|who|who's|why|how|how's|when|where|where's|which|whose|any|anything"
    r"|(?:is|are|am|was|were|isn't|aren't)\b"
    r"|(?:can|could|do|does|did|will|would|should|shall|have|has|don't|doesn't|didn't)"
    r"\s+(?:i|you|u|we|they|he|she|it|there|my|our|anything|any|all)\b)\b",
    re.I,
)


def is_question(text: str) -> bool:
    """ "…?", or a sentence that starts like a question."""
    return text.rstrip().endswith("?") or bool(_QUESTION.match(text))


def not_understood(text: str) -> str:
    """The answer to a message that matched no command."""
    return f"Sorry, I did not understand “{text}”. {HELP}"


def when(value: str | None, *, now: datetime, tz: str) -> str:
    """ "Today 17:00", "Tomorrow", "Mon 7 Dec 09:00" in the user's zone, from RFC 3339 text."""
    if not value:
        return ""
    return describe_moment(datetime.fromisoformat(value), tz, now)


def reminder_words(item: dict[str, Any], *, now: datetime, tz: str) -> str:
    """ "reminder 30 min before", "reminder at Mon 30 Nov 08:00" (in the user's zone)."""
    return "reminder " + describe_reminder(item, tz, now)


def rule_words(task: dict[str, Any]) -> str:
    """A task's recurrence in words, at its time of day in its own zone."""
    recurrence = task.get("recurrence") or {}
    due = datetime.fromisoformat(task["due"]) if task.get("due") else None
    zone = task.get("timezone") or "UTC"
    return describe_rule(
        str(recurrence.get("rule", "")), recurrence.get("anchor", "due"), due, zone
    )


def task_summary(task: dict[str, Any], *, now: datetime, tz: str) -> str:
    """ "“Pay rent” — due Tomorrow 09:00, every month on the 1st at 9:00, urgent, #home, …"."""
    details = []
    due = datetime.fromisoformat(task["due"]) if task.get("due") else None
    if due is not None:
        late = not task.get("completed") and due < now
        details.append(("overdue since " if late else "due ") + when(task["due"], now=now, tz=tz))
    recurrence = task.get("recurrence")
    if isinstance(recurrence, dict) and recurrence.get("rule"):
        details.append(rule_words(task))
    if task.get("priority") not in (None, "none"):
        details.append(
            str(task["priority"]) + ("" if task["priority"] == "urgent" else " priority")
        )
    details.extend("#" + tag for tag in task.get("tags") or [])
    for item in task.get("reminders") or []:
        details.append(reminder_words(item, now=now, tz=tz))
    if task.get("completed"):
        details.append("done")
    title = f"“{task.get('title', '?')}”"
    return f"{title} — {', '.join(details)}" if details else title


def task_list(
    tasks: list[dict[str, Any]],
    *,
    label: str,
    now: datetime,
    tz: str,
    numbers: list[int] | None = None,
) -> str:
    """A numbered list, so that "complete 2" can refer to it; `numbers` are the tasks' places
    in the tool's answer when only some of them are shown."""
    if not tasks:
        return "You have no open tasks." if label == "open tasks" else f"No {label}."
    heading = "Your open tasks" if label == "open tasks" else label[:1].upper() + label[1:]
    lines = [f"{heading} ({len(tasks)}):"]
    for number, task in zip(numbers or range(1, len(tasks) + 1), tasks, strict=True):
        lines.append(f"{number}. {task_summary(task, now=now, tz=tz)}")
    return "\n".join(lines)


def which_one(
    tasks: list[dict[str, Any]], query: str, status: str, *, now: datetime, tz: str
) -> str:
    """Several tasks match: list them and ask."""
    lines = [f"Several {status} tasks match “{query}”. Which one?"]
    for number, task in enumerate(tasks, start=1):
        lines.append(f"{number}. {task_summary(task, now=now, tz=tz)}")
    # A blank line ends the list, so Markdown does not fold the question into the last item.
    return "\n".join(lines) + "\n\nSay its number, e.g. “1”."


def quoted(names: list[str]) -> str:
    """“A”; “A” and “B”; “A”, “B” and “C”."""
    marked = [f"“{name}”" for name in names] or ["that task"]
    return marked[0] if len(marked) == 1 else ", ".join(marked[:-1]) + " and " + marked[-1]


def added_several(results: list[tuple[dict[str, Any], Any]], *, now: datetime, tz: str) -> str:
    """Every task of a several-task add, one a line; a failed one is named with its reason."""
    added = [output for _, output in results if not failure(output) and isinstance(output, dict)]
    lines = [f"Added {len(added)} task{'' if len(added) == 1 else 's'}:"] if added else []
    lines += [f"- {task_summary(task, now=now, tz=tz)}" for task in added]
    for arguments, output in results:
        problem = failure(output)
        if problem or not isinstance(output, dict):
            lines.append(f"I could not add “{arguments.get('title')}”: {problem or output}")
    return "\n".join(lines)


# A count names this many titles; the rest are summed up.
_NAMED = 10


def task_count(tasks: list[dict[str, Any]], *, label: str, more: bool) -> str:
    """ "You have 2 tasks due today: “A”, “B”."; "Nothing is overdue."; "at least 100"."""
    count = len(tasks)
    number = f"{'at least ' if more else ''}{count}"
    titles = ", ".join(f"“{task.get('title', '?')}”" for task in tasks[:_NAMED])
    if count > _NAMED:
        titles += f" and {count - _NAMED} more"
    if label.startswith("tasks completed "):  # "how many did I finish this week"
        when = label.removeprefix("tasks completed ")
        if count == 0:
            return f"You completed no tasks {when}."
        return f"You completed {number} task{'' if count == 1 else 's'} {when}: {titles}."
    if count == 0:
        if label == "overdue tasks":
            return "Nothing is overdue."
        if label.startswith("tasks due "):
            return f"Nothing is {label.removeprefix('tasks ')}."
        return "You have no open tasks." if label == "open tasks" else f"You have no {label}."
    noun = label if count > 1 or more else label.replace("tasks", "task", 1)
    return f"You have {number} {noun}: {titles}."
