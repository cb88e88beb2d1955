"""QuickAddModel under the real openai-agents Runner, plain and streamed.

The tools are plain function tools over an in-memory dict: the model is what is under test here,
so the fakes only record the calls and keep enough state for multi-step flows to be real.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from agents import Agent, Runner, Tool, function_tool, set_tracing_disabled
from agents.stream_events import RawResponsesStreamEvent
from openai.types.responses import ResponseTextDeltaEvent

from gateway.agent.offline_model import QuickAddModel
from tests.unit.quickadd_cases import NOW, ZONE  # a Monday, in Berlin
from tests.unit.quickadd_cases import task as quickadd_task


@pytest.fixture(autouse=True, scope="module")
def _no_tracing() -> None:
    set_tracing_disabled(True)


class FakeTasks:
    """Tasks in a dict, and every tool call in order."""

    def __init__(self) -> None:
        self.tasks: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def seed(self, title: str, due: str | None = None, **fields: Any) -> dict[str, Any]:
        stamp = NOW.isoformat()
        task = quickadd_task(
            0, title, due, id=str(uuid.uuid4()), created_at=stamp, updated_at=stamp, **fields
        )
        self.tasks[task["id"]] = task
        return task

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def tools(self) -> list[Tool]:
        store = self

        @function_tool
        def add_task(
            title: str,
            description: str = "",
            priority: str = "none",
            tags: list[str] | None = None,
            due: str | None = None,
            timezone: str | None = None,
            recurrence: str | None = None,
            anchor: str = "due",
            reminders: list[str] | None = None,
        ) -> str:
            """Add a task."""
            store.calls.append(("add_task", {"title": title, "due": due, "recurrence": recurrence}))
            task = store.seed(
                title,
                due,
                description=description,
                priority=priority,
                tags=tags or [],
                timezone=timezone or ZONE,
                recurrence={"rule": recurrence, "anchor": anchor} if recurrence else None,
                reminders=[
                    {"before": r} if r.startswith("P") else {"at": r} for r in reminders or []
                ],
            )
            return json.dumps(task)

        @function_tool
        def list_tasks(
            q: str | None = None,
            status: str = "open",
            priority: list[str] | None = None,
            tags: list[str] | None = None,
            due_before: str | None = None,
            due_after: str | None = None,
            overdue: bool | None = None,
            sort: str | None = None,
            order: str | None = None,
            limit: int = 20,
        ) -> str:
            """List tasks."""
            store.calls.append(("list_tasks", {"q": q, "status": status}))
            items = [
                t
                for t in store.tasks.values()
                if (status == "all" or t["completed"] == (status == "completed"))
                and (not q or q.lower() in t["title"].lower())
                and (not due_after or (t["due"] and t["due"] >= due_after))
                and (not due_before or (t["due"] and t["due"] < due_before))
            ]
            return json.dumps({"items": items[:limit], "next_cursor": None})

        def change(name: str, task_id: str, **fields: Any) -> str:
            store.calls.append((name, {"task_id": task_id, **fields}))
            if task_id not in store.tasks:
                return json.dumps({"error": {"code": "not_found", "message": "no such task"}})
            store.tasks[task_id].update(fields)
            return json.dumps(store.tasks[task_id])

        @function_tool
        def complete_task(task_id: str) -> str:
            """Complete a task."""
            return change("complete_task", task_id, completed=True)

        @function_tool
        def reopen_task(task_id: str) -> str:
            """Reopen a task."""
            return change("reopen_task", task_id, completed=False)

        @function_tool
        def update_task(
            task_id: str,
            title: str | None = None,
            due: str | None = None,
            tags: list[str] | None = None,
        ) -> str:
            """Update a task."""
            given = {"title": title, "due": due, "tags": tags}
            fields = {k: v for k, v in given.items() if v is not None}
            return change("update_task", task_id, **fields)

        @function_tool
        def delete_task(task_id: str, confirm: bool = False) -> str:
            """Delete a task (only with confirm=true)."""
            store.calls.append(("delete_task", {"task_id": task_id, "confirm": confirm}))
            task = store.tasks.get(task_id)
            if confirm and task is not None:
                del store.tasks[task_id]
                return json.dumps({"deleted": True, "task": task, "message": "deleted"})
            return json.dumps({"deleted": False, "task": task, "message": "ask first"})

        return [add_task, list_tasks, complete_task, reopen_task, update_task, delete_task]


@pytest.fixture
def store() -> FakeTasks:
    return FakeTasks()


def agent_for(store: FakeTasks) -> Agent[Any]:
    model = QuickAddModel(clock=lambda: NOW, timezone=ZONE)
    return Agent(
        name="todo", instructions="Manage the user's tasks.", model=model, tools=store.tools()
    )


def then(previous: Any, text: str) -> list[Any]:
    """The next turn's input: the whole conversation so far plus the new message."""
    return [*previous.to_input_list(), {"role": "user", "content": text}]


