"""Reading the conversation the Agents SDK hands the model: messages, tool calls and outputs.

Items come in OpenAI Responses input form (dicts, or SDK models that dump to them). The model
keeps no state of its own between calls: everything it needs (what was asked, what its tools
answered, which list was shown, whether a delete waits for a yes) is read back from here.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

TOOL_NAMES = (
    "add_task",
    "list_tasks",
    "get_task",
    "update_task",
    "complete_task",
    "reopen_task",
    "skip_task",
    "delete_task",
    "task_activity",
)
FIND_PREFIX = "qa_find_"


@dataclass(frozen=True)
class Exchange:
    """A tool call and, once it ran, its parsed output; `turn` counts user messages before it."""

    call_id: str
    name: str
    arguments: dict[str, Any]
    output: Any
    answered: bool
    turn: int


@dataclass(frozen=True)
class Conversation:
    """The latest user message, and every tool exchange so far (this turn's and earlier ones)."""

    user_text: str
    turn: int
    exchanges: tuple[Exchange, ...]
    messages: tuple[str, ...] = ()  # every user message, the latest last

    @property
    def current(self) -> list[Exchange]:
        """Exchanges made since the latest user message."""
        return [e for e in self.exchanges if e.turn == self.turn]

    def previous_turn(self) -> list[Exchange]:
        """Exchanges of the turn just before the latest user message."""
        return [e for e in self.exchanges if e.turn == self.turn - 1]


def canonical_name(name: str) -> str:
    """Our tool name for `name`, also when a server prefix was added ("todo_add_task")."""
    for known in TOOL_NAMES:
        if name == known or name.endswith("_" + known):
            return known
    return name


def read_conversation(items: str | Iterable[Any]) -> Conversation:
    """Parse the model input into a Conversation."""
    if isinstance(items, str):
        return Conversation(user_text=items, turn=0, exchanges=(), messages=(items,))
    turn = -1
    user_text = ""
    messages: list[str] = []
    calls: dict[str, Exchange] = {}
    order: list[str] = []
    for raw in items:
        item = _as_dict(raw)
        kind = item.get("type")
        if item.get("role") == "user" and kind in (None, "message"):
            turn += 1
            user_text = _text_of(item.get("content"))
            messages.append(user_text)
        elif kind == "function_call":
            call_id = str(item.get("call_id") or item.get("id") or "")
            calls[call_id] = Exchange(
                call_id=call_id,
                name=canonical_name(str(item.get("name", ""))),
                arguments=_arguments(item.get("arguments")),
                output=None,
                answered=False,
                turn=max(turn, 0),
            )
            order.append(call_id)
        elif kind == "function_call_output":
            call_id = str(item.get("call_id", ""))
            if call_id in calls:
                exchange = calls[call_id]
                calls[call_id] = Exchange(
                    call_id=call_id,
                    name=exchange.name,
                    arguments=exchange.arguments,
                    output=parse_output(item.get("output")),
                    answered=True,
                    turn=exchange.turn,
                )
    return Conversation(
        user_text=user_text,
        turn=max(turn, 0),
        exchanges=tuple(calls[c] for c in order),
        messages=tuple(messages),
    )


def parse_output(raw: Any) -> Any:
    """A tool output as data: JSON text (what MCP tools send) or, failing that, the text."""
    text = _text_of(raw)
    try:
        return json.loads(text)
    except ValueError:
        pass
    if text[:1] in "{[":
        # A Python function tool returning a dict reaches the model as str(dict).
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            pass
    return text


def failure(output: Any) -> str | None:
    """The error a tool output reports, or None when it looks like a result."""
    if isinstance(output, dict):
        error = output.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error.get("code") or "the tool failed")
        if isinstance(error, str):
            return error
        return None
    if isinstance(output, list):
        return None
    # "Error: ..." (function tools) and "Error executing tool x: ..." (MCP) say it once already.
    text = re.sub(r"^error(?: executing tool \w+)?:\s*", "", str(output), flags=re.IGNORECASE)
    return text or "the tool gave no answer"


