"""Acting on existing tasks: find them (by list position, "it", or title), call the tool, report.

A title is looked up with list_tasks(q=...) first; one match is acted on, several are listed
with a question, none is said so. Each call to `step` works out from the conversation how far
the turn has got, so the flow needs no state between model calls.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from core.nl.dates import DEFAULT_TIME
from core.nl.recurrence import first_due
from core.timefmt import format_rfc3339
from gateway.agent.offline import moves, reminder_changes, replies
from gateway.agent.offline.conversation import (
    FIND_PREFIX,
    Conversation,
    Exchange,
    failure,
    is_task,
    last_group,
    last_task,
    shown_list,
    task_before,
    tasks_of,
)
from gateway.agent.offline.intents import Act, Decision, Target, ToolCall

_TOOLS = {
    "complete": "complete_task",
    "reopen": "reopen_task",
    "skip": "skip_task",
    "delete": "delete_task",
    "details": "get_task",
    "activity": "task_activity",
    "update": "update_task",
    "postpone": "update_task",
    "tag": "update_task",
    "untag": "update_task",
    "remind": "update_task",
}
_PAST = {"complete": "Completed", "reopen": "Reopened", "delete": "Deleted"}
_VERBS = {"details": "show", "activity": "show the history of", "update": "change"}


def step(
    act: Act, conversation: Conversation, *, now: datetime, tz: str, prefix: str = ""
) -> Decision:
    """The next step of `act`: a lookup, the action's calls, or the reply."""
    if act.action == "activity" and not act.targets:
        return _activity_overall(conversation, now=now, tz=tz)
    earlier = Conversation(
        user_text=conversation.user_text,
        turn=conversation.turn,
        exchanges=tuple(e for e in conversation.exchanges if e.turn < conversation.turn),
    )
    current = conversation.current
    resolved = _resolve(act, earlier, current, now=now, tz=tz)
    if isinstance(resolved, Decision):
        return resolved
    done = [e for e in current if not e.call_id.startswith(FIND_PREFIX)]
    if not done:
        undated = [t for t in resolved if not t.get("due")]
        if act.shift and _is_earlier(act.shift) and undated:
            # Earlier than no date at all is no date: ask rather than guess one.
            names = replies.quoted([str(t.get("title", "?")) for t in undated])
            return Decision.reply(
                f"There is no due date on {names} to bring forward. Say when instead, e.g. "
                f"“move {undated[0].get('title', 'it')} to friday”."
            )
        if act.action == "remind":  # a reminder before a task with no due date is asked about
            blocked = [text for t in resolved if (text := reminder_changes.problem(act, t))]
            if blocked:
                return Decision.reply(blocked[0])
        return Decision.call(*(_call(act, task, now=now, tz=tz) for task in resolved))
    problems = [failure(e.output) for e in done if failure(e.output)]
    if problems:
        names = replies.quoted([t.get("title", "?") for t in resolved])
        verb = _VERBS.get(act.action, act.action)
        return Decision.reply(f"I could not {verb} {names}: {problems[0]}")
    return Decision.reply(prefix + _report(act, resolved, done, now=now, tz=tz))


def _is_earlier(shift: relativedelta) -> bool:
    base = datetime(2000, 1, 1)
    return base + shift < base


def _resolve(
    act: Act, earlier: Conversation, current: list[Exchange], *, now: datetime, tz: str
) -> list[dict[str, Any]] | Decision:
    """The tasks the targets name, or the Decision to make first (the lookups, a question).

    Every title is looked up in the first step, in the order written; the i-th lookup of the
    turn answers the i-th title."""
    status = "completed" if act.action == "reopen" else "open"
    shown = shown_list(earlier) if status == "open" else None
    if shown:  # a title that names exactly one task of the list on screen needs no lookup
        act = replace(act, targets=tuple(_on_screen(t, shown) for t in act.targets))
    titles = [target for target in act.targets if target.kind == "title"]
    lookups = [e for e in current if e.call_id.startswith(FIND_PREFIX)]
    if titles and not lookups:
        return Decision.call(
            *(
                ToolCall("list_tasks", {"q": t.query, "status": status, "limit": 10}, "find")
                for t in titles
            )
        )
    answers = iter(lookups)
    tasks: list[dict[str, Any]] = []
    for target in act.targets:
        if target.kind == "title":
            lookup = next(answers, None)
            if lookup is None:
                return Decision.reply(f"I could not look for “{target.query}”.")
            found = _by_title(target, lookup, status, several=len(titles) > 1, now=now, tz=tz)
            if isinstance(found, Decision):
                return found
            tasks.append(found)
            continue
        named = _by_reference(target, earlier)
        if isinstance(named, str):
            return Decision.reply(named)
        tasks.extend(named)
    # "complete call mom and dad" may find "Call mom and dad" twice: act on it once.
    return list({str(task.get("id")): task for task in tasks}.values())


