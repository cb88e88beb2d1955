"""The seventh held-out set of commands for the offline assistant (issue 12), written blind.

Written on 2026-12-05 from the issue's classes alone, without reading the grammar
(gateway/agent/offline*, core/nl), the tuning table or the other held-out sets' rows, in the
format of tests/unit/offline_heldout.py: the same fixed `NOW` (Monday 23 November 2026, 10:00
Europe/Berlin), the same helpers, matchers (`Contains`, `OneOf`, `NOT_RAISED`, `Row`) and
conventions. Each row is one message (optionally after an earlier conversation) and the exact
tool calls, with their key arguments, or the reply fragment a correct assistant gives.

The rule of every held-out set holds here: nobody runs these rows against the model, and nobody
looks at their failures, until the grammar work for issue 12 is done. Then they are run once
and the pass rate (overall and per class, from `CLASS_OF`) goes into the closing note. Never
copy a row into the tuning table, and never tune the grammar on a failure seen here.
tests/unit/test_heldout_shape.py checks only the form of this file, never the model.

Conventions are those of the first set (a day alone is 09:00, the next occurrence after now;
"next week" = Monday 30 Nov; "next month" = 1 Dec; tonight 20:00; morning 09:00; "eod" = today
17:00; "end of week" = Sunday 29 Nov 09:00; "half nine" = 09:30; "24/12" is day/month; "Friday
week" = Fri 4 Dec; "a week on Tuesday" = Tue 1 Dec; "a fortnight from today" = Mon 7 Dec 09:00;
"until <date>" includes that day; RRULE parts in the table's order; "important" = high, "top
priority", "priority 1", "asap", "super urgent" = urgent, negations `NOT_RAISED`; compound
edits are one update_task; several titles one lookup each; "add a, b and c" gives bare titles;
a count is one list_tasks, then the number and the titles; small talk as in the first set),
and also:
- "midnight" = the coming 00:00 (Tue 24 Nov 00:00); "end of month" = Mon 30 Nov 09:00.
- After a shown list, rows refer to its tasks by position, "it" or "both", never by a title
  that is on screen; tasks invented for this file's listings have ids t150 and up.
- Where a row only pins some arguments (a lookup's query by `Contains`, a title without its
  date), the others are a matter of taste and are left unchecked.
"""

from __future__ import annotations

from typing import Any

