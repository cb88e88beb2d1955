"""The sixth held-out set for the offline assistant (issue 12), written on 2026-12-05.

Written blind to the grammar (gateway/agent/offline*, core/nl) and to the earlier held-out sets,
from the issue's classes alone. Same conventions as tests/unit/offline_heldout.py (fixed `NOW`,
Monday 23 November 2026 10:00 Europe/Berlin; a day alone is 09:00; "next week" = Mon 30 Nov;
tonight 20:00; "eod" = today 17:00; "end of week" = Sun 29 Nov 09:00; RRULE parts in the
table's order), plus:
- "midnight" = the coming 00:00 (Tue 24 Nov 00:00);
- "end of month" = Mon 30 Nov 09:00;
- after a shown list, rows refer to tasks by position, "it" or "both", never by a title that is
  on screen.
Nobody runs these rows against the model until the grammar work is done.
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
    lookup,
    lookups,
    range_of,
)
from tests.unit.quickadd_cases import (
    TODAY,
    WEEK,
    Case,
    act,
    add,
    due,
    exchange,
    find,
    listed,
    looked_up,
    said,
    task,
    then,
    user,
)

# --- tasks (ids t130 and up) and earlier conversations of this file -----------------------------
COUNCIL_TAX = task(130, "Pay council tax", due("11-25"))
PASSPORT = task(131, "Renew passport")
PLANTS = task(
    132,
    "Water the plants",
    due("11-24"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TU", "anchor": "due"},
)
LANDLORD = task(133, "Email landlord", due("11-27"))
HAIRCUT = task(134, "Book haircut", due("11-25"))
YOGA = task(
    135,
    "Yoga class",
    due("11-25", "18:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
VET = task(136, "Vet appointment", due("11-26"))
REPORT = task(137, "Quarterly report", due("11-23", "15:00"), priority="urgent", tags=["work"])
BINS = task(138, "Put the bins out", due("11-23", "20:00"))
INVOICE = task(139, "Send invoice", due("11-24"), tags=["work"])
LAUNDRY = task(140, "Laundry")
HOOVER = task(141, "Hoover the stairs")
DEMO = task(142, "Client demo", due("11-27", "14:00"), priority="high", tags=["work"])
MOT = task(143, "Car MOT", due("11-20"))
GIFT = task(144, "Buy gift for Ada", due("11-21"))
TURKEY = task(145, "Order turkey", due("12-01"))

LISTED: list[dict[str, Any]] = [
    user("what's on my list"),
    *exchange("h6_list_1", "list_tasks", {}, {"items": [COUNCIL_TAX, PASSPORT, PLANTS, LANDLORD],
                                              "next_cursor": None}),
    said("Your open tasks (4): ..."),
]  # fmt: skip
WEDNESDAY: list[dict[str, Any]] = [
    user("what's due on wednesday"),
    *exchange("h6_list_3", "list_tasks", range_of("11-25", "11-26"),
              {"items": [COUNCIL_TAX, HAIRCUT], "next_cursor": None}),
    said("Due Wed 25 Nov (2): ..."),
]  # fmt: skip
BOOKED: list[dict[str, Any]] = [
    user("book haircut on wednesday"),
    *exchange("h6_call_2", "add_task", {"title": "Book haircut"}, HAIRCUT),
    said("Added “Book haircut” — due Wed 25 Nov 09:00."),
]

ROWS: list[tuple[str, list[Case]]] = [
    (
        NO_COMMAND,
        [
            add("dentist thursday 3pm", title="Dentist", due=due("11-26", "15:00")),
            add(
                "Parents evening at the school on friday",
                title="Parents evening at the school",
                due=due("11-27"),
            ),
            add("oil change next week", title="Oil change", due=due("11-30")),
            add("Return library books tomorrow", title="Return library books", due=due("11-24")),
            add("barber appt saturday 11am", title="Barber appt", due=due("11-28", "11:00")),
            add("new charger for the kindle", title="New charger for the kindle"),
            listed("am I free on friday or is something on?", **range_of("11-27", "11-28")),
            listed("anything tomorrow", **range_of("11-24", "11-25")),
            listed("what have I let slip past its date?", overdue=True),
            lookup("I already paid the water bill", Contains("water")),
            lookup("the car insurance is sorted", Contains("insurance")),
            lookup("Finished the essay!", Contains("essay")),
            listed("is there anything urgent", priority=["urgent"]),
            add("team lunch wednesday 12:30", title="Team lunch", due=due("11-25", "12:30")),
        ],
    ),
    (
        FORMS,
        [
            add(
                "I'll need to pick up the dry cleaning tomorrow",
                title="Pick up the dry cleaning",
                due=due("11-24"),
            ),
            add(
                "don't let me forget to call the plumber on thursday",
                title="Call the plumber",
                due=due("11-26"),
            ),
            add(
                "I've gotta renew the parking permit by friday",
                title="Renew the parking permit",
                due=due("11-27"),
            ),
            lookup("I've walked the dog", Contains("dog")),
            lookup("I fed the cat already", Contains("cat")),
            lookup("we've finally cleared out the garage", Contains("garage")),
            listed("what've I got tomorrow?", **range_of("11-24", "11-25")),
            listed("what're my tasks for today", **TODAY),
            lookup("I've sent off the Henderson invoice", Contains("henderson")),
            add(
                "I'll have to buy wrapping paper on saturday",
                title="Buy wrapping paper",
                due=due("11-28"),
            ),
            add(
                "shouldn't forget to book the MOT next week", title="Book the MOT", due=due("11-30")
            ),
            lookup("just emailed the accountant", Contains("accountant")),
            lookup("I've already done the ironing", Contains("ironing")),
        ],
    ),
    (
        TYPOS,
        [
            add("add call granny tomorow", title="Call granny", due=due("11-24")),
            add("add pay rent on firday", title="Pay rent", due=due("11-27")),
            add("add team meeting wednesay 2pm", title="Team meeting", due=due("11-25", "14:00")),
            add("add car wash satuday", title="Car wash", due=due("11-28")),
            add("add book flights 3 decmber", title="Book flights", due=due("12-03")),
            add(
                "add gym evry thursday",
                title="Gym",
                recurrence="FREQ=WEEKLY;BYDAY=TH",
                due=due("11-26"),
            ),
            add("ad buy bread", title="Buy bread"),
            add("addd call the bank", title="Call the bank"),
            listed("shwo my tasks for tomorow", **range_of("11-24", "11-25")),
            act("delte 2", "delete_task", LISTED, task_id="t131"),
            act("complte 1", "complete_task", LISTED, task_id="t130"),
            add("add clean fridge nxt wek", title="Clean fridge", due=due("11-30")),
            add("add stand-up thursdy 09:30", title="Stand-up", due=due("11-26", "09:30")),
        ],
    ),
    (
        PRIORITIES,
        [
            add("add fix the leak, it's top priority", title="Fix the leak", priority="urgent"),
            add("add renew insurance, important", title="Renew insurance", priority="high"),
            add("add sort old photos, no rush", title="Sort old photos", priority=NOT_RAISED),
            add(
                "add tidy the shed - not urgent at all", title="Tidy the shed", priority=NOT_RAISED
            ),
            add("add call the GP asap", title="Call the GP", priority="urgent"),
            add("add order printer ink, high priority", title="Order printer ink", priority="high"),
            add("add low priority: clean the keyboard", title="Clean the keyboard", priority="low"),
            add(
                "add send the contract today, super urgent",
                title="Send the contract",
                priority="urgent",
            ),
            add("add reply to Tom, medium priority", title="Reply to Tom", priority="medium"),
            add("add learn to knit, not important", title="Learn to knit", priority=NOT_RAISED),
            act("3 is super urgent now", "update_task", LISTED, task_id="t132", priority="urgent"),
            act("number 2 is important", "update_task", LISTED, task_id="t131", priority="high"),
            add("add pay the fine, priority 1", title="Pay the fine", priority="urgent"),
        ],
    ),
    (
        TAGS,
        [
            add(
                "add print boarding passes tagged travel",
                title="Print boarding passes",
                tags=["travel"],
            ),
            add("add buy dog food, tag it pets", title="Buy dog food", tags=["pets"]),
            add("add review budget with the tag finance", title="Review budget", tags=["finance"]),
            add("add call supplier, label work", title="Call supplier", tags=["work"]),
            add("add fix gate tags home and diy", title="Fix gate", tags=["home", "diy"]),
            listed("show everything tagged errands", tags=["errands"]),
            listed("what's under the work tag?", tags=["work"]),
            act("tag 1 with bills", "update_task", LISTED, task_id="t130", tags=["bills"]),
            act("label 2 travel", "update_task", LISTED, task_id="t131", tags=["travel"]),
            add(
                "add pick up prescription and tag it health",
                title="Pick up prescription",
                tags=["health"],
            ),
            add(
                "add order new chairs with tags office and shopping",
                title="Order new chairs",
                tags=["office", "shopping"],
            ),
            listed("list my tasks with the tag garden", tags=["garden"]),
            add(
                "add renew gym membership, put it under the fitness tag",
                title="Renew gym membership",
                tags=["fitness"],
            ),
            listed("anything with the label kids?", tags=["kids"]),
        ],
    ),
    (
        RECURRENCE,
        [
            add(
                "add book club every first monday of the month",
                title="Book club",
                recurrence="FREQ=MONTHLY;BYDAY=1MO",
                due=due("12-07"),
            ),
            add(
                "add payroll check every last friday of the month",
                title="Payroll check",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                due=due("11-27"),
            ),
            add(
                "add football every other week on thursday",
                title="Football",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                due=due("11-26"),
            ),
            add(
                "add clean the gutters fortnightly on saturday",
                title="Clean the gutters",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
                due=due("11-28"),
            ),
            add(
                "add take medication every 8 hours",
                title="Take medication",
                recurrence="FREQ=HOURLY;INTERVAL=8",
            ),
            add(
                "add stretch every day until 20 december",
                title="Stretch",
                recurrence="FREQ=DAILY;UNTIL=20261220T225959Z",
            ),
            add(
                "add physio every monday 6 times",
                title="Physio",
                recurrence="FREQ=WEEKLY;BYDAY=MO;COUNT=6",
            ),
            add(
                "add descale the kettle every 3 weeks after I do it",
                title="Descale the kettle",
                recurrence="FREQ=WEEKLY;INTERVAL=3",
                anchor="completion",
            ),
            add(
                "add water the cactus every! 10 days",
                title="Water the cactus",
                recurrence="FREQ=DAILY;INTERVAL=10",
                anchor="completion",
            ),
            add(
                "add meditate every morning at 7",
                title="Meditate",
                recurrence="FREQ=DAILY",
                due=due("11-24", "07:00"),
            ),
            add(
                "add pay the credit card on the 15th of every month",
                title="Pay the credit card",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
                due=due("12-15"),
            ),
            add(
                "add backup laptop on the last day of every month",
                title="Backup laptop",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
                due=due("11-30"),
            ),
            add(
                "add choir practice every second tuesday of the month",
                title="Choir practice",
                recurrence="FREQ=MONTHLY;BYDAY=2TU",
                due=due("12-08"),
            ),
            add(
                "add swim every monday and wednesday",
                title="Swim",
                recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
                due=due("11-25"),
            ),
        ],
    ),
    (
        TIMES,
        [
            add(
                "add check the oven in 25 minutes",
                title="Check the oven",
                due=due("11-23", "10:25"),
            ),
            add(
                "add move the car before the street sweeper in 2 hours",
                title="Move the car before the street sweeper",
                due=due("11-23", "12:00"),
            ),
            add(
                "add call back the courier in 90 minutes",
                title="Call back the courier",
                due=due("11-23", "11:30"),
            ),
            add(
                "add phone the school this afternoon at 3",
                title="Phone the school",
                due=due("11-23", "15:00"),
            ),
            add(
                "add walk the dog this evening at 7",
                title="Walk the dog",
                due=due("11-23", "19:00"),
            ),
            add("add submit timesheet by end of month", title="Submit timesheet", due=due("11-30")),
            add("add finish slides by end of week", title="Finish slides", due=due("11-29")),
            add("add send the quote eod", title="Send the quote", due=due("11-23", "17:00")),
            add(
                "add lunch with Priya at noon", title="Lunch with Priya", due=due("11-23", "12:00")
            ),
            add("add lock the shed at midnight", title="Lock the shed", due=due("11-24", "00:00")),
            add("add pay parking noon tomorrow", title="Pay parking", due=due("11-24", "12:00")),
            add("add feed the fish tonight", title="Feed the fish", due=due("11-23", "20:00")),
            add("add call the bakery tomorrow morning", title="Call the bakery", due=due("11-24")),
            add(
                "add take the cake out in 1 hour",
                title="Take the cake out",
                due=due("11-23", "11:00"),
            ),
        ],
    ),
    (
        REMINDERS,
        [
            add(
                "add visa interview on 2nd december 10am, remind me one day prior",
                title="Visa interview",
                due=due("12-02", "10:00"),
                reminders=["P1D"],
            ),
            add(
                "add call Chidi friday 3pm, remind me 45 mins before",
                title="Call Chidi",
                due=due("11-27", "15:00"),
                reminders=["PT45M"],
            ),
            add(
                "add dentist friday 2pm, remind me 30 minutes before",
                title="Dentist",
                due=due("11-27", "14:00"),
                reminders=["PT30M"],
            ),
            add(
                "add flight check-in thursday 6pm with a reminder an hour before",
                title="Flight check-in",
                due=due("11-26", "18:00"),
                reminders=["PT1H"],
            ),
            add(
                "add mum's birthday on saturday, ping me the day before",
                title="Mum's birthday",
                due=due("11-28"),
                reminders=["P1D"],
            ),
            add(
                "add pay rent friday and remind me at 8am that day",
                title="Pay rent",
                due=due("11-27"),
                reminders=[due("11-27", "08:00")],
            ),
            add(
                "add interview wednesday 11am remind me 2 hours before",
                title="Interview",
                due=due("11-25", "11:00"),
                reminders=["PT2H"],
            ),
            add(
                "add vet friday 10am, reminder 15 min before",
                title="Vet",
                due=due("11-27", "10:00"),
                reminders=["PT15M"],
            ),
            add(
                "add renew railcard next week and give me a nudge 2 days before",
                title="Renew railcard",
                due=due("11-30"),
                reminders=["P2D"],
            ),
            act(
                "remind me about 1 an hour before",
                "update_task",
                LISTED,
                task_id="t130",
                reminders=["PT1H"],
            ),
            add(
                "add webinar tuesday 4pm, alert me 10 minutes before",
                title="Webinar",
                due=due("11-24", "16:00"),
                reminders=["PT10M"],
            ),
            add(
                "add parcel pickup tomorrow and remind me at 7am tomorrow",
                title="Parcel pickup",
                due=due("11-24"),
                reminders=[due("11-24", "07:00")],
            ),
            act(
                "set a reminder for it 20 minutes before",
                "update_task",
                BOOKED,
                task_id="t134",
                reminders=["PT20M"],
            ),
            add(
                "add school play thursday 5pm remind me a day before and an hour before",
                title="School play",
                due=due("11-26", "17:00"),
                reminders=["P1D", "PT1H"],
            ),
        ],
    ),
    (
        FOLLOW_UPS,
        [
            act("tick off the 2nd one pls", "complete_task", LISTED, task_id="t131"),
            calls(
                "1 and 4 are done",
                ("complete_task", {"task_id": "t130"}),
                ("complete_task", {"task_id": "t133"}),
                history=LISTED,
            ),
            act(
                "move 2 to friday and make it high priority",
                "update_task",
                LISTED,
                task_id="t131",
                due=due("11-27"),
                priority="high",
            ),
            act("push it to thursday", "update_task", BOOKED, task_id="t134", due=due("11-26")),
            act(
                "actually make that one urgent",
                "update_task",
                BOOKED,
                task_id="t134",
                priority="urgent",
            ),
            act("scrap that, delete it", "delete_task", BOOKED, task_id="t134"),
            act(
                "rename it to Book barber",
                "update_task",
                BOOKED,
                task_id="t134",
                title="Book barber",
            ),
            calls(
                "move both to thursday",
                ("update_task", {"task_id": "t130", "due": due("11-26")}),
                ("update_task", {"task_id": "t134", "due": due("11-26")}),
                history=WEDNESDAY,
            ),
            act("the third one, skip it this week", "skip_task", LISTED, task_id="t132"),
            act("4 can go to monday", "update_task", LISTED, task_id="t133", due=due("11-30")),
            then(
                looked_up("skip this week's yoga, I'm away", YOGA, query="yoga"),
                "skip_task",
                task_id="t135",
            ),
            Case(
                "laundry and the stairs are both done, mark them",
                [
                    ("list_tasks", {"q": Contains("laundry"), "status": "open", "limit": 10}),
                    ("list_tasks", {"q": Contains("stairs"), "status": "open", "limit": 10}),
                ],
            ),
            act(
                "tag it personal and move it to saturday",
                "update_task",
                BOOKED,
                task_id="t134",
                tags=["personal"],
                due=due("11-28"),
            ),
            act("done with the first", "complete_task", LISTED, task_id="t130"),
        ],
    ),
    (
        QUERIES,
        [
            listed("wot have I got on this week mate", **WEEK),
            listed("what's on next week?", **range_of("11-30", "12-07")),
            listed("anything for the weekend?", **range_of("11-28", "11-30")),
            listed("Whats due TODAY", **TODAY),
            listed("which tasks are late", overdue=True),
            listed("show me the high priority ones", priority=["high"]),
            listed("what have I finished?", status="completed"),
            find("find anything about the car", "car"),
            find("search my list for passport stuff", "passport"),
            listed("what's lined up for wednesday?", **range_of("11-25", "11-26")),
            listed("go on then, pull up my whole list"),
            find("have I got something about tickets?", "tickets"),
            listed("what do I need to do on the 1st of december", **range_of("12-01", "12-02")),
        ],
    ),
    (
        WRAPPERS,
        [
            add(
                "could you please add water the garden tomorrow",
                title="Water the garden",
                due=due("11-24"),
            ),
            add("hey, can u put renew my visa on the list", title="Renew my visa"),
            add("please jot down: buy batteries", title="Buy batteries"),
            add("I need you to add call the vet on friday", title="Call the vet", due=due("11-27")),
            add(
                "would you mind adding pick up Sam at 4pm",
                title="Pick up Sam",
                due=due("11-23", "16:00"),
            ),
            add("kindly add submit the form tomorrow", title="Submit the form", due=due("11-24")),
            add("Make a note to return the drill", title="Return the drill"),
            add("new task: clean the oven", title="Clean the oven"),
            add("pls add print tickets thx", title="Print tickets"),
            listed("could you show me what's due today please", **TODAY),
            add(
                "Can you create a task to book a table for saturday",
                title="Book a table",
                due=due("11-28"),
            ),
            add("put down: order firewood", title="Order firewood"),
            add("I want to add defrost the freezer", title="Defrost the freezer"),
        ],
    ),
    (
        SEVERAL,
        [
            adds(
                "add buy nappies tonight, also call Emeka tomorrow",
                {"title": "Buy nappies", "due": due("11-23", "20:00")},
                {"title": "Call Emeka", "due": due("11-24")},
            ),
            adds(
                "add to my list: bread, butter, jam",
                {"title": "Bread"},
                {"title": "Butter"},
                {"title": "Jam"},
            ),
            adds(
                "add apples, pasta and cheese",
                {"title": "Apples"},
                {"title": "Pasta"},
                {"title": "Cheese"},
            ),
            adds(
                "add call the plumber tomorrow; book flights on friday",
                {"title": "Call the plumber", "due": due("11-24")},
                {"title": "Book flights", "due": due("11-27")},
            ),
            adds(
                "add pay gas bill, renew library card",
                {"title": "Pay gas bill"},
                {"title": "Renew library card"},
            ),
            adds(
                "add: email Jo, call Ben, text Mia",
                {"title": "Email Jo"},
                {"title": "Call Ben"},
                {"title": "Text Mia"},
            ),
            adds(
                "add wash the car saturday and also clean the windows sunday",
                {"title": "Wash the car", "due": due("11-28")},
                {"title": "Clean the windows", "due": due("11-29")},
            ),
            adds(
                "add these: buy milk\nbuy eggs\nbuy flour",
                {"title": "Buy milk"},
                {"title": "Buy eggs"},
                {"title": "Buy flour"},
            ),
            adds(
                "add post the parcel tomorrow, pay council tax friday",
                {"title": "Post the parcel", "due": due("11-24")},
                {"title": "Pay council tax", "due": due("11-27")},
            ),
            adds(
                "add onions, garlic, tomatoes",
                {"title": "Onions"},
                {"title": "Garlic"},
                {"title": "Tomatoes"},
            ),
            adds(
                "add fix bike urgent, read book no rush",
                {"title": "Fix bike", "priority": "urgent"},
                {"title": "Read book", "priority": NOT_RAISED},
            ),
            adds(
                "add 1. call dad 2. order pizza 3. charge phone",
                {"title": "Call dad"},
                {"title": "Order pizza"},
                {"title": "Charge phone"},
            ),
            adds(
                "two things: renew passport, book vaccination",
                {"title": "Renew passport"},
                {"title": "Book vaccination"},
            ),
            adds(
                "add laundry tonight; hoover tomorrow",
                {"title": "Laundry", "due": due("11-23", "20:00")},
                {"title": "Hoover", "due": due("11-24")},
            ),
        ],
    ),
    (
        SPOKEN,
        [
            add(
                "add call May about the cake on friday",
                title="Call May about the cake",
                due=due("11-27"),
            ),
            add("add email Jan tomorrow", title="Email Jan", due=due("11-24")),
            add("add meeting half nine tomorrow", title="Meeting", due=due("11-24", "09:30")),
            add("add haircut friday week", title="Haircut", due=due("12-04")),
            add(
                "add bank appointment a week on tuesday", title="Bank appointment", due=due("12-01")
            ),
            add(
                "add review contract a fortnight from today",
                title="Review contract",
                due=due("12-07"),
            ),
            add("add christmas party 18/12", title="Christmas party", due=due("12-18")),
            add("add mechanic on the 3rd of december", title="Mechanic", due=due("12-03")),
            add("add call nan the day after tomorrow", title="Call nan", due=due("11-25")),
            add(
                "add coffee with Lee wednesday arvo at 2",
                title="Coffee with Lee",
                due=due("11-25", "14:00"),
            ),
            add(
                "add pick up kids at quarter past three this afternoon",
                title="Pick up kids",
                due=due("11-23", "15:15"),
            ),
            add(
                "add football practice thursday at 17:30",
                title="Football practice",
                due=due("11-26", "17:30"),
            ),
            add(
                "add dinner at Ama's saturday by 7pm",
                title="Dinner at Ama's",
                due=due("11-28", "19:00"),
            ),
            add("add doctor's on December 2nd", title="Doctor's", due=due("12-02")),
        ],
    ),
    (
        COUNTS,
        [
            counted(
                "how many tasks have I got next week",
                range_of("11-30", "12-07"),
                TURKEY,
                reply="1",
                also=("Order turkey",),
            ),
            counted(
                "Please how many tasks do I have for tomorrow?",
                range_of("11-24", "11-25"),
                INVOICE,
                PLANTS,
                reply="2",
                also=("Send invoice", "Water the plants"),
            ),
            counted(
                "how many tasks am I juggling today?",
                TODAY,
                REPORT,
                BINS,
                reply="2",
                also=("Quarterly report", "Put the bins out"),
            ),
            counted(
                "how many things have gone overdue on me",
                {"overdue": True},
                MOT,
                GIFT,
                reply="2",
                also=("Car MOT", "Buy gift for Ada"),
            ),
            counted(
                "how many work tasks have I got",
                {"tags": ["work"]},
                REPORT,
                INVOICE,
                DEMO,
                reply="3",
                also=("Quarterly report", "Send invoice", "Client demo"),
            ),
            counted(
                "count up my urgent tasks please",
                {"priority": ["urgent"]},
                REPORT,
                reply="1",
                also=("Quarterly report",),
            ),
            counted(
                "how many tasks this week?",
                WEEK,
                REPORT,
                BINS,
                INVOICE,
                COUNCIL_TAX,
                reply="4",
                also=("Quarterly report", "Send invoice"),
            ),
            counted(
                "how much is due tomorrow",
                range_of("11-24", "11-25"),
                INVOICE,
                PLANTS,
                reply="2",
                also=("Send invoice", "Water the plants"),
            ),
            counted(
                "number of tasks on friday?",
                range_of("11-27", "11-28"),
                LANDLORD,
                DEMO,
                reply="2",
                also=("Email landlord", "Client demo"),
            ),
            counted(
                "how many high priority things",
                {"priority": ["high"]},
                DEMO,
                reply="1",
                also=("Client demo",),
            ),
            counted(
                "give me a count of what's late",
                {"overdue": True},
                MOT,
                reply="1",
                also=("Car MOT",),
            ),
            counted(
                "how many open tasks are left in total",
                {},
                PASSPORT,
                LAUNDRY,
                HOOVER,
                reply="3",
                also=("Renew passport", "Laundry", "Hoover the stairs"),
            ),
            counted(
                "how many work things are due today",
                {"tags": ["work"], **TODAY},
                REPORT,
                reply="1",
                also=("Quarterly report",),
            ),
            counted(
                "how many things have I got wednesday",
                range_of("11-25", "11-26"),
                COUNCIL_TAX,
                HAIRCUT,
                YOGA,
                reply="3",
                also=("Pay council tax", "Book haircut", "Yoga class"),
            ),
        ],
    ),
    (
        EDITS,
        [
            lookups("move the bins and the invoice to wednesday", "bins", "invoice"),
            lookup("postpone the vet to next week", "vet"),
            then(
                looked_up("postpone the vet to next week", VET, query="vet"),
                "update_task",
                task_id="t136",
                due=due("11-30"),
            ),
            then(
                looked_up("push back the report by two hours", REPORT, query="report"),
                "update_task",
                task_id="t137",
                due=due("11-23", "17:00"),
            ),
            then(
                looked_up(
                    "bring forward the landlord email to wednesday", LANDLORD, query="landlord"
                ),
                "update_task",
                task_id="t133",
                due=due("11-25"),
            ),
            then(
                looked_up("prepone the haircut to tomorrow", HAIRCUT, query="haircut"),
                "update_task",
                task_id="t134",
                due=due("11-24"),
            ),
            then(
                looked_up("vet is now on friday", VET, query="vet"),
                "update_task",
                task_id="t136",
                due=due("11-27"),
            ),
            lookup("the yoga class is now on thursday", Contains("yoga")),
            then(
                looked_up("push the invoice back a day", INVOICE, query="invoice"),
                "update_task",
                task_id="t139",
                due=due("11-25"),
            ),
            then(
                looked_up("rename laundry to Wash towels", LAUNDRY, query="laundry"),
                "update_task",
                task_id="t140",
                title="Wash towels",
            ),
            then(
                looked_up("remove the date from the invoice", INVOICE, query="invoice"),
                "update_task",
                task_id="t139",
                clear_due=True,
            ),
            then(
                looked_up("yoga shouldn't repeat anymore", YOGA, query="yoga"),
                "update_task",
                task_id="t135",
                clear_recurrence=True,
            ),
            then(
                looked_up("delay the demo by a week", DEMO, query="demo"),
                "update_task",
                task_id="t142",
                due=due("12-04", "14:00"),
            ),
            then(
                looked_up("reschedule the plants to saturday", PLANTS, query="plants"),
                "update_task",
                task_id="t132",
                due=due("11-28"),
            ),
        ],
    ),
    (
        TODOIST,
        [
            add(
                "Submit report tomorrow p1 #work",
                title="Submit report",
                due=due("11-24"),
                priority="urgent",
                tags=["work"],
            ),
            add("call landlord p2", title="Call landlord", priority="high"),
            add("sweep patio p3 #home", title="Sweep patio", priority="medium", tags=["home"]),
            add("browse recipes p4", title="Browse recipes", priority=OneOf(None, "none", "low")),
            add(
                "expenses every last fri #finance",
                title="Expenses",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                tags=["finance"],
                due=due("11-27"),
            ),
            add(
                "water plants every! 4 days",
                title="Water plants",
                recurrence="FREQ=DAILY;INTERVAL=4",
                anchor="completion",
            ),
            add("buy stamps @errands", title="Buy stamps", tags=["errands"]),
            add("review PRs @work @computer", title="Review PRs", tags=["work", "computer"]),
            add(
                "standup every tue 9:15am #work",
                title="Standup",
                tags=["work"],
                due=due("11-24", "09:15"),
                recurrence="FREQ=WEEKLY;BYDAY=TU",
            ),
            add(
                "pay rent every 1st #bills p1",
                title="Pay rent",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                tags=["bills"],
                priority="urgent",
                due=due("12-01"),
            ),
            add(
                "dentist fri 4pm p2 @health",
                title="Dentist",
                due=due("11-27", "16:00"),
                priority="high",
                tags=["health"],
            ),
            add(
                "clean bathroom every! week",
                title="Clean bathroom",
                recurrence="FREQ=WEEKLY",
                anchor="completion",
            ),
            add(
                "team retro every other wed #work",
                title="Team retro",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
                tags=["work"],
                due=due("11-25"),
            ),
        ],
    ),
    (
        SMALL_TALK,
        [
            chat("hiya assistant", "I can add"),
            chat("Good morning to you!", "I can add"),
            chat("hey there, anyone home?", "I can add"),
            chat("thanks a lot, that's brilliant", "You're welcome"),
            chat("ta very much, you're a star", "You're welcome"),
            chat("thank u so much for the help", "You're welcome"),
            chat("ok bye for now", "Bye"),
            chat("see ya later alligator", "Bye"),
            chat("goodnight", "Good night"),
            chat("who exactly are you?", "I can add"),
            chat("what sort of things can u do for me", "I can add"),
            chat("how do I use this thing", "I can add"),
            chat("what are you able to help with", "I can add"),
            chat("help me out, what do I type?", "I can add"),
        ],
    ),
]

HELDOUT = [case for _, cases in ROWS for case in cases]
CLASS_OF = {case.id: name for name, cases in ROWS for case in cases}
