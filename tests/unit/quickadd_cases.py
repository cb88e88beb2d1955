"""How rows of the quick-add table are written and checked: fixtures, helpers, `mismatch`.

The table (tests/unit/quickadd_table.py and the quickadd_rows_* modules it gathers) lists
what people type and the tool calls (or reply) the offline model makes. Each row is one
message, optionally after an earlier conversation (a shown list, a pending delete, a lookup
in this turn). Expected arguments are a subset of the real ones; ABSENT marks an argument that
must not be sent. `now` is Monday 23 November 2026, 10:00 in Berlin.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from gateway.agent.offline import Decision, decide, read_conversation
from gateway.tools import TOOLS

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(ZONE))
ABSENT = object()
# Each MCP tool's parameters, as the model may send them (the caller is the server's own).
PARAMETERS = {tool.__name__: set(inspect.signature(tool).parameters) - {"caller"} for tool in TOOLS}
OPEN = {"status": "open", "limit": 10}


def task(number: int, title: str, due: str | None = None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"t{number}",
        "title": title,
        "description": "",
        "priority": "none",
        "tags": [],
        "due": due,
        "timezone": ZONE,
        "recurrence": None,
        "reminders": [],
        "completed": False,
        "completed_at": None,
        "series_id": None,
        "created_at": "2026-11-20T10:00:00+00:00",
        "updated_at": "2026-11-20T10:00:00+00:00",
    }
    return {**base, **fields}


DENTIST = task(1, "Dentist appointment", "2026-11-27T09:00:00+01:00")
GROCERIES = task(2, "Groceries", tags=["errands"])
GYM = task(
    3,
    "Gym",
    "2026-11-24T18:00:00+01:00",
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TU", "anchor": "due"},
)
CALL_MOM = task(4, "Call mom")
CALL_BOB = task(9, "Call bob", "2026-11-27T09:00:00+01:00")


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def said(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text}],
    }


def exchange(
    call_id: str, name: str, arguments: dict[str, Any], output: Any
) -> list[dict[str, Any]]:
    return [
        {
            "type": "function_call",
            "call_id": call_id,
            "name": name,
            "arguments": json.dumps(arguments),
        },
        {"type": "function_call_output", "call_id": call_id, "output": json.dumps(output)},
    ]


def listing(*tasks: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(tasks), "next_cursor": None}


# Earlier conversations the rows can follow.
SHOWN = [
    user("show my tasks"),
    *exchange("qa_list_1", "list_tasks", {}, listing(DENTIST, GROCERIES, GYM, CALL_MOM)),
    said("Your open tasks (4): ..."),
]
PENDING = [
    *SHOWN,
    user("delete gym"),
    *exchange("qa_find_2", "list_tasks", {"q": "gym"}, listing(GYM)),
    *exchange("qa_call_3", "delete_task", {"task_id": "t3"}, {"deleted": False, "task": GYM}),
    said("Delete “Gym”? Say yes to confirm."),
]
ADDED = [
    user("add call bob friday"),
    *exchange("qa_call_4", "add_task", {"title": "Call bob"}, CALL_BOB),
    said("Added “Call bob” — due Fri 27 Nov 09:00."),
]
COMPLETED = [
    *SHOWN,
    user("complete 1"),
    *exchange("qa_call_5", "complete_task", {"task_id": "t1"}, {**DENTIST, "completed": True}),
    said("Completed “Dentist appointment”."),
]
MOVED = [
    *SHOWN,
    user("move 1 to dec 5"),
    *exchange(
        "qa_call_6",
        "update_task",
        {"task_id": "t1", "due": "2026-12-05T09:00:00+01:00"},
        {**DENTIST, "due": "2026-12-05T09:00:00+01:00"},
    ),
    said("Moved “Dentist appointment” to Sat 5 Dec 09:00."),
]

WHICH_CALL = [
    user("complete call"),
    *exchange("qa_find_9", "list_tasks", {"q": "call"}, listing(CALL_MOM, CALL_BOB)),
    said("Several open tasks match “call”. Which one? ..."),
]
WHICH_DELETE = [
    user("delete call"),
    *exchange("qa_find_10", "list_tasks", {"q": "call"}, listing(CALL_MOM, CALL_BOB)),
    said("Several open tasks match “call”. Which one? ..."),
]


def looked_up(text: str, *found: dict[str, Any], query: str) -> list[dict[str, Any]]:
    """This turn so far: the message and the title lookup the model made for it."""
    return [user(text), *exchange("qa_find_7", "list_tasks", {"q": query}, listing(*found))]


@dataclass
class Case:
    text: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    reply: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    in_turn: list[dict[str, Any]] | None = None  # the turn so far, message included

    @property
    def id(self) -> str:
        return self.text + (" [after history]" if self.history or self.in_turn else "")


def add(text: str, **arguments: Any) -> Case:
    return Case(text, [("add_task", arguments)])


def listed(text: str, **arguments: Any) -> Case:
    return Case(text, [("list_tasks", arguments)])


def find(text: str, query: str, status: str = "open") -> Case:
    return Case(text, [("list_tasks", {"q": query, "status": status, "limit": 10})])


def act(text: str, name: str, history: list[dict[str, Any]] = SHOWN, **arguments: Any) -> Case:
    return Case(text, [(name, arguments)], history=history)


def say(text: str, reply: str, history: list[dict[str, Any]] | None = None) -> Case:
    return Case(text, reply=reply, history=history or [])


def then(turn: list[dict[str, Any]], name: str, **arguments: Any) -> Case:
    return Case(turn[0]["content"], [(name, arguments)], in_turn=turn)


def due(day: str, clock: str = "09:00") -> str:
    return f"2026-{day}T{clock}:00+01:00"


WEEK = {"due_after": due("11-23", "00:00"), "due_before": due("11-30", "00:00")}
TODAY = {"due_after": due("11-23", "00:00"), "due_before": due("11-24", "00:00")}
RENT: dict[str, Any] = {"recurrence": "FREQ=MONTHLY;BYMONTHDAY=1", "due": due("12-01")}


def actual(case: Case) -> Decision:
    items: list[dict[str, Any]] = [*case.history, *(case.in_turn or [user(case.text)])]
    return decide(read_conversation(items), now=NOW, tz=ZONE)


def mismatch(case: Case, decision: Decision) -> str:
    """What differs from the expectation, or "" when the row passes."""
    if not case.calls:
        if decision.calls or case.reply not in decision.text:
            made = [(c.name, c.arguments) for c in decision.calls]
            return f"expected a reply with {case.reply!r}, got {decision.text!r} / {made}"
        return ""
    made = [(c.name, c.arguments) for c in decision.calls]
    if [name for name, _ in case.calls] != [name for name, _ in made]:
        return f"expected calls {case.calls}, got {made or decision.text!r}"
    for (_, expected), (_, arguments) in zip(case.calls, made, strict=True):
        for key, value in expected.items():
            if value is ABSENT and key in arguments:
                return f"{key} should not be sent: {arguments}"
            if value is not ABSENT and arguments.get(key) != value:
                return f"{key}: expected {value!r}, got {arguments.get(key)!r} in {arguments}"
    return ""
