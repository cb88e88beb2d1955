"""The quick-add table: what people type, and the tool calls (or reply) the offline model makes.

Each row is one message, optionally after an earlier conversation (a shown list, a pending
delete, a lookup in this turn). Expected arguments are a subset of the real ones; ABSENT marks
an argument that must not be sent. `now` is Monday 23 November 2026, 10:00 in Berlin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gateway.agent.offline import Decision, decide, read_conversation

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(ZONE))
ABSENT = object()
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

TABLE: list[Case] = [
    # --- adding, with dates and times -------------------------------------------------------
    add("add buy milk", title="Buy milk", due=ABSENT, priority=ABSENT, tags=ABSENT),
    add("add buy milk tomorrow", title="Buy milk", due=due("11-24"), timezone=ZONE),
    add("buy milk tomorrow", title="Buy milk", due=due("11-24")),
    add("add dentist friday 3pm", title="Dentist", due=due("11-27", "15:00")),
    add("add dentist on friday at 3pm", title="Dentist", due=due("11-27", "15:00")),
    add("add dentist next friday", title="Dentist", due=due("12-04")),
    add("add dentist this friday", title="Dentist", due=due("11-27")),
    add("add report due friday", title="Report", due=due("11-27")),
    add("call mom tomorrow 5pm", title="Call mom", due=due("11-24", "17:00")),
    add("add call mom tomorrow at 17:30", title="Call mom", due=due("11-24", "17:30")),
    add("add call bob in 2 hours", title="Call bob", due=due("11-23", "12:00")),
    add("add call bob in 30 minutes", title="Call bob", due=due("11-23", "10:30")),
    add("add renew passport in 3 weeks", title="Renew passport", due=due("12-14")),
    add("add visit grandma in 2 weeks", title="Visit grandma", due=due("12-07")),
    add("dentist on the 3rd", title="Dentist", due=due("12-03")),
    add("dentist on the 3rd at 10am", title="Dentist", due=due("12-03", "10:00")),
    add("pay bills end of month", title="Pay bills", due=due("11-30")),
    add("add file taxes end of year", title="File taxes", due=due("12-31")),
    add("add call mom tonight", title="Call mom", due=due("11-23", "20:00")),
    add("add lunch with anna at noon", title="Lunch with anna", due=due("11-23", "12:00")),
    add("add standup at 9am", title="Standup", due=due("11-24")),
    add("add gym at 6", title="Gym", due=due("11-23", "18:00")),
    add("add vacation dec 20", title="Vacation", due=due("12-20")),
    add("add vacation 20 december", title="Vacation", due=due("12-20")),
    add("add party on march 3rd", title="Party", due="2027-03-03T09:00:00+01:00"),
    add("add finish essay 2026-12-15", title="Finish essay", due=due("12-15")),
    add("add plan trip next week", title="Plan trip", due=due("11-30")),
    add("add plan trip next month", title="Plan trip", due=due("12-01")),
    add("add clean garage this weekend", title="Clean garage", due=due("11-28")),
    add("add meeting day after tomorrow at 14:00", title="Meeting", due=due("11-25", "14:00")),
    add("add prepare slides friday at 17:30", title="Prepare slides", due=due("11-27", "17:30")),
    add("create a task to call the landlord tomorrow", title="Call the landlord", due=due("11-24")),
    add("i need to renew my license by friday", title="Renew my license", due=due("11-27")),
    add("don't forget to feed the cat tonight", title="Feed the cat", due=due("11-23", "20:00")),
    add("schedule dentist for friday", title="Dentist", due=due("11-27")),
    add("new task: book flights", title="Book flights", due=ABSENT),
    add("todo: clean kitchen", title="Clean kitchen"),
    add("add buy milk -- the oat one", title="Buy milk", description="the oat one"),
    add("add email Tom, description: Q4 numbers", title="Email Tom", description="Q4 numbers"),
    add("add meeting with Bob", title="Meeting with Bob", due=ABSENT),
    # --- recurrence --------------------------------------------------------------------------
    add("add water plants every day", title="Water plants", recurrence="FREQ=DAILY"),
    add("add water plants daily at 8am", recurrence="FREQ=DAILY", due=due("11-24", "08:00")),
    add("add take vitamins every morning", recurrence="FREQ=DAILY", due=due("11-24")),
    add(
        "add review budget every weekday",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        due=due("11-24"),
    ),
    add(
        "add team meeting every monday at 10am",
        title="Team meeting",
        recurrence="FREQ=WEEKLY;BYDAY=MO",
        due=due("11-30", "10:00"),
        timezone=ZONE,
    ),
    add("add 1:1 every other week", title="1:1", recurrence="FREQ=WEEKLY;INTERVAL=2"),
    add(
        "add yoga every 2 weeks on tue and thu",
        title="Yoga",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        due=due("11-24"),
    ),
    add("add pay rent every month on the 1st", title="Pay rent", **RENT),
    add("add pay rent monthly on the 15th", recurrence="FREQ=MONTHLY;BYMONTHDAY=15"),
    add(
        "add send invoice every last day of the month",
        title="Send invoice",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
        due=due("11-30"),
    ),
    add("add renew insurance every year", recurrence="FREQ=YEARLY", anchor=ABSENT),
    add(
        "add birthday yearly on march 3",
        title="Birthday",
        recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
        due="2027-03-03T09:00:00+01:00",
    ),
    add(
        "add change filter every! 3 days",
        title="Change filter",
        recurrence="FREQ=DAILY;INTERVAL=3",
        anchor="completion",
    ),
    add("water plants every! 3 days", title="Water plants", anchor="completion"),
    add(
        "add daily standup every weekday until march",
        title="Daily standup",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270228T225959Z",
    ),
    add(
        "gym every mon and thu until march",
        title="Gym",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270228T225959Z",
        due=due("11-26"),
    ),
    add("add physio every monday for 10 times", recurrence="FREQ=WEEKLY;BYDAY=MO;COUNT=10"),
    add(
        "add 10 pushups every day for 30 days", title="10 pushups", recurrence="FREQ=DAILY;COUNT=30"
    ),
    add("add check email every hour", recurrence="FREQ=HOURLY", due=due("11-23", "11:00")),
    add("add pills every 8 hours", title="Pills", recurrence="FREQ=HOURLY;INTERVAL=8"),
    add(
        "add submit timesheet every friday at 4pm #work",
        title="Submit timesheet",
        recurrence="FREQ=WEEKLY;BYDAY=FR",
        due=due("11-27", "16:00"),
        tags=["work"],
    ),
    add(
        "standup every weekday at 9:30 #work",
        title="Standup",
        due=due("11-24", "09:30"),
        tags=["work"],
    ),
    add("add read book every! 2 weeks", recurrence="FREQ=WEEKLY;INTERVAL=2", anchor="completion"),
    add("add call grandma every sunday at 11", due=due("11-29", "11:00")),
    add("add clean fridge every first saturday", recurrence="FREQ=MONTHLY;BYDAY=1SA"),
    add(
        "add quarterly tax every 3 months",
        title="Quarterly tax",
        recurrence="FREQ=MONTHLY;INTERVAL=3",
    ),
    add(
        "add mow lawn every saturday until october",
        recurrence="FREQ=WEEKLY;BYDAY=SA;UNTIL=20270930T215959Z",
    ),
    add(
        "add water plants every blue moon", title="Water plants every blue moon", recurrence=ABSENT
    ),
    # --- priorities and tags -------------------------------------------------------------------
    add("add fix bug p1", title="Fix bug", priority="urgent"),
    add("add fix bug p2", title="Fix bug", priority="high"),
    add("add fix bug p3", title="Fix bug", priority="medium"),
    add("add fix bug p4", title="Fix bug", priority=ABSENT),
    add("add fix bug !!", title="Fix bug", priority="high"),
    add("add fix bug !!!", title="Fix bug", priority="urgent"),
    add("add fix bug urgent", title="Fix bug", priority="urgent"),
    add("add fix bug asap", title="Fix bug", priority="urgent"),
    add("add fix bug high priority", title="Fix bug", priority="high"),
    add("add fix bug medium priority", priority="medium"),
    add("add fix bug low priority", priority="low"),
    add("add fix bug priority: medium", title="Fix bug", priority="medium"),
    add("submit report next friday !!", title="Submit report", priority="high", due=due("12-04")),
    add("pay taxes end of month p2", title="Pay taxes", priority="high", due=due("11-30")),
    add("add write report #work #q4", title="Write report", tags=["work", "q4"]),
    add("add buy milk #Groceries", title="Buy milk", tags=["groceries"]),
    add("pick up parcel #errands", title="Pick up parcel", tags=["errands"]),
    add(
        "add call plumber #home tomorrow 8am p2",
        title="Call plumber",
        tags=["home"],
        priority="high",
        due=due("11-24", "08:00"),
    ),
    # --- reminders -----------------------------------------------------------------------------
    add(
        "remind me to pay rent every month on the 1st at 9am, p1 #home",
        title="Pay rent",
        priority="urgent",
        tags=["home"],
        reminders=["PT0S"],
        timezone=ZONE,
        **RENT,
    ),
    add("remind me to call mom tomorrow at 5pm", due=due("11-24", "17:00"), reminders=["PT0S"]),
    add(
        "remind me to take out the trash every tuesday at 7pm",
        title="Take out the trash",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        due=due("11-24", "19:00"),
        reminders=["PT0S"],
    ),
    add("remind me to stretch in 2 hours", title="Stretch", due=due("11-23", "12:00")),
    add(
        "remind me tomorrow at 8 to call the bank", title="Call the bank", due=due("11-24", "08:00")
    ),
    add("remind me to buy a gift", title="Buy a gift", due=ABSENT, reminders=ABSENT),
    add(
        "add meeting tomorrow 10am, remind me 15 minutes before",
        title="Meeting",
        reminders=["PT15M"],
    ),
    add("add meeting tomorrow 10am remind me 1 hour before", reminders=["PT1H"]),
    add("add flight friday 6am, remind me the day before", title="Flight", reminders=["P1D"]),
    add(
        "add pick up kids at 3pm, remind me at 2:30pm",
        due=due("11-23", "15:00"),
        reminders=[due("11-23", "14:30")],
    ),
    add("add dentist dec 3 at 10am, remind me at 8am", reminders=[due("12-03", "08:00")]),
    add("add water plants every day at 8am, remind me at 7am", reminders=["PT1H"]),
    add("add call dentist friday 2pm with a reminder 2 hours before", reminders=["PT2H"]),
    add("add standup every weekday at 9:30, remind me 10 minutes before", reminders=["PT10M"]),
    say("add call bob, remind me 10 minutes before", "needs a due date"),
    # --- listing and searching -----------------------------------------------------------------
    listed("what's due this week", **WEEK, sort="due"),
    listed("what's due this week?", **WEEK),
    listed("what is due today", **TODAY),
    listed("what's due today", **TODAY),
    listed("what do I have today", **TODAY),
    listed(
        "what's due tomorrow", due_after=due("11-24", "00:00"), due_before=due("11-25", "00:00")
    ),
    listed(
        "what's due next week", due_after=due("11-30", "00:00"), due_before=due("12-07", "00:00")
    ),
    listed("show tasks due this weekend", due_after=due("11-28", "00:00")),
    listed("what's due in the next 7 days", **WEEK),
    listed("show tasks due before friday", due_before=due("11-27", "00:00"), due_after=ABSENT),
    listed("show tasks due after friday", due_after=due("11-28", "00:00"), due_before=ABSENT),
    listed(
        "what's due on friday", due_after=due("11-27", "00:00"), due_before=due("11-28", "00:00")
    ),
    listed("what's due dec 1", due_after=due("12-01", "00:00")),
    listed(
        "show tasks this month", due_after=due("11-01", "00:00"), due_before=due("12-01", "00:00")
    ),
    listed("show my tasks", q=ABSENT, status=ABSENT),
    listed("list", q=ABSENT),
    listed("my tasks", q=ABSENT),
    listed("what's on my list", q=ABSENT),
    listed("agenda", q=ABSENT),
    listed("show all tasks", status="all"),
    listed("show high priority #work", priority=["high"], tags=["work"], q=ABSENT),
    listed("show urgent tasks", priority=["urgent"]),
    listed("show p1 tasks", priority=["urgent"]),
    listed("show low priority tasks", priority=["low"]),
    listed("show #home", tags=["home"]),
    listed("show tasks tagged #home", tags=["home"], q=ABSENT),
    listed("show high priority tasks due this week", priority=["high"], **WEEK),
    listed("find dentist", q="dentist"),
    listed("search for dentist", q="dentist"),
    listed("search dentist", q="dentist"),
    listed("look for dentist", q="dentist"),
    listed("where is the dentist task", q="dentist"),
    listed("find dentist #health", q="dentist", tags=["health"]),
    listed("show dentist tasks", q="dentist"),
    listed("what's overdue", overdue=True),
    listed("show overdue", overdue=True),
    listed("overdue", overdue=True),
    listed("anything overdue?", overdue=True),
    listed("show overdue #work", overdue=True, tags=["work"]),
    listed("show completed", status="completed"),
    listed("show completed tasks", status="completed"),
    listed("what did I complete", status="completed"),
    listed("what have I done", status="completed"),
    listed("what's next", sort="due", limit=5, due_after=NOW.isoformat()),
    listed("upcoming", due_after=NOW.isoformat(), due_before=ABSENT),
    listed("show tasks sorted by priority", sort="priority", order="asc"),
    listed("show top 5 tasks", limit=5),
    # --- by title: the lookup comes first ------------------------------------------------------
    find("complete dentist", "dentist"),
    find("finish groceries", "groceries"),
    find("i finished the groceries", "groceries"),
    find("tick off dentist", "dentist"),
    find("mark groceries done", "groceries"),
    find("groceries is done", "groceries"),
    find("done: groceries", "groceries"),
    find("done with groceries", "groceries"),
    find("complete the gym task", "gym"),
    find("skip gym", "gym"),
    find("skip gym this week", "gym"),
    find("reopen groceries", "groceries", status="completed"),
    find("delete groceries", "groceries"),
    find("get rid of gym", "gym"),
    find("move dentist to friday", "dentist"),
    find("reschedule dentist to dec 5", "dentist"),
    find("postpone gym to next week", "gym"),
    find("postpone groceries", "groceries"),
    find("push dentist back a week", "dentist"),
    find("dentist is now due monday", "dentist"),
    find("change the due date of dentist to monday", "dentist"),
    find("rename groceries to buy food", "groceries"),
    find("change the title of gym to go running", "gym"),
    find("make dentist urgent", "dentist"),
    find("prioritize groceries", "groceries"),
    find("tag groceries #home", "groceries"),
    find("remove the due date from dentist", "dentist"),
    find("stop repeating gym", "gym"),
    find("make groceries repeat every week", "groceries"),
    find("details of dentist", "dentist"),
    find("history of dentist", "dentist"),
    # --- ... then the action on the single match -----------------------------------------------
    then(looked_up("complete dentist", DENTIST, query="dentist"), "complete_task", task_id="t1"),
    then(
        looked_up("move dentist to friday", DENTIST, query="dentist"),
        "update_task",
        task_id="t1",
        due=due("11-27"),
    ),
    then(
        looked_up("rename groceries to buy food", GROCERIES, query="groceries"),
        "update_task",
        task_id="t2",
        title="Buy food",
    ),
    then(looked_up("delete gym", GYM, query="gym"), "delete_task", task_id="t3", confirm=ABSENT),
    then(
        looked_up("postpone dentist", DENTIST, query="dentist"),
        "update_task",
        task_id="t1",
        due=due("11-28"),
    ),
    then(
        looked_up("tag groceries #home", GROCERIES, query="groceries"),
        "update_task",
        task_id="t2",
        tags=["errands", "home"],
    ),
    then(
        looked_up("make groceries repeat every week", GROCERIES, query="groceries"),
        "update_task",
        task_id="t2",
        recurrence="FREQ=WEEKLY",
        due=due("11-24"),
    ),
    then(
        looked_up("complete dentist", DENTIST, task(8, "Dentist"), query="dentist"),
        "complete_task",
        task_id="t8",  # the exact title wins over a partial match
    ),
    Case(
        "complete call",
        reply="Several open tasks match “call”. Which one?",
        in_turn=looked_up("complete call", CALL_MOM, CALL_BOB, query="call"),
    ),
    Case(
        "complete xyz",
        reply="No open task matches “xyz”.",
        in_turn=looked_up("complete xyz", query="xyz"),
    ),
    Case(
        "complete dentist",
        reply="Completed “Dentist appointment”.",
        in_turn=[
            *looked_up("complete dentist", DENTIST, query="dentist"),
            *exchange(
                "qa_call_8", "complete_task", {"task_id": "t1"}, {**DENTIST, "completed": True}
            ),
        ],
    ),
    # --- by position in the list shown last ----------------------------------------------------
    act("complete 2", "complete_task", task_id="t2"),
    act("done with the first one", "complete_task", task_id="t1"),
    act("check off 2", "complete_task", task_id="t2"),
    act("close 3", "complete_task", task_id="t3"),
    act("done 2", "complete_task", task_id="t2"),
    act("mark 1 as done", "complete_task", task_id="t1"),
    act("1 is done", "complete_task", task_id="t1"),
    act("the second one is done", "complete_task", task_id="t2"),
    act("complete the last one", "complete_task", task_id="t4"),
    Case(
        "complete 1 and 3",
        [("complete_task", {"task_id": "t1"}), ("complete_task", {"task_id": "t3"})],
        history=SHOWN,
    ),
    act("skip 3", "skip_task", task_id="t3"),
    act("skip the third one", "skip_task", task_id="t3"),
    act("reopen 1", "reopen_task", task_id="t1"),
    act("mark 1 as not done", "reopen_task", task_id="t1"),
    act("delete 3", "delete_task", task_id="t3", confirm=ABSENT),
    act("remove 2", "delete_task", task_id="t2"),
    act("trash the first one", "delete_task", task_id="t1"),
    act("postpone 2 to tomorrow", "update_task", task_id="t2", due=due("11-24")),
    act("move 1 to tomorrow at 3pm", "update_task", task_id="t1", due=due("11-24", "15:00")),
    act("move 1 to next monday 10am", "update_task", task_id="t1", due=due("11-30", "10:00")),
    act("change due date of 1 to dec 5", "update_task", task_id="t1", due=due("12-05")),
    act("postpone 1", "update_task", task_id="t1", due=due("11-28")),
    act("push 1 by 3 days", "update_task", task_id="t1", due=due("11-30")),
    act("delay 3 by 1 week", "update_task", task_id="t3", due=due("12-01", "18:00")),
    act("snooze 2", "update_task", task_id="t2", due=due("11-24")),
    act("rename 1 as dental checkup", "update_task", task_id="t1", title="Dental checkup"),
    act("rename 2 to buy food", "update_task", task_id="t2", title="Buy food"),
    act("make 1 urgent", "update_task", task_id="t1", priority="urgent"),
    act("make 2 high priority", "update_task", task_id="t2", priority="high"),
    act("set 3 to low priority", "update_task", task_id="t3", priority="low"),
    act("mark 1 as p2", "update_task", task_id="t1", priority="high"),
    act("set priority of 2 to low", "update_task", task_id="t2", priority="low"),
    act("deprioritize 3", "update_task", task_id="t3", priority="low"),
    act("tag 1 with #health #q4", "update_task", task_id="t1", tags=["health", "q4"]),
    act("add #urgent to 2", "update_task", task_id="t2", tags=["errands", "urgent"]),
    act("clear due date of 1", "update_task", task_id="t1", clear_due=True),
    act("stop repeating 3", "update_task", task_id="t3", clear_recurrence=True),
    act(
        "repeat 2 every monday",
        "update_task",
        task_id="t2",
        recurrence="FREQ=WEEKLY;BYDAY=MO",
        due=due("11-30"),
    ),
    act("show 1", "get_task", task_id="t1"),
    act("info 2", "get_task", task_id="t2"),
    act("show me the second one", "get_task", task_id="t2"),
    act("activity for 3", "task_activity", task_id="t3"),
    say("complete 9", "There is no number 9 in the last list (it had 4).", history=SHOWN),
    say("complete it", "Which task do you mean?", history=SHOWN),
    say("complete 2", "There is no list to count in yet"),
    # --- the answer to "Which one?" ----------------------------------------------------------
    act("2", "complete_task", history=WHICH_CALL, task_id="t9"),
    act("the first one", "complete_task", history=WHICH_CALL, task_id="t4"),
    act("number 2", "delete_task", history=WHICH_DELETE, task_id="t9", confirm=ABSENT),
    Case("show my tasks", [("list_tasks", {"q": ABSENT})], history=WHICH_CALL),
    # --- "it", undo and delete confirmation ----------------------------------------------------
    act("complete it", "complete_task", history=ADDED, task_id="t9"),
    act("move it to monday", "update_task", history=ADDED, task_id="t9", due=due("11-30")),
    act("undo", "delete_task", history=ADDED, task_id="t9", confirm=ABSENT),
    act("undo", "reopen_task", history=COMPLETED, task_id="t1"),
    act("undo", "update_task", history=MOVED, task_id="t1", due=due("11-27")),
    act("yes", "delete_task", history=PENDING, task_id="t3", confirm=True),
    act("yes please", "delete_task", history=PENDING, task_id="t3", confirm=True),
    act("sure", "delete_task", history=PENDING, task_id="t3", confirm=True),
    say("no", "OK, I kept “Gym”.", history=PENDING),
    Case("show my tasks", [("list_tasks", {"q": ABSENT})], history=PENDING),
    say("yes", "There is nothing waiting for a yes or no"),
    say("undo", "There is nothing to undo."),
    # --- help and what is not understood -------------------------------------------------------
    Case("show activity", [("task_activity", {"task_id": ABSENT})]),
    say("help", "I can add, list, complete"),
    say("what can you do", "I can add, list, complete"),
    say("hi", "Hi! I can add"),
    say("thanks", "You're welcome."),
    say("asdf", "Sorry, I did not understand “asdf”."),
    say("what is the weather?", "Sorry, I did not understand"),
    say("add", "What should I add?"),
    say("2", "What should I do with “2”? Say e.g. “complete 2”", history=SHOWN),
    say("add tomorrow 5pm", "What should the task be called?"),
    say("complete", "Which task? Say e.g. “complete 2”"),
    # --- no command word: a statement is a task, a question a query, a failed edit is asked ---
    add("buy milk", title="Buy milk", due=ABSENT, priority=ABSENT, tags=ABSENT),
    listed("which tasks are due friday?", due_after=due("11-27", "00:00")),
    listed("anything about the dentist?", q="dentist"),
    listed("any tasks tagged #home?", tags=["home"]),
    say("what about the weather tomorrow?", "Sorry, I did not understand"),
    say("how long until christmas?", "Sorry, I did not understand"),
    say("why is the sky blue", "Sorry, I did not understand"),
    say("qwerty asdf", "Sorry, I did not understand"),
    say("change the dentist thing somehow", "I could not work out that change"),
    say("update the gym one", "I could not work out that change"),
    say("set it up properly", "I could not work out that change"),
    say("I am so tired", "Sorry, I did not understand"),
    say("it's raining again", "Sorry, I did not understand"),
    say("you are slow", "Sorry, I did not understand"),
    add("do the dishes", title="Do the dishes"),
    add("change the oil in the car", title="Change the oil in the car"),
    say("hmmm", "Sorry, I did not understand"),
    say("lol ok", "Sorry, I did not understand"),
    say("testing testing", "Sorry, I did not understand"),
    say("did I pay the rent?", "Sorry, I did not understand"),
    say("change the report deadline to friday", "I could not work out that change"),
    say("update the dentist appointment to 4pm", "I could not work out that change"),
    say(
        "change the priority of the budget report to low and rename it to Q4 budget",
        "I could not work out that change",
    ),
    say("make it weekly", "I could not work out that change"),
    add("make dinner tomorrow", title="Make dinner", due=due("11-24")),
    add("change the oil tomorrow", title="Change the oil", due=due("11-24")),
    add("set up the printer monday", title="Set up the printer", due=due("11-30")),
    listed(
        "remind me what I have tomorrow",
        due_after=due("11-24", "00:00"),
        due_before=due("11-25", "00:00"),
    ),
    say("where did I put my keys", "Sorry, I did not understand"),
    add("buy apples", title="Buy apples", due=ABSENT),
    add("water the plants", title="Water the plants"),
    add("Renew car insurance.", title="Renew car insurance"),
    add("email the landlord about the heating", title="Email the landlord about the heating"),
    add("laundry", title="Laundry"),
    say("the meeting went well", "Sorry, I did not understand"),
    say("lunch was great", "Sorry, I did not understand"),
    say("oops wrong chat", "Sorry, I did not understand"),
    say("forget it", "Sorry, I did not understand"),
    # --- priorities in words; negations never raise the priority --------------------------
    add("important: call the bank", title="Call the bank", priority="high"),
    add("Important - renew the passport", title="Renew the passport", priority="high"),
    add("urgent: call the plumber", title="Call the plumber", priority="urgent"),
    add("critical: patch the server tonight", title="Patch the server", priority="urgent"),
    add("add call the accountant, top priority", title="Call the accountant", priority="urgent"),
    add("send the invoice asap!", title="Send the invoice", priority="urgent"),
    add("add call the council as soon as possible", title="Call the council", priority="urgent"),
    add("!! fix the leak", title="Fix the leak", priority="high"),
    add("add pay the parking fine, it's important", title="Pay the parking fine", priority="high"),
    add("add pay the parking fine (important)", title="Pay the parking fine", priority="high"),
    add("add review the contract high prio", title="Review the contract", priority="high"),
    add("add water the ferns, not urgent", title="Water the ferns", priority=ABSENT),
    add("add sort the garage no rush", title="Sort the garage", priority=ABSENT),
    add("add tidy the desk - not important", title="Tidy the desk", priority=ABSENT),
    add("add tidy the shed, not a priority", title="Tidy the shed", priority=ABSENT),
    add("add descale the kettle, non-urgent", title="Descale the kettle", priority=ABSENT),
    add("add book the flights, no hurry", title="Book the flights", priority=ABSENT),
    add(
        "add call bob tomorrow, not urgent",
        title="Call bob",
        due=due("11-24"),
        priority=ABSENT,
    ),
    add("add file the receipts, low priority, no rush", title="File the receipts", priority="low"),
    add("add an important meeting with Anna", title="Important meeting with Anna", priority=ABSENT),
    listed("show tasks that are not urgent", priority=ABSENT, q=ABSENT),
    act("make 2 not urgent", "update_task", task_id="t2", priority="none"),
    act("mark 1 as no longer important", "update_task", task_id="t1", priority="none"),
    act("mark 1 as important", "update_task", task_id="t1", priority="high"),
    add("pay the council tax, urgent!", title="Pay the council tax", priority="urgent"),
    add("add buy the flowers high importance", title="Buy the flowers", priority="high"),
    add("add send the contract!!!", title="Send the contract", priority="urgent"),
    add("add sign the contract!!", title="Sign the contract", priority="high"),
    add(
        "add send the contract, it's not urgent at all", title="Send the contract", priority=ABSENT
    ),
    add("add water the plants (not urgent)", title="Water the plants", priority=ABSENT),
    add("ASAP: send the signed contract", title="Send the signed contract", priority="urgent"),
    add("add pay the bills very important", title="Pay the bills", priority="high"),
    # --- tags in words, and @label like #tag --------------------------------------------------
    add("add buy oat milk tagged groceries", title="Buy oat milk", tags=["groceries"]),
    add("add buy oat milk, tag it groceries", title="Buy oat milk", tags=["groceries"]),
    add("add call the garage and label it car", title="Call the garage", tags=["car"]),
    add("add renew the insurance with the tag car", title="Renew the insurance", tags=["car"]),
    add("add renew the insurance tagged car and admin", tags=["car", "admin"]),
    add("add renew the insurance tagged as admin", tags=["admin"]),
    add("add pay the rent @home", title="Pay the rent", tags=["home"]),
    add("add review the slides @work #q4", title="Review the slides", tags=["work", "q4"]),
    add(
        "add plan the trip tomorrow tagged travel",
        title="Plan the trip",
        due=due("11-24"),
        tags=["travel"],
    ),
    add(
        "add email bob@example.com about the invoice",
        title="Email bob@example.com about the invoice",
        tags=ABSENT,
    ),
    add("add buy a gift tag", title="Buy a gift tag", tags=ABSENT),
    add("add fix the label printer", title="Fix the label printer", tags=ABSENT),
    act("add the tag health to 1", "update_task", task_id="t1", tags=["health"]),
    act("add tag health to 1", "update_task", task_id="t1", tags=["health"]),
    act("tag 1 health", "update_task", task_id="t1", tags=["health"]),
    act("tag 1 as health", "update_task", task_id="t1", tags=["health"]),
    act("label 1 health", "update_task", task_id="t1", tags=["health"]),
    act("tag 1 @health", "update_task", task_id="t1", tags=["health"]),
    act("tag 2 with shop", "update_task", task_id="t2", tags=["errands", "shop"]),
    find("tag dentist as health", "dentist"),
    act("tag it work", "update_task", history=ADDED, task_id="t9", tags=["work"]),
    act("remove the errands tag from 2", "update_task", task_id="t2", tags=[]),
    act("remove tag errands from 2", "update_task", task_id="t2", tags=[]),
    act("remove #errands from 2", "update_task", task_id="t2", tags=[]),
    act("untag 2 errands", "update_task", task_id="t2", tags=[]),
    act("untag errands from 2", "update_task", task_id="t2", tags=[]),
    act("take the errands label off 2", "update_task", task_id="t2", tags=[]),
    listed("show my tasks tagged work", tags=["work"], q=ABSENT),
    listed("show tasks labelled home", tags=["home"], q=ABSENT),
    listed("anything tagged errands?", tags=["errands"], q=ABSENT),
    listed("show @home", tags=["home"], q=ABSENT),
    listed("what is tagged with errands", tags=["errands"], q=ABSENT),
    listed("list tasks with the tag work", tags=["work"], q=ABSENT),
    listed("show everything labelled work", tags=["work"], q=ABSENT),
    listed("show tasks tagged work or home", tags=["work", "home"], q=ABSENT),
    act("tag 2 #home and #diy", "update_task", task_id="t2", tags=["errands", "home", "diy"]),
    listed("what tasks have the label home", tags=["home"], q=ABSENT),
    listed("which tasks are tagged home?", tags=["home"], q=ABSENT),
    listed("show me everything tagged @work", tags=["work"], q=ABSENT),
    add(
        "add fix the sink with tags home and repairs",
        title="Fix the sink",
        tags=["home", "repairs"],
    ),
    # --- contractions, past tenses, "finish X <when>" ----------------------------------------
    find("I called the insurance company", "call the insurance company"),
    find("I've called the bank", "call the bank"),
    find("I just paid the electricity bill", "pay the electricity bill"),
    find("i booked the flights", "book the flights"),
    find("I have emailed the landlord", "email the landlord"),
    find("I bought the birthday card", "buy the birthday card"),
    find("we've cleaned the garage", "clean the garage"),
    find("I tidied the shed", "tidy the shed"),
    find("I've finished the budget slides", "budget slides"),
    find("I'm done with the slides", "slides"),
    find("we're done with the slides", "slides"),
    find("I've done the slides", "slides"),
    say("I forgot to call the bank", "Sorry, I did not understand"),
    say("I'm tired of this", "Sorry, I did not understand"),
    add("finish the slides tonight", title="Finish the slides", due=due("11-23", "20:00")),
    add(
        "finish the sales report by friday 5pm",
        title="Finish the sales report",
        due=due("11-27", "17:00"),
    ),
    find("I finished the sales report yesterday", "sales report"),
    find("I called the insurance company this morning", "call the insurance company"),
    add("complete the tax return by dec 15", title="Complete the tax return", due=due("12-15")),
    add("I'll call the plumber tomorrow", title="Call the plumber", due=due("11-24")),
    add("I'm going to clean the oven on saturday", title="Clean the oven", due=due("11-28")),
    add("I've got to renew the parking permit", title="Renew the parking permit"),
    add("we need to buy a new kettle", title="Buy a new kettle"),
    add("don't let me forget to call grandma", title="Call grandma"),
    add("add don't forget the umbrella", title="Don't forget the umbrella"),
    add("let's book the venue friday", title="Book the venue", due=due("11-27")),
    add("we're going to paint the hallway on sunday", title="Paint the hallway", due=due("11-29")),
    find("we're finished with the slides", "slides"),
    # --- wrappers: polite and roundabout ways to say "add" -----------------------------------
    add("could you please add call the vet tomorrow", title="Call the vet", due=due("11-24")),
    add(
        "could you please remind me to call the vet at 5pm",
        title="Call the vet",
        due=due("11-23", "17:00"),
        reminders=["PT0S"],
    ),
    add("kindly add a task to renew the lease", title="Renew the lease"),
    add("I need you to put oat milk on my list", title="Oat milk"),
    add("I need you to put buy stamps on the shopping list", title="Buy stamps"),
    add("can you make a note to check the tyres", title="Check the tyres"),
    add("make a note: check the tyres friday", title="Check the tyres", due=due("11-27")),
    add(
        "please remind me to water the plants tomorrow",
        title="Water the plants",
        due=due("11-24"),
        reminders=["PT0S"],
    ),
    add(
        "would you mind adding pay the gas bill friday", title="Pay the gas bill", due=due("11-27")
    ),
    add("please put buy stamps on the list", title="Buy stamps"),
    add("I'd like to add a task: clean the garage", title="Clean the garage"),
    add("would you please create a task to fix the fence", title="Fix the fence"),
    add("please could you jot down renew passport", title="Renew passport"),
    add("can you add milk for me please", title="Milk"),
    add("hey, can you add book flights to Rome", title="Book flights to Rome"),
    add("could you note down that the boiler needs a service", title="The boiler needs a service"),
    add("can u pls add mow the lawn saturday", title="Mow the lawn", due=due("11-28")),
    add("I want you to add fix the bike, thanks", title="Fix the bike"),
    add("would you be so kind as to add call the bank", title="Call the bank"),
    listed("could you please show me my tasks for today", **TODAY),
    act("could you please complete 2", "complete_task", task_id="t2"),
    find("can you please delete the dentist task", "dentist"),
    add("could you add a task called review the budget", title="Review the budget"),
    add("create a new task named water the orchids", title="Water the orchids"),
    add(
        "hey could you please set a reminder to call mum at 6pm",
        title="Call mum",
        due=due("11-23", "18:00"),
        reminders=["PT0S"],
    ),
    add("can you put eggs on the shopping list please", title="Eggs"),
    add("pls add call the dentist tomorrow", title="Call the dentist", due=due("11-24")),
    add(
        "Could you kindly add 'send thank-you notes' for Saturday?",
        title="Send thank-you notes",
        due=due("11-28"),
    ),
    add("would it be possible to add call the school", title="Call the school"),
    add(
        "I'd like a reminder to call the vet tomorrow",
        title="Call the vet",
        due=due("11-24"),
        reminders=["PT0S"],
    ),
    add("add to my list: buy batteries", title="Buy batteries"),
    add("put call the bank on my to-do list for monday", title="Call the bank", due=due("11-30")),
    add(
        "Can you make sure I remember to pay the nanny on friday",
        title="Pay the nanny",
        due=due("11-27"),
    ),
    add("note: renew the gym membership", title="Renew the gym membership"),
    add(
        "reminder: dentist at 3pm friday",
        title="Dentist",
        due=due("11-27", "15:00"),
        reminders=["PT0S"],
    ),
    add("todo buy printer ink", title="Buy printer ink"),
    listed("could you show my tasks?", q=ABSENT),
    listed("can you tell me what's due today?", **TODAY),
    # --- small talk and help: a short reply, no task, no "did not understand" ----------------
    say("hiya!!", "Hi! I can add"),
    say("hello hello", "Hi! I can add"),
    say("hey there, what can you do for me?", "Hi! I can add"),
    say("good afternoon", "Good afternoon! I can add"),
    say("so what can you do?", "I can add, list, complete"),
    say("how does this work then?", "I can add, list, complete"),
    say("thanks a bunch", "You're welcome."),
    say("ok thank you so much", "You're welcome."),
    say("goodnight then", "Good night!"),
    say("ok bye for now then", "Bye!"),
    say("bye-bye", "Bye!"),
    say("see ya later", "Bye!"),
    say("who r u?", "I am the offline assistant of this todo app"),
    say("are you a bot?", "I am the offline assistant of this todo app"),
    say("how are you doing today?", "Fine, thanks."),
    say("cheers, bye", "Bye!"),
    say("morning!", "Good morning! I can add"),
    say("good evening everyone", "Good evening! I can add"),
    say("night night", "Good night!"),
    say("help me please", "I can add, list, complete"),
    say("who made you?", "I am the offline assistant of this todo app"),
    say("thank you, that's all", "Bye!"),
    say("what can i ask you?", "I can add, list, complete"),
    say("what are your commands?", "I can add, list, complete"),
    say("are you an AI?", "I am the offline assistant of this todo app"),
    say("yo", "Hi! I can add"),
    add("thanks, add oat milk", title="Oat milk"),
    add("hi, add oat milk tomorrow", title="Oat milk", due=due("11-24")),
    listed("hello! show my tasks", q=ABSENT),
    add("ok add free-range eggs", title="Free-range eggs"),
    say("I need help with my tasks", "I can add, list, complete"),
    # MCP tools answer with text content parts; the JSON inside is what counts.
    Case(
        "complete dentist",
        [("complete_task", {"task_id": "t1"})],
        in_turn=[
            user("complete dentist"),
            {
                "type": "function_call",
                "call_id": "qa_find_11",
                "name": "list_tasks",
                "arguments": "{}",
            },
            {
                "type": "function_call_output",
                "call_id": "qa_find_11",
                "output": [{"type": "input_text", "text": json.dumps(listing(DENTIST))}],
            },
        ],
    ),
    Case(
        "complete dentist",
        reply="I could not look for “dentist”: database down",
        in_turn=[
            user("complete dentist"),
            {
                "type": "function_call",
                "call_id": "qa_find_12",
                "name": "list_tasks",
                "arguments": "{}",
            },
            {
                "type": "function_call_output",
                "call_id": "qa_find_12",
                "output": "Error executing tool list_tasks: database down",
            },
        ],
    ),
]


SMALL_TALK_REPLIES = (
    "Hi!",
    "Good afternoon!",
    "Good morning!",
    "Good evening!",
    "I can add",
    "You're welcome.",
    "Good night!",
    "Bye!",
    "I am the offline",
    "Fine, thanks.",
)


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


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 150


@pytest.mark.parametrize("case", TABLE, ids=[case.id for case in TABLE])
def test_command(case: Case) -> None:
    problem = mismatch(case, actual(case))
    assert not problem, problem


SMALL_TALK = [case for case in TABLE if case.reply.startswith(SMALL_TALK_REPLIES)]


def test_small_talk_is_never_a_misunderstanding() -> None:
    assert len(SMALL_TALK) >= 16
    for case in SMALL_TALK:
        assert "understand" not in actual(case).text, case.text


def test_pass_rate(record_property: Any, capsys: pytest.CaptureFixture[str]) -> None:
    failures = [(case.text, problem) for case in TABLE if (problem := mismatch(case, actual(case)))]
    passed = len(TABLE) - len(failures)
    rate = 100 * passed / len(TABLE)
    record_property("quickadd_pass_rate", f"{rate:.1f}")
    with capsys.disabled():
        print(f"\nquick-add table: {passed}/{len(TABLE)} commands pass ({rate:.1f}%)")
    assert failures == []