_ARTICLES = {"the", "a", "an", "my", "our", "that", "this"}


def _on_screen(target: Target, shown: list[dict[str, Any]]) -> Target:
    """The shown task a title target names, when the words fit exactly one of them."""
    if target.kind != "title":
        return target
    words = [w for w in re.findall(r"\w+", target.query.casefold()) if w not in _ARTICLES]
    fits = [
        task
        for task in shown
        if words and all(re.search(rf"\b{re.escape(w)}", str(task.get("title", "")).casefold())
                         for w in words)
    ]  # fmt: skip
    return Target(kind="id", query=str(fits[0]["id"])) if len(fits) == 1 else target


def _by_reference(target: Target, earlier: Conversation) -> list[dict[str, Any]] | str:
    if target.kind == "id":
        task = task_before(earlier, target.query, len(earlier.exchanges))
        return [task or {"id": target.query, "title": "that task"}]
    if target.kind == "it" and target.query:
        return _group(target.query, earlier)
    if target.kind == "it":
        task = last_task(earlier)
        return [task] if task else "Which task do you mean? Say its name or its number."
    shown = shown_list(earlier)
    if shown is None:
        return "There is no list to count in yet; say “show my tasks” first."
    index = target.position - 1 if target.position > 0 else target.position
    if not -len(shown) <= index < len(shown) or target.position == 0:
        return f"There is no number {target.position} in the last list (it had {len(shown)})."
    return [shown[index]]


def _group(which: str, earlier: Conversation) -> list[dict[str, Any]] | str:
    """ "both" or "all of them": the latest list shown or the tasks last acted on together."""
    group = last_group(earlier)
    if not group:
        return "There is no list to count in yet; say “show my tasks” first."
    if which == "both" and len(group) != 2:
        return f"Which two? The last list had {len(group)}; say their numbers, e.g. “1 and 3”."
    return group


def _by_title(
    target: Target, lookup: Exchange, status: str, *, several: bool, now: datetime, tz: str
) -> dict[str, Any] | Decision:
    problem = failure(lookup.output)
    if problem:
        return Decision.reply(f"I could not look for “{target.query}”: {problem}")
    items = tasks_of(lookup.output)
    wanted = target.query.casefold().removeprefix("the ")
    exact = [t for t in items if str(t.get("title", "")).casefold() == wanted]
    if len(exact) == 1 or len(items) == 1:
        return exact[0] if len(exact) == 1 else items[0]
    if not items:
        text = f"No {status} task matches “{target.query}”"
        return Decision.reply(text + (", so I changed nothing." if several else "."))
    return Decision.reply(replies.which_one(items, target.query, status, now=now, tz=tz))


def _call(act: Act, task: dict[str, Any], *, now: datetime, tz: str) -> ToolCall:
    task_id = str(task["id"])
    name = _TOOLS[act.action]
    if act.action == "activity":
        return ToolCall(name, {"task_id": task_id, "limit": 10})
    if name == "update_task":
        return ToolCall(name, {"task_id": task_id, **_changes(act, task, now=now, tz=tz)})
    if act.action == "delete" and act.changes.get("confirm") is True:
        return ToolCall(name, {"task_id": task_id, "confirm": True})
    return ToolCall(name, {"task_id": task_id})