def is_task(value: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a value looks like a task (has an id and a title)."""
    return isinstance(value, dict) and "id" in value and "title" in value


def tasks_of(output: Any) -> list[dict[str, Any]]:
    """The tasks in a list_tasks output ([] for anything else)."""
    if isinstance(output, dict) and isinstance(output.get("items"), list):
        return [t for t in output["items"] if is_task(t)]
    return []


def shown_list(conversation: Conversation) -> list[dict[str, Any]] | None:
    """The latest list of tasks the person saw (for "complete 2"), or None."""
    index = _shown_at(conversation)
    return None if index is None else tasks_of(conversation.exchanges[index].output)


def _shown_at(conversation: Conversation) -> int | None:
    """Where the latest list the person saw is among the exchanges, or None."""
    for index in range(len(conversation.exchanges) - 1, -1, -1):
        exchange = conversation.exchanges[index]
        if exchange.name != "list_tasks" or not exchange.answered or failure(exchange.output):
            continue
        # A lookup with one match was acted on, not shown; with several it was shown as a
        # "which one?" list.
        if exchange.call_id.startswith(FIND_PREFIX) and len(tasks_of(exchange.output)) <= 1:
            continue
        return index
    return None


def last_task(conversation: Conversation) -> dict[str, Any] | None:
    """The task most recently added, changed, shown alone or found ("complete it")."""
    for exchange in reversed(conversation.exchanges):
        output = exchange.output
        if not exchange.answered or failure(output):
            continue
        if is_task(output):
            return dict(output)
        if isinstance(output, dict) and is_task(output.get("task")):
            return dict(output["task"])
        if len(tasks_of(output)) == 1:
            return tasks_of(output)[0]
    return None


def task_before(conversation: Conversation, task_id: str, index: int) -> dict[str, Any] | None:
    """The latest state of task `task_id` seen before exchange number `index`."""
    for exchange in reversed(conversation.exchanges[:index]):
        output = exchange.output
        candidates = tasks_of(output) + ([output] if is_task(output) else [])
        for task in candidates:
            if str(task.get("id")) == task_id:
                return dict(task)
    return None


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    dump = getattr(item, "model_dump", None)
    return dump(exclude_none=True) if callable(dump) else {}


def _arguments(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        parsed = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _text_of(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text", ""))
    if isinstance(content, list):
        return "".join(_text_of(part) for part in content)
    return str(content)


def last_group(conversation: Conversation) -> list[dict[str, Any]] | None:
    """The tasks "both" or "them" mean: the latest list shown, or the several tasks one turn
    acted on ("move gym and groceries to friday"), whichever came last; None without either."""
    shown_at = _shown_at(conversation)
    shown_turn = -1 if shown_at is None else conversation.exchanges[shown_at].turn
    for turn in range(conversation.turn, shown_turn, -1):
        acted = [
            task
            for exchange in conversation.exchanges
            if exchange.turn == turn and not exchange.call_id.startswith(FIND_PREFIX)
            for task in [_acted_task(exchange)]
            if task is not None
        ]
        if len(acted) > 1:
            return list({str(task["id"]): task for task in acted}.values())
    return shown_list(conversation)


def _acted_task(exchange: Exchange) -> dict[str, Any] | None:
    output = exchange.output
    if not exchange.answered or failure(output) or exchange.name == "list_tasks":
        return None
    if isinstance(output, dict) and is_task(output.get("task")):
        return dict(output["task"])
    return dict(output) if is_task(output) else None


def pending_deletes(conversation: Conversation) -> list[dict[str, Any]]:
    """The tasks the previous turn's "Delete …? Say yes to confirm." asked about, in order."""
    waiting: list[dict[str, Any]] = []
    for exchange in conversation.previous_turn():
        output = exchange.output
        if (
            exchange.name == "delete_task"
            and exchange.arguments.get("confirm") is not True
            and isinstance(output, dict)
            and output.get("deleted") is False
        ):
            task = output.get("task")
            title = task.get("title", "that task") if isinstance(task, dict) else "that task"
            waiting.append({"id": str(exchange.arguments.get("task_id", "")), "title": title})
    return waiting
