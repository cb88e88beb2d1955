"""Held-out commands for the offline assistant (issue 12): written before the grammar was tuned.

These rows were written from the issue's classes alone, without reading the grammar
(gateway/agent/offline*, core/nl), in the format of tests/unit/test_quickadd_table.py: the same
fixed `NOW` (Monday 23 November 2026, 10:00 Europe/Berlin), the same helpers and conventions.
Each row is one message (optionally after an earlier conversation) and the exact tool calls,
with their key arguments, or the reply fragment a correct assistant gives.

The rule that makes this a held-out set: nobody runs these rows against the model, and nobody
looks at their failures, until the grammar work for issue 12 is done. Then they are run once
and the pass rate (overall and per class, from `CLASS_OF`) goes into the closing note. Never
copy a row into the tuning table, and never tune the grammar on a failure seen here.
tests/unit/test_heldout_shape.py checks only the form of this file, never the model.

Beyond the table's own comparison (`mismatch` there):
- `Contains(text)` matches any string argument containing `text` (case-insensitive); it is used
  where the exact lookup query is a matter of taste ("I called the bank" -> a query with "bank").
- `OneOf(...)` matches any of the values; `None` in it also accepts a missing argument
  (`NOT_RAISED`: a priority that is absent, "none" or "low", for "not urgent", "no rush").
- `Row.also_say` lists more fragments the reply must contain (a count and the titles).
- No reply of any row may contain one of `NEVER_SAY`.

Conventions assumed where the issue is silent (the table's own: a day alone is 09:00, the next
occurrence after now, "next week" = Monday 30 Nov, "next month" = 1 Dec, tonight 20:00):
- morning 09:00 (as the table's "every morning"); "this afternoon/evening" only with a clock
  time here; "end of week" = Sunday 29 Nov 09:00; "eod" = today 17:00; "midnight" = the coming
  00:00 (Tue 24 Nov 00:00); "half nine" = 09:30; "24/12" is day/month; "Friday week" = Fri 4 Dec;
  "a week on Tuesday" = Tue 1 Dec; "a fortnight from today" = Mon 7 Dec 09:00.
- "until 20 december" includes that day: UNTIL = its end in Berlin (20261220T225959Z).
- RRULE parts in the table's order: FREQ, INTERVAL, BYMONTH, BYMONTHDAY/BYDAY, UNTIL/COUNT.
- "important" = high, "top priority", "priority 1", "asap", "super urgent" = urgent; "no rush",
  "not urgent", "not important" leave it absent, "none" or "low" (`NOT_RAISED`).
- A compound edit of one task is one update_task with every field; several titles in one
  edit are looked up one list_tasks each, in the order written; several positions or "both"
  give one call each, in order.
- Moving to a bare day keeps 09:00 for tasks due at 09:00 (rows avoid other clock times);
  relative moves ("by a week", "by two hours", "forward a day") keep the clock time.
- "add milk, eggs and bread" gives titles "Milk", "Eggs", "Bread" (no verb added).
- A count is one list_tasks with the filter, then a reply holding the number and the titles.
- Greetings and "who are you" reply with the help ("I can add"); thanks "You're welcome";
  "bye"/"see you" "Bye"; "good night" "Good night"; "ok"/"how are you" any reply, no call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.unit.quickadd_cases import (
    ABSENT,
    ADDED,
    COMPLETED,
    DENTIST,
    GROCERIES,
    GYM,
    NOW,
    SHOWN,
    TODAY,
    WEEK,
    Case,
    act,
    add,
    due,
    exchange,
    find,
    listed,
    listing,
    looked_up,
    said,
    task,
    then,
    user,
)

# --- the classes -------------------------------------------------------------------------
NO_COMMAND = "no command word"
FORMS = "contractions and forms"
TYPOS = "typos"
PRIORITIES = "priorities in words"
TAGS = "tags in words"
RECURRENCE = "recurrence in words"
TIMES = "times"
REMINDERS = "reminders in words"
FOLLOW_UPS = "follow-ups"
QUERIES = "queries in words"
WRAPPERS = "wrappers"
SEVERAL = "several tasks in one message"
SPOKEN = "spoken and regional dates and times"
COUNTS = "counts and summaries"
EDITS = "edits in words"
TODOIST = "todoist syntax"
SMALL_TALK = "small talk and help"

CLASSES = (
    NO_COMMAND, FORMS, TYPOS, PRIORITIES, TAGS, RECURRENCE, TIMES, REMINDERS, FOLLOW_UPS,
    QUERIES, WRAPPERS, SEVERAL, SPOKEN, COUNTS, EDITS, TODOIST, SMALL_TALK,
)  # fmt: skip

NEVER_SAY = ("did not understand",)


# --- matchers and helpers of this file -----------------------------------------------------------
class Contains:
    """Equal to any string that contains `part`, ignoring case."""

    def __init__(self, part: str) -> None:
        self.part = part

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.part.lower() in other.lower()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.part)

    def __repr__(self) -> str:
        return f"Contains({self.part!r})"


class OneOf:
    """Equal to any of `values`; None among them also accepts a missing argument."""

    def __init__(self, *values: Any) -> None:
        self.values = values

    def __eq__(self, other: object) -> bool:
        return any(other == value for value in self.values)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.values)

    def __repr__(self) -> str:
        return f"OneOf{self.values!r}"


NOT_RAISED = OneOf(None, "none", "low")


@dataclass
class Row(Case):
    """A case whose reply must also contain every fragment of `also_say`."""

    also_say: tuple[str, ...] = ()


def lookup(text: str, query: str | Contains) -> Case:
    """The first step of an edit by title: the lookup, never a new task."""
    return Case(text, [("list_tasks", {"q": query, "status": "open", "limit": 10})])


def lookups(text: str, *queries: str) -> Case:
    """Several titles in one message: one lookup each, in the order written."""
    return Case(text, [("list_tasks", {"q": q, "status": "open", "limit": 10}) for q in queries])


def looked_up_each(text: str, *found: tuple[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """This turn so far: the message and one lookup per title, each with what it found."""
    turn = [user(text)]
    for number, (query, tasks) in enumerate(found, start=1):
        # The model's own lookup ids (corrected on 2026-12-05: "ho_find_" ids, which the model
        # never writes, made it look the titles up again).
        turn += exchange(f"qa_find_{number}", "list_tasks", {"q": query}, listing(*tasks))
    return turn


def calls(
    text: str,
    *made: tuple[str, dict[str, Any]],
    history: list[dict[str, Any]] | None = None,
    in_turn: list[dict[str, Any]] | None = None,
) -> Case:
    """Several tool calls for one message, in order."""
    return Case(text, list(made), history=history or [], in_turn=in_turn)


def adds(text: str, *tasks: dict[str, Any]) -> Case:
    """One add_task per task, in the order written."""
    return Case(text, [("add_task", arguments) for arguments in tasks])


def chat(text: str, reply: str, history: list[dict[str, Any]] | None = None) -> Case:
    """A reply and no tool call."""
    return Case(text, reply=reply, history=history or [])


def counted(
    text: str, arguments: dict[str, Any], *found: dict[str, Any], reply: str, also: tuple[str, ...]
) -> Row:
    """After the listing a count needs: the number and the titles, no more calls."""
    turn = [user(text), *exchange("ho_count_1", "list_tasks", arguments, listing(*found))]
    return Row(text, reply=reply, in_turn=turn, also_say=also)


def day(date: str, clock: str = "00:00") -> str:
    return due(date, clock)


def range_of(first: str, after_last: str) -> dict[str, str]:
    """due_after / due_before for whole days, first included, after_last excluded."""
    return {"due_after": day(first), "due_before": day(after_last)}


# --- tasks (ids t21 and up) and earlier conversations of this file ------------------------------
# SHOWN lists t1 Dentist appointment (Fri 27 Nov 09:00), t2 Groceries (#errands), t3 Gym (every
# Tuesday, Tue 24 Nov 18:00), t4 Call mom; after ADDED, "it" is t9 Call bob (Fri 27 Nov 09:00).
REPORT = task(21, "Quarterly report", due("11-30"), priority="medium", tags=["work"])
CALL_BANK = task(22, "Call the bank", due("11-20"))
INVOICE = task(23, "Send the invoice", due("11-22"), tags=["work"])
WALK_DOG = task(
    24, "Walk the dog", due("11-23", "18:00"), recurrence={"rule": "FREQ=DAILY", "anchor": "due"}
)
YOGA = task(
    25,
    "Yoga class",
    due("11-26", "19:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TH", "anchor": "due"},
)
SLIDES = task(27, "Finish the slides", due("11-26", "17:00"))
ELECTRICITY = task(28, "Pay the electricity bill", due("11-25"))
MILK = task(29, "Buy milk")
RING_GARAGE = task(30, "Ring the garage", due("11-23", "15:00"))

OVERDUE_SHOWN = [
    user("what's overdue"),
    *exchange("ho_list_1", "list_tasks", {"overdue": True}, listing(CALL_BANK, INVOICE)),
    said("Overdue (2): ..."),
]
DETAIL = [
    *SHOWN,
    user("show 2"),
    *exchange("ho_get_2", "get_task", {"task_id": "t2"}, GROCERIES),
    said("“Groceries” — no due date, #errands."),
]
FRIDAY = range_of("11-27", "11-28")
TOMORROW = range_of("11-24", "11-25")
NEXT_WEEK = range_of("11-30", "12-07")

ROWS: list[tuple[str, list[Case]]] = [
    # --- a statement is a task, a question a query; a failed edit asks, never adds -------------
    (
        NO_COMMAND,
        [
            add("pick up dry cleaning", title="Pick up dry cleaning", due=ABSENT, priority=ABSENT),
            add("oat milk", title="Oat milk", due=ABSENT, tags=ABSENT),
            add("new phone charger", title="New phone charger"),
            add("vacuum the stairs", title="Vacuum the stairs", due=ABSENT),
            add(
                "ask Meera about the visa documents",
                title="Ask Meera about the visa documents",
                due=ABSENT,
            ),
            add(
                "Book a table at Luigi's for Saturday 8pm",
                title="Book a table at Luigi's",
                due=due("11-28", "20:00"),
            ),
            add("Haircut thursday 5:30pm", title="Haircut", due=due("11-26", "17:30")),
            add(
                "Return library books on wednesday",
                title="Return library books",
                due=due("11-25"),
            ),
            add("renew car insurance by the 15th", title="Renew car insurance", due=due("12-15")),
            listed("any tasks for friday?", **FRIDAY),
            listed("which tasks are due tomorrow?", **TOMORROW),
            listed("what's tagged errands?", tags=["errands"], q=ABSENT),
            listed("anything about the landlord?", q="landlord"),
            listed("is anything due this week?", **WEEK),
            Case(
                "rename the car wash to valet the car",
                reply="No open task matches",
                in_turn=looked_up("rename the car wash to valet the car", query="car wash"),
            ),
            Case(
                "mark the boiler service as done",
                reply="No open task matches",
                in_turn=looked_up("mark the boiler service as done", query="boiler service"),
            ),
        ],
    ),
    # --- contractions, past tenses ("I called the bank" completes it), "finish X tonight" -----
    (
        FORMS,
        [
            lookup("I called the bank", Contains("bank")),
            then(
                looked_up("I called the bank", CALL_BANK, query="call the bank"),
                "complete_task",
                task_id="t22",
            ),
            lookup("I've sent the invoice", Contains("invoice")),
            then(
                looked_up("I've sent the invoice", INVOICE, query="invoice"),
                "complete_task",
                task_id="t23",
            ),
            then(
                looked_up("walked the dog", WALK_DOG, query="walk the dog"),
                "complete_task",
                task_id="t24",
            ),
            then(
                looked_up("I paid the electricity bill", ELECTRICITY, query="electricity bill"),
                "complete_task",
                task_id="t28",
            ),
            then(
                looked_up("I've bought the milk", MILK, query="milk"),
                "complete_task",
                task_id="t29",
            ),
            then(
                looked_up("I've finished the slides", SLIDES, query="slides"),
                "complete_task",
                task_id="t27",
            ),
            lookup("I'm done with the quarterly report", Contains("quarterly report")),
            add(
                "finish the essay tonight",
                title="Finish the essay",
                due=due("11-23", "20:00"),
            ),
            add(
                "finish the slides by thursday 5pm",
                title="Finish the slides",
                due=due("11-26", "17:00"),
            ),
            add(
                "I've got to renew my visa by 15 december",
                title="Renew my visa",
                due=due("12-15"),
            ),
            add("I'd better ring the plumber tomorrow", title="Ring the plumber", due=due("11-24")),
            add("we've got to book the venue next week", title="Book the venue", due=due("11-30")),
            add(
                "don't let me forget to water the ferns tomorrow",
                title="Water the ferns",
                due=due("11-24"),
            ),
            add(
                "I'm supposed to email the landlord this afternoon at 3",
                title="Email the landlord",
                due=due("11-23", "15:00"),
            ),
            add(
                "I have to submit the form by tomorrow itself",
                title="Submit the form",
                due=due("11-24"),
            ),
            add(
                "I'll need to collect the parcel on thursday",
                title="Collect the parcel",
                due=due("11-26"),
            ),
        ],
    ),
    # --- typos in date, weekday, month, recurrence and command words; never in titles ----------
    (
        TYPOS,
        [
            add("call landlord tmrw", title="Call landlord", due=due("11-24")),
            add("pay electricty bill thursdy", title="Pay electricty bill", due=due("11-26")),
            add("water the plants evry day", title="Water the plants", recurrence="FREQ=DAILY"),
            find("compelte groceries", "groceries"),
            find("delte the gym", "gym"),
            listed("shwo my tasks", q=ABSENT),
            add("dinner wiht sam firday 7pm", title="Dinner wiht sam", due=due("11-27", "19:00")),
            add(
                "dentist appointmnt tommorow at 11",
                title="Dentist appointmnt",
                due=due("11-24", "11:00"),
            ),
            add("team sync wednesay 2pm", title="Team sync", due=due("11-25", "14:00")),
            add("send card to nana on decmber 12", title="Send card to nana", due=due("12-12")),
            add(
                "take out recycling evrey monday",
                title="Take out recycling",
                recurrence="FREQ=WEEKLY;BYDAY=MO",
                due=due("11-30"),
            ),
            add(
                "meeting with HR tomorow 10am, remnder 15 min before",
                title="Meeting with HR",
                due=due("11-24", "10:00"),
                reminders=["PT15M"],
            ),
            find("reschdule dentist to friday", "dentist"),
            listed("waht's due this wek", **WEEK),
            add("clean the oven nxt week", title="Clean the oven", due=due("11-30")),
            add("hoover the living room satuday", title="Hoover the living room", due=due("11-28")),
            add("book flights urgnet", title="Book flights", priority="urgent"),
        ],
    ),
    # --- priorities in words; negations never raise it -------------------------------------------
    (
        PRIORITIES,
        [
            add("important: renew passport", title="Renew passport", priority="high"),
            add(
                "top priority - fix the leaking tap",
                title="Fix the leaking tap",
                priority="urgent",
            ),
            add(
                "send the contract to legal asap",
                title="Send the contract to legal",
                priority="urgent",
            ),
            add("reply to the auditor !!", title="Reply to the auditor", priority="high"),
            add(
                "sort out the garage, not urgent", title="Sort out the garage", priority=NOT_RAISED
            ),
            add("tidy the shed, no rush", title="Tidy the shed", priority=NOT_RAISED),
            add("update the CV (not important)", title="Update the CV", priority=NOT_RAISED),
            add(
                "order new business cards - low priority",
                title="Order new business cards",
                priority="low",
            ),
            add(
                "prepare the board deck, high prio",
                title="Prepare the board deck",
                priority="high",
            ),
            add(
                "it's urgent: call the school back", title="Call the school back", priority="urgent"
            ),
            add(
                "medium priority: clean out the fridge",
                title="Clean out the fridge",
                priority="medium",
            ),
            add(
                "book the MOT next week, important",
                title="Book the MOT",
                priority="high",
                due=due("11-30"),
            ),
            add(
                "super urgent!! pay the parking fine",
                title="Pay the parking fine",
                priority="urgent",
            ),
            add(
                "call the accountant friday, priority 1",
                title="Call the accountant",
                priority="urgent",
                due=due("11-27"),
            ),
            add("low prio: sort the photo albums", title="Sort the photo albums", priority="low"),
            act("make the second one top priority", "update_task", task_id="t2", priority="urgent"),
        ],
    ),
    # --- tags in words: "tag it X", "tagged X", "label it X", adding and removing one ----------
    (
        TAGS,
        [
            add("buy printer ink tagged office", title="Buy printer ink", tags=["office"]),
            add("pay the gas bill, tag it home", title="Pay the gas bill", tags=["home"]),
            add("renew the domain, label it admin", title="Renew the domain", tags=["admin"]),
            add(
                "repaint the fence with the tags garden and diy",
                title="Repaint the fence",
                tags=["garden", "diy"],
            ),
            add(
                "draft the newsletter, tags: work, writing",
                title="Draft the newsletter",
                tags=["work", "writing"],
            ),
            add("call the vet tagged Pets", title="Call the vet", tags=["pets"]),
            find("add the tag shopping to groceries", "groceries"),
            then(
                looked_up("add the tag shopping to groceries", GROCERIES, query="groceries"),
                "update_task",
                task_id="t2",
                tags=["errands", "shopping"],
            ),
            then(
                looked_up("remove the errands tag from groceries", GROCERIES, query="groceries"),
                "update_task",
                task_id="t2",
                tags=[],
            ),
            then(
                looked_up(
                    "take the work tag off the quarterly report", REPORT, query="quarterly report"
                ),
                "update_task",
                task_id="t21",
                tags=[],
            ),
            act("tag 2 as home", "update_task", task_id="t2", tags=["errands", "home"]),
            act("remove the errands tag from the second one", "update_task", task_id="t2", tags=[]),
            act("put it under work", "update_task", history=ADDED, task_id="t9", tags=["work"]),
            act("tag it errands", "update_task", history=ADDED, task_id="t9", tags=["errands"]),
            listed("show everything tagged finance", tags=["finance"], q=ABSENT),
            listed("which tasks have the label home?", tags=["home"], q=ABSENT),
        ],
    ),
    # --- recurrence in words; completion-anchored; an explicit time beats a part of the day ----
    (
        RECURRENCE,
        [
            add(
                "pay the credit card on the 1st of every month",
                title="Pay the credit card",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                due=due("12-01"),
            ),
            add(
                "back up the laptop on the last day of every month",
                title="Back up the laptop",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
                due=due("11-30"),
            ),
            add(
                "clean the bathroom every other week",
                title="Clean the bathroom",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
            ),
            add(
                "bin collection fortnightly on thursday",
                title="Bin collection",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                due=due("11-26"),
            ),
            add(
                "book club the first monday of each month",
                title="Book club",
                recurrence="FREQ=MONTHLY;BYDAY=1MO",
                due=due("12-07"),
            ),
            add(
                "drink water every 3 hours",
                title="Drink water",
                recurrence="FREQ=HOURLY;INTERVAL=3",
            ),
            add(
                "physio exercises every day until 20 december",
                title="Physio exercises",
                recurrence="FREQ=DAILY;UNTIL=20261220T225959Z",
            ),
            add(
                "piano lesson every wednesday at 4pm for 5 times",
                title="Piano lesson",
                recurrence="FREQ=WEEKLY;BYDAY=WE;COUNT=5",
                due=due("11-25", "16:00"),
            ),
            add(
                "descale the kettle every 2 weeks after I finish it",
                title="Descale the kettle",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
                anchor="completion",
            ),
            add(
                "replace the toothbrush every 3 months after completion",
                title="Replace the toothbrush",
                recurrence="FREQ=MONTHLY;INTERVAL=3",
                anchor="completion",
            ),
            add(
                "meditate every morning at 7",
                title="Meditate",
                recurrence="FREQ=DAILY",
                due=due("11-24", "07:00"),
            ),
            add(
                "journal every evening at 9pm",
                title="Journal",
                recurrence="FREQ=DAILY",
                due=due("11-23", "21:00"),
            ),
            add(
                "review finances every 6 months",
                title="Review finances",
                recurrence="FREQ=MONTHLY;INTERVAL=6",
            ),
            add(
                "send valentine card every year on 14 february",
                title="Send valentine card",
                recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=14",
                due="2027-02-14T09:00:00+01:00",
            ),
            add("stretch every other day", title="Stretch", recurrence="FREQ=DAILY;INTERVAL=2"),
            add(
                "swimming every tuesday and thursday at 6:30am",
                title="Swimming",
                recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
                due=due("11-24", "06:30"),
            ),
            add(
                "farmers market every saturday morning",
                title="Farmers market",
                recurrence="FREQ=WEEKLY;BYDAY=SA",
                due=due("11-28"),
            ),
        ],
    ),
    # --- times: "in N minutes" exact, this afternoon/evening = today, eod, noon, midnight ------
    (
        TIMES,
        [
            add("check the oven in 25 minutes", title="Check the oven", due=due("11-23", "10:25")),
            add("move the car in 90 minutes", title="Move the car", due=due("11-23", "11:30")),
            add(
                "call back Mr Sharma in an hour",
                title="Call back Mr Sharma",
                due=due("11-23", "11:00"),
            ),
            add(
                "take the cake out in half an hour",
                title="Take the cake out",
                due=due("11-23", "10:30"),
            ),
            add("ring the garage in 5 mins", title="Ring the garage", due=due("11-23", "10:05")),
            add(
                "collect the prescription this afternoon at 4",
                title="Collect the prescription",
                due=due("11-23", "16:00"),
            ),
            add("call uncle this evening at 7", title="Call uncle", due=due("11-23", "19:00")),
            add(
                "submit the timesheet by end of week",
                title="Submit the timesheet",
                due=due("11-29"),
            ),
            add("pay the invoice by end of month", title="Pay the invoice", due=due("11-30")),
            add("send the report eod", title="Send the report", due=due("11-23", "17:00")),
            add(
                "lunch with the team at noon tomorrow",
                title="Lunch with the team",
                due=due("11-24", "12:00"),
            ),
            add("submit the bid by midnight", title="Submit the bid", due=due("11-24", "00:00")),
            add("stand-up notes at 11:45", title="Stand-up notes", due=due("11-23", "11:45")),
            add("renew parking permit in 3 days", title="Renew parking permit", due=due("11-26")),
            add(
                "feed the neighbour's cat tomorrow evening at 6",
                title="Feed the neighbour's cat",
                due=due("11-24", "18:00"),
            ),
            add("finish the draft by 3pm", title="Finish the draft", due=due("11-23", "15:00")),
        ],
    ),
    # --- reminders in words; the reminder words never stay in the title ------------------------
    (
        REMINDERS,
        [
            add(
                "dentist thursday at 11, set a reminder for 9:30",
                title="Dentist",
                due=due("11-26", "11:00"),
                reminders=[due("11-26", "09:30")],
            ),
            add(
                "conference call friday 3pm, ping me 10 min before",
                title="Conference call",
                due=due("11-27", "15:00"),
                reminders=["PT10M"],
            ),
            add(
                "flight to Lisbon friday 14:00, remind me at 8 the day before",
                title="Flight to Lisbon",
                due=due("11-27", "14:00"),
                reminders=[due("11-26", "08:00")],
            ),
            add(
                "parent teacher meeting wednesday 5pm with a reminder an hour before",
                title="Parent teacher meeting",
                due=due("11-25", "17:00"),
                reminders=["PT1H"],
            ),
            add(
                "pay the council tax on the 1st, remind me 2 days before",
                title="Pay the council tax",
                due=due("12-01"),
                reminders=["P2D"],
            ),
            add(
                "job interview tuesday at 10, alert me 30 mins before",
                title="Job interview",
                due=due("11-24", "10:00"),
                reminders=["PT30M"],
            ),
            add(
                "remind me to take my medicine at 9pm",
                title="Take my medicine",
                due=due("11-23", "21:00"),
                reminders=["PT0S"],
            ),
            add(
                "vet appointment saturday 11am, nudge me half an hour before",
                title="Vet appointment",
                due=due("11-28", "11:00"),
                reminders=["PT30M"],
            ),
            add(
                "anniversary dinner 12 december 8pm, remind me a week before",
                title="Anniversary dinner",
                due=due("12-12", "20:00"),
                reminders=["P1W"],
            ),
            add(
                "call the bank tomorrow 2pm, remind me at 1:45pm",
                title="Call the bank",
                due=due("11-24", "14:00"),
                reminders=[due("11-24", "13:45")],
            ),
            add(
                "school run every weekday at 8:15 with a reminder 15 minutes before",
                title="School run",
                recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                due=due("11-24", "08:15"),
                reminders=["PT15M"],
            ),
            add(
                "please remind me tomorrow at 7:30 to defrost the chicken",
                title="Defrost the chicken",
                due=due("11-24", "07:30"),
            ),
            add(
                "pick up the suit on friday at 5pm, remind me at noon",
                title="Pick up the suit",
                due=due("11-27", "17:00"),
                reminders=[due("11-27", "12:00")],
            ),
            then(
                looked_up("set a reminder for the dentist 1 hour before", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                reminders=["PT1H"],
            ),
            act(
                "remind me about it 20 minutes before",
                "update_task",
                history=ADDED,
                task_id="t9",
                reminders=["PT20M"],
            ),
        ],
    ),
    # --- follow-ups: compound edits, "the second one", "it", "that one", "both", possessives ----
    (
        FOLLOW_UPS,
        [
            calls(
                "move 2 and 4 to friday",
                ("update_task", {"task_id": "t2", "due": due("11-27")}),
                ("update_task", {"task_id": "t4", "due": due("11-27")}),
                history=SHOWN,
            ),
            act("push the second one to thursday", "update_task", task_id="t2", due=due("11-26")),
            calls(
                "complete the first and the last",
                ("complete_task", {"task_id": "t1"}),
                ("complete_task", {"task_id": "t4"}),
                history=SHOWN,
            ),
            act("delete that one", "delete_task", history=DETAIL, task_id="t2", confirm=ABSENT),
            act("mark that one as done", "complete_task", history=DETAIL, task_id="t2"),
            calls(
                "both are done",
                ("complete_task", {"task_id": "t22"}),
                ("complete_task", {"task_id": "t23"}),
                history=OVERDUE_SHOWN,
            ),
            calls(
                "move both to tomorrow",
                ("update_task", {"task_id": "t22", "due": due("11-24")}),
                ("update_task", {"task_id": "t23", "due": due("11-24")}),
                history=OVERDUE_SHOWN,
            ),
            find("skip this week's gym", "gym"),
            then(looked_up("skip this week's gym", GYM, query="gym"), "skip_task", task_id="t3"),
            lookup("skip this week's yoga class please", "yoga class"),
            then(
                looked_up("skip this week's yoga class please", YOGA, query="yoga class"),
                "skip_task",
                task_id="t25",
            ),
            find(
                "change the priority of the quarterly report to low and rename it to Q4 report",
                "quarterly report",
            ),
            then(
                looked_up(
                    "change the priority of the quarterly report to low and rename it to Q4 report",
                    REPORT,
                    query="quarterly report",
                ),
                "update_task",
                task_id="t21",
                priority="low",
                title="Q4 report",
            ),
            lookups("move the dentist and groceries to friday", "dentist", "groceries"),
            calls(
                "move the dentist and groceries to friday",
                ("update_task", {"task_id": "t1", "due": due("11-27")}),
                ("update_task", {"task_id": "t2", "due": due("11-27")}),
                in_turn=looked_up_each(
                    "move the dentist and groceries to friday",
                    ("dentist", [DENTIST]),
                    ("groceries", [GROCERIES]),
                ),
            ),
            act(
                "rename it to call Bob about the lease",
                "update_task",
                history=ADDED,
                task_id="t9",
                title="Call Bob about the lease",
            ),
            act("make it p1", "update_task", history=ADDED, task_id="t9", priority="urgent"),
            act("and 3 too", "complete_task", history=COMPLETED, task_id="t3"),
            act("what about the second one?", "get_task", task_id="t2"),
        ],
    ),
    # --- queries in words: by day, week, tag, priority, overdue, done --------------------------
    (
        QUERIES,
        [
            listed("what's on my plate next week", **NEXT_WEEK),
            listed("anything tagged work?", tags=["work"], q=ABSENT),
            listed("what's left for today?", **TODAY, q=ABSENT),
            listed("show what I finished yesterday", status="completed"),
            listed("is anything past its due date", overdue=True),
            listed("which of my tasks are urgent?", priority=["urgent"], q=ABSENT),
            listed("show me the high priority stuff", priority=["high"], q=ABSENT),
            listed("what have I got on tomorrow", **TOMORROW),
            listed("do I have anything on thursday?", **range_of("11-26", "11-27")),
            listed("what's coming up?", due_after=NOW.isoformat(), due_before=ABSENT),
            listed("show everything, including the finished ones", status="all"),
            listed("anything overdue tagged work?", overdue=True, tags=["work"]),
            listed("what did I get done this week", status="completed"),
            listed("look up passport", q="passport"),
            listed("list my low priority tasks", priority=["low"]),
            listed("what's due this weekend?", due_after=day("11-28")),
            listed(
                "pending tasks for next month?",
                due_after=day("12-01"),
                due_before="2027-01-01T00:00:00+01:00",
            ),
        ],
    ),
    # --- wrappers: polite, Indian, non-native; the wrapper never stays in the title ------------
    (
        WRAPPERS,
        [
            add(
                "could you please add call the insurance company",
                title="Call the insurance company",
            ),
            add(
                "kindly add a task to submit the expense report by friday",
                title="Submit the expense report",
                due=due("11-27"),
            ),
            add("I need you to put renew the car tax on my list", title="Renew the car tax"),
            add("can you make a note to buy stamps", title="Buy stamps"),
            add(
                "would you mind adding 'book the hotel' to my to-do list for friday",
                title="Book the hotel",
                due=due("11-27"),
            ),
            add(
                "please remember that I have to collect the dry cleaning on saturday",
                title="Collect the dry cleaning",
                due=due("11-28"),
            ),
            add("hey, could you jot down: order a new kettle", title="Order a new kettle"),
            add("pls add get a haircut", title="Get a haircut"),
            add("I'd like to add a task: phone the electrician", title="Phone the electrician"),
            add(
                "Dear assistant, kindly create one task to pay the school fees on 1st December, "
                "thank you",
                title="Pay the school fees",
                due=due("12-01"),
            ),
            add("can u add pick up the cake tmrw pls", title="Pick up the cake", due=due("11-24")),
            add("note down: water the garden", title="Water the garden"),
            add("go ahead and add cancel the gym membership", title="Cancel the gym membership"),
            add("could you add to my list that I need to phone the GP", title="Phone the GP"),
            add(
                "would you be so kind as to add 'renew library card' for next monday",
                title="Renew library card",
                due=due("11-30"),
            ),
            add("please make a task called quarterly planning", title="Quarterly planning"),
            add("please to add buy bread for tomorrow", title="Buy bread", due=due("11-24")),
            add(
                "make for me a task: clean the bathroom saturday",
                title="Clean the bathroom",
                due=due("11-28"),
            ),
            add(
                "kindly do the needful and add a reminder to pay the LIC premium on 5th December",
                title="Pay the LIC premium",
                due=due("12-05"),
            ),
        ],
    ),
    # --- several tasks in one message: one each, each with its own fields ----------------------
    (
        SEVERAL,
        [
            adds(
                "add milk, eggs and bread", {"title": "Milk"}, {"title": "Eggs"}, {"title": "Bread"}
            ),
            adds(
                "add two tasks: email the printer and book the van",
                {"title": "Email the printer"},
                {"title": "Book the van"},
            ),
            adds(
                "call plumber #home and send invoice #work",
                {"title": "Call plumber", "tags": ["home"]},
                {"title": "Send invoice", "tags": ["work"]},
            ),
            adds(
                "buy batteries tomorrow and fix the doorbell on saturday",
                {"title": "Buy batteries", "due": due("11-24")},
                {"title": "Fix the doorbell", "due": due("11-28")},
            ),
            adds(
                "add: wash the car p2, vacuum the car p4",
                {"title": "Wash the car", "priority": "high"},
                {"title": "Vacuum the car", "priority": ABSENT},
            ),
            adds(
                "three things for tomorrow: gym, laundry, call dad",
                {"title": "Gym", "due": due("11-24")},
                {"title": "Laundry", "due": due("11-24")},
                {"title": "Call dad", "due": due("11-24")},
            ),
            adds(
                "please add pay rent on the 1st and renew the lease next month",
                {"title": "Pay rent", "due": due("12-01")},
                {"title": "Renew the lease", "due": due("12-01")},
            ),
            adds(
                "add get cash and post the letters",
                {"title": "Get cash"},
                {"title": "Post the letters"},
            ),
            adds(
                "todo: sweep the porch; oil the hinges; fix the gate",
                {"title": "Sweep the porch"},
                {"title": "Oil the hinges"},
                {"title": "Fix the gate"},
            ),
            adds(
                "add 'ring mum' for tonight and 'book dentist' for friday",
                {"title": "Ring mum", "due": due("11-23", "20:00")},
                {"title": "Book dentist", "due": due("11-27")},
            ),
            adds(
                "add buy flowers !! and write the card",
                {"title": "Buy flowers", "priority": "high"},
                {"title": "Write the card", "priority": ABSENT},
            ),
            adds(
                "new tasks:\n- renew passport\n- book flights\n- pack",
                {"title": "Renew passport"},
                {"title": "Book flights"},
                {"title": "Pack"},
            ),
            adds(
                "remind me to call Priya at 5pm and to email Arjun tomorrow",
                {"title": "Call Priya", "due": due("11-23", "17:00")},
                {"title": "Email Arjun", "due": due("11-24")},
            ),
            adds(
                "add stretch every morning and floss every night",
                {"title": "Stretch", "recurrence": "FREQ=DAILY"},
                {"title": "Floss", "recurrence": "FREQ=DAILY"},
            ),
        ],
    ),
    # --- spoken and regional dates and times; title words are never read as times --------------
    (
        SPOKEN,
        [
            add(
                "school pickup at half past four", title="School pickup", due=due("11-23", "16:30")
            ),
            add(
                "board meeting quarter to nine tomorrow morning",
                title="Board meeting",
                due=due("11-24", "08:45"),
            ),
            add("pub quiz at 18:30", title="Pub quiz", due=due("11-23", "18:30")),
            add("see the optician Friday week", title="See the optician", due=due("12-04")),
            add("car service a week on Tuesday", title="Car service", due=due("12-01")),
            add(
                "follow up with the landlord a fortnight from today",
                title="Follow up with the landlord",
                due=due("12-07"),
            ),
            add(
                "mum's birthday on the 3rd of March",
                title="Mum's birthday",
                due="2027-03-03T09:00:00+01:00",
            ),
            add("tax return 2027-01-09", title="Tax return", due="2027-01-09T09:00:00+01:00"),
            add("tomorrow I must go to the bank", title="Go to the bank", due=due("11-24")),
            add(
                "parents' evening at the school on thursday at 6pm",
                title="Parents' evening at the school",
                due=due("11-26", "18:00"),
            ),
            add(
                "team breakfast at half nine tomorrow",
                title="Team breakfast",
                due=due("11-24", "09:30"),
            ),
            add(
                "post the Christmas cards by 24/12",
                title="Post the Christmas cards",
                due=due("12-24"),
            ),
            add(
                "call the electrician thursday next week",
                title="Call the electrician",
                due=due("12-03"),
            ),
            add(
                "coffee with Ravi at 7 in the evening",
                title="Coffee with Ravi",
                due=due("11-23", "19:00"),
            ),
            add(
                "dinner at Nani's at quarter past seven",
                title="Dinner at Nani's",
                due=due("11-23", "19:15"),
            ),
            add(
                "next Wednesday morning I have to drop the car at the garage",
                title="Drop the car at the garage",
                due=due("12-02"),
            ),
            add(
                "ring the surgery tomorrow at 5 in the afternoon",
                title="Ring the surgery",
                due=due("11-24", "17:00"),
            ),
        ],
    ),
    # --- counts and summaries: the list a count needs, then a number and the titles ------------
    (
        COUNTS,
        [
            listed("how many tasks do I have today?", **TODAY),
            listed("how much is overdue?", overdue=True),
            listed("how many things are tagged home?", tags=["home"], q=ABSENT),
            listed("give me a summary of this week", **WEEK),
            listed("how many did I complete?", status="completed"),
            listed("count my urgent tasks", priority=["urgent"]),
            listed("how many tasks are due tomorrow", **TOMORROW),
            listed("how busy am I next week?", **NEXT_WEEK),
            listed("how many open tasks have I got", q=ABSENT),
            listed("what's the count of my overdue tasks", overdue=True),
            counted(
                "how many tasks do I have today?",
                dict(TODAY),
                RING_GARAGE,
                WALK_DOG,
                reply="2",
                also=("Ring the garage", "Walk the dog"),
            ),
            counted(
                "how much is overdue?",
                {"overdue": True},
                CALL_BANK,
                INVOICE,
                reply="2",
                also=("Call the bank", "Send the invoice"),
            ),
            counted(
                "any idea how many work tasks I have?",
                {"tags": ["work"]},
                REPORT,
                INVOICE,
                reply="2",
                also=("Quarterly report", "Send the invoice"),
            ),
            counted(
                "how many tasks are there for friday?",
                dict(FRIDAY),
                DENTIST,
                reply="1",
                also=("Dentist appointment",),
            ),
        ],
    ),
    # --- edits in words: change the task that exists, never add a new one ----------------------
    (
        EDITS,
        [
            find("postpone the dentist by a day", "dentist"),
            then(
                looked_up("postpone the dentist by a day", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("11-28"),
            ),
            then(
                looked_up("push back the dentist to next week", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("11-30"),
            ),
            then(
                looked_up("bring the dentist forward to wednesday", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("11-25"),
            ),
            then(
                looked_up("bring the dentist forward a day", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("11-26"),
            ),
            then(
                looked_up("prepone the dentist to thursday", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("11-26"),
            ),
            then(
                looked_up("the dentist is now on wednesday", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("11-25"),
            ),
            find("the dentist has moved to 2 december", "dentist"),
            then(
                looked_up("the dentist has moved to 2 december", DENTIST, query="dentist"),
                "update_task",
                task_id="t1",
                due=due("12-02"),
            ),
            then(
                looked_up(
                    "shift the quarterly report to next tuesday", REPORT, query="quarterly report"
                ),
                "update_task",
                task_id="t21",
                due=due("12-01"),
            ),
            then(
                looked_up(
                    "bring the quarterly report forward by 2 days", REPORT, query="quarterly report"
                ),
                "update_task",
                task_id="t21",
                due=due("11-28"),
            ),
            then(
                looked_up("make the gym 7pm instead", GYM, query="gym"),
                "update_task",
                task_id="t3",
                due=due("11-24", "19:00"),
            ),
            then(
                looked_up("postpone the slides by a week", SLIDES, query="slides"),
                "update_task",
                task_id="t27",
                due=due("12-03", "17:00"),
            ),
            then(
                looked_up("change the groceries to high priority", GROCERIES, query="groceries"),
                "update_task",
                task_id="t2",
                priority="high",
            ),
            then(
                looked_up(
                    "rename dentist appointment to dental check-up",
                    DENTIST,
                    query="dentist appointment",
                ),
                "update_task",
                task_id="t1",
                title="Dental check-up",
            ),
            then(
                looked_up(
                    "the yoga class doesn't need to repeat anymore", YOGA, query="yoga class"
                ),
                "update_task",
                task_id="t25",
                clear_recurrence=True,
            ),
            then(
                looked_up(
                    "clear the date on the quarterly report", REPORT, query="quarterly report"
                ),
                "update_task",
                task_id="t21",
                clear_due=True,
            ),
            act(
                "push it back by two hours",
                "update_task",
                history=ADDED,
                task_id="t9",
                due=due("11-27", "11:00"),
            ),
            find("move the piano lesson to friday", "piano lesson"),
            Case(
                "move the piano lesson to friday",
                reply="No open task matches",
                in_turn=looked_up("move the piano lesson to friday", query="piano lesson"),
            ),
        ],
    ),
    # --- Todoist syntax: @label, #tag, p1-p4, every last fri, every! --------------------------
    (
        TODOIST,
        [
            add(
                "Pay invoice tomorrow p1 #work",
                title="Pay invoice",
                due=due("11-24"),
                priority="urgent",
                tags=["work"],
            ),
            add("Call plumber @home p2", title="Call plumber", tags=["home"], priority="high"),
            add(
                "review PRs every weekday 9am p3 @work",
                title="Review PRs",
                recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                due=due("11-24"),
                priority="medium",
                tags=["work"],
            ),
            add(
                "take out bins every last fri",
                title="Take out bins",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                due=due("11-27"),
            ),
            add(
                "water cactus every! 10 days",
                title="Water cactus",
                recurrence="FREQ=DAILY;INTERVAL=10",
                anchor="completion",
            ),
            add(
                "submit expenses every last day #finance p2",
                title="Submit expenses",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
                due=due("11-30"),
                tags=["finance"],
                priority="high",
            ),
            add(
                "standup every mon, wed, fri at 9:15 #team",
                title="Standup",
                recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR",
                due=due("11-25", "09:15"),
                tags=["team"],
            ),
            add("book dentist p4 @health", title="Book dentist", priority=ABSENT, tags=["health"]),
            add(
                "renew domain 2027-01-09 @admin",
                title="Renew domain",
                due="2027-01-09T09:00:00+01:00",
                tags=["admin"],
            ),
            add(
                "read a chapter every! week",
                title="Read a chapter",
                recurrence="FREQ=WEEKLY",
                anchor="completion",
            ),
            add("buy gift @errands @birthday", title="Buy gift", tags=["errands", "birthday"]),
            add(
                "deploy hotfix p1 today 17:00 #ops",
                title="Deploy hotfix",
                priority="urgent",
                due=due("11-23", "17:00"),
                tags=["ops"],
            ),
            add(
                "pay rent every 1st #home",
                title="Pay rent",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                due=due("12-01"),
                tags=["home"],
            ),
            add("email Raj #Work !!", title="Email Raj", tags=["work"], priority="high"),
            add(
                "backup NAS every! 2 weeks @it p3",
                title="Backup NAS",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
                anchor="completion",
                tags=["it"],
                priority="medium",
            ),
            listed("show p2 @home", priority=["high"], tags=["home"], q=ABSENT),
        ],
    ),
    # --- small talk and help: a short reply, no task, never "did not understand" ---------------
    (
        SMALL_TALK,
        [
            chat("hello there", "I can add"),
            chat("good morning!", "I can add"),
            chat("namaste", "I can add"),
            chat("thanks a lot!", "You're welcome"),
            chat("thank you so much, that's perfect", "You're welcome"),
            chat("cheers mate", "You're welcome"),
            chat("great, thanks", "You're welcome", history=ADDED),
            chat("good night", "Good night"),
            chat("bye for now", "Bye"),
            chat("see you tomorrow", "Bye"),
            chat("who are you?", "I can add"),
            chat("so what can you actually do?", "I can add, list, complete"),
            chat("hey, what sort of things can you help me with?", "I can add, list, complete"),
            chat("how do I use this?", "I can add"),
            chat("ok", ""),
            chat("how are you?", ""),
        ],
    ),
]

HELDOUT: list[Case] = [case for _, cases in ROWS for case in cases]
CLASS_OF: dict[str, str] = {case.id: name for name, cases in ROWS for case in cases}