def _changes(act: Act, task: dict[str, Any], *, now: datetime, tz: str) -> dict[str, Any]:
    """update_task arguments for one task: the changes said, with the moves worked out from
    the task itself (a shift from its due date, a new day at its clock time, a new clock time
    on its day, tags added to or taken from its own)."""
    changes = dict(act.changes)
    first = changes.pop("first_due", None)
    keep_clock = changes.pop("keep_clock", False)
    keep_date = changes.pop("keep_date", False)
    added = [*changes.pop("add_tags", ()), *(act.tags if act.action == "tag" else ())]
    dropped = {*changes.pop("drop_tags", ()), *(act.tags if act.action == "untag" else ())}
    if "recurrence" in changes:
        start = _start_of(str(changes["recurrence"]), task, first)
        if start is not None and start != task.get("due"):
            changes["due"] = start
    if "due" in changes and task.get("due") and (keep_clock or keep_date):
        changes["due"] = moves.combine(changes["due"], task, keep_clock=keep_clock)
    if act.action == "postpone" or act.shift:
        changes.update(_postponed(act, task, now=now, tz=tz))
    if act.action == "remind":  # the reminder specs become the task's new reminder list
        changes = {"reminders": reminder_changes.reminders_for(act, task, now=now, tz=tz)}
    elif "remind" in changes:  # "move it to saturday and remind me an hour before"
        specs = Act("remind", act.targets, {"remind": changes.pop("remind")})
        moved = {**task, "due": changes.get("due", task.get("due"))}
        changes["reminders"] = reminder_changes.reminders_for(specs, moved, now=now, tz=tz)
    if added or dropped:
        tags = dict.fromkeys([*(task.get("tags") or []), *added])
        changes["tags"] = [t for t in tags if t not in dropped]
    return changes


def _start_of(rule: str, task: dict[str, Any], first: str | None) -> str | None:
    """The due date a task gets when it starts repeating: its own due date moved to the rule's
    first occurrence on or after it ("every monday" moves a Tuesday task to Monday), or, without
    one, the rule's first occurrence from now."""
    if not task.get("due"):
        return first  # a repeating task needs a start
    due = datetime.fromisoformat(task["due"]).astimezone(ZoneInfo(task.get("timezone") or "UTC"))
    start = first_due(rule, due, start=due.date(), at=due.timetz().replace(tzinfo=None))
    return format_rfc3339(start) if start is not None else None


def _postponed(act: Act, task: dict[str, Any], *, now: datetime, tz: str) -> dict[str, Any]:
    zone = ZoneInfo(task.get("timezone") or tz)
    if task.get("due"):
        base = datetime.fromisoformat(task["due"]).astimezone(zone)
    else:
        base = datetime.combine(now.astimezone(zone).date(), DEFAULT_TIME, tzinfo=zone)
    # Wall-clock arithmetic in the task's zone: 09:00 stays 09:00 across a DST change.
    moved = (base.replace(tzinfo=None) + act.shift).replace(tzinfo=zone) if act.shift else base
    return {"due": format_rfc3339(moved), "timezone": str(zone)}


