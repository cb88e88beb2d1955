"""The second held-out set of the offline assistant (issue 12), written on 2026-12-05.

These rows were written blind: from the issue's classes alone, without reading the grammar
(gateway/agent/offline*, core/nl), the tuning table's rows, the first held-out set's rows or
its failures. They follow every convention of tests/unit/offline_heldout.py (its docstring):
the same `NOW` (Monday 23 November 2026, 10:00 Europe/Berlin), the same helpers and matchers
(`Contains`, `OneOf`, `NOT_RAISED`, `Row`), a day alone at 09:00, "next week" = Mon 30 Nov,
tonight 20:00, "end of week" = Sun 29 Nov 09:00, "eod" = 17:00, "midnight" = Tue 24 Nov 00:00,
RRULE parts in the table's order, compound edits as one update_task after one lookup, several
titles as one lookup each, counts as one list_tasks then a reply with the number and titles.

The same rule holds: nobody runs these rows against the model, and nobody looks at their
failures, until the grammar work is done; then they are run once and reported per class.
Never copy a row into the tuning table, and never tune the grammar on a failure seen here.
"""

from __future__ import annotations

from typing import Any

from tests.unit.offline_heldout import (
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
    looked_up_each,
    lookup,
    range_of,
)
from tests.unit.quickadd_cases import (
    ABSENT,
    ADDED,
    CALL_MOM,
    COMPLETED,
    DENTIST,
    GROCERIES,
    GYM,
    SHOWN,
    TODAY,
    WEEK,
    WHICH_CALL,
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


def due27(day: str, clock: str = "09:00") -> str:
    """A date in 2027 (still winter time, +01:00, before the end of March)."""
    return f"2027-{day}T{clock}:00+01:00"


def edit(text: str, query: str, found: dict[str, Any], name: str, **arguments: Any) -> list[Case]:
    """An edit by title: the lookup first, then (after it found one task) the call on it."""
    return [
        lookup(text, Contains(query)),
        then(looked_up(text, found, query=query), name, **arguments),
    ]


def lookups_of(text: str, *queries: str) -> Case:
    """Several titles in one message: one lookup each, in the order written (taste in wording)."""
    return Case(
        text,
        [("list_tasks", {"q": Contains(q), "status": "open", "limit": 10}) for q in queries],
    )


def failed(text: str, query: str) -> list[Case]:
    """An edit whose lookup found nothing: first the lookup, then a question, never a task."""
    return [
        lookup(text, Contains(query)),
        Case(text, reply="", in_turn=looked_up(text, query=query)),
    ]


def count(text: str, arguments: dict[str, Any], *found: dict[str, Any]) -> list[Case]:
    """A count: the listing first, then the number in digits and every title found."""
    return [
        listed(text, **arguments),
        counted(
            text,
            arguments,
            *found,
            reply=str(len(found)),
            also=tuple(item["title"] for item in found),
        ),
    ]


# --- tasks (ids t40 and up) and earlier conversations of this file ------------------------------
PASSPORT = task(40, "Renew passport", "2026-11-26T09:00:00+01:00")
PLUMBER = task(41, "Call the plumber", "2026-11-24T09:00:00+01:00")
REPORT = task(42, "Quarterly report", "2026-11-25T14:00:00+01:00", tags=["work"], priority="high")
BANK = task(43, "Call the bank")
CAR = task(44, "Wash the car", "2026-11-28T09:00:00+01:00")
INVOICE = task(45, "Send invoice to Acme", "2026-11-20T09:00:00+01:00")
BINS = task(
    46,
    "Take out the bins",
    "2026-11-24T20:00:00+01:00",
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TU", "anchor": "due"},
)
YOGA = task(
    47,
    "Yoga class",
    "2026-11-25T18:00:00+01:00",
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
VET = task(48, "Vet appointment for Luna", "2026-11-23T15:00:00+01:00")
LIBRARY = task(49, "Return library books", "2026-11-23T09:00:00+01:00")
SLIDES = task(50, "Prepare sales slides", "2026-11-27T09:00:00+01:00", tags=["work"])
TAXES = task(51, "File the tax return", "2026-11-18T09:00:00+01:00", priority="urgent")
HEATING = task(52, "Bleed the radiators", "2026-11-24T09:00:00+01:00", tags=["home"])

# MINE lists t40 Renew passport, t41 Call the plumber, t42 Quarterly report, t44 Wash the car.
MINE = [
    user("what's on my list?"),
    *exchange("ho2_list_1", "list_tasks", {}, listing(PASSPORT, PLUMBER, REPORT, CAR)),
    said("Your open tasks (4): ..."),
]
NEXT_DECEMBER = "2027-01-01T00:00:00+01:00"


ROWS: list[tuple[str, list[Case]]] = [
    (
        NO_COMMAND,
        [
            add("dentist checkup thursday", title="Dentist checkup", due=due("11-26")),
            add(
                "pick up dry cleaning tomorrow at 5pm",
                title="Pick up dry cleaning",
                due=due("11-24", "17:00"),
            ),
            add("Haircut wednesday 11am", title="Haircut", due=due("11-25", "11:00")),
            add("electricity bill on the 30th", title="Electricity bill", due=due("11-30")),
            add("buy stamps", title="Buy stamps", due=ABSENT),
            add(
                "need to renew the car insurance by friday",
                title=Contains("car insurance"),
                due=due("11-27"),
            ),
            add(
                "I have to email the landlord tonight",
                title=Contains("email the landlord"),
                due=due("11-23", "20:00"),
            ),
            listed("do I have anything on friday?", **range_of("11-27", "11-28")),
            listed("is anything due tomorrow?", **range_of("11-24", "11-25")),
            lookup("when's the passport renewal due?", Contains("passport")),
            *failed("the zumba class got moved to friday", "zumba"),
            *edit(
                "the plumber has been moved to wednesday",
                "plumber",
                PLUMBER,
                "update_task",
                task_id="t41",
                due=due("11-25"),
            ),
            *failed("rename the gardening thing to Prune the roses", "gardening"),
        ],
    ),
    (
        FORMS,
        [
            add(
                "I've got to phone the council tomorrow",
                title=Contains("phone the council"),
                due=due("11-24"),
            ),
            add(
                "I'm meeting Priya for lunch on wednesday at 1pm",
                title=Contains("Priya"),
                due=due("11-25", "13:00"),
            ),
            add(
                "I'd like to finish the slides tonight",
                title=Contains("finish the slides"),
                due=due("11-23", "20:00"),
            ),
            add(
                "don't let me forget to water the plants on saturday",
                title=Contains("water the plants"),
                due=due("11-28"),
            ),
            add(
                "finish the tax form tonight",
                title=Contains("tax form"),
                due=due("11-23", "20:00"),
            ),
            add(
                "we'll need to book the ferry by friday",
                title=Contains("book the ferry"),
                due=due("11-27"),
            ),
            add(
                "I'll be picking up Grandma from the station thursday at 6pm",
                title=Contains("Grandma"),
                due=due("11-26", "18:00"),
            ),
            *edit("I renewed my passport", "passport", PASSPORT, "complete_task", task_id="t40"),
            *edit("phoned the plumber earlier", "plumber", PLUMBER, "complete_task", task_id="t41"),
            *edit("I've washed the car", "car", CAR, "complete_task", task_id="t44"),
            *edit(
                "sent the invoice off to acme", "invoice", INVOICE, "complete_task", task_id="t45"
            ),
            *edit(
                "I've returned the library books",
                "library",
                LIBRARY,
                "complete_task",
                task_id="t49",
            ),
        ],
    ),
    (
        TYPOS,
        [
            add("ad buy printer ink tomorow", title="Buy printer ink", due=due("11-24")),
            add("book flights on thrusday", title="Book flights", due=due("11-26")),
            add(
                "call the optician wendsday 2pm",
                title="Call the optician",
                due=due("11-25", "14:00"),
            ),
            add("submit expenses by fridy", title="Submit expenses", due=due("11-27")),
            add(
                "dinner with Sam on satruday at 7pm",
                title="Dinner with Sam",
                due=due("11-28", "19:00"),
            ),
            add("renew domain on 3 decmeber", title="Renew domain", due=due("12-03")),
            add(
                "mop the floors evrey sunday",
                title="Mop the floors",
                recurrence="FREQ=WEEKLY;BYDAY=SU",
                due=due("11-29"),
            ),
            add("take vitamins dialy", title="Take vitamins", recurrence="FREQ=DAILY"),
            add(
                "pay the credit card montly on the 15th",
                title="Pay the credit card",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
                due=due("12-15"),
            ),
            add("get a haircut nxet week", title="Get a haircut", due=due("11-30")),
            add(
                "buy wrapping paper on the 12th of decmber",
                title="Buy wrapping paper",
                due=due("12-12"),
            ),
            add(
                "remnid me to stretch in 20 minuts",
                title=Contains("stretch"),
                due="2026-11-23T10:20:00+01:00",
            ),
            lookup("complet renew passport", Contains("passport")),
            lookup("resheduel the plumber to thursday", Contains("plumber")),
            listed("shwo my tasks for tommorow", **range_of("11-24", "11-25")),
        ],
    ),
    (
        PRIORITIES,
        [
            add(
                "important: sign the lease tomorrow",
                title="Sign the lease",
                priority="high",
                due=due("11-24"),
            ),
            add("file the VAT return asap", title="File the VAT return", priority="urgent"),
            add("top prio: fix the leaking tap", title="Fix the leaking tap", priority="urgent"),
            add("call the insurer, it's urgent", title=Contains("insurer"), priority="urgent"),
            add("tidy the garage, no rush", title="Tidy the garage", priority=NOT_RAISED),
            add(
                "order new business cards - not urgent",
                title="Order new business cards",
                priority=NOT_RAISED,
            ),
            add(
                "high priority: review the contract by thursday",
                title="Review the contract",
                priority="high",
                due=due("11-26"),
            ),
            add("low priority: clear out the attic", title="Clear out the attic", priority="low"),
            add(
                "book the MOT for the car !!",
                title="Book the MOT for the car",
                priority=OneOf("high", "urgent"),
            ),
            add("medium priority update my CV", title="Update my CV", priority="medium"),
            add(
                "renew the parking permit, very important",
                title=Contains("parking permit"),
                priority="high",
            ),
            add(
                "sort the photo albums (not important)",
                title=Contains("photo albums"),
                priority=NOT_RAISED,
            ),
            add(
                "Pay the electrician ASAP!!!",
                title="Pay the electrician",
                priority="urgent",
            ),
            *edit(
                "make the dentist appointment top priority",
                "dentist",
                DENTIST,
                "update_task",
                task_id="t1",
                priority="urgent",
            ),
        ],
    ),
    (
        TAGS,
        [
            add("buy printer paper, tag it office", title="Buy printer paper", tags=["office"]),
            add(
                "draft the newsletter tagged Marketing",
                title="Draft the newsletter",
                tags=["marketing"],
            ),
            add(
                "fix the bike brakes and label it weekend",
                title="Fix the bike brakes",
                tags=["weekend"],
            ),
            add(
                "write thank-you cards tagged xmas and family",
                title="Write thank-you cards",
                tags=["xmas", "family"],
            ),
            add(
                "plan the team offsite and tag it Work",
                title="Plan the team offsite",
                tags=["work"],
            ),
            add("gym bag prep, label: health", title="Gym bag prep", tags=["health"]),
            *edit(
                "put the tag finance on the invoice task",
                "invoice",
                INVOICE,
                "update_task",
                task_id="t45",
                tags=["finance"],
            ),
            *edit(
                "strip the work label from the quarterly report",
                "quarterly report",
                REPORT,
                "update_task",
                task_id="t42",
                tags=[],
            ),
            *edit(
                "remove errands tag from groceries",
                "groceries",
                GROCERIES,
                "update_task",
                task_id="t2",
                tags=[],
            ),
            *edit(
                "also tag groceries with weekly-shop",
                "groceries",
                GROCERIES,
                "update_task",
                task_id="t2",
                tags=["errands", "weekly-shop"],
            ),
        ],
    ),
    (
        RECURRENCE,
        [
            add(
                "pay the rent on the first of every month",
                title="Pay the rent",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                due=due("12-01"),
            ),
            add(
                "back up the laptop on the last day of each month",
                title="Back up the laptop",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
                due=due("11-30"),
            ),
            add(
                "team retro every other thursday",
                title="Team retro",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                due=due("11-26"),
            ),
            add(
                "clean the fish tank fortnightly",
                title="Clean the fish tank",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
            ),
            add(
                "book club on the first tuesday of every month",
                title="Book club",
                recurrence="FREQ=MONTHLY;BYDAY=1TU",
                due=due("12-01"),
            ),
            add(
                "check the server logs every 4 hours",
                title="Check the server logs",
                recurrence="FREQ=HOURLY;INTERVAL=4",
            ),
            add(
                "physio exercises every day until 18 december",
                title="Physio exercises",
                recurrence="FREQ=DAILY;UNTIL=20261218T225959Z",
            ),
            add(
                "french lesson every wednesday, 6 times",
                title="French lesson",
                recurrence="FREQ=WEEKLY;BYDAY=WE;COUNT=6",
                due=due("11-25"),
            ),
            add(
                "replace the water filter every 2 months after I've changed it",
                title="Replace the water filter",
                recurrence="FREQ=MONTHLY;INTERVAL=2",
                anchor="completion",
            ),
            add(
                "descale the kettle every! 3 weeks",
                title="Descale the kettle",
                recurrence="FREQ=WEEKLY;INTERVAL=3",
                anchor="completion",
            ),
            add(
                "journal every morning at 6:30",
                title="Journal",
                recurrence="FREQ=DAILY",
                due=due("11-24", "06:30"),
            ),
            add(
                "1:1 with Tom every monday at 11",
                title="1:1 with Tom",
                recurrence="FREQ=WEEKLY;BYDAY=MO",
                due=due("11-23", "11:00"),
            ),
            add(
                "pay the gardener every second friday",
                title="Pay the gardener",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
                due=due("11-27"),
            ),
            add(
                "car service every year on 14 march",
                title="Car service",
                recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14",
                due=due27("03-14"),
            ),
            add(
                "stand-up every weekday at 9:15",
                title="Stand-up",
                recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                due=due("11-24", "09:15"),
            ),
            add(
                "water the orchid every 10 days",
                title="Water the orchid",
                recurrence="FREQ=DAILY;INTERVAL=10",
            ),
        ],
    ),
    (
        TIMES,
        [
            add(
                "take the bread out of the oven in 25 minutes",
                title=Contains("bread"),
                due=due("11-23", "10:25"),
            ),
            add("move the car in 2 hours", title="Move the car", due=due("11-23", "12:00")),
            add(
                "call back the courier in 90 min",
                title="Call back the courier",
                due=due("11-23", "11:30"),
            ),
            add("check the oven in 1 hour", title="Check the oven", due=due("11-23", "11:00")),
            add(
                "pick up the kids this afternoon at 3:30",
                title="Pick up the kids",
                due=due("11-23", "15:30"),
            ),
            add(
                "drinks with the team this evening at 6",
                title="Drinks with the team",
                due=due("11-23", "18:00"),
            ),
            add(
                "finish the budget by the end of the week",
                title="Finish the budget",
                due=due("11-29"),
            ),
            add(
                "submit the timesheet by end of month",
                title="Submit the timesheet",
                due=due("11-30"),
            ),
            add("send the draft eod", title="Send the draft", due=due("11-23", "17:00")),
            add("lunch with Marco at noon", title="Lunch with Marco", due=due("11-23", "12:00")),
            add("lock the shed at midnight", title="Lock the shed", due=due("11-24", "00:00")),
            add(
                "approve the PR by eod tomorrow",
                title="Approve the PR",
                due=due("11-24", "17:00"),
            ),
            add("order pizza tonight", title="Order pizza", due=due("11-23", "20:00")),
            add(
                "reply to Olga tomorrow at noon",
                title="Reply to Olga",
                due=due("11-24", "12:00"),
            ),
            add("call the garage at 4pm", title="Call the garage", due=due("11-23", "16:00")),
        ],
    ),
    (
        REMINDERS,
        [
            add(
                "dentist friday 3pm, remind me 30 minutes before",
                title="Dentist",
                due=due("11-27", "15:00"),
                reminders=["PT30M"],
            ),
            add(
                "pitch meeting tomorrow at 10am with a reminder 15 minutes before",
                title="Pitch meeting",
                due=due("11-24", "10:00"),
                reminders=["PT15M"],
            ),
            add(
                "train to Leeds thursday 7:40am, nudge me an hour before",
                title="Train to Leeds",
                due=due("11-26", "07:40"),
                reminders=["PT1H"],
            ),
            add(
                "Mum's birthday on 2 december, remind me two days before",
                title=Contains("birthday"),
                due=due("12-02"),
                reminders=["P2D"],
            ),
            add(
                "job interview wednesday at 2pm, set an alert for 1:30pm",
                title="Job interview",
                due=due("11-25", "14:00"),
                reminders=[due("11-25", "13:30")],
            ),
            add(
                "pay the council tax friday, remind me at 8pm the day before",
                title="Pay the council tax",
                due=due("11-27"),
                reminders=[due("11-26", "20:00")],
            ),
            add(
                "flight on saturday at 6am, remind me at 9pm the night before",
                title="Flight",
                due=due("11-28", "06:00"),
                reminders=[due("11-27", "21:00")],
            ),
            add(
                "webinar at 4pm today with a reminder 10 mins before",
                title="Webinar",
                due=due("11-23", "16:00"),
                reminders=["PT10M"],
            ),
            add(
                "parcel pickup tomorrow, ping me at 8:15",
                title="Parcel pickup",
                due=due("11-24"),
                reminders=[due("11-24", "08:15")],
            ),
            add(
                "school run monday 8am with reminders 30 min and 5 min before",
                title="School run",
                due=due("11-30", "08:00"),
                reminders=["PT30M", "PT5M"],
            ),
            add(
                "hand in the essay thursday noon, alert me a day before",
                title="Hand in the essay",
                due=due("11-26", "12:00"),
                reminders=["P1D"],
            ),
            add(
                "call grandpa at 5pm and give me a reminder 20 minutes earlier",
                title="Call grandpa",
                due=due("11-23", "17:00"),
                reminders=["PT20M"],
            ),
            *edit(
                "add a reminder to the dentist an hour before",
                "dentist",
                DENTIST,
                "update_task",
                task_id="t1",
                reminders=["PT1H"],
            ),
        ],
    ),
    (
        FOLLOW_UPS,
        [
            act("move the first one to saturday", "update_task", task_id="t1", due=due("11-28")),
            act("tick off the last one", "complete_task", task_id="t4"),
            act("number two's done now", "complete_task", task_id="t2"),
            act("push it to monday", "update_task", ADDED, task_id="t9", due=due("11-30")),
            act("make that one urgent", "update_task", ADDED, task_id="t9", priority="urgent"),
            act(
                "move it to thursday at 4pm and make it high priority",
                "update_task",
                ADDED,
                task_id="t9",
                due=due("11-26", "16:00"),
                priority="high",
            ),
            act("tag that one clients", "update_task", ADDED, task_id="t9", tags=["clients"]),
            act(
                "actually make that 5pm",
                "update_task",
                ADDED,
                task_id="t9",
                due=due("11-27", "17:00"),
            ),
            act(
                "rename it to Call Bob about the boat",
                "update_task",
                ADDED,
                task_id="t9",
                title="Call Bob about the boat",
            ),
            act("oops, undo that", "reopen_task", COMPLETED, task_id="t1"),
            act(
                "postpone the third one by a day",
                "update_task",
                MINE,
                task_id="t42",
                due=due("11-26", "14:00"),
            ),
            calls(
                "mark 1 and 3 as done",
                ("complete_task", {"task_id": "t1"}),
                ("complete_task", {"task_id": "t3"}),
                history=SHOWN,
            ),
            calls(
                "both of them please",
                ("complete_task", {"task_id": "t4"}),
                ("complete_task", {"task_id": "t9"}),
                history=WHICH_CALL,
            ),
            lookups_of("shift renew passport and wash the car to friday", "passport", "car"),
            calls(
                "shift renew passport and wash the car to friday",
                ("update_task", {"task_id": "t40", "due": due("11-27")}),
                ("update_task", {"task_id": "t44", "due": due("11-27")}),
                in_turn=looked_up_each(
                    "shift renew passport and wash the car to friday",
                    ("passport", [PASSPORT]),
                    ("car", [CAR]),
                ),
            ),
            *edit("skip this week's yoga", "yoga", YOGA, "skip_task", task_id="t47"),
        ],
    ),
    (
        QUERIES,
        [
            listed("what have I got on next week?", **range_of("11-30", "12-07")),
            listed("anything with the work tag?", tags=["work"]),
            listed("what's still open for today", **TODAY),
            listed("what did I get done yesterday?", status="completed"),
            listed("what's overdue right now?", overdue=True),
            listed("show me my urgent stuff", priority=["urgent"]),
            listed("anything due this week at all?", **WEEK),
            listed("what do I have tomorrow", **range_of("11-24", "11-25")),
            lookup("find everything about the wedding", Contains("wedding")),
            listed("list my completed tasks", status="completed"),
            listed("anything scheduled for the weekend?", **range_of("11-28", "11-30")),
            listed("what's on for friday", **range_of("11-27", "11-28")),
            listed("which of my tasks carry the home tag?", tags=["home"]),
            listed("show high priority tasks", priority=["high"]),
            listed(
                "what's coming up in december?",
                due_after=due("12-01", "00:00"),
                due_before=NEXT_DECEMBER,
            ),
        ],
    ),
    (
        WRAPPERS,
        [
            add(
                "could you please add picking up the prescription tomorrow",
                title=Contains("prescription"),
                due=due("11-24"),
            ),
            add(
                "Would you mind putting 'book the vet' on my list for friday?",
                title="Book the vet",
                due=due("11-27"),
            ),
            add(
                "kindly create a task to pay the nursery fees on monday",
                title=Contains("nursery fees"),
                due=due("11-30"),
            ),
            add(
                "I need you to add call the electrician to my todo list",
                title=Contains("electrician"),
            ),
            add("can you jot down: buy batteries", title="Buy batteries"),
            add("please make a note to ask HR about leave", title=Contains("ask HR about leave")),
            add(
                "hey, can you remind me to defrost the chicken tonight?",
                title=Contains("defrost the chicken"),
                due=due("11-23", "20:00"),
            ),
            add(
                "pls add renew netflix on the 5th",
                title=Contains("netflix"),
                due=due("12-05"),
            ),
            add(
                "would it be possible to schedule a call with the bank for thursday at 10am?",
                title=Contains("bank"),
                due=due("11-26", "10:00"),
            ),
            add(
                "Could you kindly put down 'water the garden' for saturday",
                title="Water the garden",
                due=due("11-28"),
            ),
            add("just add fix the doorbell, thanks", title=Contains("doorbell")),
            add(
                "Do me a favour and stick 'order contact lenses' on the list",
                title="Order contact lenses",
            ),
            add(
                "I want you to add a task: prepare the quiz questions by wednesday",
                title="Prepare the quiz questions",
                due=due("11-25"),
            ),
            add("can u pls put buy a new kettle on my list", title=Contains("kettle")),
        ],
    ),
    (
        SEVERAL,
        [
            adds(
                "add apples, yoghurt and oat milk",
                {"title": "Apples"},
                {"title": "Yoghurt"},
                {"title": "Oat milk"},
            ),
            adds(
                "add 2 tasks: email Jo and book the hall",
                {"title": "Email Jo"},
                {"title": "Book the hall"},
            ),
            adds(
                "buy candles #home and send the slides #work",
                {"title": "Buy candles", "tags": ["home"]},
                {"title": "Send the slides", "tags": ["work"]},
            ),
            adds(
                "add call the vet tomorrow and pay the window cleaner on friday",
                {"title": "Call the vet", "due": due("11-24")},
                {"title": "Pay the window cleaner", "due": due("11-27")},
            ),
            adds(
                "three things: wash up, hoover, fold laundry",
                {"title": "Wash up"},
                {"title": "Hoover"},
                {"title": "Fold laundry"},
            ),
            adds("add eggs & butter to my list", {"title": "Eggs"}, {"title": "Butter"}),
            adds(
                "add bananas, coffee beans, and dish soap",
                {"title": "Bananas"},
                {"title": "Coffee beans"},
                {"title": "Dish soap"},
            ),
            adds(
                "add two tasks - renew my library card on monday and return the jacket tomorrow",
                {"title": "Renew my library card", "due": due("11-30")},
                {"title": "Return the jacket", "due": due("11-24")},
            ),
            adds(
                "add dentist on thursday at 2pm plus haircut on saturday at 10am",
                {"title": "Dentist", "due": due("11-26", "14:00")},
                {"title": "Haircut", "due": due("11-28", "10:00")},
            ),
            adds("add gift wrap and sellotape", {"title": "Gift wrap"}, {"title": "Sellotape"}),
            adds(
                "add 'fix the fence' for sunday and 'paint the shed' for next week",
                {"title": "Fix the fence", "due": due("11-29")},
                {"title": "Paint the shed", "due": due("11-30")},
            ),
            adds(
                "todo: ring the school; order the uniform; name the lunchbox",
                {"title": "Ring the school"},
                {"title": "Order the uniform"},
                {"title": "Name the lunchbox"},
            ),
            adds(
                "add flour, sugar and baking powder to the shopping",
                {"title": "Flour"},
                {"title": "Sugar"},
                {"title": "Baking powder"},
            ),
            adds(
                "pay the nanny #family and renew the VPN #work",
                {"title": "Pay the nanny", "tags": ["family"]},
                {"title": "Renew the VPN", "tags": ["work"]},
            ),
        ],
    ),
    (
        SPOKEN,
        [
            add(
                "meet Clara tomorrow at half past four",
                title="Meet Clara",
                due=due("11-24", "16:30"),
            ),
            add(
                "conference call thursday at quarter to nine",
                title="Conference call",
                due=due("11-26", "08:45"),
            ),
            add("pick up the suit at 18:30", title="Pick up the suit", due=due("11-23", "18:30")),
            add("dentist Thursday week", title="Dentist", due=due("12-03")),
            add(
                "school governors meeting a week on wednesday",
                title="School governors meeting",
                due=due("12-02"),
            ),
            add("sign the lease a fortnight today", title="Sign the lease", due=due("12-07")),
            add(
                "visa appointment on the 3rd of February",
                title="Visa appointment",
                due=due27("02-03"),
            ),
            add("boiler service 2027-01-12", title="Boiler service", due=due27("01-12")),
            add(
                "tomorrow I have to collect the parcel",
                title=Contains("collect the parcel"),
                due=due("11-24"),
            ),
            add(
                "quiz night at the pub on thursday",
                title="Quiz night at the pub",
                due=due("11-26"),
            ),
            add(
                "choir at quarter past seven tonight",
                title="Choir",
                due=due("11-23", "19:15"),
            ),
            add("pay the builder on 5/12", title="Pay the builder", due=due("12-05")),
            add(
                "staff party on the 18th of December at 7pm",
                title="Staff party",
                due=due("12-18", "19:00"),
            ),
            add(
                "lunch with Dev at half twelve on friday",
                title="Lunch with Dev",
                due=due("11-27", "12:30"),
            ),
        ],
    ),
    (
        COUNTS,
        [
            *count("how many jobs are on for today?", TODAY, VET, LIBRARY),
            *count("how many things are overdue?", {"overdue": True}, INVOICE, TAXES),
            *count("how many tasks are tagged work", {"tags": ["work"]}, REPORT, SLIDES),
            *count("how much is due this week?", WEEK, PLUMBER, REPORT, SLIDES),
            *count(
                "how many things do I have tomorrow?",
                range_of("11-24", "11-25"),
                PLUMBER,
                HEATING,
            ),
            *count("how many did I finish?", {"status": "completed"}, {**BANK, "completed": True}),
            listed("how many tasks are still open in total?"),
            counted(
                "how many tasks are still open in total?",
                {},
                DENTIST,
                GROCERIES,
                GYM,
                CALL_MOM,
                reply="4",
                also=("Dentist appointment", "Groceries", "Gym", "Call mom"),
            ),
        ],
    ),
    (
        EDITS,
        [
            *edit(
                "postpone the plumber by a day",
                "plumber",
                PLUMBER,
                "update_task",
                task_id="t41",
                due=due("11-25"),
            ),
            *edit(
                "push the passport renewal back to next week",
                "passport",
                PASSPORT,
                "update_task",
                task_id="t40",
                due=due("11-30"),
            ),
            *edit(
                "bring the vet forward to 1pm",
                "vet",
                VET,
                "update_task",
                task_id="t48",
                due=due("11-23", "13:00"),
            ),
            *edit(
                "prepone the dentist to wednesday",
                "dentist",
                DENTIST,
                "update_task",
                task_id="t1",
                due=due("11-25"),
            ),
            *edit(
                "library books are now due on friday",
                "library",
                LIBRARY,
                "update_task",
                task_id="t49",
                due=due("11-27"),
            ),
            *edit(
                "delay the quarterly report by two days",
                "report",
                REPORT,
                "update_task",
                task_id="t42",
                due=due("11-27", "14:00"),
            ),
            *edit(
                "change the dentist to 11am",
                "dentist",
                DENTIST,
                "update_task",
                task_id="t1",
                due=due("11-27", "11:00"),
            ),
            *edit(
                "push wash the car out a week",
                "wash the car",
                CAR,
                "update_task",
                task_id="t44",
                due=due("12-05"),
            ),
            *edit(
                "remove the due date from call the bank",
                "bank",
                BANK,
                "update_task",
                task_id="t43",
                clear_due=True,
            ),
            *edit(
                "stop the bins from repeating",
                "bins",
                BINS,
                "update_task",
                task_id="t46",
                clear_recurrence=True,
            ),
            *edit(
                "move the report to thursday at 10am and make it urgent",
                "report",
                REPORT,
                "update_task",
                task_id="t42",
                due=due("11-26", "10:00"),
                priority="urgent",
            ),
        ],
    ),
    (
        TODOIST,
        [
            add(
                "Pay rent every last fri p1 #finance",
                title="Pay rent",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                due=due("11-27"),
                priority="urgent",
                tags=["finance"],
            ),
            add(
                "Call accountant tomorrow 3pm p2 @work",
                title="Call accountant",
                due=due("11-24", "15:00"),
                priority="high",
                tags=["work"],
            ),
            add(
                "Buy oat milk @shopping p3",
                title="Buy oat milk",
                priority="medium",
                tags=["shopping"],
            ),
            add("Read chapter 4 p4", title="Read chapter 4", priority=NOT_RAISED),
            add(
                "Water plants every! 4 days #home",
                title="Water plants",
                recurrence="FREQ=DAILY;INTERVAL=4",
                anchor="completion",
                tags=["home"],
            ),
            add(
                "Submit timesheet every fri 5pm #work",
                title="Submit timesheet",
                recurrence="FREQ=WEEKLY;BYDAY=FR",
                due=due("11-27", "17:00"),
                tags=["work"],
            ),
            add(
                "Standup every weekday 9am @work",
                title="Standup",
                recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                due=due("11-24"),
                tags=["work"],
            ),
            add(
                "Review PRs #work #dev p2",
                title="Review PRs",
                tags=["work", "dev"],
                priority="high",
            ),
            add(
                "Dentist on dec 10 at 2pm #health",
                title="Dentist",
                due=due("12-10", "14:00"),
                tags=["health"],
            ),
            add(
                "Clean gutters every 3 months #home p4",
                title="Clean gutters",
                recurrence="FREQ=MONTHLY;INTERVAL=3",
                tags=["home"],
                priority=NOT_RAISED,
            ),
            add(
                "Swim every mon, wed, fri at 7am @health",
                title="Swim",
                recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR",
                due=due("11-25", "07:00"),
                tags=["health"],
            ),
            add(
                "Invoice client every 1st #finance p1",
                title="Invoice client",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                due=due("12-01"),
                tags=["finance"],
                priority="urgent",
            ),
            add(
                "Plan sprint next monday p2 #work",
                title="Plan sprint",
                due=due("11-30"),
                priority="high",
                tags=["work"],
            ),
            add(
                "Card for Ana every year on 12 jan @personal",
                title="Card for Ana",
                recurrence="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=12",
                due=due27("01-12"),
                tags=["personal"],
            ),
            add(
                "Take out recycling every! week #home",
                title="Take out recycling",
                recurrence="FREQ=WEEKLY",
                anchor="completion",
                tags=["home"],
            ),
        ],
    ),
    (
        SMALL_TALK,
        [
            chat("hey there", "I can add"),
            chat("heya :)", "I can add"),
            chat("hello, who am I talking to?", "I can add"),
            chat("what are you exactly?", "I can add"),
            chat("how do I use you?", "I can add"),
            chat("what sort of things can you help me with?", "I can add"),
            chat("cheers, that's great", "You're welcome"),
            chat("thank you so much", "You're welcome"),
            chat("ta very much", "You're welcome"),
            chat("good night then", "Good night"),
            chat("going to bed now, good night x", "Good night"),
            chat("bye then", "Bye"),
            chat("see you later!", "Bye"),
            chat("how's it going?", ""),
            chat("ok cool", ""),
        ],
    ),
]

HELDOUT = [case for _, cases in ROWS for case in cases]
CLASS_OF = {case.id: name for name, cases in ROWS for case in cases}