from tests.unit.offline_heldout import (
    CLASSES,
    COUNTS,
    EDITS,
    FOLLOW_UPS,
    FORMS,
    NEVER_SAY,
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
    ADDED,
    COMPLETED,
    MOVED,
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

__all__ = ["CLASSES", "CLASS_OF", "HELDOUT", "NEVER_SAY"]

# --- tasks (ids t150 and up) and earlier conversations of this file -----------------------------
MOT = task(150, "Book the MOT", due("11-27"))
WINDOWS = task(151, "Pay the window cleaner", due("11-27"))
SLIDES = task(152, "Finish the board slides", due("11-25"), tags=["work"])
EXPENSES = task(153, "Submit expenses", due("11-26"), tags=["work"])
STANDUP_NOTES = task(154, "Write standup notes", due("11-24"), tags=["work"])
GARAGE = task(155, "Ring the garage", due("11-24"))
GAS_BILL = task(156, "Pay the gas bill", due("11-25"))
LANDLORD = task(157, "Email the landlord")
INVOICE = task(158, "Send the invoice to Acme", due("11-26"))
FINAL_SLIDES = task(159, "Finish the slides for the pitch", due("11-24"))
LAWN = task(160, "Mow the lawn", due("11-28"))
PASSPORT = task(161, "Renew passport", due("12-10"))
VET = task(162, "Vet appointment for Rex", due("11-27"))
NEWSLETTER = task(163, "Draft the newsletter", due("11-30"), priority="high")
CAR_WASH = task(164, "Car wash", due("11-25"))
HAIRCUT = task(165, "Haircut", due("11-27"))
PIANO = task(
    166,
    "Piano lesson",
    due("11-26"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TH", "anchor": "due"},
)
BUDGET = task(167, "Budget review", due("11-26"))
RAVI = task(168, "Meeting with Ravi", due("11-26"))
TEAM_LUNCH = task(169, "Team lunch", due("11-25"))
PAINT = task(170, "Buy paint", due("11-28"))
DENTIST_CHECK = task(171, "Dentist check-up", due("11-25"))
BOOK_CLUB = task(172, "Book club", due("11-26"))
BOILER = task(173, "Boiler service", due("12-02"))
OSTEO = task(174, "Osteopath appointment", due("11-27"))
GARDEN = task(175, "Tidy the garden", due("11-29"))
MOT_TEST = task(176, "MOT test", due("11-25"))
TAX = task(177, "File the tax return", due("11-30"), priority="urgent")
QUOTE = task(178, "Chase the roofing quote", due("11-20"))
FRIDGE = task(179, "Clean the fridge", due("11-18"))
RSVP = task(180, "RSVP to the wedding", due("11-21"))
PRINTER = task(181, "Buy printer toner", tags=["home"])
SHELF = task(182, "Put up the shelf", tags=["home"])
PHOTOS = task(183, "Sort the holiday photos", due("11-23", "18:00"))
PARCEL = task(184, "Post the parcel", due("11-23", "16:00"))
PHARMACY = task(185, "Pick up the prescription", due("11-24"))
PLUMBER = task(186, "Call the plumber", due("11-24", "14:00"))
CLIENT = task(187, "Client call", due("11-24", "11:00"), priority="urgent")
REPORT = task(188, "Quarterly report", due("11-26"), priority="urgent")
CARDS = task(189, "Write Christmas cards", due("11-28"))
BINS = task(190, "Put the bins out", completed=True)
LETTER = task(191, "Answer the bank's letter", completed=True)
BULBS = task(192, "Replace the hall bulbs", completed=True)

FRIDAY_PAIR = [
    user("what's due friday?"),
    *exchange("h7_list_1", "list_tasks", range_of("11-27", "11-28"), listing(MOT, WINDOWS)),
    said("Due Fri 27 Nov (2): 1. Book the MOT 2. Pay the window cleaner"),
]
WORK_THREE = [
    user("show my work tasks"),
    *exchange(
        "h7_list_2", "list_tasks", {"tags": ["work"]}, listing(STANDUP_NOTES, SLIDES, EXPENSES)
    ),
    said(
        "Tasks tagged #work (3): 1. Write standup notes (Tue 24 Nov 09:00) "
        "2. Finish the board slides (Wed 25 Nov 09:00) 3. Submit expenses (Thu 26 Nov 09:00)"
    ),
]


def second_step(text: str, found: dict[str, Any], query: str, name: str, **arguments: Any) -> Case:
    """After the lookup of an edit by title found one task: the call on that task."""
    return then(looked_up(text, found, query=query), name, **arguments)


def tomorrow_range() -> dict[str, str]:
    return range_of("11-24", "11-25")


# --- rows, by class -------------------------------------------------------------------------------
ROWS: dict[str, list[Case]] = {
    NO_COMMAND: [
        add("buy lightbulbs", title="Buy lightbulbs"),
        add("dentist friday 3pm", title="Dentist", due=due("11-27", "15:00")),
        add(
            "pick up the prescription tomorrow", title="Pick up the prescription", due=due("11-24")
        ),
        add(
            "call the electrician about the fuse box",
            title="Call the electrician about the fuse box",
        ),
        add(
            "return the Amazon parcel by wednesday",
            title="Return the Amazon parcel",
            due=due("11-25"),
        ),
        add("gift for Tom's leaving do", title="Gift for Tom's leaving do"),
        add("oil change for the car on saturday", title="Oil change for the car", due=due("11-28")),
        add("Renew library card", title="Renew library card"),
        add("laundry tonight", title="Laundry", due=due("11-23", "20:00")),
        add("ask Marco about the spare keys", title="Ask Marco about the spare keys"),
        listed("anything due today?", **TODAY),
        listed("which tasks are tagged errands?", tags=["errands"]),
        listed("any tasks for friday?", **range_of("11-27", "11-28")),
        listed("is anything overdue at the moment?", overdue=True),
        add("defrost the turkey thursday", title="Defrost the turkey", due=due("11-26")),
    ],
    FORMS: [
        add("I've got to call the plumber tomorrow", title="Call the plumber", due=due("11-24")),
        add(
            "I'm supposed to send the invoice by friday", title="Send the invoice", due=due("11-27")
        ),
        add("don't let me forget to water the plants", title="Water the plants"),
        add("finish the essay tonight", title="Finish the essay", due=due("11-23", "20:00")),
        add("I'd better book the vet for saturday", title="Book the vet", due=due("11-28")),
        add("I need to renew my passport", title=OneOf("Renew my passport", "Renew passport")),
        add(
            "i'll have to repaint the fence on sunday", title="Repaint the fence", due=due("11-29")
        ),
        add("I mustn't forget to post the letters", title="Post the letters"),
        add(
            "we've got to clean the windows on saturday",
            title="Clean the windows",
            due=due("11-28"),
        ),
        lookup("I rang the garage", Contains("garage")),
        second_step("I rang the garage", GARAGE, "garage", "complete_task", task_id="t155"),
        lookup("just paid the gas bill", Contains("gas")),
        second_step(
            "just paid the gas bill", GAS_BILL, "gas bill", "complete_task", task_id="t156"
        ),
        lookup("I've emailed the landlord", Contains("landlord")),
        second_step(
            "I've emailed the landlord", LANDLORD, "landlord", "complete_task", task_id="t157"
        ),
        lookup("I sent the invoice to Acme this morning", Contains("invoice")),
        second_step(
            "I finished the slides for the pitch",
            FINAL_SLIDES,
            "slides",
            "complete_task",
            task_id="t159",
        ),
    ],
    TYPOS: [
        add("call the plumber tmrw", title="Call the plumber", due=due("11-24")),
        add(
            "dentist checkup on thursdy at 4pm", title="Dentist checkup", due=due("11-26", "16:00")
        ),
        add("water plants evry sunday", title="Water plants", recurrence="FREQ=WEEKLY;BYDAY=SU"),
        add(
            "standup tomorow 9:15am with a remnder 15 min before",
            title="Standup",
            due=due("11-24", "09:15"),
            reminders=["PT15M"],
        ),
        act("pls compelte number 2", "complete_task", task_id="t2"),
        act("delte the 4th one", "delete_task", task_id="t4"),
        listed("shwo my tasks"),
        add("pay the phone bill on firday", title="Pay the phone bill", due=due("11-27")),
        add("submit timesheet wensday", title="Submit timesheet", due=due("11-25")),
        add("book hotel for 5 decmber", title="Book hotel", due=due("12-05")),
        add("renew lisence nxt week", title="Renew lisence", due=due("11-30")),
        add("urgnet: email the accountant", title="Email the accountant", priority="urgent"),
        add("tommorow 3pm haircut", title="Haircut", due=due("11-24", "15:00")),
        listed("whats due tommorrow", **tomorrow_range()),
        add("gym on satuday", title="Gym", due=due("11-28")),
    ],
    PRIORITIES: [
        add("important: renew car insurance", title="Renew car insurance", priority="high"),
        add("book flights to Lisbon asap", title="Book flights to Lisbon", priority="urgent"),
        add(
            "top priority - finish the deck for thursday",
            title="Finish the deck",
            priority="urgent",
            due=due("11-26"),
        ),
        add(
            "sort out the tax return (important)", title="Sort out the tax return", priority="high"
        ),
        add(
            "not urgent: reorganise the bookshelf",
            title="Reorganise the bookshelf",
            priority=NOT_RAISED,
        ),
        add("clear out the shed, no rush", title="Clear out the shed", priority=NOT_RAISED),
        add("high priority: reply to the landlord", title="Reply to the landlord", priority="high"),
        add(
            "low priority - look into a new phone plan",
            title="Look into a new phone plan",
            priority="low",
        ),
        add(
            "medium priority fix the squeaky door", title="Fix the squeaky door", priority="medium"
        ),
        add(
            "call the insurance company, super urgent",
            title="Call the insurance company",
            priority="urgent",
        ),
        add(
            "priority 1 send the contract to Acme",
            title="Send the contract to Acme",
            priority="urgent",
        ),
        lookup("make the vet appointment urgent", Contains("vet")),
        second_step(
            "make the vet appointment urgent",
            VET,
            "vet",
            "update_task",
            task_id="t162",
            priority="urgent",
        ),
        act("make number 3 high priority", "update_task", task_id="t3", priority="high"),
        add("not important but buy new shoelaces", title="Buy new shoelaces", priority=NOT_RAISED),
        add("URGENT pay the parking fine", title="Pay the parking fine", priority="urgent"),
    ],
    TAGS: [
        add("add buy printer ink tagged office", title="Buy printer ink", tags=["office"]),
        act("tag it as work", "update_task", history=ADDED, task_id="t9", tags=["work"]),
        act("label it family", "update_task", history=ADDED, task_id="t9", tags=["family"]),
        lookup("add the tag garden to mow the lawn", Contains("lawn")),
        second_step(
            "add the tag garden to mow the lawn",
            LAWN,
            "mow the lawn",
            "update_task",
            task_id="t160",
            tags=["garden"],
        ),
        act("remove the errands tag from the second one", "update_task", task_id="t2", tags=[]),
        add(
            "book a table at Luigi's with the tag social",
            title="Book a table at Luigi's",
            tags=["social"],
        ),
        add(
            "new task: renew gym membership, tag it health",
            title="Renew gym membership",
            tags=["health"],
        ),
        add(
            "order business cards with the label work", title="Order business cards", tags=["work"]
        ),
        act("tag the first one health", "update_task", task_id="t1", tags=["health"]),
        add("read the contract, tags: legal", title="Read the contract", tags=["legal"]),
        lookup("add the label travel to renew passport", Contains("passport")),
        second_step(
            "add the label travel to renew passport",
            PASSPORT,
            "renew passport",
            "update_task",
            task_id="t161",
            tags=["travel"],
        ),
        listed("pull up everything tagged home", tags=["home"]),
        act(
            "add the tag shopping to number 2",
            "update_task",
            task_id="t2",
            tags=["errands", "shopping"],
        ),
        add("Fix the bike, tag: Hobby", title="Fix the bike", tags=["hobby"]),
    ],
    RECURRENCE: [
        add(
            "water the plants every sunday",
            title="Water the plants",
            recurrence="FREQ=WEEKLY;BYDAY=SU",
            due=due("11-29"),
        ),
        add(
            "take out the recycling every other thursday",
            title="Take out the recycling",
            recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            due=due("11-26"),
        ),
        add(
            "pay the cleaner on the 15th of each month",
            title="Pay the cleaner",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
            due=due("12-15"),
        ),
        add(
            "send the invoices on the last day of every month",
            title="Send the invoices",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
            due=due("11-30"),
        ),
        add(
            "team breakfast the first monday of each month",
            title="Team breakfast",
            recurrence="FREQ=MONTHLY;BYDAY=1MO",
            due=due("12-07"),
        ),
        add(
            "check the sourdough starter every 3 hours",
            title="Check the sourdough starter",
            recurrence="FREQ=HOURLY;INTERVAL=3",
        ),
        add(
            "practise piano every day until 18 december",
            title="Practise piano",
            recurrence="FREQ=DAILY;UNTIL=20261218T225959Z",
        ),
        add(
            "physio session every monday, 6 times",
            title="Physio session",
            recurrence="FREQ=WEEKLY;BYDAY=MO;COUNT=6",
        ),
        add(
            "change the water filter every 2 months after i finish it",
            title="Change the water filter",
            recurrence="FREQ=MONTHLY;INTERVAL=2",
            anchor="completion",
        ),
        add(
            "take vitamins every morning at 7",
            title="Take vitamins",
            recurrence="FREQ=DAILY",
            due=due("11-24", "07:00"),
        ),
        add(
            "anniversary every year on 14 feb",
            title="Anniversary",
            recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=14",
            due="2027-02-14T09:00:00+01:00",
        ),
        add(
            "clean the bathroom fortnightly",
            title="Clean the bathroom",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
        ),
        add(
            "swimming every tuesday and thursday",
            title="Swimming",
            recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
            due=due("11-24"),
        ),
        add(
            "descale the coffee machine every 6 weeks after completion",
            title="Descale the coffee machine",
            recurrence="FREQ=WEEKLY;INTERVAL=6",
            anchor="completion",
        ),
        add(
            "log my timesheet every day at 6pm",
            title=OneOf("Log my timesheet", "Log timesheet"),
            recurrence="FREQ=DAILY",
            due=due("11-23", "18:00"),
        ),
    ],
    TIMES: [
        add("stretch in 20 minutes", title="Stretch", due=due("11-23", "10:20")),
        add(
            "add take the bread out in 2 hours",
            title="Take the bread out",
            due=due("11-23", "12:00"),
        ),
        add(
            "call the school this afternoon at 2",
            title="Call the school",
            due=due("11-23", "14:00"),
        ),
        add(
            "send the sales report to Jan by eod",
            title="Send the sales report to Jan",
            due=due("11-23", "17:00"),
        ),
        add(
            "lunch with Priya at noon tomorrow", title="Lunch with Priya", due=due("11-24", "12:00")
        ),
        add("submit the form before midnight", title="Submit the form", due=due("11-24", "00:00")),
        add("finish the budget by end of month", title="Finish the budget", due=due("11-30")),
        add("tidy the garage by end of week", title="Tidy the garage", due=due("11-29")),
        add("check the oven in 45 mins", title="Check the oven", due=due("11-23", "10:45")),
        add(
            "this evening at 7:30 pick up the parcel",
            title="Pick up the parcel",
            due=due("11-23", "19:30"),
        ),
        add("tonight: iron shirts", title="Iron shirts", due=due("11-23", "20:00")),
        add(
            "this afternoon at 4:15 phone the garage",
            title="Phone the garage",
            due=due("11-23", "16:15"),
        ),
        add(
            "add defrost the chicken at 5pm", title="Defrost the chicken", due=due("11-23", "17:00")
        ),
        add("team call tomorrow 8am", title="Team call", due=due("11-24", "08:00")),
        add("book the taxi in an hour", title="Book the taxi", due=due("11-23", "11:00")),
    ],
    REMINDERS: [
        add(
            "add vet appointment friday at 2pm and ping me 10 min before",
            title="Vet appointment",
            due=due("11-27", "14:00"),
            reminders=["PT10M"],
        ),
        add(
            "dinner with the Hendersons saturday 7pm, remind me an hour before",
            title="Dinner with the Hendersons",
            due=due("11-28", "19:00"),
            reminders=["PT1H"],
        ),
        add(
            "flight to Rome on 3 dec at 6am with a reminder a day before",
            title="Flight to Rome",
            due=due("12-03", "06:00"),
            reminders=["P1D"],
        ),
        act(
            "remind me 30 minutes before",
            "update_task",
            history=ADDED,
            task_id="t9",
            reminders=["PT30M"],
        ),
        act(
            "remind me at 8am the day before",
            "update_task",
            history=ADDED,
            task_id="t9",
            reminders=["2026-11-26T08:00:00+01:00"],
        ),
        add(
            "parent-teacher meeting thursday 5pm, alert me 2 hours before",
            title="Parent-teacher meeting",
            due=due("11-26", "17:00"),
            reminders=["PT2H"],
        ),
        add(
            "webinar tomorrow 11am nudge me 15 mins before",
            title="Webinar",
            due=due("11-24", "11:00"),
            reminders=["PT15M"],
        ),
        add(
            "pay the council tax on the 1st of december, remind me 2 days before",
            title="Pay the council tax",
            due=due("12-01"),
            reminders=["P2D"],
        ),
        add(
            "send the card to gran by friday and remind me on thursday at 6pm",
            title="Send the card to gran",
            due=due("11-27"),
            reminders=["2026-11-26T18:00:00+01:00"],
        ),
        act(
            "set a reminder 1 hour before the first one",
            "update_task",
            task_id="t1",
            reminders=["PT1H"],
        ),
        add(
            "interview on wednesday at 10am with a reminder at 8am that day",
            title="Interview",
            due=due("11-25", "10:00"),
            reminders=["2026-11-25T08:00:00+01:00"],
        ),
        add(
            "book tickets at 7pm tonight, remind me 5 minutes before",
            title="Book tickets",
            due=due("11-23", "19:00"),
            reminders=["PT5M"],
        ),
        add(
            "with a reminder 45 minutes before, add school run tomorrow at 8:15",
            title="School run",
            due=due("11-24", "08:15"),
            reminders=["PT45M"],
        ),
        add(
            "renew the domain on 10 december and remind me 3 days before",
            title="Renew the domain",
            due=due("12-10"),
            reminders=["P3D"],
        ),
    ],
    FOLLOW_UPS: [
        act("tick off the second one", "complete_task", task_id="t2"),
        act("push the first one back a week", "update_task", task_id="t1", due=due("12-04")),
        act(
            "actually make that saturday",
            "update_task",
            history=ADDED,
            task_id="t9",
            due=due("11-28"),
        ),
        act("scrap it", "delete_task", history=ADDED, task_id="t9"),
        act("oops, undo that", "reopen_task", history=COMPLETED, task_id="t1"),
        act(
            "hmm make it the 6th instead",
            "update_task",
            history=MOVED,
            task_id="t1",
            due=due("12-06"),
        ),
        act("the first one please", "complete_task", history=WHICH_CALL, task_id="t4"),
        act("the 2nd", "delete_task", history=WHICH_DELETE, task_id="t9"),
        calls(
            "move both to saturday",
            ("update_task", {"task_id": "t150", "due": due("11-28")}),
            ("update_task", {"task_id": "t151", "due": due("11-28")}),
            history=FRIDAY_PAIR,
        ),
        calls(
            "mark both as done",
            ("complete_task", {"task_id": "t150"}),
            ("complete_task", {"task_id": "t151"}),
            history=FRIDAY_PAIR,
        ),
        lookup(
            "change the priority of the newsletter draft to low and rename it to Team newsletter",
            Contains("newsletter"),
        ),
        second_step(
            "change the priority of the newsletter draft to low and rename it to Team newsletter",
            NEWSLETTER,
            "newsletter",
            "update_task",
            task_id="t163",
            priority="low",
            title="Team newsletter",
        ),
        Case(
            "move the car wash and the haircut to friday",
            [
                ("list_tasks", {"q": Contains("car wash"), "status": "open", "limit": 10}),
                ("list_tasks", {"q": Contains("haircut"), "status": "open", "limit": 10}),
            ],
        ),
        calls(
            "move the car wash and the haircut to saturday",
            ("update_task", {"task_id": "t164", "due": due("11-28")}),
            ("update_task", {"task_id": "t165", "due": due("11-28")}),
            in_turn=looked_up_each(
                "move the car wash and the haircut to saturday",
                ("car wash", [CAR_WASH]),
                ("haircut", [HAIRCUT]),
            ),
        ),
        lookup("skip this week's piano lesson", Contains("piano")),
        second_step(
            "skip this week's piano lesson", PIANO, "piano lesson", "skip_task", task_id="t166"
        ),
        # Corrected after the first run: the third task of WORK_THREE is t153 (Submit expenses).
        act("tick off the 3rd", "complete_task", history=WORK_THREE, task_id="t153"),
        act("make it p1", "update_task", history=ADDED, task_id="t9", priority="urgent"),
        act(
            "push that one to next week",
            "update_task",
            history=ADDED,
            task_id="t9",
            due=due("11-30"),
        ),
    ],
    QUERIES: [
        listed("what have I got on next week?", **range_of("11-30", "12-07")),
        listed("anything tagged home?", tags=["home"]),
        listed("what's still left for today", **TODAY),
        listed("show me what i got done yesterday", status="completed"),
        listed("which tasks are overdue", overdue=True),
        listed("list my urgent tasks", priority=["urgent"]),
        listed("what's on for friday?", **range_of("11-27", "11-28")),
        listed("what do i have this week", **WEEK),
        listed("pull up my @work stuff", tags=["work"]),
        listed("what's happening tomorrow?", **tomorrow_range()),
        listed("find anything about the passport", q=Contains("passport")),
        listed("what have I completed so far", status="completed"),
        listed("show p2 tasks", priority=["high"]),
        listed(
            "what's on in december",
            due_after=due("12-01", "00:00"),
            due_before="2027-01-01T00:00:00+01:00",
        ),
        listed("show everything, done or not", status="all"),
    ],
    WRAPPERS: [
        add(
            "could you please add pick up the dry cleaning on friday",
            title="Pick up the dry cleaning",
            due=due("11-27"),
        ),
        add("kindly add a task to renew the car tax", title="Renew the car tax"),
        add("i need you to put descale the kettle on my list", title="Descale the kettle"),
        add(
            "can you make a note to email Grace about the rota", title="Email Grace about the rota"
        ),
        add(
            "would you mind adding buy a birthday card for Sam", title="Buy a birthday card for Sam"
        ),
        add(
            "please could you add a to-do: return the hoover to Ben",
            title="Return the hoover to Ben",
        ),
        add(
            "hey can u add get a new passport photo tomorrow pls",
            title="Get a new passport photo",
            due=due("11-24"),
        ),
        add("be a star and add sort the recycling", title="Sort the recycling"),
        add("can you remind me to ring the optician on wednesday", title="Ring the optician"),
        add("put buy stamps on my to do list please", title="Buy stamps"),
        add(
            "please add the following task: book the venue for the party",
            title="Book the venue for the party",
        ),
        add("could you jot down fix the leaking tap", title="Fix the leaking tap"),
        add(
            "do me a favour and add cancel the magazine subscription",
            title="Cancel the magazine subscription",
        ),
        add(
            "kindly note: submit the leave application by thursday",
            title="Submit the leave application",
            due=due("11-26"),
        ),
        add("I'd like you to add water the tomatoes", title="Water the tomatoes"),
    ],
    SEVERAL: [
        adds(
            "add bananas, yoghurt and oat milk",
            {"title": "Bananas"},
            {"title": "Yoghurt"},
            {"title": "Oat milk"},
        ),
        adds(
            "add two tasks: call the garage and book a haircut",
            {"title": "Call the garage"},
            {"title": "Book a haircut"},
        ),
        adds(
            "fix the gate #home and send the quote #work",
            {"title": "Fix the gate", "tags": ["home"]},
            {"title": "Send the quote", "tags": ["work"]},
        ),
        adds(
            "add two tasks: pay the council tax tomorrow and renew the TV licence on friday",
            {"title": "Pay the council tax", "due": due("11-24")},
            {"title": "Renew the TV licence", "due": due("11-27")},
        ),
        adds(
            "add three things: hoover, dust, mop",
            {"title": "Hoover"},
            {"title": "Dust"},
            {"title": "Mop"},
        ),
        adds(
            "add coffee beans, kitchen roll, dishwasher tablets",
            {"title": "Coffee beans"},
            {"title": "Kitchen roll"},
            {"title": "Dishwasher tablets"},
        ),
        adds(
            "add two tasks: email Sue p1 and water the garden p3",
            {"title": "Email Sue", "priority": "urgent"},
            {"title": "Water the garden", "priority": "medium"},
        ),
        adds(
            "put apples, pears and plums on my list",
            {"title": "Apples"},
            {"title": "Pears"},
            {"title": "Plums"},
        ),
        adds(
            "add: ring mum on sunday; buy flowers on saturday",
            {"title": "Ring mum", "due": due("11-29")},
            {"title": "Buy flowers", "due": due("11-28")},
        ),
        adds(
            "add both: defrost the freezer tonight and clean the oven tomorrow",
            {"title": "Defrost the freezer", "due": due("11-23", "20:00")},
            {"title": "Clean the oven", "due": due("11-24")},
        ),
        adds(
            "add batteries, bin bags and sellotape",
            {"title": "Batteries"},
            {"title": "Bin bags"},
            {"title": "Sellotape"},
        ),
        adds(
            "add 3 tasks: wash the car, clean the gutters, sweep the patio",
            {"title": "Wash the car"},
            {"title": "Clean the gutters"},
            {"title": "Sweep the patio"},
        ),
        adds(
            "add two tasks: prepare the agenda by wednesday and send invites by thursday",
            {"title": "Prepare the agenda", "due": due("11-25")},
            {"title": "Send invites", "due": due("11-26")},
        ),
        adds(
            "buy a doormat @home and print the boarding passes @travel",
            {"title": "Buy a doormat", "tags": ["home"]},
            {"title": "Print the boarding passes", "tags": ["travel"]},
        ),
    ],
    SPOKEN: [
        add(
            "pick up Mia at half past four tomorrow afternoon",
            title="Pick up Mia",
            due=due("11-24", "16:30"),
        ),
        add(
            "dentist at quarter to nine on wednesday morning",
            title="Dentist",
            due=due("11-25", "08:45"),
        ),
        add("yoga at 18:30 on thursday", title="Yoga", due=due("11-26", "18:30")),
        add("car service a week on tuesday", title="Car service", due=due("12-01")),
        add(
            "renew the parking permit a fortnight from today",
            title="Renew the parking permit",
            due=due("12-07"),
        ),
        add(
            "mum's birthday on the 3rd of March",
            title="Mum's birthday",
            due="2027-03-03T09:00:00+01:00",
        ),
        add(
            "submit visa form on 2027-01-09",
            title="Submit visa form",
            due="2027-01-09T09:00:00+01:00",
        ),
        add(
            "tomorrow I have to go to the post office",
            title="Go to the post office",
            due=due("11-24"),
        ),
        add(
            "open evening at the college on wednesday",
            title="Open evening at the college",
            due=due("11-25"),
        ),
        add("haircut friday week", title="Haircut", due=due("12-04")),
        add("meet Jo at half nine tomorrow", title="Meet Jo", due=due("11-24", "09:30")),
        add("order the cake by 24/12", title="Order the cake", due=due("12-24")),
        add(
            "quarter past ten tomorrow morning ring the landlord",
            title="Ring the landlord",
            due=due("11-24", "10:15"),
        ),
        add(
            "the day after tomorrow service the boiler",
            title="Service the boiler",
            due=due("11-25"),
        ),
        add(
            "return the library books on the 2nd of december",
            title="Return the library books",
            due=due("12-02"),
        ),
        add(
            "catch the train at ten to six tomorrow evening",
            title="Catch the train",
            due=due("11-24", "17:50"),
        ),
    ],
    COUNTS: [
        counted(
            "how many things have I got today?",
            TODAY,
            PHOTOS,
            PARCEL,
            reply="2",
            also=("Sort the holiday photos", "Post the parcel"),
        ),
        counted(
            "how much of my stuff is overdue",
            {"overdue": True},
            QUOTE,
            FRIDGE,
            RSVP,
            reply="3",
            also=("Chase the roofing quote", "Clean the fridge", "RSVP to the wedding"),
        ),
        counted(
            "how many tasks are tagged home",
            {"tags": ["home"]},
            PRINTER,
            SHELF,
            reply="2",
            also=("Buy printer toner", "Put up the shelf"),
        ),
        counted(
            "how many urgent ones do i have",
            {"priority": ["urgent"]},
            CLIENT,
            REPORT,
            TAX,
            reply="3",
            also=("Client call", "Quarterly report", "File the tax return"),
        ),
        counted(
            "how many tasks this week?",
            WEEK,
            PHARMACY,
            PLUMBER,
            REPORT,
            CARDS,
            reply="4",
            also=(
                "Pick up the prescription",
                "Call the plumber",
                "Quarterly report",
                "Write Christmas cards",
            ),
        ),
        counted(
            "count my tasks for tomorrow",
            range_of("11-24", "11-25"),
            PHARMACY,
            PLUMBER,
            CLIENT,
            reply="3",
            also=("Pick up the prescription", "Call the plumber", "Client call"),
        ),
        counted(
            "quick summary of today please",
            TODAY,
            PHOTOS,
            PARCEL,
            reply="2",
            also=("Sort the holiday photos", "Post the parcel"),
        ),
        counted(
            "how many have I finished",
            {"status": "completed"},
            BINS,
            LETTER,
            BULBS,
            reply="3",
            also=("Put the bins out", "Answer the bank's letter", "Replace the hall bulbs"),
        ),
        counted(
            "how many tasks does the work tag have?",
            {"tags": ["work"]},
            STANDUP_NOTES,
            SLIDES,
            EXPENSES,
            reply="3",
            also=("Write standup notes", "Finish the board slides", "Submit expenses"),
        ),
        listed("how many tasks do i have tomorrow", **tomorrow_range()),
        listed("how many are overdue?", overdue=True),
        listed("how many tasks have the home tag", tags=["home"]),
        listed("how many p1s have I got", priority=["urgent"]),
        listed("how many things are due this week", **WEEK),
    ],
    EDITS: [
        lookup("postpone the car wash by a day", Contains("car wash")),
        second_step(
            "postpone the car wash by a day",
            CAR_WASH,
            "car wash",
            "update_task",
            task_id="t164",
            due=due("11-26"),
        ),
        lookup("push back the budget review to next week", Contains("budget")),
        second_step(
            "push back the budget review to next week",
            BUDGET,
            "budget review",
            "update_task",
            task_id="t167",
            due=due("11-30"),
        ),
        second_step(
            "bring the haircut forward to wednesday",
            HAIRCUT,
            "haircut",
            "update_task",
            task_id="t165",
            due=due("11-25"),
        ),
        lookup("prepone the meeting with Ravi to tuesday", Contains("ravi")),
        second_step(
            "prepone the meeting with Ravi to tuesday",
            RAVI,
            "meeting with ravi",
            "update_task",
            task_id="t168",
            due=due("11-24"),
        ),
        lookup("the team lunch is now on thursday", Contains("team lunch")),
        second_step(
            "the team lunch is now on thursday",
            TEAM_LUNCH,
            "team lunch",
            "update_task",
            task_id="t169",
            due=due("11-26"),
        ),
        second_step(
            "rename buy paint to buy white paint",
            PAINT,
            "buy paint",
            "update_task",
            task_id="t170",
            title=OneOf("Buy white paint", "buy white paint"),
        ),
        second_step(
            "change the dentist check-up to friday at 11am",
            DENTIST_CHECK,
            "dentist",
            "update_task",
            task_id="t171",
            due=due("11-27", "11:00"),
        ),
        second_step(
            "move the book club to saturday",
            BOOK_CLUB,
            "book club",
            "update_task",
            task_id="t172",
            due=due("11-28"),
        ),
        second_step(
            "push the MOT test back two days",
            MOT_TEST,
            "mot test",
            "update_task",
            task_id="t176",
            due=due("11-27"),
        ),
        lookup("set the boiler service to low priority", Contains("boiler")),
        second_step(
            "set the boiler service to low priority",
            BOILER,
            "boiler service",
            "update_task",
            task_id="t173",
            priority="low",
        ),
        act(
            "reschedule the first one to the 2nd of december",
            "update_task",
            task_id="t1",
            due=due("12-02"),
        ),
        second_step(
            "drop the due date from tidy the garden",
            GARDEN,
            "tidy the garden",
            "update_task",
            task_id="t175",
            clear_due=True,
        ),
        second_step(
            "shift the osteopath appointment forward by a day",
            OSTEO,
            "osteopath",
            "update_task",
            task_id="t174",
            due=due("11-26"),
        ),
    ],
    TODOIST: [
        add(
            "Email Tom about the offsite tomorrow p1 #work",
            title="Email Tom about the offsite",
            due=due("11-24"),
            priority="urgent",
            tags=["work"],
        ),
        add(
            "submit expenses fri 5pm p2 @finance",
            title="Submit expenses",
            due=due("11-27", "17:00"),
            priority="high",
            tags=["finance"],
        ),
        add(
            "team retro every last fri",
            title="Team retro",
            recurrence="FREQ=MONTHLY;BYDAY=-1FR",
            due=due("11-27"),
        ),
        add(
            "clean the filter every! 3 weeks",
            title="Clean the filter",
            recurrence="FREQ=WEEKLY;INTERVAL=3",
            anchor="completion",
        ),
        add("buy milk @groceries p3", title="Buy milk", priority="medium", tags=["groceries"]),
        add(
            "review the PR #dev p2 tomorrow 2pm",
            title="Review the PR",
            priority="high",
            tags=["dev"],
            due=due("11-24", "14:00"),
        ),
        add(
            "water succulents every! 10 days",
            title="Water succulents",
            recurrence="FREQ=DAILY;INTERVAL=10",
            anchor="completion",
        ),
        add(
            "standup every mon, wed, fri at 9:30am #work",
            title="Standup",
            recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR",
            tags=["work"],
            due=due("11-25", "09:30"),
        ),
        add("call the bank p4", title="Call the bank", priority=NOT_RAISED),
        add(
            "pay rent every 1st #home",
            title="Pay rent",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
            tags=["home"],
            due=due("12-01"),
        ),
        add(
            "dentist @health @family dec 8 10am",
            title="Dentist",
            tags=["health", "family"],
            due=due("12-08", "10:00"),
        ),
        add(
            "Finish slides #work p1 eod",
            title="Finish slides",
            tags=["work"],
            priority="urgent",
            due=due("11-23", "17:00"),
        ),
        add(
            "swim every tue, thu 7pm @fitness",
            title="Swim",
            recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
            tags=["fitness"],
            due=due("11-24", "19:00"),
        ),
        add(
            "renew car insurance 15 jan p2",
            title="Renew car insurance",
            priority="high",
            due="2027-01-15T09:00:00+01:00",
        ),
        add(
            "backup laptop every 2 weeks #admin",
            title="Backup laptop",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
            tags=["admin"],
        ),
    ],
    SMALL_TALK: [
        chat("hiya bot", "I can add"),
        chat("good morning!", "I can add"),
        chat("thanks a lot", "You're welcome"),
        chat("thank you so much!", "You're welcome"),
        chat("bye then", "Bye"),
        chat("see you later", "Bye"),
        chat("goodnight!", "Good night"),
        chat("what are you?", "I can add"),
        chat("what sort of things can you help me with?", "I can add"),
        chat("how are you doing?", ""),
        chat("okay", ""),
        chat("hello there", "I can add"),
        chat("thx", "You're welcome"),
        chat("many thanks", "You're welcome"),
        chat("see ya", "Bye"),
        chat("hey, what do you do?", "I can add"),
    ],
}

HELDOUT: list[Case] = [case for rows in ROWS.values() for case in rows]
CLASS_OF: dict[str, str] = {case.id: name for name, rows in ROWS.items() for case in rows}
