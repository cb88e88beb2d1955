"""What a message asks for (commands) and what the model answers with (a decision)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from gateway.agent.offline.keeping import Keep


@dataclass(frozen=True)
class ToolCall:
    """One tool call: the MCP tool's name and its JSON arguments."""

    name: str
    arguments: dict[str, Any]
    # Our lookups ("find the task called dentist") are not lists the person saw; the call id
    # says which is which so that "complete 2" counts in the list that was shown.
    purpose: Literal["act", "find", "list"] = "act"


@dataclass(frozen=True)
class Decision:
    """The model's next output: tool calls to make, or (when `calls` is empty) a reply."""

    calls: tuple[ToolCall, ...] = ()
    text: str = ""

    @classmethod
    def call(cls, *calls: ToolCall) -> Decision:
        """Make these tool calls (in one response)."""
        return cls(calls=calls)

    @classmethod
    def reply(cls, text: str) -> Decision:
        """Answer in words and end the turn."""
        return cls(text=text)


@dataclass(frozen=True)
class Target:
    """Which task a command is about: a list position, "it", words of its title, or its id."""

    kind: Literal["position", "it", "title", "id"]
    position: int = 0  # 1-based; -1 is the last one
    query: str = ""  # the title words, or the task id


@dataclass(frozen=True)
class Add:
    """Add a task with these add_task arguments; `note` is said after the confirmation."""

    arguments: dict[str, Any]
    note: str = ""
    # Further tasks of the same message ("add milk, eggs and bread"), added in the same decision.
    more: tuple[Add, ...] = ()


@dataclass(frozen=True)
class ListTasks:
    """list_tasks with these arguments; `label` names the list ("overdue tasks") in replies."""

    arguments: dict[str, Any]
    label: str
    # "how many …": reply with the number and the titles rather than a numbered list.
    count: bool = False
    # "what did I finish yesterday", "tasks without a date": a filter list_tasks lacks, which
    # the reply applies to what it answered.
    keep: Keep | None = None


@dataclass(frozen=True)
class Act:
    """Do something to one or more existing tasks.

    action: complete | reopen | skip | delete | update | postpone | tag | details | activity.
    `changes` are update_task arguments; `shift` moves the due date by an amount; `tags` are
    added to the task's tags.
    """

    action: str
    targets: tuple[Target, ...]
    changes: dict[str, Any] = field(default_factory=dict)
    shift: relativedelta | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Undo:
    """Undo the last change made in this conversation."""


@dataclass(frozen=True)
class Confirm:
    """The answer to "Delete “X”? Say yes to confirm.": delete (yes) or keep (no) the task."""

    task_id: str
    title: str
    yes: bool
    # Further (task id, title) pairs asked about in the same question ("Delete “A” and “B”?").
    more: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Say:
    """A reply that needs no tool: help, a greeting, or "I did not understand"."""

    text: str


Command = Add | ListTasks | Act | Undo | Confirm | Say
