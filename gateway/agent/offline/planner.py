"""The offline model's brain: from the conversation so far to the next tool calls or reply.

`decide` is pure: the same conversation, `now` and zone give the same decision. Each model call
re-reads the latest user message and the tool results since, so multi-step flows (look up by
title, then act, then report) need no memory beyond the conversation itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from gateway.agent.offline import acting, followups, replies
from gateway.agent.offline.commands import NO, YES, parse_command
from gateway.agent.offline.conversation import (
    FIND_PREFIX,
    Conversation,
    Exchange,
    failure,
    shown_list,
    task_before,
    tasks_of,
)
from gateway.agent.offline.followup_forms import spelled_out_follow_up
from gateway.agent.offline.intents import (
    Act,
    Add,
    Command,
    Confirm,
    Decision,
    ListTasks,
    Say,
    Target,
    ToolCall,
    Undo,
)
from gateway.agent.offline.reported import reported_done
from gateway.agent.offline.targets import parse_targets

# A turn that needs more calls than this has gone wrong; say so instead of looping.
MAX_CALLS_PER_TURN = 8
_UNDO_ACTIONS = {"complete_task": "reopen", "reopen_task": "complete", "add_task": "delete"}


def decide(conversation: Conversation, *, now: datetime, tz: str) -> Decision:
    """The next step for the latest user message."""
    command = command_for(conversation, now=now, tz=tz)
    # Several tasks in one message make one call each in a single step, not a runaway loop.
    allowed = MAX_CALLS_PER_TURN + (len(command.more) if isinstance(command, Add) else 0)
    if len(conversation.current) >= allowed:
        return Decision.reply("That took more steps than expected, so I stopped. " + replies.HELP)
    if isinstance(command, Say):
        return Decision.reply(command.text)
    if isinstance(command, Add):
        return _add(command, conversation, now=now, tz=tz)
    if isinstance(command, ListTasks):
        return _list(command, conversation, now=now, tz=tz)
    if isinstance(command, Confirm):
        return _confirm(command, conversation)
    if isinstance(command, Undo):
        return _undo(conversation, now=now, tz=tz)
    return acting.step(command, conversation, now=now, tz=tz)


def command_for(conversation: Conversation, *, now: datetime, tz: str) -> Command:
    """The Command the latest message gives, a waiting delete confirmation included."""
    said = " ".join(conversation.user_text.split()).rstrip(" .!")
    text = spelled_out_follow_up(said)  # "and tag it work", "2 should be tomorrow"
    follow_up = followups.command_for(conversation, text, now=now, tz=tz)
    if follow_up is not None:
        return follow_up
    pending = _pending_delete(conversation)
    if pending and (YES.fullmatch(text) or NO.fullmatch(text)):
        (task_id, title), *others = pending
        yes = bool(YES.fullmatch(text))
        return Confirm(task_id=task_id, title=title, yes=yes, more=tuple(others))
    choice = _answered_which_one(conversation, text, now=now, tz=tz)
    if choice is not None:
        return choice
    shown = shown_list(conversation)
    done = reported_done(text, shown) if shown else None
    if done is not None:
        return done  # "called mom", "did the groceries", with that task on screen
    return parse_command(text if text != said else conversation.user_text, now=now, tz=tz)


def _answered_which_one(
    conversation: Conversation, text: str, *, now: datetime, tz: str
) -> Act | None:
    """ "2" after "Several tasks match “call”. Which one?": the earlier command, on number 2."""
    previous = conversation.previous_turn()
    if not previous or len(conversation.messages) < 2:
        return None
    last = previous[-1]
    if not last.call_id.startswith(FIND_PREFIX) or len(tasks_of(last.output)) < 2:
        return None
    targets = parse_targets(text)
    if not targets or any(target.kind != "position" for target in targets):
        return None
    earlier = parse_command(conversation.messages[-2], now=now, tz=tz)
    return replace(earlier, targets=targets) if isinstance(earlier, Act) else None


def _pending_delete(conversation: Conversation) -> list[tuple[str, str]]:
    """The tasks a "Delete “X” (and “Y”)? Say yes to confirm." in the previous turn asked
    about: the delete_task calls that ended it and were refused for want of a confirmation."""
    asked: list[tuple[str, str]] = []
    for exchange in reversed(conversation.previous_turn()):
        output = exchange.output
        if (
            exchange.name != "delete_task"
            or exchange.arguments.get("confirm") is True
            or not isinstance(output, dict)
            or output.get("deleted") is not False
        ):
            break
        task = output.get("task")
        title = task.get("title", "that task") if isinstance(task, dict) else "that task"
        asked.insert(0, (str(exchange.arguments.get("task_id", "")), str(title)))
    return asked


def _add(command: Add, conversation: Conversation, *, now: datetime, tz: str) -> Decision:
    adds = (command, *command.more)
    # Only add_task results answer an add (a lookup in this turn belongs to another reading).
    current = [exchange for exchange in conversation.current if exchange.name == "add_task"]
    if not current:
        return Decision.call(*(ToolCall("add_task", add.arguments) for add in adds))
    if len(adds) > 1:  # one exchange per add_task call, each with the arguments it was sent
        results = [(exchange.arguments, exchange.output) for exchange in current]
        notes = " ".join(dict.fromkeys(add.note for add in adds if add.note))
        text = replies.added_several(results, now=now, tz=tz)
        return Decision.reply(f"{text}\n{notes}" if notes else text)
    output = current[0].output
    problem = failure(output)
    if problem:
        return Decision.reply(f"I could not add “{command.arguments.get('title')}”: {problem}")
    reply = "Added " + replies.task_summary(output, now=now, tz=tz) + "."
    return Decision.reply(f"{reply} {command.note}".strip())


def _list(command: ListTasks, conversation: Conversation, *, now: datetime, tz: str) -> Decision:
    current = conversation.current
    if not current:
        return Decision.call(ToolCall("list_tasks", command.arguments, purpose="list"))
    output = current[0].output
    problem = failure(output)
    if problem:
        return Decision.reply(f"I could not list your tasks: {problem}")
    items = [t for t in (output.get("items") or []) if isinstance(t, dict)]
    more = bool(output.get("next_cursor"))
    numbers = None
    if command.keep is not None:
        keep, page = command.keep, items
        # Each kept task keeps its place in the tool's answer, which "reopen 2" counts in.
        kept = [(n, t) for n, t in enumerate(page, start=1) if keep.holds(t)]
        numbers, items = [n for n, _ in kept], [t for _, t in kept]
        if keep.by_time:  # newest first: more may follow only if the page ends inside
            more = more and bool(page) and keep.holds(page[-1])
    if command.count:
        return Decision.reply(replies.task_count(items, label=command.label, more=more))
    text = replies.task_list(items, label=command.label, now=now, tz=tz, numbers=numbers)
    if more:
        text += "\nThere are more; narrow it down, e.g. with a #tag or a date."
    return Decision.reply(text)


def _confirm(command: Confirm, conversation: Conversation) -> Decision:
    asked = [(command.task_id, command.title), *command.more]
    names = replies.quoted([title for _, title in asked])
    if not command.yes:
        return Decision.reply(f"OK, I kept {names}.")
    current = conversation.current
    if not current:
        return Decision.call(
            *(
                ToolCall("delete_task", {"task_id": task_id, "confirm": True})
                for task_id, _ in asked
            )
        )
    deleted, lines = [], []
    for (_, title), exchange in zip(asked, current, strict=False):
        output = exchange.output
        problem = failure(output)
        if problem:
            lines.append(f"I could not delete “{title}”: {problem}")
        elif isinstance(output, dict) and output.get("deleted") is False:
            lines.append(f"Delete “{title}”? Say yes to confirm.")  # the server asks again
        else:
            deleted.append(title)
    if deleted:
        lines.insert(0, f"Deleted {replies.quoted(deleted)}.")
    return Decision.reply("\n".join(lines))


def _undo(conversation: Conversation, *, now: datetime, tz: str) -> Decision:
    """Undo the latest change of an earlier turn by making the opposite change."""
    earlier = [e for e in conversation.exchanges if e.turn < conversation.turn]
    for index in range(len(earlier) - 1, -1, -1):
        exchange = earlier[index]
        if not exchange.answered or failure(exchange.output):
            continue
        act = _opposite(exchange, conversation, index)
        if isinstance(act, str):
            return Decision.reply(act)
        if act is not None:
            prefix = "" if act.action == "delete" else "Undone. "  # a delete still asks first
            return acting.step(act, conversation, now=now, tz=tz, prefix=prefix)
    return Decision.reply("There is nothing to undo.")


def _opposite(exchange: Exchange, conversation: Conversation, index: int) -> Act | str | None:
    name = exchange.name
    output: Any = exchange.output
    task_id = str(exchange.arguments.get("task_id") or (output or {}).get("id", ""))
    target: tuple[Target, ...] = (Target(kind="id", query=task_id),)
    if name == "add_task":  # several tasks added by one message are taken back together
        added = [
            str(e.output.get("id", ""))
            for e in conversation.exchanges
            if e.turn == exchange.turn
            and e.name == "add_task"
            and e.answered
            and isinstance(e.output, dict)
            and not failure(e.output)
        ]
        target = tuple(Target(kind="id", query=added_id) for added_id in added) or target
    if name in _UNDO_ACTIONS:
        return Act(action=_UNDO_ACTIONS[name], targets=target)
    if name == "skip_task":
        return "A skipped occurrence cannot be brought back; add it again if you need it."
    if name == "delete_task" and isinstance(output, dict) and output.get("deleted"):
        return "A deleted task cannot be restored."
    if name != "update_task":
        return None
    before = task_before(conversation, task_id, index)
    if before is None:
        return "I do not know what that task looked like before, so I cannot undo the change."
    return Act(action="update", targets=target, changes=_restore(exchange.arguments, before))


def _restore(arguments: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """update_task arguments that put back what an update changed."""
    changes: dict[str, Any] = {}
    changed = set(arguments)
    if changed & {"due", "clear_due"}:
        if before.get("due"):
            changes["due"] = before["due"]
        else:
            changes["clear_due"] = True
    if changed & {"recurrence", "clear_recurrence", "anchor"}:
        recurrence = before.get("recurrence")
        if isinstance(recurrence, dict) and recurrence.get("rule"):
            changes["recurrence"] = recurrence["rule"]
            changes["anchor"] = recurrence.get("anchor", "due")
        else:
            changes["clear_recurrence"] = True
    if "reminders" in changed:
        changes["reminders"] = [r.get("before") or r.get("at") for r in before.get("reminders", [])]
    for name in ("title", "description", "priority", "tags", "timezone"):
        if name in changed and name in before:
            changes[name] = before[name]
    return changes
