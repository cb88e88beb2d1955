"""The ninth held-out set of commands for the offline assistant (issue 12), written blind.

Written on 2026-12-05 from the issue's classes and the conventions of the first held-out set
(tests/unit/offline_heldout.py) alone, without reading the grammar (gateway/agent/offline*,
core/nl), the tuning table or the other held-out sets, and without running the assistant on
any row. Same format as the table: the fixed `NOW` (Monday 23 November 2026, 10:00
Europe/Berlin), the same helpers, one message per row (optionally after an earlier
conversation) and the exact tool calls, with their key arguments, or the reply fragment a
correct assistant gives.

The rule that makes this a held-out set: nobody runs these rows against the model, and nobody
looks at their failures, before the grammar work they measure is done. Then they are run once
and the pass rate (overall and per class, from `CLASS_OF`) is reported. Never copy a row into
the tuning table, and never tune the grammar on a failure seen here.
tests/unit/test_heldout_shape.py checks only the form of this file, never the model.

The messages are written the way people type on a phone: lowercase, missing punctuation,
typos, contractions, politeness, dictation-style run-ons, and British, American, Indian,
Australian and Irish forms.

Same conventions as the first set (`Contains`, `OneOf`, `NOT_RAISED`, `Row.also_say`; a day
alone is 09:00, the next occurrence after now; "next week" = Monday 30 Nov, "next month" =
1 Dec, tonight 20:00, morning 09:00, "end of week" = Sunday 29 Nov 09:00, "eod" = today 17:00,
"half eight" = 08:30, "24/12" is day/month, "Thursday week" = Thu 3 Dec, "a week on Saturday"
= Sat 5 Dec, "a fortnight from today" = Mon 7 Dec 09:00; UNTIL = the end of that day in
Berlin; RRULE parts in the table's order; "important" = high, "top priority", "priority 1",
"asap", "super urgent", "p1" = urgent, "p2" = high, "p3" = medium; "not urgent", "no rush" and
"p4" never raise the priority; a compound edit of one task is one update_task; several titles
are looked up one list_tasks each, in the order written; several positions or "both" give one
call each, in order; moving a 09:00 task to a bare day keeps 09:00 and relative moves keep the
clock time; a count is one list_tasks with the filter, then a reply with the number and the
titles), plus:
- "midnight" = the coming 00:00 (Tue 24 Nov 00:00); "end of month" = Mon 30 Nov 09:00.
- After a shown list, rows refer to tasks by position, "it" or "both", never by a title that
  is on screen.
- A search ("find X", "anything about X") is list_tasks with q=X: only q is checked.
- A title keeps the words as typed, with the first letter capitalised; the command, wrapper,
  date, priority, tag, recurrence and reminder words go.
- "remind me to X at T" is a task X due at T (its reminders are left unchecked).
- A reminder "N before" is an ISO 8601 duration (PT30M, PT1H, P1D); one at a clock time is
  RFC 3339; "the day before" with no time accepts either form.
- Lookups made earlier in the turn carry call ids starting with "qa_find_".
"""

from __future__ import annotations

from typing import Any

from tests.unit.offline_heldout import (
    CLASSES,
    COUNTS,
    EDITS,
    FOLLOW_UPS,
    FORMS,
    NO_COMMAND,
    NOT_RAISED,
    PRIORITIES,
    QUERIES,
    RECURRENCE,
    REMINDERS,
    SEVERAL,
    SMALL_TALK,
    SPOKEN,
    TAGS,
    TIMES,
    TODOIST,
    TYPOS,
    WRAPPERS,
    Contains,
    OneOf,
    adds,
    calls,
    chat,
    counted,
    lookup,
    range_of,
)
from tests.unit.quickadd_cases import (
    ADDED,
    COMPLETED,
    TODAY,
    WEEK,
    WHICH_CALL,
    WHICH_DELETE,
    Case,
    act,
    add,
    due,
    exchange,
    listed,
    listing,
    looked_up,
    said,
    task,
    then,
    user,
)

