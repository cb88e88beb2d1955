"""Held-out commands for the offline assistant, the fifth set (written on 2026-12-05).

Written blind: from the issue's classes alone, without reading the grammar (gateway/agent/offline,
core/nl) and without seeing which rows of the earlier held-out sets or of the tuning table fail.
Same format, fixed `NOW` (Monday 23 November 2026, 10:00 Europe/Berlin), helpers and conventions
as tests/unit/offline_heldout.py, plus:
- "midnight" = the coming 00:00 (Tue 24 Nov 00:00); "end of month" = Mon 30 Nov 09:00;
- after a shown list, tasks are referred to by position, "it" or "both", never by a title on
  screen.

Nobody runs these rows against the model until the grammar work is done; then they are run once
and the pass rate (overall and per class, from `CLASS_OF`) is reported. Never copy a row into
the tuning table, and never tune the grammar on a failure seen here.
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
    adds,
    calls,
    chat,
    counted,
    lookup,
    range_of,
)
from tests.unit.quickadd_cases import (
    ABSENT,
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

# --- tasks (ids t110 and up) and earlier conversations of this file -----------------------------
VET = task(110, "Vet appointment for Biscuit", due("11-26"))
EXPENSES = task(111, "Submit expense report", due("11-24"))
PLANTS = task(
    112,
    "Water the plants",
    due("11-25"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
PASSPORT = task(113, "Renew passport")
PLUMBER = task(114, "Call the plumber", due("11-23"))
FLIGHTS = task(115, "Book flights to Lisbon", due("11-28"), priority="high")
STANDUP = task(116, "Prepare standup notes", tags=["work"])
COUNCIL = task(117, "Pay council tax", due("11-20"))
INSURANCE = task(118, "Renew car insurance", due("11-27"))
BINS = task(
    119,
    "Put the bins out",
    due("11-26", "19:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TH", "anchor": "due"},
)
LAUNDRY = task(120, "Do the laundry", due("11-23", "18:00"))
HAIRCUT = task(121, "Haircut", due("11-25"))
PARCEL = task(122, "Return the parcel", completed=True, completed_at="2026-11-22T15:00:00+00:00")
REVIEW = task(123, "Annual review", due("12-02"))
BOILER = task(124, "Fix the boiler", priority="urgent")

# MINE lists 1 VET, 2 EXPENSES, 3 PLANTS, 4 PASSPORT.
MINE = [
    user("what's on my plate"),
    *exchange("h5_list_1", "list_tasks", {}, listing(VET, EXPENSES, PLANTS, PASSPORT)),
    said("Your open tasks (4): ..."),
]
# OVERDUE_TWO lists 1 COUNCIL, 2 PLUMBER (both due before now).
OVERDUE_TWO = [
    user("anything overdue?"),
    *exchange("h5_list_2", "list_tasks", {"overdue": True}, listing(COUNCIL, PLUMBER)),
    said("Overdue (2): ..."),
]
# After JUST_ADDED, "it" / "that one" is t118 Renew car insurance (Fri 27 Nov 09:00).
JUST_ADDED = [
    user("add renew car insurance on friday"),
    *exchange("h5_call_3", "add_task", {"title": "Renew car insurance"}, INSURANCE),
    said("Added “Renew car insurance” — due Fri 27 Nov 09:00."),
]


def missing(text: str, query: str) -> Case:
    """A failed edit by title (the lookup found nothing): a reply, never a new task."""
    return Case(text, reply="", in_turn=looked_up(text, query=query))


def after_lookup(text: str, found: dict[str, Any], query: str, name: str, **arguments: Any) -> Case:
    return then(looked_up(text, found, query=query), name, **arguments)


def mine(text: str, *made: tuple[str, dict[str, Any]]) -> Case:
    return calls(text, *made, history=MINE)


ROWS: list[tuple[str, list[Case]]] = [
    (
        NO_COMMAND,
        [
            add("dentist checkup thursday 2pm", title="Dentist checkup", due=due("11-26", "14:00")),
            add(
                "Oil change for the Corolla on saturday",
                title="Oil change for the Corolla",
                due=due("11-28"),
            ),
            add(
                "parents evening at Oakfield school wednesday 6pm",
                title="Parents evening at Oakfield school",
                due=due("11-25", "18:00"),
            ),
            add("gas bill", title="Gas bill", due=ABSENT),
            add("Sandra's leaving card tomorrow", title="Sandra's leaving card", due=due("11-24")),
            add("wiper blades for the van", title="Wiper blades for the van"),
            add(
                "pick up the dry cleaning tmrw", title="Pick up the dry cleaning", due=due("11-24")
            ),
            listed("anything due for tomorrow at all?", **range_of("11-24", "11-25")),
            listed("what have I got on this week?", **WEEK),
            listed("is anything at all overdue", overdue=True),
            missing("move the boat registration to friday", "boat registration"),
            missing("the quarterly review is done", "quarterly review"),
            missing("rename the bakery thing to Order birthday cake", "bakery"),
            add("Book MOT for the van 1 december", title="Book MOT for the van", due=due("12-01")),
        ],
    ),
    (
        FORMS,
        [
            add(
                "I've got to return the library books tomorrow",
                title="Return the library books",
                due=due("11-24"),
            ),
            add(
                "I'll need to renew my gym pass on friday",
                title="Renew my gym pass",
                due=due("11-27"),
            ),
            add("gotta email the accountant", title="Email the accountant"),
            add("I'd like to add sort out the garage", title="Sort out the garage"),
            add(
                "I'm supposed to collect the keys thursday at 11am",
                title="Collect the keys",
                due=due("11-26", "11:00"),
            ),
            lookup("I've finally finished the expense report", Contains("expense report")),
            after_lookup(
                "I've finally finished the expense report",
                EXPENSES,
                "expense report",
                "complete_task",
                task_id="t111",
            ),
            lookup("just renewed my passport", Contains("passport")),
            after_lookup(
                "just renewed my passport", PASSPORT, "passport", "complete_task", task_id="t113"
            ),
            lookup("called the plumber already", Contains("plumber")),
            after_lookup(
                "called the plumber already", PLUMBER, "plumber", "complete_task", task_id="t114"
            ),
            lookup("we've paid the council tax", Contains("council tax")),
            after_lookup(
                "we've paid the council tax",
                COUNCIL,
                "council tax",
                "complete_task",
                task_id="t117",
            ),
            add(
                "don't forget: I've gotta pick up Mia at 3pm tomorrow",
                title="Pick up Mia",
                due=due("11-24", "15:00"),
            ),
        ],
    ),
    (
        TYPOS,
        [
            add("add buy postage stamps tomorow", title="Buy postage stamps", due=due("11-24")),
            add("add call grandma on wendesday", title="Call grandma", due=due("11-25")),
            add("remind me to fix the fence on thrusday", title="Fix the fence", due=due("11-26")),
            add(
                "add order new glasses on the 3rd of decmeber",
                title="Order new glasses",
                due=due("12-03"),
            ),
            add("ad feed the fish evrey day", title="Feed the fish", recurrence="FREQ=DAILY"),
            add("add clean the oven on saturdy", title="Clean the oven", due=due("11-28")),
            add("add take vitamins evry morning", title="Take vitamins", recurrence="FREQ=DAILY"),
            add(
                "add yoga class evrey tuesday",
                title="Yoga class",
                recurrence="FREQ=WEEKLY;BYDAY=TU",
            ),
            add("add post the parcel fridy", title="Post the parcel", due=due("11-27")),
            listed("shwo me my tasks"),
            act("compelte number 2", "complete_task", history=MINE, task_id="t111"),
            act("delte 4", "delete_task", history=MINE, task_id="t113"),
            add("add file taxes next mnoth", title="File taxes", due=due("12-01")),
            listed("whats due tomorow", **range_of("11-24", "11-25")),
        ],
    ),
    (
        PRIORITIES,
        [
            add(
                "add fix the leaking bathroom tap, it's urgent",
                title="Fix the leaking bathroom tap",
                priority="urgent",
            ),
            add("add call the bank asap", title="Call the bank", priority="urgent"),
            add(
                "add renew the domain name, important",
                title="Renew the domain name",
                priority="high",
            ),
            add("add tidy the shed, no rush", title="Tidy the shed", priority=NOT_RAISED),
            add(
                "add sort old photos - not urgent at all",
                title="Sort old photos",
                priority=NOT_RAISED,
            ),
            add(
                "add reply to the landlord, top priority",
                title="Reply to the landlord",
                priority="urgent",
            ),
            add(
                "add book a dentist check, low priority",
                title="Book a dentist check",
                priority="low",
            ),
            add(
                "add prepare the slides tomorrow, high priority",
                title="Prepare the slides",
                due=due("11-24"),
                priority="high",
            ),
            add(
                "add read that article, not important",
                title="Read that article",
                priority=NOT_RAISED,
            ),
            add(
                "add chase the invoice, super urgent!!",
                title="Chase the invoice",
                priority="urgent",
            ),
            add("add medium priority: update the CV", title="Update the CV", priority="medium"),
            mine(
                "make number 2 urgent", ("update_task", {"task_id": "t111", "priority": "urgent"})
            ),
            mine(
                "lower the priority of 4 to low",
                ("update_task", {"task_id": "t113", "priority": "low"}),
            ),
            add("add priority 1 sign the contract", title="Sign the contract", priority="urgent"),
        ],
    ),
    (
        TAGS,
        [
            add("add buy printer ink, tag it office", title="Buy printer ink", tags=["office"]),
            add("add plan the hike tagged outdoors", title="Plan the hike", tags=["outdoors"]),
            add(
                "add water the tomatoes with the tag garden",
                title="Water the tomatoes",
                tags=["garden"],
            ),
            add("add call the school, tag: family", title="Call the school", tags=["family"]),
            add(
                "add draft the budget, tags work and finance",
                title="Draft the budget",
                tags=["work", "finance"],
            ),
            add("add renew the lease and tag it home", title="Renew the lease", tags=["home"]),
            add("add buy batteries label errands", title="Buy batteries", tags=["errands"]),
            listed("show me everything tagged work", tags=["work"]),
            listed("what's in my errands tag", tags=["errands"]),
            listed("list tasks with the tag garden", tags=["garden"]),
            mine("tag 1 as pets", ("update_task", {"task_id": "t110", "tags": ["pets"]})),
            mine(
                "put the third one under the home tag",
                ("update_task", {"task_id": "t112", "tags": ["home"]}),
            ),
            add(
                "add book a plumber tagged house tomorrow",
                title="Book a plumber",
                tags=["house"],
                due=due("11-24"),
            ),
        ],
    ),
    (
        RECURRENCE,
        [
            add(
                "add team retro every other thursday",
                title="Team retro",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            ),
            add(
                "add pay the cleaner fortnightly",
                title="Pay the cleaner",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
            ),
            add(
                "add book club on the first wednesday of every month",
                title="Book club",
                recurrence="FREQ=MONTHLY;BYDAY=1WE",
            ),
            add(
                "add submit timesheet on the last friday of each month",
                title="Submit timesheet",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
            ),
            add(
                "add take antibiotics every 8 hours",
                title="Take antibiotics",
                recurrence="FREQ=HOURLY;INTERVAL=8",
            ),
            add(
                "add physio exercises every day until 20 december",
                title="Physio exercises",
                recurrence="FREQ=DAILY;UNTIL=20261220T225959Z",
            ),
            add(
                "add piano lesson every monday, 6 times",
                title="Piano lesson",
                recurrence="FREQ=WEEKLY;BYDAY=MO;COUNT=6",
            ),
            add(
                "add descale the kettle 2 weeks after I last did it",
                title="Descale the kettle",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
                anchor="completion",
            ),
            add(
                "add walk the dog every morning at 7am",
                title="Walk the dog",
                recurrence="FREQ=DAILY",
                due=due("11-24", "07:00"),
            ),
            add(
                "add check the smoke alarms every 3 months",
                title="Check the smoke alarms",
                recurrence="FREQ=MONTHLY;INTERVAL=3",
            ),
            add(
                "add pay rent on the 15th of every month",
                title="Pay rent",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
            ),
            add(
                "add mum's birthday every year on 14 march",
                title="Mum's birthday",
                recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14",
            ),
            add(
                "add change the water filter every! 30 days",
                title="Change the water filter",
                recurrence="FREQ=DAILY;INTERVAL=30",
                anchor="completion",
            ),
            add(
                "add band practice every second saturday",
                title="Band practice",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            ),
        ],
    ),
    (
        TIMES,
        [
            add("add move the car in 45 minutes", title="Move the car", due=due("11-23", "10:45")),
            add(
                "add take the cake out in 20 mins",
                title="Take the cake out",
                due=due("11-23", "10:20"),
            ),
            add(
                "add ring the garage in 3 hours", title="Ring the garage", due=due("11-23", "13:00")
            ),
            add(
                "add send the meeting notes this afternoon at 3",
                title="Send the meeting notes",
                due=due("11-23", "15:00"),
            ),
            add("add call Priya this evening at 7", title="Call Priya", due=due("11-23", "19:00")),
            add(
                "add finish the proposal by end of month",
                title="Finish the proposal",
                due=due("11-30"),
            ),
            add("add clear my inbox by end of week", title="Clear my inbox", due=due("11-29")),
            add("add approve the PR eod", title="Approve the PR", due=due("11-23", "17:00")),
            add(
                "add lunch with Tom tomorrow at noon",
                title="Lunch with Tom",
                due=due("11-24", "12:00"),
            ),
            add(
                "add submit the tender bid by midnight",
                title="Submit the tender bid",
                due=due("11-24", "00:00"),
            ),
            add("add iron a shirt tonight", title="Iron a shirt", due=due("11-23", "20:00")),
            add(
                "add check the oven in an hour and a half",
                title="Check the oven",
                due=due("11-23", "11:30"),
            ),
            add("add stand-up at 9:15 tomorrow", title="Stand-up", due=due("11-24", "09:15")),
            add(
                "add pay the deposit by the end of the month",
                title="Pay the deposit",
                due=due("11-30"),
            ),
        ],
    ),
    (
        REMINDERS,
        [
            add(
                "add haircut thursday 4pm, remind me 30 minutes before",
                title="Haircut",
                due=due("11-26", "16:00"),
                reminders=["PT30M"],
            ),
            add(
                "add pay the nanny friday and remind me a day before",
                title="Pay the nanny",
                due=due("11-27"),
                reminders=["P1D"],
            ),
            add(
                "add webinar tomorrow 2pm with a reminder 15 min before",
                title="Webinar",
                due=due("11-24", "14:00"),
                reminders=["PT15M"],
            ),
            add(
                "add flight to Dublin saturday 6pm, ping me 2 hours before",
                title="Flight to Dublin",
                due=due("11-28", "18:00"),
                reminders=["PT2H"],
            ),
            add(
                "add doctor's appointment wed 11am and alert me an hour ahead",
                title="Doctor's appointment",
                due=due("11-25", "11:00"),
                reminders=["PT1H"],
            ),
            add(
                "add parcel pickup tomorrow, remind me at 8am",
                title="Parcel pickup",
                due=due("11-24"),
                reminders=["2026-11-24T08:00:00+01:00"],
            ),
            add(
                "add school play friday 5pm, nudge me 45 mins before",
                title="School play",
                due=due("11-27", "17:00"),
                reminders=["PT45M"],
            ),
            add(
                "add call the council thursday with a remnder 10 minutes before",
                title="Call the council",
                due=due("11-26"),
                reminders=["PT10M"],
            ),
            add(
                "add team dinner saturday 7pm remind me half an hour before",
                title="Team dinner",
                due=due("11-28", "19:00"),
                reminders=["PT30M"],
            ),
            mine(
                "remind me about 1 two hours before",
                ("update_task", {"task_id": "t110", "reminders": ["PT2H"]}),
            ),
            mine(
                "set a reminder 1 day before for number 2",
                ("update_task", {"task_id": "t111", "reminders": ["P1D"]}),
            ),
            add(
                "add car service 1 dec 8am, remind me the day before and an hour before",
                title="Car service",
                due=due("12-01", "08:00"),
                reminders=["P1D", "PT1H"],
            ),
            add(
                "add quiz night wednesday 8pm and ping me 3 hours before",
                title="Quiz night",
                due=due("11-25", "20:00"),
                reminders=["PT3H"],
            ),
        ],
    ),
    (
        FOLLOW_UPS,
        [
            mine(
                "move the second one to thursday and make it urgent",
                ("update_task", {"task_id": "t111", "due": due("11-26"), "priority": "urgent"}),
            ),
            mine("tick off the first one", ("complete_task", {"task_id": "t110"})),
            mine(
                "done with 2 and 4",
                ("complete_task", {"task_id": "t111"}),
                ("complete_task", {"task_id": "t113"}),
            ),
            mine("skip the 3rd one just this week", ("skip_task", {"task_id": "t112"})),
            mine(
                "push number 1 to next monday",
                ("update_task", {"task_id": "t110", "due": due("11-30")}),
            ),
            calls(
                "mark both of them done",
                ("complete_task", {"task_id": "t117"}),
                ("complete_task", {"task_id": "t114"}),
                history=OVERDUE_TWO,
            ),
            calls(
                "move both of those to tomorrow",
                ("update_task", {"task_id": "t117", "due": due("11-24")}),
                ("update_task", {"task_id": "t114", "due": due("11-24")}),
                history=OVERDUE_TWO,
            ),
            calls(
                "actually make it high priority",
                ("update_task", {"task_id": "t118", "priority": "high"}),
                history=JUST_ADDED,
            ),
            calls(
                "and tag that one car",
                ("update_task", {"task_id": "t118", "tags": ["car"]}),
                history=JUST_ADDED,
            ),
            calls(
                "move it to saturday and remind me an hour before",
                ("update_task", {"task_id": "t118", "due": due("11-28"), "reminders": ["PT1H"]}),
                history=JUST_ADDED,
            ),
            lookup("skip this week's plant watering", Contains("plant")),
            after_lookup(
                "skip this week's plant watering", PLANTS, "plant", "skip_task", task_id="t112"
            ),
            mine(
                "complete 1, 3 and 4",
                ("complete_task", {"task_id": "t110"}),
                ("complete_task", {"task_id": "t112"}),
                ("complete_task", {"task_id": "t113"}),
            ),
            calls(
                "rename it to Renew van insurance",
                ("update_task", {"task_id": "t118", "title": "Renew van insurance"}),
                history=JUST_ADDED,
            ),
        ],
    ),
    (
        QUERIES,
        [
            listed("what do I need to do today", **TODAY),
            listed("show me what's coming up this week", **WEEK),
            listed("what's gone overdue?", overdue=True),
            listed("which tasks are urgent", priority=["urgent"]),
            listed("list my high priority stuff", priority=["high"]),
            listed("which tasks did I get done", status="completed"),
            listed("anything on for tomorrow", **range_of("11-24", "11-25")),
            listed("what's happening on friday", **range_of("11-27", "11-28")),
            listed("have I got anything about the plumber", q=Contains("plumber")),
            listed("find my tasks mentioning Lisbon", q=Contains("lisbon")),
            listed("what is due during next week", **range_of("11-30", "12-07")),
            listed("show everything sorted by priority", sort="priority"),
            listed("what's on for wednesday", **range_of("11-25", "11-26")),
            listed("show me all my tasks please"),
        ],
    ),
    (
        WRAPPERS,
        [
            add(
                "could you please add collect the prescription tomorrow",
                title="Collect the prescription",
                due=due("11-24"),
            ),
            add(
                "can u put get a birthday card for Dad on my list",
                title="Get a birthday card for Dad",
            ),
            add(
                "I need to remember to defrost the freezer on saturday",
                title="Defrost the freezer",
                due=due("11-28"),
            ),
            add(
                "don't let me forget to cancel the trial by friday",
                title="Cancel the trial",
                due=due("11-27"),
            ),
            add("note to self: back up the laptop", title="Back up the laptop"),
            add("hey, would you mind adding buy a new kettle", title="Buy a new kettle"),
            add("pls add renew the parking permit thx", title="Renew the parking permit"),
            add(
                "kindly add submit the leave application on thursday",
                title="Submit the leave application",
                due=due("11-26"),
            ),
            add(
                "make a note that I have to phone the insurer tomorrow",
                title="Phone the insurer",
                due=due("11-24"),
            ),
            add(
                "Could you kindly remind me to bring the umbrella tomorrow",
                title="Bring the umbrella",
                due=due("11-24"),
            ),
            add("I want to add clean the gutters to my todo list", title="Clean the gutters"),
            add("new task: write thank-you notes", title="Write thank-you notes"),
            add(
                "just wanted to say, add return the drill to Ken please",
                title="Return the drill to Ken",
            ),
        ],
    ),
    (
        SEVERAL,
        [
            adds(
                "add call the plumber tomorrow and email the landlord on friday",
                {"title": "Call the plumber", "due": due("11-24")},
                {"title": "Email the landlord", "due": due("11-27")},
            ),
            adds(
                "add butter, plain flour and caster sugar",
                {"title": "Butter"},
                {"title": "Plain flour"},
                {"title": "Caster sugar"},
            ),
            adds(
                "add: wash the car; hoover the stairs; change the bedsheets",
                {"title": "Wash the car"},
                {"title": "Hoover the stairs"},
                {"title": "Change the bedsheets"},
            ),
            adds(
                "add book a table for saturday, and also order flowers for sunday",
                {"title": "Book a table", "due": due("11-28")},
                {"title": "Order flowers", "due": due("11-29")},
            ),
            adds(
                "remind me to pay the electricity bill on wednesday"
                " and to renew the tv licence on thursday",
                {"title": "Pay the electricity bill", "due": due("11-25")},
                {"title": "Renew the tv licence", "due": due("11-26")},
            ),
            adds(
                "add 1) ring the vet 2) buy cat litter 3) clean the litter tray",
                {"title": "Ring the vet"},
                {"title": "Buy cat litter"},
                {"title": "Clean the litter tray"},
            ),
            adds(
                "add fix the boiler asap and tidy the loft, no rush",
                {"title": "Fix the boiler", "priority": "urgent"},
                {"title": "Tidy the loft", "priority": NOT_RAISED},
            ),
            adds(
                "add coffee beans, oat milk and bananas",
                {"title": "Coffee beans"},
                {"title": "Oat milk"},
                {"title": "Bananas"},
            ),
            adds(
                "add call Anna at 4pm today then email Ben tomorrow",
                {"title": "Call Anna", "due": due("11-23", "16:00")},
                {"title": "Email Ben", "due": due("11-24")},
            ),
            adds(
                "Add these: pack the suitcase, print boarding passes, charge the camera",
                {"title": "Pack the suitcase"},
                {"title": "Print boarding passes"},
                {"title": "Charge the camera"},
            ),
            adds(
                "add gym every monday and swim every friday",
                {"title": "Gym", "recurrence": "FREQ=WEEKLY;BYDAY=MO"},
                {"title": "Swim", "recurrence": "FREQ=WEEKLY;BYDAY=FR"},
            ),
            adds(
                "add send invoice #work and buy a gift #personal",
                {"title": "Send invoice", "tags": ["work"]},
                {"title": "Buy a gift", "tags": ["personal"]},
            ),
            adds(
                "add renew my visa by friday and book the medical on tuesday",
                {"title": "Renew my visa", "due": due("11-27")},
                {"title": "Book the medical", "due": due("11-24")},
            ),
        ],
    ),
    (
        SPOKEN,
        [
            add(
                "add send the rent on the third of December",
                title="Send the rent",
                due=due("12-03"),
            ),
            add(
                "add school run tomorrow at half past eight in the morning",
                title="School run",
                due=due("11-24", "08:30"),
            ),
            add(
                "add pick up Ava from school tomorrow at 3pm",
                title="Pick up Ava from school",
                due=due("11-24", "15:00"),
            ),
            add("add drinks with Jo friday week", title="Drinks with Jo", due=due("12-04")),
            add("add call the bank a week on tuesday", title="Call the bank", due=due("12-01")),
            add("add fit the new blinds on 5/12", title="Fit the new blinds", due=due("12-05")),
            add("add buy Christmas cards on 12/12", title="Buy Christmas cards", due=due("12-12")),
            add(
                "add dentist at quarter past two on thursday afternoon",
                title="Dentist",
                due=due("11-26", "14:15"),
            ),
            add(
                "add order 2 pizzas for the team lunch friday",
                title="Order 2 pizzas for the team lunch",
                due=due("11-27"),
            ),
            add(
                "add sign up for the 10k run on saturday",
                title="Sign up for the 10k run",
                due=due("11-28"),
            ),
            add(
                "add meeting with the Year 9 parents wednesday at 5pm",
                title="Meeting with the Year 9 parents",
                due=due("11-25", "17:00"),
            ),
            add("add ring Nan on Dec 2nd", title="Ring Nan", due=due("12-02")),
            add(
                "add take the bins out tomorrow at half six in the evening",
                title="Take the bins out",
                due=due("11-24", "18:30"),
            ),
            add("add hand in form 27B tomorrow", title="Hand in form 27B", due=due("11-24")),
        ],
    ),
    (
        COUNTS,
        [
            counted(
                "how many tasks have I got for today",
                TODAY,
                PLUMBER,
                LAUNDRY,
                reply="2",
                also=("Call the plumber", "Do the laundry"),
            ),
            counted(
                "how many things are overdue right now",
                {"overdue": True},
                COUNCIL,
                reply="1",
                also=("Pay council tax",),
            ),
            counted(
                "count up my urgent tasks pls",
                {"priority": ["urgent"]},
                BOILER,
                reply="1",
                also=("Fix the boiler",),
            ),
            counted(
                "how many are due this week",
                WEEK,
                EXPENSES,
                PLANTS,
                VET,
                INSURANCE,
                reply="4",
                also=("Submit expense report", "Renew car insurance"),
            ),
            counted(
                "how many tasks tagged work do I have",
                {"tags": ["work"]},
                STANDUP,
                reply="1",
                also=("Prepare standup notes",),
            ),
            counted(
                "number of tasks due tomorrow?",
                range_of("11-24", "11-25"),
                EXPENSES,
                reply="1",
                also=("Submit expense report",),
            ),
            counted(
                "in total how many open tasks are on my list",
                {},
                VET,
                EXPENSES,
                PLANTS,
                reply="3",
                also=("Vet appointment for Biscuit", "Water the plants"),
            ),
            counted(
                "how many high priority ones are there",
                {"priority": ["high"]},
                FLIGHTS,
                reply="1",
                also=("Book flights to Lisbon",),
            ),
            counted(
                "how many tasks on friday",
                range_of("11-27", "11-28"),
                INSURANCE,
                reply="1",
                also=("Renew car insurance",),
            ),
            counted(
                "give me a count of what's due wednesday",
                range_of("11-25", "11-26"),
                PLANTS,
                HAIRCUT,
                reply="2",
                also=("Water the plants", "Haircut"),
            ),
            counted(
                "how many have I completed so far",
                {"status": "completed"},
                PARCEL,
                reply="1",
                also=("Return the parcel",),
            ),
            counted(
                "how many things are due next week",
                range_of("11-30", "12-07"),
                REVIEW,
                reply="1",
                also=("Annual review",),
            ),
            counted(
                "quick count: how much is overdue?",
                {"overdue": True},
                COUNCIL,
                PLUMBER,
                reply="2",
                also=("Pay council tax", "Call the plumber"),
            ),
        ],
    ),
    (
        EDITS,
        [
            lookup("postpone the vet appointment to monday", Contains("vet")),
            after_lookup(
                "postpone the vet appointment to monday",
                VET,
                "vet",
                "update_task",
                task_id="t110",
                due=due("11-30"),
            ),
            after_lookup(
                "push back the haircut by a day",
                HAIRCUT,
                "haircut",
                "update_task",
                task_id="t121",
                due=due("11-26"),
            ),
            after_lookup(
                "bring the Lisbon flights forward to thursday",
                FLIGHTS,
                "lisbon",
                "update_task",
                task_id="t115",
                due=due("11-26"),
            ),
            after_lookup(
                "prepone the vet appointment to wednesday",
                VET,
                "vet",
                "update_task",
                task_id="t110",
                due=due("11-25"),
            ),
            after_lookup(
                "the vet visit is now on friday",
                VET,
                "vet",
                "update_task",
                task_id="t110",
                due=due("11-27"),
            ),
            after_lookup(
                "delay the car insurance by a week",
                INSURANCE,
                "car insurance",
                "update_task",
                task_id="t118",
                due=due("12-04"),
            ),
            after_lookup(
                "rename the passport task to Renew passport and ID card",
                PASSPORT,
                "passport",
                "update_task",
                task_id="t113",
                title="Renew passport and ID card",
            ),
            after_lookup(
                "push the laundry back two hours",
                LAUNDRY,
                "laundry",
                "update_task",
                task_id="t120",
                due=due("11-23", "20:00"),
            ),
            after_lookup(
                "remove the due date from the expense report",
                EXPENSES,
                "expense report",
                "update_task",
                task_id="t111",
                clear_due=True,
            ),
            after_lookup(
                "stop the bins repeating",
                BINS,
                "bins",
                "update_task",
                task_id="t119",
                clear_recurrence=True,
            ),
            lookup("move the haircut to tuesday 1 december", Contains("haircut")),
            after_lookup(
                "change the plumber call to tomorrow",
                PLUMBER,
                "plumber",
                "update_task",
                task_id="t114",
                due=due("11-24"),
            ),
            after_lookup(
                "make the passport renewal high priority",
                PASSPORT,
                "passport",
                "update_task",
                task_id="t113",
                priority="high",
            ),
        ],
    ),
    (
        TODOIST,
        [
            add(
                "Pay rent every 1st p2 #home",
                title="Pay rent",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
                priority="high",
                tags=["home"],
            ),
            add(
                "Review PRs tomorrow p1 @work",
                title="Review PRs",
                due=due("11-24"),
                priority="urgent",
                tags=["work"],
            ),
            add(
                "Expense claim every last fri #finance",
                title="Expense claim",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                tags=["finance"],
            ),
            add(
                "Replace toothbrush every! 3 months",
                title="Replace toothbrush",
                recurrence="FREQ=MONTHLY;INTERVAL=3",
                anchor="completion",
            ),
            add("buy bulbs p3 @errands", title="Buy bulbs", priority="medium", tags=["errands"]),
            add("Clean fridge p4", title="Clean fridge", priority=NOT_RAISED),
            add(
                "Standup every weekday 9:30am @work",
                title="Standup",
                tags=["work"],
                due=due("11-24", "09:30"),
            ),
            add(
                "Submit report fri 5pm p1 #work #q4",
                title="Submit report",
                due=due("11-27", "17:00"),
                priority="urgent",
                tags=["work", "q4"],
            ),
            add(
                "Water plants every! 4 days @home",
                title="Water plants",
                recurrence="FREQ=DAILY;INTERVAL=4",
                anchor="completion",
                tags=["home"],
            ),
            add(
                "Call dad sun 6pm #family",
                title="Call dad",
                due=due("11-29", "18:00"),
                tags=["family"],
            ),
            add(
                "Pay card every 25th p1",
                title="Pay card",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
                priority="urgent",
            ),
            add(
                "Gym every mon, wed, fri 7am", title="Gym", recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR"
            ),
            add("Renew domain dec 15 p2", title="Renew domain", due=due("12-15"), priority="high"),
            add(
                "Journal every day @personal p4",
                title="Journal",
                recurrence="FREQ=DAILY",
                tags=["personal"],
            ),
        ],
    ),
    (
        SMALL_TALK,
        [
            chat("hiya there", "I can add"),
            chat("good morning, assistant", "I can add"),
            chat("what sorts of things can you do for me", "I can add"),
            chat("who are you exactly", "I can add"),
            chat("cheers mate, legend", "You're welcome"),
            chat("thanks a lot, that's great", "You're welcome"),
            chat("thank u so much", "You're welcome"),
            chat("right, bye for now then", "Bye"),
            chat("see you later alligator", "Bye"),
            chat("righto, good night", "Good night"),
            chat("ok cool beans", ""),
            chat("you alright? how's your day been", ""),
            chat("help me please, how does this work", "I can add"),
            chat("howzit", "I can add"),
        ],
    ),
]

HELDOUT = [case for _, cases in ROWS for case in cases]
CLASS_OF = {case.id: name for name, cases in ROWS for case in cases}