def _as_left(outputs: list[Any], tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tasks as the tools left them (a delete answers {"task": ...}); else as found."""
    after: list[dict[str, Any]] = []
    for output, task in zip(outputs, tasks, strict=False):
        result = output.get("task") if isinstance(output, dict) and "task" in output else output
        after.append(dict(result) if is_task(result) else task)
    return after


def _report(
    act: Act, tasks: list[dict[str, Any]], done: list[Exchange], *, now: datetime, tz: str
) -> str:
    outputs = [e.output for e in done]
    after = _as_left(outputs, tasks)
    names = replies.quoted([str(t.get("title", "?")) for t in after])
    if act.action == "delete":
        output = outputs[0] if outputs else {}
        if isinstance(output, dict) and output.get("deleted") is True:
            return f"Deleted {names}."
        return f"Delete {names}? Say yes to confirm."
    if act.action == "complete":
        text = "".join(_next_time(t, now=now, tz=tz) for t in after)
        if len(after) > 1 and text:  # "It repeats" would not say which one repeats
            text = "".join(
                _next_time(t, now=now, tz=tz).replace(" It ", f" “{t.get('title', '?')}” ", 1)
                for t in after
            )
        return f"Completed {names}." + text
    if act.action in _PAST:
        return f"{_PAST[act.action]} {names}."
    if act.action == "skip":
        moved = after[0].get("due") and after[0].get("due") != tasks[0].get("due")
        tail = (
            f" The next one is due {replies.when(after[0]['due'], now=now, tz=tz)}."
            if moved
            else ""
        )
        return f"Skipped this occurrence of {names}.{tail}"
    if act.action == "details":
        task = after[0]
        text = replies.task_summary(task, now=now, tz=tz) + "."
        return text + (f" {task['description']}" if task.get("description") else "")
    if act.action == "activity":
        return _activity_text(outputs[0], now=now, tz=tz)
    if act.action == "tag":
        return f"Tagged {names} " + " ".join("#" + t for t in act.tags) + "."
    if act.action == "remind":
        return reminder_changes.report(act, tasks[0], after[0], now=now, tz=tz)
    if act.action == "untag":
        return "Removed " + " ".join("#" + t for t in act.tags) + f" from {names}."
    return " ".join(
        _update_text(act, before, task, now=now, tz=tz)
        for before, task in zip(tasks, after, strict=False)
    )


def _update_text(
    act: Act, before: dict[str, Any], task: dict[str, Any], *, now: datetime, tz: str
) -> str:
    name = f"“{task.get('title', '?')}”"
    changes = act.changes
    if _kinds_of_change(act) > 1:  # a compound edit: say every field as it is now
        renamed = f" (was “{before.get('title')}”)" if "title" in changes else ""
        return "Updated " + replies.task_summary(task, now=now, tz=tz) + renamed + "."
    if act.action == "postpone" or ("due" in changes and "recurrence" not in changes):
        return f"Moved {name} to {replies.when(task.get('due'), now=now, tz=tz)}."
    if "title" in changes:
        return f"Renamed “{before.get('title', '?')}” to {name}."
    if "priority" in changes:
        level = task.get("priority", changes["priority"])
        return f"{name} is now " + ("urgent." if level == "urgent" else f"{level} priority.")
    if changes.get("clear_due"):
        return f"{name} has no due date now."
    if changes.get("clear_recurrence"):
        return f"{name} no longer repeats."
    recurrence = task.get("recurrence")
    if "recurrence" in changes and isinstance(recurrence, dict) and recurrence.get("rule"):
        words = replies.rule_words(task)
        due = f", next due {replies.when(task['due'], now=now, tz=tz)}" if task.get("due") else ""
        return f"{name} now repeats {words}{due}."
    return "Updated " + replies.task_summary(task, now=now, tz=tz) + "."


def _kinds_of_change(act: Act) -> int:
    """How many kinds of field an update changes (due date, title, priority, tags, ...)."""
    changed = set(act.changes) - {"timezone", "keep_clock", "keep_date", "first_due", "anchor"}
    moved = bool(act.shift) or act.action == "postpone" or bool(changed & {"due", "clear_due"})
    tagged = act.action in ("tag", "untag") or bool(changed & {"add_tags", "drop_tags", "tags"})
    others = changed - {"due", "clear_due", "add_tags", "drop_tags", "tags"}
    return int(moved) + int(tagged) + len(others)


def _next_time(task: dict[str, Any], *, now: datetime, tz: str) -> str:
    """For a repeating task: when the next one falls due."""
    recurrence = task.get("recurrence")
    if not isinstance(recurrence, dict) or not recurrence.get("rule") or not task.get("due"):
        return ""
    zone = ZoneInfo(task.get("timezone") or "UTC")
    rule, anchor = recurrence["rule"], recurrence.get("anchor", "due")
    words = replies.rule_words(task)
    if anchor == "completion":
        return f" It repeats {words}."
    due = datetime.fromisoformat(task["due"]).astimezone(zone).replace(tzinfo=None)
    following = rrulestr(rule, dtstart=due, ignoretz=True).after(due)
    if following is None:
        return " That was the last one."
    moment = format_rfc3339(following.replace(tzinfo=zone))
    return f" It repeats {words}; the next one is due {replies.when(moment, now=now, tz=tz)}."


def _activity_overall(conversation: Conversation, *, now: datetime, tz: str) -> Decision:
    current = conversation.current
    if not current:
        return Decision.call(ToolCall("task_activity", {"limit": 10}))
    problem = failure(current[0].output)
    if problem:
        return Decision.reply(f"I could not read the activity: {problem}")
    return Decision.reply(_activity_text(current[0].output, now=now, tz=tz))


def _activity_text(output: Any, *, now: datetime, tz: str) -> str:
    items = output.get("items", []) if isinstance(output, dict) else []
    if not items:
        return "No activity yet."
    lines = [f"Recent activity ({len(items)}):"]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            continue
        what = item.get("summary") or item.get("message") or item.get("type") or "change"
        title = item.get("title") or item.get("task_title")
        moment = item.get("time") or item.get("at") or item.get("created_at")
        text = f"{number}. {what}" + (f" “{title}”" if title else "")
        if isinstance(moment, str):
            try:
                text += f", {replies.when(moment, now=now, tz=tz)}"
            except ValueError:
                text += f", {moment}"
        lines.append(text)
    return "\n".join(lines)
