"""Quick-add table rows: questions in words beyond due windows — parts of the day, clock bounds,
kinds of task list_tasks cannot filter by, when tasks were added, orderings, "what do I need to
buy", and requests to be shown ("I want to see my tasks").

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import ABSENT, NOW, TODAY, WEEK, Case, add, due, listed, task
from tests.unit.quickadd_rows_lists import FINISHED_TODAY, REPORT, answered

FETCHED = {"limit": 100}
TOMORROW_AFTERNOON = {"due_after": due("11-24", "12:00"), "due_before": due("11-24", "18:00")}
TONIGHT = {"due_after": due("11-23", "18:00"), "due_before": due("11-24", "00:00")}
NEXT = {"sort": "due", "order": "asc", "due_after": NOW.isoformat(), "limit": 5}
ADDED = {"status": "all", "sort": "created", "order": "desc"}
UNDATED = task(20, "Read Dune")
RENT_SERIES = task(
    21, "Pay rent", due("12-01"), recurrence={"rule": "FREQ=MONTHLY;BYMONTHDAY=1", "anchor": "due"}
)
REMINDED = task(22, "Dentist", due("11-27"), reminders=[{"before": "PT1H"}])
ADDED_TODAY = task(23, "Buy stamps", created_at="2026-11-23T08:30:00+00:00")
ADDED_EARLIER = task(24, "Fix bike", created_at="2026-11-18T08:30:00+00:00")
MIXED = {"items": [REPORT, UNDATED, RENT_SERIES, REMINDED], "next_cursor": None}

ROWS: list[Case] = [
    # --- a part of the day: morning [0, 12), afternoon [12, 18), evening and tonight [18, 24) ---
    listed("what do i have going on tomorrow afternoon", **TOMORROW_AFTERNOON, q=ABSENT),
    listed("anything tomorrow afternoon?", **TOMORROW_AFTERNOON, q=ABSENT),
    listed("what's due tonight", **TONIGHT, q=ABSENT),
    listed("anything this evening?", **TONIGHT, q=ABSENT),
    listed("what have i got on tonite", **TONIGHT, q=ABSENT),
    listed(
        "what's on this morning",
        due_after=due("11-23", "00:00"),
        due_before=due("11-23", "12:00"),
        q=ABSENT,
    ),
    listed(
        "anything for friday night",
        due_after=due("11-27", "18:00"),
        due_before=due("11-28", "00:00"),
        q=ABSENT,
    ),
    listed(
        "show #work tasks for wednesday morning",
        tags=["work"],
        due_after=due("11-25", "00:00"),
        due_before=due("11-25", "12:00"),
        q=ABSENT,
    ),
    # --- a bound at a clock time: before it, or the rest of that day after it ----------------
    listed("what's due before 5pm", due_before=due("11-23", "17:00"), due_after=ABSENT),
    listed("what's due by noon", due_before=due("11-23", "12:00"), due_after=ABSENT),
    listed("anything due before 3pm tomorrow", due_before=due("11-24", "15:00")),
    listed(
        "what's due after 6pm today",
        due_after=due("11-23", "18:00"),
        due_before=due("11-24", "00:00"),
    ),
    listed("what's due before friday", due_before=due("11-27", "00:00"), due_after=ABSENT),
    # --- kinds list_tasks has no filter for: fetched, then kept by the reply ------------------
    listed("do i have any tasks without a due date", **FETCHED, q=ABSENT),
    listed("show tasks with no date", **FETCHED, q=ABSENT),
    listed("which tasks have no deadline?", **FETCHED, q=ABSENT),
    listed("list my undated tasks", **FETCHED, q=ABSENT),
    listed("list my recurring tasks", **FETCHED, q=ABSENT),
    listed("which tasks repeat", **FETCHED, q=ABSENT),
    listed("show my repeating tasks", **FETCHED, q=ABSENT),
    listed("show tasks with reminders", **FETCHED, q=ABSENT),
    listed("which tasks have a reminder set?", **FETCHED, q=ABSENT),
    answered(
        "do i have any tasks without a due date",
        [("list_tasks", FETCHED, MIXED)],
        "Tasks without a due date (1):\n2. “Read Dune”",
    ),
    answered("list my recurring tasks", [("list_tasks", FETCHED, MIXED)], "3. “Pay rent”"),
    answered("show tasks with reminders", [("list_tasks", FETCHED, MIXED)], "4. “Dentist”"),
    # --- when tasks were added: newest first, a day kept by the reply -------------------------
    listed("what did i add yesterday", **ADDED, limit=100, q=ABSENT),
    listed("what have i added today", **ADDED, limit=100, q=ABSENT),
    listed("show tasks i created this week", **ADDED, limit=100, q=ABSENT),
    listed("show recently added tasks", **ADDED, q=ABSENT),
    listed("what did i add recently", **ADDED, q=ABSENT),
    answered(
        "what have i added today",
        [("list_tasks", {**ADDED, "limit": 100}, {"items": [ADDED_TODAY, ADDED_EARLIER]})],
        "Tasks added today (1):\n1. “Buy stamps”",
    ),
    answered(
        "what did i finish today",
        [
            (
                "list_tasks",
                {"status": "completed", "sort": "updated", "order": "desc", "limit": 100},
                {"items": [FINISHED_TODAY]},
            )
        ],
        "Water plants",
    ),
    # --- orders -------------------------------------------------------------------------------
    listed("sort my tasks by priority", sort="priority", order="asc", q=ABSENT),
    listed("order them by date", sort="due", order="asc", q=ABSENT),
    listed("show my tasks by deadline", sort="due", q=ABSENT),
    listed("show oldest tasks first", sort="created", order="asc", q=ABSENT),
    listed("show my latest tasks", sort="created", order="desc", q=ABSENT),
    add("sort out the garage by friday", title="Sort out the garage", due=due("11-27")),
    # --- what comes next ----------------------------------------------------------------------
    listed("what's my next task", **NEXT, q=ABSENT),
    listed("what is the next thing on my list", **NEXT, q=ABSENT),
    # --- "what do I need to buy": a search for the verb, or for the noun asked about ----------
    listed("what do i need to buy", q="buy"),
    listed("what calls do i need to make", q="calls"),
    listed("what emails do i have to send today", q="emails", **TODAY),
    listed("what do i have to pick up this week", q="pick", **WEEK),
    listed("what do i still need to finish this week", **WEEK, q=ABSENT),
    # --- asking to be shown: "I want to see", "let me see", "can I check" ----------------------
    listed("i want to see my tasks", q=ABSENT),
    listed("let me see what's due tomorrow", due_after=due("11-24", "00:00"), q=ABSENT),
    listed("can i see today's list", **TODAY, q=ABSENT),
    listed("i'd like to know what's overdue", overdue=True, q=ABSENT),
    listed("lemme see my agenda", q=ABSENT),
    listed("check my tasks", q=ABSENT),
    add("i need to see the dentist tomorrow", title="See the dentist", due=due("11-24")),
    add("i want to see mom on sunday", title="See mom", due=due("11-29")),
    add("check the oil tomorrow", title="Check the oil", due=due("11-24")),
    # --- filler words of a question are not searched for ---------------------------------------
    listed("show me everything that's overdue", overdue=True, status=ABSENT, q=ABSENT),
    listed("do i have something about the car", q="car"),
    listed("find tasks mentioning invoice", q="invoice"),
]
