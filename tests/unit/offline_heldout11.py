"""The eleventh held-out set for the offline assistant (issue 12), written blind on 2026-12-05.

Like tests/unit/offline_heldout.py, these rows were written from the issue's classes alone,
without reading the grammar (gateway/agent/offline*, core/nl), the tuning table or the earlier
held-out sets, and without running a single row against the model. Same fixed `NOW` (Monday
23 November 2026, 10:00 Europe/Berlin), same helpers, same conventions as set 1: a day alone
is 09:00 at its next occurrence, "next week" = Mon 30 Nov, tonight 20:00, morning 09:00, "end
of week" = Sun 29 Nov 09:00, "eod" = today 17:00, "half nine" = 09:30, "24/12" is day/month,
"Friday week" = Fri 4 Dec, "a week on Tuesday" = Tue 1 Dec, "a fortnight from today" = Mon
7 Dec 09:00, "until <day>" ends with that day in Berlin, RRULE parts in the table's order,
"important" = high and "asap"/"top priority"/"priority 1"/p1 = urgent, negations never raise
the priority (`NOT_RAISED`), several positions or "both" give one call each, in order.

Also assumed here:
- "midnight" = the coming 00:00 (Tue 24 Nov 00:00); "end of month" = Mon 30 Nov 09:00.
- After a shown list, rows refer to its tasks by position, "it" or "both", never by a title
  that is on screen; an edit by title first looks the title up (`lookup`, a `Contains` query),
  and the rows that follow a lookup carry it in the turn with "qa_find_" call ids.
- A search ("find X", "anything about X") is list_tasks with q=X: only q is checked.
- A title keeps the words as typed (typos included) with the first letter capitalised; the
  command, wrapper, date, priority, tag, recurrence and reminder words never stay in it.
- A count is one list_tasks with its filter, then a reply with the number and the titles.
- Where the first due of a recurrence or a second argument is a matter of taste, it is not
  checked.

Nobody runs these rows, or looks at their failures, before the grammar work is done.
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
    looked_up_each,
    lookup,
    range_of,
)
from tests.unit.quickadd_cases import (
    ADDED,
    COMPLETED,
    SHOWN,
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

# --- tasks (ids t350 and up) and earlier conversations of this file ------------------------------
EXPENSES = task(350, "Submit the expense report", due("11-24"))
CAR_SERVICE = task(351, "Book the car service", due("11-26"))
PRESENT = task(352, "Buy a present for Ada", due("11-28"))
INSURANCE = task(353, "Call the insurance")
TV_LICENCE = task(354, "Renew the TV licence")
YOGA = task(
    355,
    "Yoga",
    due("11-25", "18:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
PLUMBER = task(356, "Call the plumber")
PRESENTATION = task(357, "Team presentation", due("11-25"))
GRANDPA = task(358, "Visit Grandpa", due("11-28"))
BOILER = task(359, "Service the boiler", due("11-27"))
REVIEW = task(360, "Quarterly review", tags=["work", "q4"])
GAS_BILL = task(361, "Pay the gas bill")
KEMI_REPORT = task(362, "Send the report to Kemi")
PARCEL = task(363, "Drop off the parcel")
PASSPORT = task(364, "Renew passport", due("12-10"))
SEWING = task(365, "Fix the sewing machine", tags=["home"])
QUOTE = task(370, "Send the quote to Mr Okafor", due("11-23", "15:00"))
ZARA = task(371, "Pick up Zara from school", due("11-23", "15:30"))
FENCE = task(372, "Mend the fence", due("11-20"))
TAX = task(373, "File the tax return", due("11-18"))
LOAN = task(374, "Repay Emeka", due("11-21"))
STAMPS = task(375, "Buy stamps", tags=["errands"])
PITCH = task(376, "Prepare the pitch deck", due("11-25"), priority="high")
VISA = task(377, "Apply for the visa", due("11-26"), priority="high")
BINS = task(378, "Put the bins out", completed=True)
DRAIN = task(379, "Unblock the drain", completed=True)

THIS_WEEK = [
    user("what's on this week"),
    *exchange("qa_list_1", "list_tasks", WEEK, listing(EXPENSES, CAR_SERVICE, PRESENT)),
    said("This week (3): 1. Submit the expense report 2. Book the car service 3. Buy a ..."),
]
UNDATED = [
    user("show the ones with no date"),
    *exchange("qa_list_1", "list_tasks", {}, listing(INSURANCE, TV_LICENCE)),
    said("Your open tasks (2): 1. Call the insurance 2. Renew the TV licence"),
]


def gone_to(text: str, found: dict[str, Any], query: str, name: str, **arguments: Any) -> Case:
    """The call that follows a lookup by title which found `found`."""
    return then(looked_up(text, found, query=query), name, task_id=found["id"], **arguments)


TOMORROW = range_of("11-24", "11-25")

# --- the rows, by class --------------------------------------------------------------------------
ROWS: dict[str, list[Case]] = {
    NO_COMMAND: [
        add("pick up the dry cleaning", title="Pick up the dry cleaning"),
        add("dentist thursday 2pm", title="Dentist", due=due("11-26", "14:00")),
        add("new phone charger", title="New phone charger"),
        add("return library books by friday", title="Return library books", due=due("11-27")),
        add("mums birthday present", title="Mums birthday present"),
        add(
            "oil change for the car next week",
            title="Oil change for the car",
            due=due("11-30"),
        ),
        add(
            "email Priya about the invoice tomorrow",
            title="Email Priya about the invoice",
            due=due("11-24"),
        ),
        add("haircut sat 11am", title="Haircut", due=due("11-28", "11:00")),
        listed("what is due tomorrow?", **TOMORROW),
        listed("anything overdue at all?", overdue=True),
        listed("which tasks are tagged garden?", tags=["garden"]),
        add("fix the squeaky door", title="Fix the squeaky door"),
        listed("what have i got on for friday", **range_of("11-27", "11-28")),
        add("pay school fees 1st december", title="Pay school fees", due=due("12-01")),
        add("ring the council about the bins", title="Ring the council about the bins"),
    ],
    FORMS: [
        add("I've got to renew my passport", title="Renew my passport"),
        add(
            "I'd like to repaint the fence on saturday",
            title="Repaint the fence",
            due=due("11-28"),
        ),
        add(
            "don't forget to water the tomatoes tonight",
            title="Water the tomatoes",
            due=due("11-23", "20:00"),
        ),
        lookup("called the plumber already", Contains("plumber")),
        gone_to("called the plumber already", PLUMBER, "plumber", "complete_task"),
        lookup("just paid the gas bill", Contains("gas")),
        gone_to("just paid the gas bill", GAS_BILL, "gas bill", "complete_task"),
        lookup("I've sent the report to Kemi", Contains("report")),
        gone_to("I've sent the report to Kemi", KEMI_REPORT, "report", "complete_task"),
        gone_to("dropped off the parcel this morning", PARCEL, "parcel", "complete_task"),
        add(
            "finish the slides for Dayo tonight",
            title="Finish the slides for Dayo",
            due=due("11-23", "20:00"),
        ),
        add(
            "finish the tax form by friday 5pm",
            title="Finish the tax form",
            due=due("11-27", "17:00"),
        ),
        add(
            "I'll need to book a taxi for sunday 6am",
            title="Book a taxi",
            due=due("11-29", "06:00"),
        ),
        add("I have to collect the parcel tomorrow", title="Collect the parcel", due=due("11-24")),
        add("we've gotta buy a new kettle", title="Buy a new kettle"),
        add("mustn't forget to pay the nanny friday", title="Pay the nanny", due=due("11-27")),
    ],
    TYPOS: [
        add("call the landlord tmrw", title="Call the landlord", due=due("11-24")),
        add("buy bin bags thursdy", title="Buy bin bags", due=due("11-26")),
        add(
            "gym evry wednesday at 7am",
            title="Gym",
            recurrence="FREQ=WEEKLY;BYDAY=WE",
            due=due("11-25", "07:00"),
        ),
        add("submit timesheet on firday", title="Submit timesheet", due=due("11-27")),
        add("addd dentist checkup tommorow", title="Dentist checkup", due=due("11-24")),
        act("compelte the first one", "complete_task", task_id="t1"),
        add(
            "pay council tax wednesay with a remnder 1 hour before",
            title="Pay council tax",
            due=due("11-25"),
            reminders=["PT1H"],
        ),
        act("dleete the last one", "delete_task", task_id="t4"),
        add("book MOT decmber 3", title="Book MOT", due=due("12-03")),
        listed("whats overdeu", overdue=True),
        add("renew gym membership satuday", title="Renew gym membership", due=due("11-28")),
        add("call mum tomorow 6pm", title="Call mum", due=due("11-24", "18:00")),
        listed("shwo my tasks for tomorow", **TOMORROW),
        add("clean the oven nxt wek", title="Clean the oven", due=due("11-30")),
        act("mark 2 as compelted", "complete_task", task_id="t2"),
        add(
            "pay the electrcity bill on wednesday",
            title="Pay the electrcity bill",
            due=due("11-25"),
        ),
        act("reschdule the first one to thursday", "update_task", task_id="t1", due=due("11-26")),
    ],
    PRIORITIES: [
        add(
            "important: send contract to lawyer",
            title="Send contract to lawyer",
            priority="high",
        ),
        add("fix the leaking tap asap", title="Fix the leaking tap", priority="urgent"),
        add(
            "top priority - finish the budget sheet",
            title="Finish the budget sheet",
            priority="urgent",
        ),
        add("sort out the loft, no rush", title="Sort out the loft", priority=NOT_RAISED),
        add("buy a new doormat not urgent", title="Buy a new doormat", priority=NOT_RAISED),
        add(
            "super urgent call the school back",
            title="Call the school back",
            priority="urgent",
        ),
        add(
            "high priority: prepare slides for monday",
            title="Prepare slides",
            priority="high",
            due=due("11-30"),
        ),
        add("low priority clean the car", title="Clean the car", priority="low"),
        add("priority 1 renew the domain name", title="Renew the domain name", priority="urgent"),
        add(
            "pay the tax bill tomorrow - important",
            title="Pay the tax bill",
            priority="high",
            due=due("11-24"),
        ),
        add(
            "medium priority: order new business cards",
            title="Order new business cards",
            priority="medium",
        ),
        act("make it urgent", "update_task", history=ADDED, task_id="t9", priority="urgent"),
        act(
            "actually it's not important at all",
            "update_task",
            history=ADDED,
            task_id="t9",
            priority=OneOf("none", "low"),
        ),
        lookup("bump the passport renewal to high priority", Contains("passport")),
        gone_to(
            "bump the passport renewal to high priority",
            PASSPORT,
            "passport",
            "update_task",
            priority="high",
        ),
        add(
            "urgent!! get the boiler serviced",
            title="Get the boiler serviced",
            priority="urgent",
        ),
    ],
    TAGS: [
        add("buy printer ink, tag it office", title="Buy printer ink", tags=["office"]),
        add("call the vet tagged pets", title="Call the vet", tags=["pets"]),
        add("order curtains label it home", title="Order curtains", tags=["home"]),
        act("tag it clients", "update_task", history=ADDED, task_id="t9", tags=["clients"]),
        act(
            "label that one personal",
            "update_task",
            history=ADDED,
            task_id="t9",
            tags=["personal"],
        ),
        lookup("add the tag finance to pay the gas bill", Contains("gas")),
        gone_to(
            "add the tag finance to pay the gas bill",
            GAS_BILL,
            "gas bill",
            "update_task",
            tags=["finance"],
        ),
        lookup("remove the work tag from the quarterly review", Contains("review")),
        gone_to(
            "remove the work tag from the quarterly review",
            REVIEW,
            "quarterly review",
            "update_task",
            tags=["q4"],
        ),
        add("renew road tax with the tag car", title="Renew road tax", tags=["car"]),
        listed("list everything tagged errands", tags=["errands"]),
        listed("what's tagged school?", tags=["school"]),
        add(
            "email the accountant and tag it finance",
            title="Email the accountant",
            tags=["finance"],
        ),
        act("tag the last one family", "update_task", task_id="t4", tags=["family"]),
        act("take the errands tag off number 2", "update_task", task_id="t2", tags=[]),
        add("get the kids' shoes tagged school", title="Get the kids' shoes", tags=["school"]),
        add(
            "buy a birthday card with tags family and shopping",
            title="Buy a birthday card",
            tags=["family", "shopping"],
        ),
    ],
    RECURRENCE: [
        add(
            "transfer savings on the 1st of every month",
            title="Transfer savings",
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
            "team retro every other week on thursday",
            title="Team retro",
            recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            due=due("11-26"),
        ),
        add(
            "clean the fridge fortnightly",
            title="Clean the fridge",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
        ),
        add(
            "book club the first monday of each month",
            title="Book club",
            recurrence="FREQ=MONTHLY;BYDAY=1MO",
            due=due("12-07"),
        ),
        add(
            "take antibiotics every 8 hours",
            title="Take antibiotics",
            recurrence="FREQ=HOURLY;INTERVAL=8",
        ),
        add(
            "stretch every day until 20 december",
            title="Stretch",
            recurrence="FREQ=DAILY;UNTIL=20261220T225959Z",
        ),
        add(
            "physio exercises every tuesday for 5 times",
            title="Physio exercises",
            recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=5",
            due=due("11-24"),
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
            "walk the dog every morning at 7",
            title="Walk the dog",
            recurrence="FREQ=DAILY",
            due=due("11-24", "07:00"),
        ),
        add(
            "put the bins out every thursday at 8pm",
            title="Put the bins out",
            recurrence="FREQ=WEEKLY;BYDAY=TH",
            due=due("11-26", "20:00"),
        ),
        add(
            "call grandma every sunday",
            title="Call grandma",
            recurrence="FREQ=WEEKLY;BYDAY=SU",
            due=due("11-29"),
        ),
        add(
            "renew the car insurance every year on 3 march",
            title="Renew the car insurance",
            recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
            due="2027-03-03T09:00:00+01:00",
        ),
        add(
            "standup every monday and wednesday at 9:30",
            title="Standup",
            recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
            due=due("11-25", "09:30"),
        ),
        add(
            "backup the laptop every 2 weeks",
            title="Backup the laptop",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
        ),
    ],
    TIMES: [
        add(
            "take the cake out in 40 minutes",
            title="Take the cake out",
            due=due("11-23", "10:40"),
        ),
        add("move the car in 2 hours", title="Move the car", due=due("11-23", "12:00")),
        add(
            "call the garage this afternoon at 3",
            title="Call the garage",
            due=due("11-23", "15:00"),
        ),
        add("send the invoice by eod", title="Send the invoice", due=due("11-23", "17:00")),
        add(
            "lunch with Sade tomorrow at noon",
            title="Lunch with Sade",
            due=due("11-24", "12:00"),
        ),
        add("lock up the shop at midnight", title="Lock up the shop", due=due("11-24", "00:00")),
        add(
            "finalise the proposal by end of week",
            title="Finalise the proposal",
            due=due("11-29"),
        ),
        add("file the VAT return by end of month", title="File the VAT return", due=due("11-30")),
        add("pick up the kids at 3:15pm", title="Pick up the kids", due=due("11-23", "15:15")),
        add("conference call thursday 16:30", title="Conference call", due=due("11-26", "16:30")),
        add("check the oven in 90 minutes", title="Check the oven", due=due("11-23", "11:30")),
        add(
            "take the bread out in half an hour",
            title="Take the bread out",
            due=due("11-23", "10:30"),
        ),
        add("board meeting tomorrow 8am", title="Board meeting", due=due("11-24", "08:00")),
        add(
            "feed the neighbour's cat this evening at 6",
            title="Feed the neighbour's cat",
            due=due("11-23", "18:00"),
        ),
        add(
            "reply to Oluwaseun tonight",
            title="Reply to Oluwaseun",
            due=due("11-23", "20:00"),
        ),
        add("water the plants in an hour", title="Water the plants", due=due("11-23", "11:00")),
    ],
    REMINDERS: [
        add(
            "dentist friday 11am, remind me 30 minutes before",
            title="Dentist",
            due=due("11-27", "11:00"),
            reminders=["PT30M"],
        ),
        add(
            "parent teacher meeting wednesday 5pm ping me 10 min before",
            title="Parent teacher meeting",
            due=due("11-25", "17:00"),
            reminders=["PT10M"],
        ),
        add(
            "flight to Accra thursday 7am remind me at 8pm the day before",
            title="Flight to Accra",
            due=due("11-26", "07:00"),
            reminders=[due("11-25", "20:00")],
        ),
        add(
            "vet appointment saturday 10:00 with a reminder an hour before",
            title="Vet appointment",
            due=due("11-28", "10:00"),
            reminders=["PT1H"],
        ),
        add(
            "pay the credit card on the 30th, alert me 2 days before",
            title="Pay the credit card",
            due=due("11-30"),
            reminders=["P2D"],
        ),
        add(
            "team lunch tomorrow 12:30 and nudge me 15 minutes before",
            title="Team lunch",
            due=due("11-24", "12:30"),
            reminders=["PT15M"],
        ),
        act(
            "remind me an hour before",
            "update_task",
            history=ADDED,
            task_id="t9",
            reminders=["PT1H"],
        ),
        act(
            "and remind me thursday at 6pm",
            "update_task",
            history=ADDED,
            task_id="t9",
            reminders=[due("11-26", "18:00")],
        ),
        add(
            "interview monday 2pm, reminder 1 day before",
            title="Interview",
            due=due("11-30", "14:00"),
            reminders=["P1D"],
        ),
        add(
            "collect the suit wednesday at 4pm with a reminder 45 minutes before",
            title="Collect the suit",
            due=due("11-25", "16:00"),
            reminders=["PT45M"],
        ),
        add(
            "gas meter reading tomorrow 9am, remind me 2 hours before",
            title="Gas meter reading",
            due=due("11-24"),
            reminders=["PT2H"],
        ),
        add(
            "submit the grant application friday 17:00 and ping me a day before",
            title="Submit the grant application",
            due=due("11-27", "17:00"),
            reminders=["P1D"],
        ),
        add(
            "ring the bank at 3pm today, remind me 5 mins before",
            title="Ring the bank",
            due=due("11-23", "15:00"),
            reminders=["PT5M"],
        ),
        add(
            "dinner at Kofi's saturday 7pm, remind me 1 hour before and again 15 min before",
            title="Dinner at Kofi's",
            due=due("11-28", "19:00"),
            reminders=["PT1H", "PT15M"],
        ),
        add(
            "renew the visa december 10 with a reminder a week before",
            title="Renew the visa",
            due=due("12-10"),
            reminders=OneOf(["P1W"], ["P7D"]),
        ),
        add(
            "yoga class thursday 6:30pm remind me 20 minutes beforehand",
            title="Yoga class",
            due=due("11-26", "18:30"),
            reminders=["PT20M"],
        ),
    ],
    FOLLOW_UPS: [
        act("done with the second one", "complete_task", history=THIS_WEEK, task_id="t351"),
        act(
            "push the first one to friday",
            "update_task",
            history=THIS_WEEK,
            task_id="t350",
            due=due("11-27"),
        ),
        act("get rid of number 3", "delete_task", history=THIS_WEEK, task_id="t352"),
        act("the third one is done", "complete_task", history=THIS_WEEK, task_id="t352"),
        act(
            "make the first one urgent",
            "update_task",
            history=THIS_WEEK,
            task_id="t350",
            priority="urgent",
        ),
        calls(
            "mark both done",
            ("complete_task", {"task_id": "t353"}),
            ("complete_task", {"task_id": "t354"}),
            history=UNDATED,
        ),
        calls(
            "move them both to thursday",
            ("update_task", {"task_id": "t353", "due": due("11-26")}),
            ("update_task", {"task_id": "t354", "due": due("11-26")}),
            history=UNDATED,
        ),
        act(
            "can you move it to saturday instead",
            "update_task",
            history=ADDED,
            task_id="t9",
            due=due("11-28"),
        ),
        act(
            "rename it to Call Bob about the van",
            "update_task",
            history=ADDED,
            task_id="t9",
            title="Call Bob about the van",
        ),
        lookup(
            "change priority of the car service to low and rename it Car MOT",
            Contains("service"),
        ),
        gone_to(
            "change priority of the car service to low and rename it Car MOT",
            CAR_SERVICE,
            "car service",
            "update_task",
            priority="low",
            title="Car MOT",
        ),
        Case(
            "move the expense report and the car service to friday",
            [
                ("list_tasks", {"q": Contains("expense"), "status": "open", "limit": 10}),
                ("list_tasks", {"q": Contains("service"), "status": "open", "limit": 10}),
            ],
        ),
        calls(
            "move the expense report and the car service to friday",
            ("update_task", {"task_id": "t350", "due": due("11-27")}),
            ("update_task", {"task_id": "t351", "due": due("11-27")}),
            in_turn=looked_up_each(
                "move the expense report and the car service to friday",
                ("expense report", [EXPENSES]),
                ("car service", [CAR_SERVICE]),
            ),
        ),
        lookup("skip this week's yoga", Contains("yoga")),
        gone_to("skip this week's yoga", YOGA, "yoga", "skip_task"),
        act("skip number 3 this week", "skip_task", task_id="t3"),
        calls(
            "the second and fourth are done",
            ("complete_task", {"task_id": "t2"}),
            ("complete_task", {"task_id": "t4"}),
            history=SHOWN,
        ),
        act("oops, reopen it", "reopen_task", history=COMPLETED, task_id="t1"),
    ],
    QUERIES: [
        listed("what do I have next week?", **range_of("11-30", "12-07")),
        listed("anything tagged uni", tags=["uni"]),
        listed("what's still left for today?", **TODAY),
        listed("show what I completed", status="completed"),
        listed("show me overdue stuff", overdue=True),
        listed("list my urgent tasks", priority=["urgent"]),
        listed("find passport", q="passport"),
        listed("anything about the wedding?", q="wedding"),
        listed("search for invoice", q="invoice"),
        listed("what's due on thursday", **range_of("11-26", "11-27")),
        listed("tasks for the 1st of december", **range_of("12-01", "12-02")),
        listed("which tasks are high priority", priority=["high"]),
        listed("show my #home tasks", tags=["home"]),
        listed("what have I got this week", **WEEK),
        listed("what did I get done?", status="completed"),
        listed("do I have anything on saturday", **range_of("11-28", "11-29")),
    ],
    WRAPPERS: [
        add("could you please add pay the water bill", title="Pay the water bill"),
        add(
            "kindly add a task to renew my driving licence",
            title="Renew my driving licence",
        ),
        add("I need you to put book the venue on my list", title="Book the venue"),
        add(
            "can you make a note to order more printer paper",
            title="Order more printer paper",
        ),
        add(
            "please remind me to call Chidi tomorrow at 10",
            title="Call Chidi",
            due=due("11-24", "10:00"),
        ),
        add("would you mind adding wash the car to my todo list", title="Wash the car"),
        add("hey can u add get milk", title="Get milk"),
        add("pls help me to add buy fuel for the generator", title="Buy fuel for the generator"),
        add("put send thank-you cards on my list please", title="Send thank-you cards"),
        add(
            "could you kindly create a task to clean the gutters on saturday",
            title="Clean the gutters",
            due=due("11-28"),
        ),
        add(
            "i want you to remind me to defrost the chicken tonight",
            title="Defrost the chicken",
            due=due("11-23", "20:00"),
        ),
        add("can you add a task: cancel the gym trial", title="Cancel the gym trial"),
        add("note down to ask Ifeoma about the rota", title="Ask Ifeoma about the rota"),
        add(
            "jot down pick up the photos from Boots",
            title="Pick up the photos from Boots",
        ),
        add(
            "please add to my list: renew the parking permit",
            title="Renew the parking permit",
        ),
    ],
    SEVERAL: [
        adds(
            "add rice, beans and plantain",
            {"title": "Rice"},
            {"title": "Beans"},
            {"title": "Plantain"},
        ),
        adds(
            "add two tasks: call the vet and book a haircut",
            {"title": "Call the vet"},
            {"title": "Book a haircut"},
        ),
        adds(
            "fix the shelf #home and send the slides #work",
            {"title": "Fix the shelf", "tags": ["home"]},
            {"title": "Send the slides", "tags": ["work"]},
        ),
        adds(
            "buy batteries tomorrow and call the council on friday",
            {"title": "Buy batteries", "due": due("11-24")},
            {"title": "Call the council", "due": due("11-27")},
        ),
        adds(
            "add tomatoes, onions, pepper and rice",
            {"title": "Tomatoes"},
            {"title": "Onions"},
            {"title": "Pepper"},
            {"title": "Rice"},
        ),
        adds(
            "add three things: water the plants, empty the dishwasher, hoover the lounge",
            {"title": "Water the plants"},
            {"title": "Empty the dishwasher"},
            {"title": "Hoover the lounge"},
        ),
        adds(
            "book train tickets asap and pack the suitcase thursday",
            {"title": "Book train tickets", "priority": "urgent"},
            {"title": "Pack the suitcase", "due": due("11-26")},
        ),
        adds("add soap and toothpaste", {"title": "Soap"}, {"title": "Toothpaste"}),
        adds(
            "add bananas, apples, oats",
            {"title": "Bananas"},
            {"title": "Apples"},
            {"title": "Oats"},
        ),
        adds(
            "remind me to ring Gran at 6pm and to post the letter tomorrow",
            {"title": "Ring Gran", "due": due("11-23", "18:00")},
            {"title": "Post the letter", "due": due("11-24")},
        ),
        adds(
            "add: pay the window cleaner; renew netflix; book the dentist",
            {"title": "Pay the window cleaner"},
            {"title": "Renew netflix"},
            {"title": "Book the dentist"},
        ),
        adds(
            "renew passport p1 and buy sunscreen p3",
            {"title": "Renew passport", "priority": "urgent"},
            {"title": "Buy sunscreen", "priority": "medium"},
        ),
        adds(
            "add detergent, bin bags, and kitchen roll",
            {"title": "Detergent"},
            {"title": "Bin bags"},
            {"title": "Kitchen roll"},
        ),
        adds(
            "return the drill saturday and borrow the ladder sunday",
            {"title": "Return the drill", "due": due("11-28")},
            {"title": "Borrow the ladder", "due": due("11-29")},
        ),
        adds(
            "add 2 tasks - email the landlord #flat and buy a mop #flat",
            {"title": "Email the landlord", "tags": ["flat"]},
            {"title": "Buy a mop", "tags": ["flat"]},
        ),
    ],
    SPOKEN: [
        add(
            "meet Aunty Bisi tomorrow at half past four in the afternoon",
            title="Meet Aunty Bisi",
            due=due("11-24", "16:30"),
        ),
        add(
            "call the surgery at quarter to nine tomorrow morning",
            title="Call the surgery",
            due=due("11-24", "08:45"),
        ),
        add(
            "swimming lessons at 18:30 on wednesday",
            title="Swimming lessons",
            due=due("11-25", "18:30"),
        ),
        add("drinks with Tom friday week", title="Drinks with Tom", due=due("12-04")),
        add("book the MOT a week on tuesday", title="Book the MOT", due=due("12-01")),
        add(
            "follow up with the recruiter a fortnight from today",
            title="Follow up with the recruiter",
            due=due("12-07"),
        ),
        add(
            "send Ngozi her birthday card on the 3rd of March",
            title="Send Ngozi her birthday card",
            due="2027-03-03T09:00:00+01:00",
        ),
        add(
            "start the new course 2027-01-09",
            title="Start the new course",
            due="2027-01-09T09:00:00+01:00",
        ),
        add(
            "tomorrow I must go to the bureau de change",
            title=Contains("go to the bureau de change"),
            due=due("11-24"),
        ),
        add(
            "parents evening at St Mary's on wednesday",
            title="Parents evening at St Mary's",
            due=due("11-25"),
        ),
        add("collect the cake 24/12 at 10am", title="Collect the cake", due=due("12-24", "10:00")),
        add("pay the builder on the 5th of december", title="Pay the builder", due=due("12-05")),
        add(
            "half nine tomorrow call the estate agent",
            title="Call the estate agent",
            due=due("11-24", "09:30"),
        ),
        add(
            "car wash quarter past two tomorrow afternoon",
            title="Car wash",
            due=due("11-24", "14:15"),
        ),
        add(
            "dinner with the in-laws thursday week at 7pm",
            title="Dinner with the in-laws",
            due=due("12-03", "19:00"),
        ),
        add(
            "grab the esky from Dave's this arvo at 4",
            title="Grab the esky from Dave's",
            due=due("11-23", "16:00"),
        ),
        add(
            "ring the electrician December 2nd at 11am",
            title="Ring the electrician",
            due=due("12-02", "11:00"),
        ),
    ],
    COUNTS: [
        listed("how many tasks do I have tomorrow?", **TOMORROW),
        listed("how much have I got overdue", overdue=True),
        listed("how many things are tagged work", tags=["work"]),
        listed("count my urgent tasks", priority=["urgent"]),
        listed("how many tasks have I finished?", status="completed"),
        listed("how many tasks this week", **WEEK),
        listed("how many open tasks have i got"),
        counted(
            "how many tasks do i have today",
            TODAY,
            QUOTE,
            ZARA,
            reply="2",
            also=("Send the quote to Mr Okafor", "Pick up Zara from school"),
        ),
        counted(
            "how many are overdue?",
            {"overdue": True},
            FENCE,
            TAX,
            LOAN,
            reply="3",
            also=("Mend the fence", "File the tax return", "Repay Emeka"),
        ),
        counted(
            "how many tagged errands",
            {"tags": ["errands"]},
            STAMPS,
            reply="1",
            also=("Buy stamps",),
        ),
        counted(
            "how many things have I got on this week?",
            WEEK,
            EXPENSES,
            CAR_SERVICE,
            PRESENT,
            PITCH,
            reply="4",
            also=(
                "Submit the expense report",
                "Book the car service",
                "Buy a present for Ada",
                "Prepare the pitch deck",
            ),
        ),
        counted(
            "how many tasks did i complete so far",
            {"status": "completed"},
            BINS,
            DRAIN,
            reply="2",
            also=("Put the bins out", "Unblock the drain"),
        ),
        counted(
            "how many high priority ones do I have",
            {"priority": ["high"]},
            PITCH,
            VISA,
            reply="2",
            also=("Prepare the pitch deck", "Apply for the visa"),
        ),
        listed("how many things are due on friday?", **range_of("11-27", "11-28")),
        listed("how many tasks are tagged home", tags=["home"]),
    ],
    EDITS: [
        lookup("postpone the team presentation by a day", Contains("presentation")),
        gone_to(
            "postpone the team presentation by a day",
            PRESENTATION,
            "presentation",
            "update_task",
            due=due("11-26"),
        ),
        lookup("push back visiting grandpa to next week", Contains("grandpa")),
        gone_to(
            "push back visiting grandpa to next week",
            GRANDPA,
            "grandpa",
            "update_task",
            due=due("11-30"),
        ),
        lookup("bring the boiler service forward to wednesday", Contains("boiler")),
        gone_to(
            "bring the boiler service forward to wednesday",
            BOILER,
            "boiler",
            "update_task",
            due=due("11-25"),
        ),
        gone_to(
            "prepone the presentation to tuesday",
            PRESENTATION,
            "presentation",
            "update_task",
            due=due("11-24"),
        ),
        gone_to(
            "the boiler service is now on monday",
            BOILER,
            "boiler",
            "update_task",
            due=due("11-30"),
        ),
        gone_to(
            "rename visit grandpa to Visit Grandpa and Grandma",
            GRANDPA,
            "visit grandpa",
            "update_task",
            title="Visit Grandpa and Grandma",
        ),
        gone_to(
            "change the presentation to 2pm",
            PRESENTATION,
            "presentation",
            "update_task",
            due=due("11-25", "14:00"),
        ),
        gone_to(
            "postpone the boiler by a week",
            BOILER,
            "boiler",
            "update_task",
            due=due("12-04"),
        ),
        lookup("clear the date on the boiler service", Contains("boiler")),
        gone_to(
            "clear the date on the boiler service",
            BOILER,
            "boiler",
            "update_task",
            clear_due=True,
        ),
        gone_to("stop repeating the yoga", YOGA, "yoga", "update_task", clear_recurrence=True),
        lookup("rename the sewing machine task to Fix mum's sewing machine", Contains("sewing")),
        gone_to(
            "rename the sewing machine task to Fix mum's sewing machine",
            SEWING,
            "sewing machine",
            "update_task",
            title="Fix mum's sewing machine",
        ),
        gone_to(
            "delay grandpa's visit by 2 days",
            GRANDPA,
            "grandpa",
            "update_task",
            due=due("11-30"),
        ),
    ],
    TODOIST: [
        add(
            "Call plumber tomorrow p2 #home",
            title="Call plumber",
            due=due("11-24"),
            priority="high",
            tags=["home"],
        ),
        add("buy stamps @errands", title="Buy stamps", tags=["errands"]),
        add("Quarterly taxes p1", title="Quarterly taxes", priority="urgent"),
        add(
            "pay the cleaner every last fri",
            title="Pay the cleaner",
            recurrence="FREQ=MONTHLY;BYDAY=-1FR",
            due=due("11-27"),
        ),
        add(
            "water the ferns every! 4 days",
            title="Water the ferns",
            recurrence="FREQ=DAILY;INTERVAL=4",
            anchor="completion",
        ),
        add(
            "Dentist follow-up dec 8 3pm p2 @health",
            title="Dentist follow-up",
            due=due("12-08", "15:00"),
            priority="high",
            tags=["health"],
        ),
        add("read chapter 4 #uni p4", title="Read chapter 4", priority=NOT_RAISED, tags=["uni"]),
        add(
            "submit visa docs fri p1 #travel",
            title="Submit visa docs",
            due=due("11-27"),
            priority="urgent",
            tags=["travel"],
        ),
        add(
            "team sync every mon 10am #work",
            title="Team sync",
            recurrence="FREQ=WEEKLY;BYDAY=MO",
            due=due("11-30", "10:00"),
            tags=["work"],
        ),
        add("renew the lease p3", title="Renew the lease", priority="medium"),
        add(
            "get a haircut @personal @town",
            title="Get a haircut",
            tags=["personal", "town"],
        ),
        add(
            "floss every! day",
            title="Floss",
            recurrence="FREQ=DAILY",
            anchor="completion",
        ),
        add(
            "backup photos every 2 weeks #home p4",
            title="Backup photos",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
            tags=["home"],
            priority=NOT_RAISED,
        ),
        add(
            "pay invoices today 5pm p1 #work #finance",
            title="Pay invoices",
            due=due("11-23", "17:00"),
            priority="urgent",
            tags=["work", "finance"],
        ),
        add(
            "order groceries online every sat @home",
            title="Order groceries online",
            recurrence="FREQ=WEEKLY;BYDAY=SA",
            due=due("11-28"),
            tags=["home"],
        ),
    ],
    SMALL_TALK: [
        chat("hiya mate", "I can add"),
        chat("hello, who are you?", "I can add"),
        chat("what can u do", "I can add"),
        chat("thanks so much!", "You're welcome"),
        chat("thank you kindly", "You're welcome"),
        chat("ok bye then", "Bye"),
        chat("see you later", "Bye"),
        chat("good night then", "Good night"),
        chat("how r u", ""),
        chat("okay cool", ""),
        chat("how does this thing work?", "I can add"),
        chat("hey there", "I can add"),
        chat("what are you?", "I can add"),
        chat("many thanks", "You're welcome"),
        chat("cheers for that", "You're welcome"),
        chat("alright", ""),
    ],
}

HELDOUT: list[Case] = [row for name in CLASSES for row in ROWS[name]]
CLASS_OF: dict[str, str] = {row.id: name for name in CLASSES for row in ROWS[name]}
