"""The tenth held-out set for the offline assistant (issue 12), written blind on 2026-12-05.

Written from the issue's classes alone, without reading the grammar (gateway/agent/offline*,
core/nl), the tuning table or the other held-out sets' rows, in the format of
tests/unit/offline_heldout.py: the same fixed `NOW` (Monday 23 November 2026, 10:00
Europe/Berlin), the same helpers, matchers and conventions. Each row is one message (optionally
after an earlier conversation) and the exact tool calls, with their key arguments, or the reply
fragment a correct assistant gives.

Nobody runs these rows against the model, and nobody looks at their failures, until the grammar
work for issue 12 is done; then they are run once and the pass rate (overall and per class, from
`CLASS_OF`) goes into the closing note. Never copy a row into the tuning table, and never tune
the grammar on a failure seen here. tests/unit/test_heldout_shape.py checks only the form.

Conventions are those of tests/unit/offline_heldout.py (a day alone is 09:00, the next
occurrence after now; "next week" = Mon 30 Nov, "next month" = 1 Dec, tonight 20:00; "eod" =
today 17:00; "end of week" = Sun 29 Nov 09:00; "half nine" = 09:30; "24/12" is day/month;
"Friday week" = Fri 4 Dec; "a week on Tuesday" = Tue 1 Dec; "a fortnight from today" = Mon 7 Dec
09:00; "until 20 december" ends at that day's end in Berlin; RRULE parts in the table's order;
"important" = high, "top priority", "priority 1", "asap", "super urgent" = urgent, negations
`NOT_RAISED`; a compound edit of one task is one update_task; several titles are looked up one
list_tasks each, in the order written; several positions or "both" give one call each, in
order; "add milk, eggs and bread" gives one title each; a count is one list_tasks with the
filter, then a reply with the number and the titles; greetings and "who are you" reply with the
help, thanks "You're welcome", bye "Bye", good night "Good night", "ok"/"how are you" any reply).
Besides:
- "midnight" = the coming 00:00 (Tue 24 Nov 00:00); "end of month" = Mon 30 Nov 09:00.
- After a shown list, rows refer to its tasks by position, "it" or "both", never by a title that
  is on screen; the position numbers follow the order of the shown list.
- A search ("find X", "anything about X") is list_tasks with q=X; only q is checked.
- A title keeps the words as typed (typos included), with the first letter capitalised.
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
    TODAY,
    WEEK,
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

TOMORROW = range_of("11-24", "11-25")
NEXT_WEEK = range_of("11-30", "12-07")


def shown(asked: str, arguments: dict[str, Any], *tasks: dict[str, Any]) -> list[dict[str, Any]]:
    """An earlier turn that showed `tasks`, numbered 1, 2, ... in this order."""
    return [
        user(asked),
        *exchange("qa_list_1", "list_tasks", arguments, listing(*tasks)),
        said(f"Your open tasks ({len(tasks)}): ..."),
    ]


# --- tasks of this file (ids t300 and up) ---------------------------------------------------------
COUNCIL_TAX = task(300, "Pay council tax", due("11-25"))
FLIGHTS = task(301, "Book flights to Lisbon")
LIBRARY = task(302, "Return library books", due("11-27"))
LANDLORD = task(310, "Email the landlord", due("11-23"))
PLANTS = task(311, "Water the plants", due("11-23"))
CAR_INSURANCE = task(320, "Car insurance renewal", due("12-01"))
WASH_CAR = task(321, "Wash the car")

BANK = task(330, "Call the bank")
REPORT = task(331, "Quarterly report", due("11-27"))
PASSPORT = task(332, "Renew passport", due("12-01"))
PLUMBER = task(333, "Ring the plumber", due("11-25"))
VET = task(334, "Vet appointment for Milo", due("11-26"))
BINS = task(
    335,
    "Put the bins out",
    due("11-24"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TU", "anchor": "due"},
)
ESSAY = task(336, "Submit essay", due("11-27"))
CAKE = task(337, "Order birthday cake")
TAXES = task(338, "File taxes", due("11-30"))
YOGA = task(
    339,
    "Yoga class",
    due("11-25"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
LAUNDRY = task(340, "Laundry")
INVOICE = task(341, "Send invoice to Acme", due("11-24"))
GAS = task(342, "Pay the gas bill", due("11-24"))
SHOES = task(343, "Shoe repair", tags=["errands"])
DECK = task(344, "Board deck", due("11-26"), priority="high")
COUNCIL = task(345, "Phone the council")

# Earlier conversations: a list of three, today's two, a search's two.
LIST_A = shown("what's on my list", {}, COUNCIL_TAX, FLIGHTS, LIBRARY)
LIST_B = shown("what's due today", TODAY, LANDLORD, PLANTS)
LIST_C = shown("find car", {"q": "car"}, CAR_INSURANCE, WASH_CAR)


def open_q(query: str | Contains) -> dict[str, Any]:
    return {"q": query, "status": "open", "limit": 10}


ROWS: dict[str, list[Case]] = {
    NO_COMMAND: [
        add("pick up dry cleaning", title="Pick up dry cleaning"),
        add("dentist thursday 2pm", title="Dentist", due=due("11-26", "14:00")),
        add("get a birthday card for auntie Pam", title="Get a birthday card for auntie Pam"),
        add("oil change on the corolla sat", title="Oil change on the corolla", due=due("11-28")),
        listed("anything due tomorrow?", **TOMORROW),
        listed("anything for friday?", **range_of("11-27", "11-28")),
        add("hoover the stairs", title="Hoover the stairs"),
        add(
            "fix the squeaky door tomorrow at 7pm",
            title="Fix the squeaky door",
            due=due("11-24", "19:00"),
        ),
        add("book mot for the fiesta", title="Book mot for the fiesta"),
        listed("which of my tasks are tagged home?", tags=["home"]),
        add("Mum's birthday present", title="Mum's birthday present"),
        add(
            "wrap presents for the kids on sunday",
            title="Wrap presents for the kids",
            due=due("11-29"),
        ),
        add("bring laptop charger to office", title="Bring laptop charger to office"),
        listed("any urgent stuff?", priority=["urgent"]),
        add("sort out the pension paperwork", title="Sort out the pension paperwork"),
    ],
    FORMS: [
        add(
            "I've gotta ring the electricity company tomorrow",
            title=Contains("ring the electricity company"),
            due=due("11-24"),
        ),
        add(
            "don't forget to water the tomatoes tonight",
            title="Water the tomatoes",
            due=due("11-23", "20:00"),
        ),
        lookup("I paid the gas bill", Contains("gas bill")),
        then(
            looked_up("I've paid the gas bill", GAS, query="gas bill"),
            "complete_task",
            task_id="t342",
        ),
        then(
            looked_up("just called the bank", BANK, query="bank"),
            "complete_task",
            task_id="t330",
        ),
        add(
            "finish the keynote slides tonight",
            title="Finish the keynote slides",
            due=due("11-23", "20:00"),
        ),
        add("I'd like to book a haircut for saturday", title="Book a haircut", due=due("11-28")),
        then(
            looked_up("finished the essay", ESSAY, query="essay"),
            "complete_task",
            task_id="t336",
        ),
        then(
            looked_up("i've rung the plumber", PLUMBER, query="plumber"),
            "complete_task",
            task_id="t333",
        ),
        add(
            "I'll need to collect the parcel from the post office on wednesday",
            title=Contains("collect the parcel from the post office"),
            due=due("11-25"),
        ),
        lookup("ordered the birthday cake", Contains("birthday cake")),
        add(
            "finish the tax return by friday 5pm",
            title="Finish the tax return",
            due=due("11-27", "17:00"),
        ),
        then(
            looked_up("I've done the laundry", LAUNDRY, query="laundry"),
            "complete_task",
            task_id="t340",
        ),
        add("mustn't forget to phone granny on sunday", title="Phone granny", due=due("11-29")),
        then(
            looked_up("sent the invoice to acme", INVOICE, query="invoice"),
            "complete_task",
            task_id="t341",
        ),
        then(
            looked_up("phoned the council this morning", COUNCIL, query="council"),
            "complete_task",
            task_id="t345",
        ),
    ],
    TYPOS: [
        add("buy stamps tmrw", title="Buy stamps", due=due("11-24")),
        add(
            "call the electrician thursdy at 10",
            title="Call the electrician",
            due=due("11-26", "10:00"),
        ),
        add(
            "gym evry wednesay 7am",
            title="Gym",
            recurrence="FREQ=WEEKLY;BYDAY=WE",
            due=due("11-25", "07:00"),
        ),
        add("dinner with sam firday 8pm", title="Dinner with sam", due=due("11-27", "20:00")),
        add("renw my libary card tommorow", title="Renw my libary card", due=due("11-24")),
        add("pay rent on 1 decmber", title="Pay rent", due=due("12-01")),
        add(
            "team standup evrey weekday at 9:30",
            title="Team standup",
            recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            due=due("11-24", "09:30"),
        ),
        then(
            looked_up("compelte the vet appointment", VET, query="vet"),
            "complete_task",
            task_id="t334",
        ),
        act("complte number 4", "complete_task", task_id="t4"),
        add(
            "dentist apointment on the 3rd of decmber at 11",
            title="Dentist apointment",
            due=due("12-03", "11:00"),
        ),
        listed("whats due tomorow", **TOMORROW),
        add("submit the timesheet urgnet", title="Submit the timesheet", priority="urgent"),
        add("meal prep sundy", title="Meal prep", due=due("11-29")),
        add(
            "water plants evry 3 days",
            title="Water plants",
            recurrence="FREQ=DAILY;INTERVAL=3",
        ),
        act("delte the 3rd one pls", "delete_task", history=LIST_A, task_id="t302"),
    ],
    PRIORITIES: [
        add(
            "important: renew the car insurance",
            title="Renew the car insurance",
            priority="high",
        ),
        add(
            "top priority - finish the budget forecast",
            title="Finish the budget forecast",
            priority="urgent",
        ),
        add("email the auditors asap", title="Email the auditors", priority="urgent"),
        add("book the plumber, not urgent", title="Book the plumber", priority=NOT_RAISED),
        add(
            "sort the loft out sometime, no rush",
            title=Contains("sort the loft out"),
            priority=NOT_RAISED,
        ),
        add(
            "priority 1: call the insurer about the claim",
            title="Call the insurer about the claim",
            priority="urgent",
        ),
        add(
            "super urgent fix the payroll export",
            title="Fix the payroll export",
            priority="urgent",
        ),
        add("clean the garage, low priority", title="Clean the garage", priority="low"),
        add(
            "high priority - prepare the board slides for thursday",
            title="Prepare the board slides",
            priority="high",
            due=due("11-26"),
        ),
        add(
            "not important but repaint the fence",
            title=Contains("repaint the fence"),
            priority=NOT_RAISED,
        ),
        then(
            looked_up("make the quarterly report urgent", REPORT, query="quarterly report"),
            "update_task",
            task_id="t331",
            priority="urgent",
        ),
        then(
            looked_up("bump the passport renewal up to high priority", PASSPORT, query="passport"),
            "update_task",
            task_id="t332",
            priority="high",
        ),
        add("medium priority: update the wiki", title="Update the wiki", priority="medium"),
        add(
            "urgent - get the prescription from the chemist",
            title="Get the prescription from the chemist",
            priority="urgent",
        ),
        act(
            "the first one is top priority now",
            "update_task",
            history=LIST_A,
            task_id="t300",
            priority="urgent",
        ),
    ],
    TAGS: [
        add(
            "book hotel for the conference, tag it work",
            title="Book hotel for the conference",
            tags=["work"],
        ),
        add("buy paint tagged diy", title="Buy paint", tags=["diy"]),
        add("read chapter 4 label it study", title="Read chapter 4", tags=["study"]),
        add(
            "get the boiler serviced and tag it home",
            title="Get the boiler serviced",
            tags=["home"],
        ),
        then(
            looked_up("add the tag finance to file taxes", TAXES, query="file taxes"),
            "update_task",
            task_id="t338",
            tags=["finance"],
        ),
        then(
            looked_up("remove the errands tag from the shoe repair", SHOES, query="shoe repair"),
            "update_task",
            task_id="t343",
            tags=[],
        ),
        act("tag number 4 family", "update_task", task_id="t4", tags=["family"]),
        listed("show me everything tagged work", tags=["work"]),
        add(
            "call the accountant with the tags work and finance",
            title="Call the accountant",
            tags=["work", "finance"],
        ),
        add("pick up wood glue, label: diy", title="Pick up wood glue", tags=["diy"]),
        listed("anything with the label garden?", tags=["garden"]),
        then(
            looked_up("tag the yoga class as health", YOGA, query="yoga class"),
            "update_task",
            task_id="t339",
            tags=["health"],
        ),
        act(
            "label the second one travel",
            "update_task",
            history=LIST_A,
            task_id="t301",
            tags=["travel"],
        ),
        add(
            "order new contact lenses tagged health and errands",
            title="Order new contact lenses",
            tags=["health", "errands"],
        ),
    ],
    RECURRENCE: [
        add(
            "pay the window cleaner on the 1st of every month",
            title="Pay the window cleaner",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
            due=due("12-01"),
        ),
        add(
            "submit expenses on the last day of every month",
            title="Submit expenses",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
            due=due("11-30"),
        ),
        add(
            "bin day every other thursday",
            title="Bin day",
            recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        ),
        add(
            "change the bedsheets fortnightly",
            title="Change the bedsheets",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
        ),
        add(
            "book club the first monday of each month",
            title="Book club",
            recurrence="FREQ=MONTHLY;BYDAY=1MO",
        ),
        add(
            "take antibiotics every 8 hours",
            title="Take antibiotics",
            recurrence="FREQ=HOURLY;INTERVAL=8",
        ),
        add(
            "physio exercises every day until 20 december",
            title="Physio exercises",
            recurrence="FREQ=DAILY;UNTIL=20261220T225959Z",
        ),
        add(
            "piano lesson every saturday for 6 times",
            title="Piano lesson",
            recurrence="FREQ=WEEKLY;BYDAY=SA;COUNT=6",
        ),
        add(
            "descale the kettle every 2 weeks after I finish it",
            title="Descale the kettle",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
            anchor="completion",
        ),
        add(
            "water the orchid every 10 days after completion",
            title="Water the orchid",
            recurrence="FREQ=DAILY;INTERVAL=10",
            anchor="completion",
        ),
        add(
            "walk the dog every morning at 7",
            title="Walk the dog",
            recurrence="FREQ=DAILY",
            due=due("11-24", "07:00"),
        ),
        add(
            "call grandma every sunday at 5pm",
            title="Call grandma",
            recurrence="FREQ=WEEKLY;BYDAY=SU",
            due=due("11-29", "17:00"),
        ),
        add(
            "pay the credit card on the 15th of each month",
            title="Pay the credit card",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
            due=due("12-15"),
        ),
        add(
            "renew the domain every year on 3 march",
            title="Renew the domain",
            recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
            due="2027-03-03T09:00:00+01:00",
        ),
        add(
            "check the smoke alarms every 3 months",
            title="Check the smoke alarms",
            recurrence="FREQ=MONTHLY;INTERVAL=3",
        ),
        add(
            "stand-up every tuesday and thursday at 9",
            title="Stand-up",
            recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
            due=due("11-24"),
        ),
    ],
    TIMES: [
        add(
            "take the bread out of the oven in 25 minutes",
            title="Take the bread out of the oven",
            due=due("11-23", "10:25"),
        ),
        add("move the car in 2 hours", title="Move the car", due=due("11-23", "12:00")),
        add(
            "call the school this afternoon at 3",
            title="Call the school",
            due=due("11-23", "15:00"),
        ),
        add("pilates this evening at 6:30", title="Pilates", due=due("11-23", "18:30")),
        add("send the contract by end of month", title="Send the contract", due=due("11-30")),
        add(
            "finish the code review eod",
            title="Finish the code review",
            due=due("11-23", "17:00"),
        ),
        add("lunch with priya at noon", title="Lunch with priya", due=due("11-23", "12:00")),
        add("submit the bid by midnight", title="Submit the bid", due=due("11-24", "00:00")),
        add("clear the inbox by end of week", title="Clear the inbox", due=due("11-29")),
        add(
            "pay the parking fine tomorrow at 8.15am",
            title="Pay the parking fine",
            due=due("11-24", "08:15"),
        ),
        add(
            "feed the neighbours' cat tonight",
            title="Feed the neighbours' cat",
            due=due("11-23", "20:00"),
        ),
        add(
            "check on the roast in 90 minutes",
            title="Check on the roast",
            due=due("11-23", "11:30"),
        ),
        add(
            "drop off the keys tomorrow at noon",
            title="Drop off the keys",
            due=due("11-24", "12:00"),
        ),
        add(
            "print boarding passes friday 6am",
            title="Print boarding passes",
            due=due("11-27", "06:00"),
        ),
        add("update the roadmap next week", title="Update the roadmap", due=due("11-30")),
        add("start the payroll run next month", title="Start the payroll run", due=due("12-01")),
    ],
    REMINDERS: [
        add(
            "dentist friday at 2pm, ping me 30 min before",
            title="Dentist",
            due=due("11-27", "14:00"),
            reminders=["PT30M"],
        ),
        add(
            "flight to Delhi on 4 December at 6am with a reminder 2 hours before",
            title="Flight to Delhi",
            due=due("12-04", "06:00"),
            reminders=["PT2H"],
        ),
        add(
            "parent teacher meeting thursday 4pm, remind me at 8 the day before",
            title="Parent teacher meeting",
            due=due("11-26", "16:00"),
            reminders=[due("11-25", "08:00")],
        ),
        add(
            "car service tomorrow 10am, set a reminder for 9:15",
            title="Car service",
            due=due("11-24", "10:00"),
            reminders=[due("11-24", "09:15")],
        ),
        add(
            "webinar at 3pm wednesday, alert me 15 minutes before",
            title="Webinar",
            due=due("11-25", "15:00"),
            reminders=["PT15M"],
        ),
        then(
            looked_up("add a reminder an hour before the vet appointment", VET, query="vet"),
            "update_task",
            task_id="t334",
            reminders=["PT1H"],
        ),
        act(
            "remind me about it a day before",
            "update_task",
            history=ADDED,
            task_id="t9",
            reminders=["P1D"],
        ),
        add(
            "interview on monday 30 nov at 11, nudge me 45 mins before",
            title="Interview",
            due=due("11-30", "11:00"),
            reminders=["PT45M"],
        ),
        add(
            "pick up the kids at 3:15pm today, reminder 10 minutes before",
            title="Pick up the kids",
            due=due("11-23", "15:15"),
            reminders=["PT10M"],
        ),
        add(
            "pay the nanny friday, remind me at 7pm thursday",
            title="Pay the nanny",
            due=due("11-27"),
            reminders=[due("11-26", "19:00")],
        ),
        add(
            "conference call tomorrow 4pm with reminders 1 day before and 1 hour before",
            title="Conference call",
            due=due("11-24", "16:00"),
            reminders=["P1D", "PT1H"],
        ),
        add(
            "yoga 6pm tomorrow - ping me 20 mins prior",
            title="Yoga",
            due=due("11-24", "18:00"),
            reminders=["PT20M"],
        ),
        act(
            "set a reminder for the first one 1 day before",
            "update_task",
            history=LIST_A,
            task_id="t300",
            reminders=["P1D"],
        ),
        add(
            "vaccination appointment dec 2 at 9:40, remind me 30 minutes before",
            title="Vaccination appointment",
            due=due("12-02", "09:40"),
            reminders=["PT30M"],
        ),
    ],
    FOLLOW_UPS: [
        act("the second one is done now", "complete_task", task_id="t2"),
        act("mark it done", "complete_task", history=ADDED, task_id="t9"),
        act(
            "move it to saturday instead",
            "update_task",
            history=ADDED,
            task_id="t9",
            due=due("11-28"),
        ),
        Case(
            "tick off both",
            [("complete_task", {"task_id": "t310"}), ("complete_task", {"task_id": "t311"})],
            history=LIST_B,
        ),
        act(
            "push the first one to thursday",
            "update_task",
            history=LIST_A,
            task_id="t300",
            due=due("11-26"),
        ),
        act("delete that last one", "delete_task", history=LIST_A, task_id="t302"),
        Case(
            "move both to next week",
            [
                ("update_task", {"task_id": "t310", "due": due("11-30")}),
                ("update_task", {"task_id": "t311", "due": due("11-30")}),
            ],
            history=LIST_B,
        ),
        act(
            "rename it to Call Bob about the van",
            "update_task",
            history=ADDED,
            task_id="t9",
            title="Call Bob about the van",
        ),
        act(
            "make number 3 every wednesday instead",
            "update_task",
            task_id="t3",
            recurrence="FREQ=WEEKLY;BYDAY=WE",
        ),
        act(
            "the 2nd one needs to be urgent",
            "update_task",
            history=LIST_C,
            task_id="t321",
            priority="urgent",
        ),
        then(
            looked_up(
                "change the priority of the board deck to low and rename it to Board slides",
                DECK,
                query="board deck",
            ),
            "update_task",
            task_id="t344",
            priority="low",
            title="Board slides",
        ),
        Case(
            "move the essay and the taxes to saturday",
            [("list_tasks", open_q(Contains("essay"))), ("list_tasks", open_q(Contains("tax")))],
        ),
        calls(
            "shift the essay and the taxes to saturday",
            ("update_task", {"task_id": "t336", "due": due("11-28")}),
            ("update_task", {"task_id": "t338", "due": due("11-28")}),
            in_turn=looked_up_each(
                "shift the essay and the taxes to saturday", ("essay", [ESSAY]), ("taxes", [TAXES])
            ),
        ),
        then(
            looked_up("skip this week's yoga class", YOGA, query="yoga class"),
            "skip_task",
            task_id="t339",
        ),
        lookup("skip tomorrow's bins", Contains("bins")),
        act("the 3rd is sorted, tick it", "complete_task", history=LIST_A, task_id="t302"),
        act("actually delete it", "delete_task", history=ADDED, task_id="t9"),
        act("oops, reopen it", "reopen_task", history=COMPLETED, task_id="t1"),
    ],
    QUERIES: [
        listed("what have I got on next week?", **NEXT_WEEK),
        listed("is anything overdue at the moment?", overdue=True),
        listed("what do i still have to do today", **TODAY),
        listed("show me what I've completed", status="completed"),
        listed("list my urgent tasks", priority=["urgent"]),
        listed("find dentist appointment", q="dentist appointment"),
        listed("anything about the wedding?", q="wedding"),
        listed("what's due on friday then", **range_of("11-27", "11-28")),
        listed("show everything tagged errands", tags=["errands"]),
        listed("what's due this week for me", **WEEK),
        listed("pull up my p1 tasks", priority=["urgent"]),
        listed("search for invoice", q="invoice"),
        listed("have i got anything on tomorrow or am i free", **TOMORROW),
        listed("what's happening this weekend", **range_of("11-28", "11-30")),
        listed("anything about mum?", q="mum"),
        listed("what's coming up on the 1st of december", **range_of("12-01", "12-02")),
    ],
    WRAPPERS: [
        add(
            "could you please add a task to renew the tv licence",
            title="Renew the tv licence",
        ),
        add(
            "kindly add a task to collect the bonafide certificate from college",
            title="Collect the bonafide certificate from college",
        ),
        add("i need you to put defrost the freezer on my list", title="Defrost the freezer"),
        add(
            "can you make a note to email the landlord about the damp",
            title="Email the landlord about the damp",
        ),
        add("would you mind adding buy a new kettle", title="Buy a new kettle"),
        add(
            "hey can u add pay the milkman for saturday pls",
            title="Pay the milkman",
            due=due("11-28"),
        ),
        add("Please add: send thank-you cards", title="Send thank-you cards"),
        add("do me a favour and add book the vet for Biscuit", title="Book the vet for Biscuit"),
        add("I want to add a task: clean the gutters", title="Clean the gutters"),
        add("put buy ink cartridges on my todo list", title="Buy ink cartridges"),
        add(
            "Could you kindly create a task for me to submit the visa form on thursday",
            title="Submit the visa form",
            due=due("11-26"),
        ),
        add("add to my list: book the MOT", title="Book the MOT"),
        add("new task - apply for the parking permit", title="Apply for the parking permit"),
        add(
            "can you please add a to-do to chase the refund from the airline, thanks",
            title="Chase the refund from the airline",
        ),
        add("pls jot down fix bike puncture", title="Fix bike puncture"),
    ],
    SEVERAL: [
        adds(
            "add apples, yoghurt and oats",
            {"title": "Apples"},
            {"title": "Yoghurt"},
            {"title": "Oats"},
        ),
        adds(
            "add two tasks: renew the gym membership and cancel the old phone contract",
            {"title": "Renew the gym membership"},
            {"title": "Cancel the old phone contract"},
        ),
        adds(
            "wash the car #home and send the slides #work",
            {"title": "Wash the car", "tags": ["home"]},
            {"title": "Send the slides", "tags": ["work"]},
        ),
        adds(
            "add buy batteries tomorrow and call the vet on friday",
            {"title": "Buy batteries", "due": due("11-24")},
            {"title": "Call the vet", "due": due("11-27")},
        ),
        adds(
            "add onions, garlic, ginger and coriander",
            {"title": "Onions"},
            {"title": "Garlic"},
            {"title": "Ginger"},
            {"title": "Coriander"},
        ),
        adds(
            "add fix the fence saturday and paint the shed sunday",
            {"title": "Fix the fence", "due": due("11-28")},
            {"title": "Paint the shed", "due": due("11-29")},
        ),
        adds(
            "add 3 tasks: book the venue, order the cake, send the invites",
            {"title": "Book the venue"},
            {"title": "Order the cake"},
            {"title": "Send the invites"},
        ),
        adds(
            "add pay the electric bill asap and book a dentist checkup next month",
            {"title": "Pay the electric bill", "priority": "urgent"},
            {"title": "Book a dentist checkup", "due": due("12-01")},
        ),
        adds("add milk and nappies to my list", {"title": "Milk"}, {"title": "Nappies"}),
        adds(
            "email Tom about the budget p1 and review Raj's PR p3",
            {"title": "Email Tom about the budget", "priority": "urgent"},
            {"title": "Review Raj's PR", "priority": "medium"},
        ),
        adds(
            "return the jacket @errands and call the landlord @home",
            {"title": "Return the jacket", "tags": ["errands"]},
            {"title": "Call the landlord", "tags": ["home"]},
        ),
        adds(
            "add for tomorrow: dry cleaning, post office, pharmacy",
            {"title": "Dry cleaning", "due": due("11-24")},
            {"title": "Post office", "due": due("11-24")},
            {"title": "Pharmacy", "due": due("11-24")},
        ),
        adds(
            "add tasks to pay council tax on the 1st and renew the car insurance on 15 december",
            {"title": "Pay council tax", "due": due("12-01")},
            {"title": "Renew the car insurance", "due": due("12-15")},
        ),
        adds(
            "add bananas, bin bags and washing up liquid pls",
            {"title": "Bananas"},
            {"title": "Bin bags"},
            {"title": "Washing up liquid"},
        ),
    ],
    SPOKEN: [
        add(
            "meet Anna tomorrow at half past four in the afternoon",
            title="Meet Anna",
            due=due("11-24", "16:30"),
        ),
        add(
            "school run at quarter to nine tomorrow morning",
            title="School run",
            due=due("11-24", "08:45"),
        ),
        add("haircut at 18:30 on thursday", title="Haircut", due=due("11-26", "18:30")),
        add("visit nan a week on tuesday", title="Visit nan", due=due("12-01")),
        add("car MOT a fortnight from today", title="Car MOT", due=due("12-07")),
        add(
            "tomorrow I have to pick up the suit from the tailor",
            title=Contains("pick up the suit from the tailor"),
            due=due("11-24"),
        ),
        add(
            "parents' evening at the school on wednesday at 6pm",
            title=Contains("parents' evening"),
            due=due("11-25", "18:00"),
        ),
        add(
            "dentist on the 3rd of december at half nine",
            title="Dentist",
            due=due("12-03", "09:30"),
        ),
        add(
            "submit the grant proposal on 2027-01-09",
            title="Submit the grant proposal",
            due="2027-01-09T09:00:00+01:00",
        ),
        add("football practice friday week", title="Football practice", due=due("12-04")),
        add("pay school fees by 24/12", title="Pay school fees", due=due("12-24")),
        add(
            "dinner with the in-laws saturday at 7 in the evening",
            title="Dinner with the in-laws",
            due=due("11-28", "19:00"),
        ),
        add(
            "mechanic at quarter past eleven in the morning on friday",
            title="Mechanic",
            due=due("11-27", "11:15"),
        ),
        add(
            "doctor's appointment on the 2nd of dec at 1400 hrs",
            title="Doctor's appointment",
            due=due("12-02", "14:00"),
        ),
        add(
            "braai at Johan's on saturday at 2 in the afternoon",
            title="Braai at Johan's",
            due=due("11-28", "14:00"),
        ),
    ],
    COUNTS: [
        counted(
            "how many things are overdue?",
            {"overdue": True},
            task(350, "Renew parking permit", due("11-20")),
            task(351, "Reply to Sunita", due("11-21")),
            reply="2",
            also=("Renew parking permit", "Reply to Sunita"),
        ),
        counted(
            "how many tasks have i got for tomorrow",
            TOMORROW,
            task(352, "Buy a present for Oskar", due("11-24")),
            task(353, "Team lunch", due("11-24", "12:30")),
            task(354, "Call the garage", due("11-24", "15:00")),
            reply="3",
            also=("Buy a present for Oskar", "Team lunch", "Call the garage"),
        ),
        counted(
            "how much have I got on this week?",
            WEEK,
            task(355, "Send the proposal", due("11-25")),
            task(356, "Haircut", due("11-28", "11:00")),
            reply="2",
            also=("Send the proposal", "Haircut"),
        ),
        listed("how many tasks are due friday?", **range_of("11-27", "11-28")),
        listed("how many of my tasks are tagged work?", tags=["work"]),
        listed("count my overdue tasks", overdue=True),
        counted(
            "how many urgent tasks are there",
            {"priority": ["urgent"]},
            task(357, "Fix the leaking tap", priority="urgent"),
            reply="1",
            also=("Fix the leaking tap",),
        ),
        counted(
            "number of tasks due today pls?",
            TODAY,
            task(358, "Post the parcel", due("11-23", "16:00")),
            task(359, "Book the piano tuner", due("11-23", "18:00")),
            reply="2",
            also=("Post the parcel", "Book the piano tuner"),
        ),
        listed("how many have i completed", status="completed"),
        counted(
            "how much is still left to do today",
            TODAY,
            task(360, "Ring Dad", due("11-23", "19:00")),
            reply="1",
            also=("Ring Dad",),
        ),
        listed("how many tasks do i have tagged errands", tags=["errands"]),
        counted(
            "how many things on my list for next week?",
            NEXT_WEEK,
            task(361, "Quarterly review", due("12-01")),
            task(362, "Dentist checkup", due("12-03")),
            task(363, "Pay the cleaner", due("12-04")),
            task(364, "Renew the lease", due("12-05")),
            reply="4",
            also=("Quarterly review", "Dentist checkup", "Pay the cleaner", "Renew the lease"),
        ),
        listed("hw many r overdue", overdue=True),
    ],
    EDITS: [
        then(
            looked_up("push the plumber back a day", PLUMBER, query="plumber"),
            "update_task",
            task_id="t333",
            due=due("11-26"),
        ),
        lookup("push back the essay to next week", Contains("essay")),
        then(
            looked_up(
                "bring the quarterly report forward to wednesday", REPORT, query="quarterly report"
            ),
            "update_task",
            task_id="t331",
            due=due("11-25"),
        ),
        then(
            looked_up("please prepone the vet appointment to tomorrow", VET, query="vet"),
            "update_task",
            task_id="t334",
            due=due("11-24"),
        ),
        then(
            looked_up("file taxes is now on friday", TAXES, query="file taxes"),
            "update_task",
            task_id="t338",
            due=due("11-27"),
        ),
        then(
            looked_up("move the passport renewal forward a day", PASSPORT, query="passport"),
            "update_task",
            task_id="t332",
            due=due("11-30"),
        ),
        then(
            looked_up("delay the acme invoice by a week", INVOICE, query="invoice"),
            "update_task",
            task_id="t341",
            due=due("12-01"),
        ),
        then(
            looked_up(
                "rename order birthday cake to Order Leo's birthday cake",
                CAKE,
                query="order birthday cake",
            ),
            "update_task",
            task_id="t337",
            title="Order Leo's birthday cake",
        ),
        then(
            looked_up(
                "remove the due date from the quarterly report", REPORT, query="quarterly report"
            ),
            "update_task",
            task_id="t331",
            clear_due=True,
        ),
        then(
            looked_up("stop the yoga class repeating", YOGA, query="yoga class"),
            "update_task",
            task_id="t339",
            clear_recurrence=True,
        ),
        lookup("reschedule the bins to wednesday", Contains("bins")),
        then(
            looked_up("change the essay deadline to 4 dec", ESSAY, query="essay"),
            "update_task",
            task_id="t336",
            due=due("12-04"),
        ),
        then(
            looked_up("shift the plumber to the 2nd of december", PLUMBER, query="plumber"),
            "update_task",
            task_id="t333",
            due=due("12-02"),
        ),
        then(
            looked_up("get rid of the laundry task", LAUNDRY, query="laundry"),
            "delete_task",
            task_id="t340",
        ),
        then(
            looked_up(
                "push the quarterly report out by two days", REPORT, query="quarterly report"
            ),
            "update_task",
            task_id="t331",
            due=due("11-29"),
        ),
    ],
    TODOIST: [
        add(
            "Call plumber tomorrow 4pm p1 #home",
            title="Call plumber",
            due=due("11-24", "16:00"),
            priority="urgent",
            tags=["home"],
        ),
        add(
            "Team retro every last fri p2 #work",
            title="Team retro",
            recurrence="FREQ=MONTHLY;BYDAY=-1FR",
            priority="high",
            tags=["work"],
        ),
        add(
            "water ferns every! 4 days",
            title="Water ferns",
            recurrence="FREQ=DAILY;INTERVAL=4",
            anchor="completion",
        ),
        add("Buy printer paper @errands", title="Buy printer paper", tags=["errands"]),
        add(
            "Quarterly VAT return p1 dec 10",
            title="Quarterly VAT return",
            priority="urgent",
            due=due("12-10"),
        ),
        add(
            "refill prescription @health @errands p2",
            title="Refill prescription",
            tags=["health", "errands"],
            priority="high",
        ),
        add(
            "stretch every day 7am #health",
            title="Stretch",
            recurrence="FREQ=DAILY",
            due=due("11-24", "07:00"),
            tags=["health"],
        ),
        add("Expense report p4", title="Expense report", priority=NOT_RAISED),
        add(
            "newsletter draft thu 11am #marketing p2",
            title="Newsletter draft",
            due=due("11-26", "11:00"),
            tags=["marketing"],
            priority="high",
        ),
        add(
            "clean fridge every! 2 weeks @home",
            title="Clean fridge",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
            anchor="completion",
            tags=["home"],
        ),
        add(
            "Call Jen sat 10:30 p3", title="Call Jen", due=due("11-28", "10:30"), priority="medium"
        ),
        add(
            "pay gym every 1st #finance",
            title="Pay gym",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
            tags=["finance"],
        ),
        add(
            "book restaurant tomorrow 7pm @date-night",
            title="Book restaurant",
            due=due("11-24", "19:00"),
            tags=["date-night"],
        ),
        add(
            "submit timesheet every fri 4pm p2 #work",
            title="Submit timesheet",
            recurrence="FREQ=WEEKLY;BYDAY=FR",
            due=due("11-27", "16:00"),
            priority="high",
            tags=["work"],
        ),
    ],
    SMALL_TALK: [
        chat("hiya there", "I can add"),
        chat("good morning!", "I can add"),
        chat("thanks a lot!", "You're welcome"),
        chat("ta very much", "You're welcome"),
        chat("ok bye then", "Bye"),
        chat("see ya later alligator", "Bye"),
        chat("good night then", "Good night"),
        chat("so what can you help me with?", "I can add"),
        chat("who am I talking to?", "I can add"),
        chat("how are you doing this fine day?", ""),
        chat("okay", ""),
        chat("hello there", "I can add"),
        chat("thank you so much, that's perfect", "You're welcome"),
        chat("namaste", "I can add"),
        chat("howzit", "I can add"),
        chat("how do I use this?", "I can add"),
    ],
}

HELDOUT: list[Case] = [case for name in CLASSES for case in ROWS[name]]
CLASS_OF: dict[str, str] = {case.id: name for name in CLASSES for case in ROWS[name]}