# --- tasks of this file (ids t250 and up) --------------------------------------------------------
GAS_BILL = task(251, "Pay gas bill", due("11-25"))
SLIDES = task(252, "Finish the slides", due("11-24"))
INVOICE = task(253, "Send invoice to Acme", due("11-27"), tags=["work"])
FLIGHTS = task(254, "Book flights")
YOGA = task(
    255,
    "Yoga class",
    due("11-25", "18:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
REPORT = task(256, "Quarterly report", due("11-30"), priority="high")
PASSPORT = task(257, "Renew passport")
PIANO = task(
    258,
    "Piano lesson",
    due("11-26", "16:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TH", "anchor": "due"},
)
CHECKUP = task(259, "Dentist checkup", due("11-25"))
GUTTERS = task(260, "Clear the gutters", due("11-24"), tags=["home"])
FENCE = task(261, "Paint the fence", tags=["home"])
VET = task(262, "Book the vet")
TIMESHEET = task(263, "Submit timesheet", due("11-23", "17:00"))
PLUMBER = task(264, "Call the plumber", due("11-23", "15:00"))
PERMIT = task(265, "Renew parking permit", due("11-20"))
DRILL = task(266, "Return the drill", due("11-21"))
MARK = task(267, "Reply to Mark", due("11-22"))
PLAN = task(268, "Draft the Q1 plan", tags=["work"])
BOILER = task(269, "Fix the boiler", priority="urgent")
FINE = task(270, "Pay the fine", due("11-26"), priority="urgent")
WREATH = task(271, "Order the wreath", due("11-24"))
CAROLS = task(272, "Print the carol sheets", due("11-25"))


# --- earlier conversations of this file ---------------------------------------------------------
def shown(asked: str, arguments: dict[str, Any], *tasks: dict[str, Any]) -> list[dict[str, Any]]:
    """A list the assistant showed: positions 1, 2, ... are the tasks in this order."""
    return [
        user(asked),
        *exchange("qa_list_1", "list_tasks", arguments, listing(*tasks)),
        said(f"Here you go ({len(tasks)}): ..."),
    ]


# 1 Finish the slides (Tue 24 Nov 09:00), 2 Pay gas bill (Wed 25 Nov 09:00),
# 3 Send invoice to Acme (Fri 27 Nov 09:00, #work).
WEEK_SHOWN = shown("what's due this week?", WEEK, SLIDES, GAS_BILL, INVOICE)
# 1 Clear the gutters (Tue 24 Nov 09:00, #home), 2 Paint the fence (no date, #home).
PAIR_SHOWN = shown("anything tagged home?", {"tags": ["home"]}, GUTTERS, FENCE)
# 1 Renew passport (no date): the only task shown.
ONE_SHOWN = shown("find passport", {"q": "passport"}, PASSPORT)
# 1 Order the wreath (Tue 24 Nov 09:00), 2 Print the carol sheets (Wed 25 Nov 09:00).
XMAS_SHOWN = shown("what's on the next couple of days", range_of("11-24", "11-26"), WREATH, CAROLS)


# --- helpers of this file -------------------------------------------------------------------------
def search(text: str, word: str) -> Case:
    """A search: list_tasks whose q holds `word` (nothing else checked)."""
    return Case(text, [("list_tasks", {"q": Contains(word)})])


def lookups_of(text: str, *words: str) -> Case:
    """Several titles in one edit: one lookup each, in the order written."""
    return Case(
        text,
        [("list_tasks", {"q": Contains(w), "status": "open", "limit": 10}) for w in words],
    )


def found_each(text: str, *found: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """This turn so far: the message and one lookup per title, each finding one task."""
    turn = [user(text)]
    for number, (query, found_task) in enumerate(found, start=1):
        turn += exchange(f"qa_find_{number}", "list_tasks", {"q": query}, listing(found_task))
    return turn


def after(text: str, found_task: dict[str, Any], query: str, name: str, **arguments: Any) -> Case:
    """The step after the title lookup found exactly one task."""
    return then(looked_up(text, found_task, query=query), name, **arguments)


TOMORROW = range_of("11-24", "11-25")
NEXT_WEEK = range_of("11-30", "12-07")


# --- the rows, by class ---------------------------------------------------------------------------
ROWS: dict[str, list[Case]] = {
    NO_COMMAND: [
        add("pick up the dry cleaning", title="Pick up the dry cleaning"),
        add("dentist thursday 2pm", title="Dentist", due=due("11-26", "14:00")),
        add("renew car insurance by friday", title="Renew car insurance", due=due("11-27")),
        add("new batteries for the smoke alarm", title="New batteries for the smoke alarm"),
        add(
            "email Priya the contract tomorrow",
            title="Email Priya the contract",
            due=due("11-24"),
        ),
        add("haircut sat 11am", title="Haircut", due=due("11-28", "11:00")),
        add("grandma's birthday present", title="Grandma's birthday present"),
        add("book MOT for the car", title="Book MOT for the car"),
        add("return library books wednesday", title="Return library books", due=due("11-25")),
        add("ring the council about the bins", title="Ring the council about the bins"),
        add("ring me mam tomorrow", title="Ring me mam", due=due("11-24")),
        listed("anything due today?", **TODAY),
        listed("whats on for tomorrow?", **TOMORROW),
        listed("which ones are overdue?", overdue=True),
        listed("any urgent stuff?", priority=["urgent"]),
        listed("what's happening friday?", **range_of("11-27", "11-28")),
    ],
    FORMS: [
        add(
            "I've got to call the plumber tomorrow",
            title=Contains("call the plumber"),
            due=due("11-24"),
        ),
        add(
            "don't forget to water the tomatoes friday",
            title=Contains("water the tomatoes"),
            due=due("11-27"),
        ),
        add("I'd like to renew my library card", title=Contains("renew my library card")),
        add("I'll do the laundry on saturday", title=Contains("laundry"), due=due("11-28")),
        add(
            "I'm going to clean the gutters on sunday",
            title=Contains("clean the gutters"),
            due=due("11-29"),
        ),
        add("I must buy a new kettle", title=Contains("buy a new kettle")),
        add(
            "let's plan the team offsite next week",
            title=Contains("plan the team offsite"),
            due=due("11-30"),
        ),
        add(
            "finish the budget spreadsheet tonight",
            title="Finish the budget spreadsheet",
            due=due("11-23", "20:00"),
        ),
        lookup("I paid the gas bill", Contains("gas bill")),
        after("I paid the gas bill", GAS_BILL, "gas bill", "complete_task", task_id="t251"),
        lookup("finished the slides", Contains("slides")),
        after("I've sent the invoice to acme", INVOICE, "invoice", "complete_task", task_id="t253"),
        after("booked the flights", FLIGHTS, "flights", "complete_task", task_id="t254"),
        lookup("I've renewed my passport", Contains("passport")),
        after("I've booked the vet", VET, "vet", "complete_task", task_id="t262"),
    ],
    TYPOS: [
        add("call the landlord tmrw", title="Call the landlord", due=due("11-24")),
        add("submit timesheet thursdy", title="Submit timesheet", due=due("11-26")),
        add(
            "yoga evry wednesday at 7pm",
            title="Yoga",
            recurrence="FREQ=WEEKLY;BYDAY=WE",
            due=due("11-25", "19:00"),
        ),
        add("pay council tax on wensday", title="Pay council tax", due=due("11-25")),
        add(
            "meet Tom for lunch tomorow at 1pm",
            title="Meet Tom for lunch",
            due=due("11-24", "13:00"),
        ),
        add("send xmas cards by decmber 10", title="Send xmas cards", due=due("12-10")),
        add(
            "put the bins out evrey tuesday",
            title="Put the bins out",
            recurrence="FREQ=WEEKLY;BYDAY=TU",
            due=due("11-24"),
        ),
        add("book a table satuday 8pm", title="Book a table", due=due("11-28", "20:00")),
        add("take the bins out tonite", title="Take the bins out", due=due("11-23", "20:00")),
        add("clean the oven nxt wek", title="Clean the oven", due=due("11-30")),
        listed("shwo my tasks for today", **TODAY),
        act("compelte number 2", "complete_task", task_id="t2"),
        act("delet number 4", "delete_task", task_id="t4"),
        act("mvoe 1 to thursday", "update_task", task_id="t1", due=due("11-26")),
        after(
            "reshedule the dentist checkup to firday",
            CHECKUP,
            "dentist checkup",
            "update_task",
            task_id="t259",
            due=due("11-27"),
        ),
    ],
    PRIORITIES: [
        add("important: renew the lease", title="Renew the lease", priority="high"),
        add("fix the leaking tap asap", title="Fix the leaking tap", priority="urgent"),
        add(
            "top priority - finish the grant application",
            title="Finish the grant application",
            priority="urgent",
        ),
        add("tidy the garage, no rush", title="Tidy the garage", priority=NOT_RAISED),
        add("sort out old photos not urgent", title="Sort out old photos", priority=NOT_RAISED),
        add(
            "call the insurance company, high priority",
            title="Call the insurance company",
            priority="high",
        ),
        add(
            "super urgent: cancel the hotel booking",
            title="Cancel the hotel booking",
            priority="urgent",
        ),
        add(
            "low priority: reorganise the bookshelf",
            title="Reorganise the bookshelf",
            priority="low",
        ),
        add(
            "priority 1 submit the visa form tomorrow",
            title="Submit the visa form",
            priority="urgent",
            due=due("11-24"),
        ),
        add("medium priority - update my CV", title="Update my CV", priority="medium"),
        add(
            "email the accountant today, it's urgent",
            title="Email the accountant",
            priority="urgent",
        ),
        act("make number 2 top priority", "update_task", task_id="t2", priority="urgent"),
        after(
            "set the priority of the quarterly report to low",
            REPORT,
            "quarterly report",
            "update_task",
            task_id="t256",
            priority="low",
        ),
        lookup("bump the passport renewal up to urgent", Contains("passport")),
        after(
            "the passport one is important",
            PASSPORT,
            "passport",
            "update_task",
            task_id="t257",
            priority="high",
        ),
    ],
    TAGS: [
        add("buy printer ink tag it office", title="Buy printer ink", tags=["office"]),
        add(
            "plan the school run rota tagged family",
            title="Plan the school run rota",
            tags=["family"],
        ),
        add("fix the bike brakes, label it weekend", title="Fix the bike brakes", tags=["weekend"]),
        add(
            "order contact lenses, tags: health, errands",
            title="Order contact lenses",
            tags=["health", "errands"],
        ),
        add(
            "renew domain name with the tag sideproject",
            title="Renew domain name",
            tags=["sideproject"],
        ),
        add("book the venue, tagged as party", title="Book the venue", tags=["party"]),
        act("tag 4 as family", "update_task", task_id="t4", tags=["family"]),
        act("take the errands tag off number 2", "update_task", task_id="t2", tags=[]),
        act("put a health label on 1", "update_task", task_id="t1", tags=["health"]),
        lookup("add the tag work to the quarterly report", Contains("quarterly report")),
        after(
            "add the tag finance to the gas bill",
            GAS_BILL,
            "gas bill",
            "update_task",
            task_id="t251",
            tags=["finance"],
        ),
        after(
            "remove the work tag from the acme invoice",
            INVOICE,
            "acme invoice",
            "update_task",
            task_id="t253",
            tags=[],
        ),
        listed("show everything tagged house", tags=["house"]),
        listed("what have I got labelled work", tags=["work"]),
    ],
    RECURRENCE: [
        add(
            "pay rent on the 1st of every month",
            title="Pay rent",
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
            "team retro every other friday",
            title="Team retro",
            recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            due=due("11-27"),
        ),
        add(
            "clean the fish tank fortnightly on sundays",
            title="Clean the fish tank",
            recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=SU",
            due=due("11-29"),
        ),
        add(
            "book club the first thursday of each month",
            title="Book club",
            recurrence="FREQ=MONTHLY;BYDAY=1TH",
            due=due("12-03"),
        ),
        add(
            "take my meds every 8 hours", title="Take my meds", recurrence="FREQ=HOURLY;INTERVAL=8"
        ),
        add(
            "piano practice every weekday at 5pm",
            title="Piano practice",
            recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            due=due("11-23", "17:00"),
        ),
        add(
            "stand-up every day at 9:15 until 18 december",
            title="Stand-up",
            recurrence="FREQ=DAILY;UNTIL=20261218T225959Z",
            due=due("11-24", "09:15"),
        ),
        add(
            "physio exercises every monday and thursday for 6 times",
            title="Physio exercises",
            recurrence="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6",
            due=due("11-26"),
        ),
        add(
            "change the water filter every 2 months after I finish it",
            title="Change the water filter",
            recurrence="FREQ=MONTHLY;INTERVAL=2",
            anchor="completion",
        ),
        add(
            "descale the kettle every 3 weeks after completion",
            title="Descale the kettle",
            recurrence="FREQ=WEEKLY;INTERVAL=3",
            anchor="completion",
        ),
        add(
            "stretch every morning at 7",
            title="Stretch",
            recurrence="FREQ=DAILY",
            due=due("11-24", "07:00"),
        ),
        add(
            "mum's birthday every year on 14 march",
            title="Mum's birthday",
            recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14",
            due="2027-03-14T09:00:00+01:00",
        ),
        add(
            "water the garden every 2 days",
            title="Water the garden",
            recurrence="FREQ=DAILY;INTERVAL=2",
        ),
    ],
    TIMES: [
        add(
            "check the oven in 20 minutes",
            title="Check the oven",
            due=due("11-23", "10:20"),
        ),
        add("call the garage in 2 hours", title="Call the garage", due=due("11-23", "12:00")),
        add("move the car in 90 minutes", title="Move the car", due=due("11-23", "11:30")),
        add("submit expenses by eod", title="Submit expenses", due=due("11-23", "17:00")),
        add("lunch with Sam at noon", title="Lunch with Sam", due=due("11-23", "12:00")),
        add("lock up the shop at midnight", title="Lock up the shop", due=due("11-24", "00:00")),
        add("file the VAT return by end of month", title="File the VAT return", due=due("11-30")),
        add(
            "finish the reading list by end of week",
            title="Finish the reading list",
            due=due("11-29"),
        ),
        add(
            "pick up the kids this afternoon at 3:30",
            title="Pick up the kids",
            due=due("11-23", "15:30"),
        ),
        add(
            "call the electrician this evening at 6",
            title="Call the electrician",
            due=due("11-23", "18:00"),
        ),
        add(
            "post the parcel this morning at 11",
            title="Post the parcel",
            due=due("11-23", "11:00"),
        ),
        add("team call tomorrow at 07:45", title="Team call", due=due("11-24", "07:45")),
        add("watch the match tonight", title="Watch the match", due=due("11-23", "20:00")),
        add(
            "flight check-in wednesday 5:40am",
            title="Flight check-in",
            due=due("11-25", "05:40"),
        ),
        add(
            "send the proposal friday at 4pm",
            title="Send the proposal",
            due=due("11-27", "16:00"),
        ),
    ],
    REMINDERS: [
        add(
            "dentist friday 3pm, ping me 30 min before",
            title="Dentist",
            due=due("11-27", "15:00"),
            reminders=["PT30M"],
        ),
        add(
            "parents' meeting thursday 6pm with a reminder an hour before",
            title="Parents' meeting",
            due=due("11-26", "18:00"),
            reminders=["PT1H"],
        ),
        add(
            "pay the credit card on friday, remind me the day before",
            title="Pay the credit card",
            due=due("11-27"),
            reminders=OneOf(["P1D"], [due("11-26")]),
        ),
        add(
            "vet appointment wednesday 10am, remind me at 8 the day before",
            title="Vet appointment",
            due=due("11-25", "10:00"),
            reminders=[due("11-24", "08:00")],
        ),
        add(
            "interview on thursday at 2pm, alert me 45 minutes before",
            title="Interview",
            due=due("11-26", "14:00"),
            reminders=["PT45M"],
        ),
        add(
            "flight to Dublin friday 7am with a reminder 3 hours before",
            title="Flight to Dublin",
            due=due("11-27", "07:00"),
            reminders=["PT3H"],
        ),
        add(
            "school play thursday 5pm, remind me at noon that day",
            title="School play",
            due=due("11-26", "17:00"),
            reminders=[due("11-26", "12:00")],
        ),
        add(
            "hand in the essay friday noon, nudge me 1 hour before",
            title="Hand in the essay",
            due=due("11-27", "12:00"),
            reminders=["PT1H"],
        ),
        add(
            "car service thursday 8:30am with reminders a day and an hour before",
            title="Car service",
            due=due("11-26", "08:30"),
            reminders=["P1D", "PT1H"],
        ),
        add("remind me to call Dad at 6pm", title="Call Dad", due=due("11-23", "18:00")),
        add(
            "remind me to move the laundry in 45 min",
            title="Move the laundry",
            due=due("11-23", "10:45"),
        ),
        act(
            "set a reminder 15 minutes before for 3",
            "update_task",
            task_id="t3",
            reminders=["PT15M"],
        ),
        act("remind me about 1 two hours before", "update_task", task_id="t1", reminders=["PT2H"]),
        act(
            "remind me about it a day before",
            "update_task",
            history=ADDED,
            task_id="t9",
            reminders=["P1D"],
        ),
        after(
            "add a reminder 10 mins before the yoga class",
            YOGA,
            "yoga",
            "update_task",
            task_id="t255",
            reminders=["PT10M"],
        ),
    ],
    FOLLOW_UPS: [
        act("second one's done now", "complete_task", task_id="t2"),
        act("tick off number 4", "complete_task", task_id="t4"),
        act("move it to thursday", "update_task", history=ADDED, task_id="t9", due=due("11-26")),
        act(
            "rename it to Call Bob about the car",
            "update_task",
            history=ADDED,
            task_id="t9",
            title="Call Bob about the car",
        ),
        act("mark the 3rd as done", "complete_task", history=WEEK_SHOWN, task_id="t253"),
        act(
            "move 2 to friday",
            "update_task",
            history=WEEK_SHOWN,
            task_id="t251",
            due=due("11-27"),
        ),
        calls(
            "1 and 3 are done",
            ("complete_task", {"task_id": "t252"}),
            ("complete_task", {"task_id": "t253"}),
            history=WEEK_SHOWN,
        ),
        calls(
            "both are done",
            ("complete_task", {"task_id": "t260"}),
            ("complete_task", {"task_id": "t261"}),
            history=PAIR_SHOWN,
        ),
        calls(
            "move both to saturday",
            ("update_task", {"task_id": "t260", "due": due("11-28")}),
            ("update_task", {"task_id": "t261", "due": due("11-28")}),
            history=PAIR_SHOWN,
        ),
        act("delete that one", "delete_task", history=ONE_SHOWN, task_id="t257"),
        act("the 2nd one pls", "complete_task", history=WHICH_CALL, task_id="t9"),
        act("number 1", "delete_task", history=WHICH_DELETE, task_id="t4"),
        act("oops, undo that", "reopen_task", history=COMPLETED, task_id="t1"),
        after("skip this week's yoga", YOGA, "yoga", "skip_task", task_id="t255"),
        lookup("skip this week's piano lesson", Contains("piano")),
        after(
            "change priority of the quarterly report to medium and rename it to Q4 numbers",
            REPORT,
            "quarterly report",
            "update_task",
            task_id="t256",
            priority="medium",
            title="Q4 numbers",
        ),
    ],
    QUERIES: [
        listed("what have I got on next week?", **NEXT_WEEK),
        listed("is anything overdue", overdue=True),
        listed("show me what's left for today", **TODAY),
        listed("what have I ticked off so far?", status="completed"),
        listed("list my urgent tasks", priority=["urgent"]),
        listed("show me everything tagged work", tags=["work"]),
        listed("which tasks have the errands label?", tags=["errands"]),
        listed("what's due this weekend?", **range_of("11-28", "11-30")),
        listed("what do I have on thursday", **range_of("11-26", "11-27")),
        listed("what's coming up this week", **WEEK),
        listed("show tasks due on the 1st", **range_of("12-01", "12-02")),
        search("find anything about the boiler", "boiler"),
        search("search for passport", "passport"),
        search("do I have anything about the wedding?", "wedding"),
        search("look up tasks mentioning Lisbon", "lisbon"),
    ],
    WRAPPERS: [
        add("could you please add a task to call the plumber", title="Call the plumber"),
        add(
            "kindly add pay the electricity bill for tomorrow",
            title="Pay the electricity bill",
            due=due("11-24"),
        ),
        add(
            "I need you to put book the ferry tickets on my list",
            title="Book the ferry tickets",
        ),
        add("can you make a note to buy stamps", title="Buy stamps"),
        add(
            "hey, would you mind adding pick up the prescription",
            title="Pick up the prescription",
        ),
        add(
            "please can you add water the plants tomorrow morning",
            title="Water the plants",
            due=due("11-24"),
        ),
        add("pls add get a haircut", title="Get a haircut"),
        add("add a task: order new glasses", title="Order new glasses"),
        add("put 'renew the TV licence' on my todo list", title=Contains("renew the TV licence")),
        add("create a new task called Prepare the budget", title="Prepare the budget"),
        add(
            "Could u pls remind me to text Ana tonight",
            title="Text Ana",
            due=due("11-23", "20:00"),
        ),
        add("new task - defrost the freezer", title="Defrost the freezer"),
        add(
            "do me a favour and add collect the parcel from the post office",
            title="Collect the parcel from the post office",
        ),
        add(
            "would you be able to add a to-do to email the landlord on friday",
            title="Email the landlord",
            due=due("11-27"),
        ),
        add("jot down: ask HR about annual leave", title="Ask HR about annual leave"),
        add(
            "hey assistant can you add a task to renew the parking permit thanks",
            title="Renew the parking permit",
        ),
        add(
            "kindly add one task to pay the society maintenance by 1st december",
            title="Pay the society maintenance",
            due=due("12-01"),
        ),
    ],
    SEVERAL: [
        adds(
            "add bananas, oat milk and coffee",
            {"title": "Bananas"},
            {"title": "Oat milk"},
            {"title": "Coffee"},
        ),
        adds(
            "add two tasks: call the vet and book a haircut",
            {"title": "Call the vet"},
            {"title": "Book a haircut"},
        ),
        adds(
            "fix the fence #home and send the report #work",
            {"title": "Fix the fence", "tags": ["home"]},
            {"title": "Send the report", "tags": ["work"]},
        ),
        adds(
            "buy wrapping paper tomorrow and post the gifts on friday",
            {"title": "Buy wrapping paper", "due": due("11-24")},
            {"title": "Post the gifts", "due": due("11-27")},
        ),
        adds(
            "add tomatoes, onions, garlic and basil",
            {"title": "Tomatoes"},
            {"title": "Onions"},
            {"title": "Garlic"},
            {"title": "Basil"},
        ),
        adds(
            "add 3 tasks: hoover the stairs, clean the windows, descale the shower",
            {"title": "Hoover the stairs"},
            {"title": "Clean the windows"},
            {"title": "Descale the shower"},
        ),
        adds(
            "email Raj today and call the accountant tomorrow at 2pm",
            {"title": "Email Raj"},
            {"title": "Call the accountant", "due": due("11-24", "14:00")},
        ),
        adds(
            "renew insurance asap and tidy the loft no rush",
            {"title": "Renew insurance", "priority": "urgent"},
            {"title": "Tidy the loft", "priority": NOT_RAISED},
        ),
        adds(
            "add the following: nappies, wipes, formula",
            {"title": "Nappies"},
            {"title": "Wipes"},
            {"title": "Formula"},
        ),
        adds(
            "need to: book dentist, renew gym membership, call grandma",
            {"title": "Book dentist"},
            {"title": "Renew gym membership"},
            {"title": "Call grandma"},
        ),
        adds(
            "add laundry detergent; bin bags; light bulbs",
            {"title": "Laundry detergent"},
            {"title": "Bin bags"},
            {"title": "Light bulbs"},
        ),
        adds(
            "call the school at 9am tomorrow and pick up Mia at 3pm tomorrow",
            {"title": "Call the school", "due": due("11-24", "09:00")},
            {"title": "Pick up Mia", "due": due("11-24", "15:00")},
        ),
        adds(
            "add 2 things - get petrol and check the tyre pressure",
            {"title": "Get petrol"},
            {"title": "Check the tyre pressure"},
        ),
        adds(
            "put eggs, flour and sugar on the list",
            {"title": "Eggs"},
            {"title": "Flour"},
            {"title": "Sugar"},
        ),
        adds(
            "water the plants every sunday and pay rent on the 1st of each month",
            {"title": "Water the plants", "recurrence": "FREQ=WEEKLY;BYDAY=SU"},
            {"title": "Pay rent", "recurrence": "FREQ=MONTHLY;BYMONTHDAY=1"},
        ),
    ],
    SPOKEN: [
        add(
            "call grandad at half past four tomorrow afternoon",
            title="Call grandad",
            due=due("11-24", "16:30"),
        ),
        add(
            "meeting with Leo quarter to nine tomorrow morning",
            title="Meeting with Leo",
            due=due("11-24", "08:45"),
        ),
        add("pick up the suit thursday week", title="Pick up the suit", due=due("12-03")),
        add(
            "dinner with the in-laws a week on saturday",
            title="Dinner with the in-laws",
            due=due("12-05"),
        ),
        add(
            "performance review a fortnight from today",
            title="Performance review",
            due=due("12-07"),
        ),
        add(
            "sign the lease renewal on the 3rd of March",
            title="Sign the lease renewal",
            due="2027-03-03T09:00:00+01:00",
        ),
        add(
            "submit the tax return 2027-01-31",
            title="Submit the tax return",
            due="2027-01-31T09:00:00+01:00",
        ),
        add(
            "tomorrow I have to collect the keys",
            title=Contains("collect the keys"),
            due=due("11-24"),
        ),
        add(
            "book the hall for the evening social, friday 11am",
            title="Book the hall for the evening social",
            due=due("11-27", "11:00"),
        ),
        add("gas engineer visit 24/12 10am", title="Gas engineer visit", due=due("12-24", "10:00")),
        add(
            "school drop-off half eight tomorrow",
            title="School drop-off",
            due=due("11-24", "08:30"),
        ),
        add(
            "meet the builder at 18:30 on wednesday",
            title="Meet the builder",
            due=due("11-25", "18:30"),
        ),
        add("send the quote by the 30th", title="Send the quote", due=due("11-30")),
        add(
            "okay so on wednesday at quarter past two in the afternoon I need to ring the clinic",
            title=Contains("ring the clinic"),
            due=due("11-25", "14:15"),
        ),
        add("Dec 2nd book the carpet cleaner", title="Book the carpet cleaner", due=due("12-02")),
        add(
            "visit Nani on the 5th of december at 4 in the afternoon",
            title="Visit Nani",
            due=due("12-05", "16:00"),
        ),
        add("pick up the ute this arvo at 4", title="Pick up the ute", due=due("11-23", "16:00")),
    ],
    COUNTS: [
        listed("how many tasks have I got on today?", **TODAY),
        listed("how many things are overdue?", overdue=True),
        listed("how many things do I have this week", **WEEK),
        listed("count my urgent tasks", priority=["urgent"]),
        listed("how many tasks are tagged work?", tags=["work"]),
        listed("give me a quick summary of tomorrow", **TOMORROW),
        listed("how many have I completed", status="completed"),
        listed("summarise what's due next week", **NEXT_WEEK),
        listed("how many tasks are there for friday", **range_of("11-27", "11-28")),
        counted(
            "how many tasks have I got on today?",
            TODAY,
            PLUMBER,
            TIMESHEET,
            reply="2",
            also=("Call the plumber", "Submit timesheet"),
        ),
        counted(
            "how many things are overdue?",
            {"overdue": True},
            PERMIT,
            DRILL,
            MARK,
            reply="3",
            also=("Renew parking permit", "Return the drill", "Reply to Mark"),
        ),
        counted(
            "how many things do I have this week",
            WEEK,
            SLIDES,
            GAS_BILL,
            INVOICE,
            reply="3",
            also=("Finish the slides", "Pay gas bill", "Send invoice to Acme"),
        ),
        counted(
            "how many tasks are tagged work?",
            {"tags": ["work"]},
            INVOICE,
            PLAN,
            reply="2",
            also=("Send invoice to Acme", "Draft the Q1 plan"),
        ),
        counted(
            "count my urgent tasks",
            {"priority": ["urgent"]},
            BOILER,
            FINE,
            reply="2",
            also=("Fix the boiler", "Pay the fine"),
        ),
    ],
    EDITS: [
        lookup("postpone the gas bill by a day", Contains("gas bill")),
        after(
            "postpone the gas bill by a day",
            GAS_BILL,
            "gas bill",
            "update_task",
            task_id="t251",
            due=due("11-26"),
        ),
        after(
            "push the slides back to next week",
            SLIDES,
            "slides",
            "update_task",
            task_id="t252",
            due=due("11-30"),
        ),
        after(
            "bring the acme invoice forward to wednesday",
            INVOICE,
            "acme invoice",
            "update_task",
            task_id="t253",
            due=due("11-25"),
        ),
        after(
            "prepone the dentist checkup to tomorrow",
            CHECKUP,
            "dentist checkup",
            "update_task",
            task_id="t259",
            due=due("11-24"),
        ),
        after(
            "the dentist checkup is now on friday",
            CHECKUP,
            "dentist checkup",
            "update_task",
            task_id="t259",
            due=due("11-27"),
        ),
        after(
            "rename book flights to Book flights to Lisbon",
            FLIGHTS,
            "book flights",
            "update_task",
            task_id="t254",
            title="Book flights to Lisbon",
        ),
        after(
            "change the due date of renew passport to 15 december",
            PASSPORT,
            "renew passport",
            "update_task",
            task_id="t257",
            due=due("12-15"),
        ),
        after(
            "take the date off the slides",
            SLIDES,
            "slides",
            "update_task",
            task_id="t252",
            clear_due=True,
        ),
        after(
            "stop the yoga class from repeating",
            YOGA,
            "yoga class",
            "update_task",
            task_id="t255",
            clear_recurrence=True,
        ),
        after(
            "change the quarterly report to tomorrow at 3pm",
            REPORT,
            "quarterly report",
            "update_task",
            task_id="t256",
            due=due("11-24", "15:00"),
        ),
        after("scrap the passport one", PASSPORT, "passport", "delete_task", task_id="t257"),
        act("postpone 1 by a week", "update_task", task_id="t1", due=due("12-04")),
        act("push 3 back by two hours", "update_task", task_id="t3", due=due("11-24", "20:00")),
        act(
            "shift the first one to dec 2",
            "update_task",
            history=WEEK_SHOWN,
            task_id="t252",
            due=due("12-02"),
        ),
        calls(
            "push both back a day",
            ("update_task", {"task_id": "t271", "due": due("11-25")}),
            ("update_task", {"task_id": "t272", "due": due("11-26")}),
            history=XMAS_SHOWN,
        ),
        lookups_of("move the gas bill and the slides to friday", "gas bill", "slides"),
        calls(
            "move the gas bill and the slides to friday",
            ("update_task", {"task_id": "t251", "due": due("11-27")}),
            ("update_task", {"task_id": "t252", "due": due("11-27")}),
            in_turn=found_each(
                "move the gas bill and the slides to friday",
                ("gas bill", GAS_BILL),
                ("slides", SLIDES),
            ),
        ),
    ],
    TODOIST: [
        add(
            "Renew gym pass friday p2 #health",
            title="Renew gym pass",
            due=due("11-27"),
            priority="high",
            tags=["health"],
        ),
        add(
            "call the accountant @work p1",
            title="Call the accountant",
            tags=["work"],
            priority="urgent",
        ),
        add(
            "water the ferns every! 5 days",
            title="Water the ferns",
            recurrence="FREQ=DAILY;INTERVAL=5",
            anchor="completion",
        ),
        add(
            "payroll every last fri",
            title="Payroll",
            recurrence="FREQ=MONTHLY;BYDAY=-1FR",
            due=due("11-27"),
        ),
        add("read chapter 4 p3", title="Read chapter 4", priority="medium"),
        add("sort the recycling p4", title="Sort the recycling", priority=NOT_RAISED),
        add(
            "team lunch thu 12:30 #work @office",
            title="Team lunch",
            due=due("11-26", "12:30"),
            tags=["work", "office"],
        ),
        add(
            "clean the bathroom every sat #home",
            title="Clean the bathroom",
            recurrence="FREQ=WEEKLY;BYDAY=SA",
            tags=["home"],
            due=due("11-28"),
        ),
        add(
            "invoice client #freelance p1 fri 5pm",
            title="Invoice client",
            tags=["freelance"],
            priority="urgent",
            due=due("11-27", "17:00"),
        ),
        add("#errands get a new phone charger", title="Get a new phone charger", tags=["errands"]),
        add(
            "@home fix the wobbly chair p2",
            title="Fix the wobbly chair",
            tags=["home"],
            priority="high",
        ),
        add(
            "review PRs every weekday 11am #dev",
            title="Review PRs",
            tags=["dev"],
            recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            due=due("11-23", "11:00"),
        ),
        add(
            "pay the window cleaner every! 4 weeks",
            title="Pay the window cleaner",
            recurrence="FREQ=WEEKLY;INTERVAL=4",
            anchor="completion",
        ),
        add(
            "dec 10 renew domain p1",
            title="Renew domain",
            due=due("12-10"),
            priority="urgent",
        ),
        listed("show my p1 tasks", priority=["urgent"]),
    ],
    SMALL_TALK: [
        chat("hiya mate", "I can add"),
        chat("good morning!", "I can add"),
        chat("hello there", "I can add"),
        chat("who am I talking to?", "I can add"),
        chat("so what can you actually help me with", "I can add"),
        chat("how does this work", "I can add"),
        chat("thanks a lot", "You're welcome"),
        chat("thank u so much", "You're welcome"),
        chat("brilliant, ta", "You're welcome"),
        chat("thx!", "You're welcome"),
        chat("bye then", "Bye"),
        chat("right, see ya later", "Bye"),
        chat("good night then", "Good night"),
        chat("how are ya doing", ""),
        chat("ok cool", ""),
    ],
}

HELDOUT: list[Case] = [case for name in CLASSES for case in ROWS[name]]
CLASS_OF: dict[str, str] = {case.id: name for name in CLASSES for case in ROWS[name]}