async def test_add_resolves_everything_and_says_what_it_did(store: FakeTasks) -> None:
    text = "remind me to pay rent every month on the 1st at 9am, p1 #home"
    result = await Runner.run(agent_for(store), text)
    (task,) = store.tasks.values()
    assert task["title"] == "Pay rent"
    assert task["due"] == "2026-12-01T09:00:00+01:00"
    assert task["recurrence"] == {"rule": "FREQ=MONTHLY;BYMONTHDAY=1", "anchor": "due"}
    assert (task["priority"], task["tags"], task["reminders"]) == (
        "urgent",
        ["home"],
        [{"before": "PT0S"}],
    )
    assert result.final_output == (
        "Added “Pay rent” — due Tue 1 Dec 09:00, every month on the 1st at 9:00, urgent, #home, "
        "reminder at due time."
    )


async def test_replies_say_dates_in_words_in_the_users_zone(store: FakeTasks) -> None:
    # Stored in UTC; the user (Berlin) reads 09:00, tomorrow, as the task list shows it.
    store.seed("Dentist", "2026-11-24T08:00:00+00:00")
    result = await Runner.run(agent_for(store), "show my tasks")
    assert "“Dentist” — due Tomorrow 09:00" in result.final_output


async def test_list_shows_a_numbered_list(store: FakeTasks) -> None:
    store.seed("Dentist", "2026-11-27T09:00:00+01:00")
    store.seed("Taxes", "2027-01-15T09:00:00+01:00")
    result = await Runner.run(agent_for(store), "what's due this week")
    assert store.names() == ["list_tasks"]
    assert result.final_output == "Tasks due this week (1):\n1. “Dentist” — due Fri 27 Nov 09:00"


async def test_complete_by_title_looks_up_then_acts(store: FakeTasks) -> None:
    dentist = store.seed("Dentist appointment", "2026-11-27T09:00:00+01:00")
    store.seed("Groceries")
    result = await Runner.run(agent_for(store), "complete dentist")
    assert store.calls == [
        ("list_tasks", {"q": "dentist", "status": "open"}),
        ("complete_task", {"task_id": dentist["id"], "completed": True}),
    ]
    assert store.tasks[dentist["id"]]["completed"] is True
    assert result.final_output == "Completed “Dentist appointment”."


async def test_several_matches_are_listed_and_the_answer_picks_one(store: FakeTasks) -> None:
    store.seed("Call mom")
    dad = store.seed("Call dad")
    first = await Runner.run(agent_for(store), "done with call")
    assert first.final_output == (
        "Several open tasks match “call”. Which one?\n1. “Call mom”\n2. “Call dad”\n\n"
        "Say its number, e.g. “1”."
    )
    assert store.names() == ["list_tasks"]
    second = await Runner.run(agent_for(store), then(first, "2"))
    assert store.calls[-1] == ("complete_task", {"task_id": dad["id"], "completed": True})
    assert second.final_output == "Completed “Call dad”."


async def test_complete_by_position_in_the_last_list(store: FakeTasks) -> None:
    store.seed("Dentist", "2026-11-27T09:00:00+01:00")
    gym = store.seed("Gym", "2026-11-28T09:00:00+01:00")
    listed = await Runner.run(agent_for(store), "show my tasks")
    assert "2. “Gym”" in listed.final_output
    done = await Runner.run(agent_for(store), then(listed, "done with the second one"))
    assert store.calls[-1] == ("complete_task", {"task_id": gym["id"], "completed": True})
    assert done.final_output == "Completed “Gym”."


async def test_delete_asks_first_and_deletes_after_yes(store: FakeTasks) -> None:
    dentist = store.seed("Dentist")
    asked = await Runner.run(agent_for(store), "delete dentist")
    assert asked.final_output == "Delete “Dentist”? Say yes to confirm."
    assert dentist["id"] in store.tasks
    assert store.calls[-1] == ("delete_task", {"task_id": dentist["id"], "confirm": False})
    confirmed = await Runner.run(agent_for(store), then(asked, "yes"))
    assert store.calls[-1] == ("delete_task", {"task_id": dentist["id"], "confirm": True})
    assert dentist["id"] not in store.tasks
    assert confirmed.final_output == "Deleted “Dentist”."


async def test_delete_answered_no_keeps_the_task(store: FakeTasks) -> None:
    dentist = store.seed("Dentist")
    asked = await Runner.run(agent_for(store), "delete dentist")
    kept = await Runner.run(agent_for(store), then(asked, "no"))
    assert dentist["id"] in store.tasks
    assert kept.final_output == "OK, I kept “Dentist”."
    assert [c for c in store.calls if c[0] == "delete_task" and c[1]["confirm"]] == []


async def test_undo_reopens_what_was_completed(store: FakeTasks) -> None:
    gym = store.seed("Gym")
    done = await Runner.run(agent_for(store), "complete gym")
    undone = await Runner.run(agent_for(store), then(done, "undo"))
    assert store.calls[-1] == ("reopen_task", {"task_id": gym["id"], "completed": False})
    assert undone.final_output == "Undone. Reopened “Gym”."


async def test_not_understood_gets_help_and_calls_nothing(store: FakeTasks) -> None:
    result = await Runner.run(agent_for(store), "qwerty asdf")
    assert store.calls == []
    assert result.final_output.startswith("Sorry, I did not understand “qwerty asdf”.")
    assert "what's due this week" in result.final_output


async def test_tags_in_words_are_added_and_removed(store: FakeTasks) -> None:
    groceries = store.seed("Groceries", tags=["errands", "shop"])
    tagged = await Runner.run(agent_for(store), "tag groceries as weekly")
    assert store.calls[-1] == (
        "update_task",
        {"task_id": groceries["id"], "tags": ["errands", "shop", "weekly"]},
    )
    assert tagged.final_output == "Tagged “Groceries” #weekly."
    removed = await Runner.run(agent_for(store), "remove the errands tag from groceries")
    assert store.calls[-1] == (
        "update_task",
        {"task_id": groceries["id"], "tags": ["shop", "weekly"]},
    )
    assert removed.final_output == "Removed #errands from “Groceries”."


async def test_small_talk_calls_nothing_and_is_not_a_misunderstanding(store: FakeTasks) -> None:
    for message in ("good night", "who are you?", "thanks!", "bye for now"):
        result = await Runner.run(agent_for(store), message)
        assert "understand" not in result.final_output, message
    assert store.calls == []


async def test_a_plain_statement_is_added_as_a_task(store: FakeTasks) -> None:
    added = await Runner.run(agent_for(store), "buy apples")
    assert store.calls == [("add_task", {"title": "Buy apples", "due": None, "recurrence": None})]
    assert added.final_output == "Added “Buy apples”."


async def test_a_tool_error_is_reported_in_words(store: FakeTasks) -> None:
    listed_task = store.seed("Dentist")
    listed = await Runner.run(agent_for(store), "show my tasks")
    del store.tasks[listed_task["id"]]  # deleted elsewhere in the meantime
    result = await Runner.run(agent_for(store), then(listed, "complete 1"))
    assert result.final_output == "I could not complete “Dentist”: no such task"


async def collect(store: FakeTasks, message: str | list[Any]) -> tuple[Any, str]:
    result = Runner.run_streamed(agent_for(store), message)
    deltas = [
        event.data.delta
        async for event in result.stream_events()
        if isinstance(event, RawResponsesStreamEvent)
        and isinstance(event.data, ResponseTextDeltaEvent)
    ]
    return result, "".join(deltas)


async def test_streamed_add_streams_the_reply_text(store: FakeTasks) -> None:
    result, streamed = await collect(store, "call mom tomorrow 5pm #family")
    assert len(store.tasks) == 1
    assert streamed == result.final_output == "Added “Call mom” — due Tomorrow 17:00, #family."


async def test_streamed_multi_step_and_confirmation(store: FakeTasks) -> None:
    dentist = store.seed("Dentist")
    asked, streamed = await collect(store, "delete dentist")
    assert streamed == "Delete “Dentist”? Say yes to confirm."
    assert store.names() == ["list_tasks", "delete_task"]
    _, streamed = await collect(store, then(asked, "yes please"))
    assert streamed == "Deleted “Dentist”."
    assert dentist["id"] not in store.tasks
