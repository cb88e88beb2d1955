"""The third held-out set for the offline assistant (issue 12), written on 2026-12-05.

Written blind to the grammar (gateway/agent/offline*, core/nl) and to the failures of the
first two held-out sets (tests/unit/offline_heldout.py, tests/unit/offline_heldout2.py): only
the issue's classes, the conventions of the first set's docstring and the helpers were read.
Same format and conventions as tests/unit/offline_heldout.py: `NOW` is Monday 23 November 2026,
10:00 Europe/Berlin; a bare day is 09:00, "next week" is Monday 30 Nov, tonight is 20:00,
"midnight" the coming 00:00, "end of week" Sunday 29 Nov 09:00 (so "end of month" is Monday
30 Nov 09:00), "eod" today 17:00; RRULE parts in the table's order; a compound edit is one
update_task after one lookup; several titles are one lookup each in the first decision; a count
is one list_tasks, then a reply with the number in digits and the titles.

Nobody runs these rows against the model, or looks at their failures, until the grammar work is
done; never copy a row into the tuning table.
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
    day,
    looked_up_each,
    lookup,
    range_of,
)
from tests.unit.quickadd_cases import (
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

# --- tasks (ids t60 and up) and earlier conversations of this file ------------------------------
PASSPORT = task(60, "Renew passport", due("11-26"))
ELECTRICITY = task(61, "Pay electricity bill", due("11-25"), tags=["bills"])
FLIGHTS = task(62, "Book flights", due("11-27"), priority="high")
PIANO = task(
    63,
    "Piano lesson",
    due("11-26"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TH", "anchor": "due"},
)
LANDLORD = task(64, "Call the landlord")
INVOICE = task(65, "Send invoice to Acme", due("11-24"), tags=["work"])
CAR = task(66, "Car service", due("11-30"))
PRESENT = task(67, "Buy birthday present for Tom", due("12-02"), tags=["family"])
GARAGE = task(68, "Clean the garage", due("11-28"), tags=["home", "weekend"])
PLUMBER = task(69, "Call the plumber", due("11-25"))
PARCEL = task(70, "Pick up the parcel", due("11-24"))
BINS = task(
    71,
    "Put the bins out",
    due("11-24", "20:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=TU", "anchor": "due"},
)
REPORT = task(72, "Quarterly report", due("11-23", "17:00"), priority="urgent", tags=["work"])
VET = task(73, "Take Luna to the vet", due("11-23", "15:00"))

# The shown list: 1 Renew passport, 2 Pay electricity bill, 3 Book flights, 4 Piano lesson.
SHOWN3 = [
    user("what's on my plate"),
    *exchange("h3_list_1", "list_tasks", {}, listing(PASSPORT, ELECTRICITY, FLIGHTS, PIANO)),
    said("Your open tasks (4): ..."),
]
# After ADDED3, "it" is t70 Pick up the parcel (Tue 24 Nov 09:00).
ADDED3 = [
    user("add pick up the parcel tomorrow"),
    *exchange("h3_call_2", "add_task", {"title": "Pick up the parcel"}, PARCEL),
    said("Added “Pick up the parcel” — due Tue 24 Nov 09:00."),
]
# Two calls found: t64 Call the landlord, t69 Call the plumber.
TWO_CALLS = [
    user("find my calls"),
    *exchange("h3_find_3", "list_tasks", {"q": "call"}, listing(LANDLORD, PLUMBER)),
    said("Found 2 open tasks: 1. Call the landlord 2. Call the plumber"),
]


def like(text: str, *parts: str) -> Case:
    """The first decision for several titles: one lookup each, the query holding the part."""
    return Case(
        text,
        [("list_tasks", {"q": Contains(p), "status": "open", "limit": 10}) for p in parts],
    )


def missed(text: str, query: str) -> Case:
    """A lookup that found nothing: a reply (asking which task), never a new task."""
    return Case(text, reply="", in_turn=looked_up(text, query=query))


def later(date: str, clock: str = "09:00") -> str:
    """A date of 2027 (winter, +01:00)."""
    return f"2027-{date}T{clock}:00+01:00"


def edit(text: str, found: dict[str, Any], query: str, **arguments: Any) -> Case:
    """After the lookup found one task: the update it asks for."""
    return then(looked_up(text, found, query=query), "update_task", **arguments)


ROWS: list[tuple[str, list[Case]]] = [
    (
        NO_COMMAND,
        [
            add(
                "dentist check-up thursday 2pm", title="Dentist check-up", due=due("11-26", "14:00")
            ),
            add("haircut saturday 11am", title="Haircut", due=due("11-28", "11:00")),
            add(
                "Oil change for the Honda on Friday",
                title="Oil change for the Honda",
                due=due("11-27"),
            ),
            add("gas bill wednesday", title="Gas bill", due=due("11-25")),
            add(
                "mum's birthday dinner 4 december 7pm",
                title="Mum's birthday dinner",
                due=due("12-04", "19:00"),
            ),
            add("library books back tomorrow", title="Library books back", due=due("11-24")),
            add("need to buy printer ink", title="Buy printer ink"),
            add(
                "gotta email the accountant tomorrow",
                title="Email the accountant",
                due=due("11-24"),
            ),
            listed("anything due on wednesday?", **range_of("11-25", "11-26")),
            listed("what have I got on saturday", **range_of("11-28", "11-29")),
            listed("am I free tomorrow?", **range_of("11-24", "11-25")),
            lookup("the car service is on friday now", Contains("car service")),
            edit(
                "the car service is on friday now",
                CAR,
                "car service",
                task_id="t66",
                due=due("11-27"),
            ),
            missed("the yoga class moved to thursday", "yoga class"),
            chat("that one should be on tuesday instead", ""),
        ],
    ),
    (
        FORMS,
        [
            add(
                "I've got to renew the car insurance by friday",
                title="Renew the car insurance",
                due=due("11-27"),
            ),
            add(
                "don't forget to water the tomatoes tomorrow",
                title="Water the tomatoes",
                due=due("11-24"),
            ),
            add("I'll need to call the bank on wednesday", title="Call the bank", due=due("11-25")),
            add(
                "I'll have to collect the keys thursday 12:30",
                title="Collect the keys",
                due=due("11-26", "12:30"),
            ),
            lookup("I've paid the electricity bill", Contains("electricity")),
            then(
                looked_up("I've paid the electricity bill", ELECTRICITY, query="electricity bill"),
                "complete_task",
                task_id="t61",
            ),
            lookup("finished the quarterly report", Contains("report")),
            then(
                looked_up("finished the quarterly report", REPORT, query="quarterly report"),
                "complete_task",
                task_id="t72",
            ),
            then(
                looked_up("called the landlord already", LANDLORD, query="landlord"),
                "complete_task",
                task_id="t64",
            ),
            then(
                looked_up("booked the flights", FLIGHTS, query="flights"),
                "complete_task",
                task_id="t62",
            ),
            then(
                looked_up("I've taken Luna to the vet", VET, query="vet"),
                "complete_task",
                task_id="t73",
            ),
            listed("what've I finished?", status="completed"),
            listed("what's still left for me today?", **range_of("11-23", "11-24")),
            then(
                looked_up("the plumber's been called", PLUMBER, query="plumber"),
                "complete_task",
                task_id="t69",
            ),
        ],
    ),
    (
        TYPOS,
        [
            add("add buy stamps tomorow", title="Buy stamps", due=due("11-24")),
            add("add hoover the stairs wendesday", title="Hoover the stairs", due=due("11-25")),
            add(
                "add return the drill to Sam fridya",
                title="Return the drill to Sam",
                due=due("11-27"),
            ),
            add("add pay council tax 3 decmber", title="Pay council tax", due=due("12-03")),
            add(
                "add cancel the gym trial thrusday", title="Cancel the gym trial", due=due("11-26")
            ),
            add("add buy a wreath on saturdy", title="Buy a wreath", due=due("11-28")),
            add(
                "add change the bedsheets evrey sunday",
                title="Change the bedsheets",
                recurrence="FREQ=WEEKLY;BYDAY=SU",
                due=due("11-29"),
            ),
            add("add take vitamins dialy", title="Take vitamins", recurrence="FREQ=DAILY"),
            add("ad buy oat milk", title="Buy oat milk"),
            add(
                "addd send the parcel to Gran tomorrow",
                title="Send the parcel to Gran",
                due=due("11-24"),
            ),
            listed("shwo me my todo list"),
            act("compleet no. 2", "complete_task", history=SHOWN3, task_id="t61"),
            act("delte 1", "delete_task", history=SHOWN3, task_id="t60"),
            act(
                "mvoe 3 to tuesday", "update_task", history=SHOWN3, task_id="t62", due=due("11-24")
            ),
            add(
                "add renew the tv licence novmber 30",
                title="Renew the tv licence",
                due=due("11-30"),
            ),
        ],
    ),
    (
        PRIORITIES,
        [
            add(
                "add fix the leaking tap, it's urgent",
                title="Fix the leaking tap",
                priority="urgent",
            ),
            add(
                "add submit the visa form tomorrow, top priority",
                title="Submit the visa form",
                due=due("11-24"),
                priority="urgent",
            ),
            add(
                "add reply to the school email - important",
                title="Reply to the school email",
                priority="high",
            ),
            add("add sort the loft sometime, no rush", title="Sort the loft", priority=NOT_RAISED),
            add(
                "add repaint the fence, not urgent at all",
                title="Repaint the fence",
                priority=NOT_RAISED,
            ),
            add(
                "add clear out the inbox low priority", title="Clear out the inbox", priority="low"
            ),
            add("add update the CV medium priority", title="Update the CV", priority="medium"),
            add("add pay the parking fine asap", title="Pay the parking fine", priority="urgent"),
            add(
                "add call the insurer high priority friday",
                title="Call the insurer",
                priority="high",
                due=due("11-27"),
            ),
            add(
                "add order new glasses, it's not important",
                title="Order new glasses",
                priority=NOT_RAISED,
            ),
            act("make 3 urgent", "update_task", history=SHOWN3, task_id="t62", priority="urgent"),
            act(
                "lower the priority of 2 to low",
                "update_task",
                history=SHOWN3,
                task_id="t61",
                priority="low",
            ),
            edit(
                "the invoice to Acme is important",
                INVOICE,
                "invoice",
                task_id="t65",
                priority="high",
            ),
            listed("show me everything that's urgent", priority=["urgent"]),
        ],
    ),
    (
        TAGS,
        [
            add("add buy lightbulbs tagged shopping", title="Buy lightbulbs", tags=["shopping"]),
            add("add draft the budget and tag it work", title="Draft the budget", tags=["work"]),
            add("add fix the bike, label it weekend", title="Fix the bike", tags=["weekend"]),
            add("add call the school with the tag kids", title="Call the school", tags=["kids"]),
            act(
                "tag it as errands pls",
                "update_task",
                history=ADDED3,
                task_id="t70",
                tags=["errands"],
            ),
            act("label it post", "update_task", history=ADDED3, task_id="t70", tags=["post"]),
            lookup("add the tag motoring to the car service", Contains("car service")),
            edit(
                "add the tag travel to the passport task",
                PASSPORT,
                "passport",
                task_id="t60",
                tags=["travel"],
            ),
            edit(
                "put the tag birthday on the present for Tom",
                PRESENT,
                "present",
                task_id="t67",
                tags=["family", "birthday"],
            ),
            edit(
                "remove the weekend tag from clean the garage",
                GARAGE,
                "garage",
                task_id="t68",
                tags=["home"],
            ),
            edit(
                "take the bills tag off the electricity bill",
                ELECTRICITY,
                "electricity",
                task_id="t61",
                tags=[],
            ),
            listed("show everything tagged work", tags=["work"]),
            listed("which tasks have the label family?", tags=["family"]),
            act("tag 3 travel", "update_task", history=SHOWN3, task_id="t62", tags=["travel"]),
        ],
    ),
    (
        RECURRENCE,
        [
            add(
                "add book club on the first thursday of every month",
                title="Book club",
                recurrence="FREQ=MONTHLY;BYDAY=1TH",
                due=due("12-03"),
            ),
            add(
                "add pay the cleaner on the last friday of each month",
                title="Pay the cleaner",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                due=due("11-27"),
            ),
            add(
                "add recycling every other wednesday",
                title="Recycling",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
                due=due("11-25"),
            ),
            add(
                "add team retro fortnightly on thursdays",
                title="Team retro",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                due=due("11-26"),
            ),
            add(
                "add check the sourdough starter every 6 hours",
                title="Check the sourdough starter",
                recurrence="FREQ=HOURLY;INTERVAL=6",
            ),
            add(
                "add stretch every day until 13 december",
                title="Stretch",
                recurrence="FREQ=DAILY;UNTIL=20261213T225959Z",
            ),
            add(
                "add physio exercises every monday and thursday 4 times",
                title="Physio exercises",
                recurrence="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4",
            ),
            add(
                "add descale the kettle every 3 weeks after I finish it",
                title="Descale the kettle",
                recurrence="FREQ=WEEKLY;INTERVAL=3",
                anchor="completion",
            ),
            add(
                "add water the orchid every! 10 days",
                title="Water the orchid",
                recurrence="FREQ=DAILY;INTERVAL=10",
                anchor="completion",
            ),
            add(
                "add walk the dog every morning at 7",
                title="Walk the dog",
                recurrence="FREQ=DAILY",
                due=due("11-24", "07:00"),
            ),
            add(
                "add pay the rent on the 28th of every month",
                title="Pay the rent",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=28",
                due=due("11-28"),
            ),
            add(
                "add anniversary every year on 9 january",
                title="Anniversary",
                recurrence="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=9",
                due=later("01-09"),
            ),
            add(
                "add back up the laptop on the last day of every month",
                title="Back up the laptop",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=-1",
                due=due("11-30"),
            ),
            add(
                "add choir practice every tuesday until 15 december",
                title="Choir practice",
                recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T225959Z",
                due=due("11-24"),
            ),
            add(
                "add flea treatment for the cat every month after I've done it",
                title="Flea treatment for the cat",
                recurrence="FREQ=MONTHLY",
                anchor="completion",
            ),
        ],
    ),
    (
        TIMES,
        [
            add(
                "add take the pizza out in 25 minutes",
                title="Take the pizza out",
                due=due("11-23", "10:25"),
            ),
            add("add move the car in 2 hours", title="Move the car", due=due("11-23", "12:00")),
            add(
                "add check on the bread in 90 minutes",
                title="Check on the bread",
                due=due("11-23", "11:30"),
            ),
            add(
                "add ring the garage this afternoon at 3",
                title="Ring the garage",
                due=due("11-23", "15:00"),
            ),
            add(
                "add pack the gym bag this evening at 7",
                title="Pack the gym bag",
                due=due("11-23", "19:00"),
            ),
            add(
                "add file the expenses by end of month", title="File the expenses", due=due("11-30")
            ),
            add(
                "add finish the slides by end of the week",
                title="Finish the slides",
                due=due("11-29"),
            ),
            add("add send the contract eod", title="Send the contract", due=due("11-23", "17:00")),
            add(
                "add lunch with Marco tomorrow noon",
                title="Lunch with Marco",
                due=due("11-24", "12:00"),
            ),
            add(
                "add submit the bid by midnight", title="Submit the bid", due=due("11-24", "00:00")
            ),
            add(
                "add put the washing on tonight",
                title="Put the washing on",
                due=due("11-23", "20:00"),
            ),
            add("add call the clinic tomorrow morning", title="Call the clinic", due=due("11-24")),
            add(
                "add defrost the chicken in an hour",
                title="Defrost the chicken",
                due=due("11-23", "11:00"),
            ),
            add("add standup thursday at 9:45am", title="Standup", due=due("11-26", "09:45")),
        ],
    ),
    (
        REMINDERS,
        [
            add(
                "add optician thursday 2pm, remind me an hour before",
                title="Optician",
                due=due("11-26", "14:00"),
                reminders=["PT1H"],
            ),
            add(
                "add team call friday 11am and ping me 15 minutes before",
                title="Team call",
                due=due("11-27", "11:00"),
                reminders=["PT15M"],
            ),
            add(
                "add pay the water bill on the 1st of december, remind me 2 days before",
                title="Pay the water bill",
                due=due("12-01"),
                reminders=["P2D"],
            ),
            add(
                "add call grandma sunday 5pm - alert me 10 min prior",
                title="Call grandma",
                due=due("11-29", "17:00"),
                reminders=["PT10M"],
            ),
            add(
                "add book the vet tomorrow, remind me at 8am",
                title="Book the vet",
                due=due("11-24"),
                reminders=[due("11-24", "08:00")],
            ),
            add(
                "add job interview wednesday 10:30 with a reminder 30 minutes before",
                title="Job interview",
                due=due("11-25", "10:30"),
                reminders=["PT30M"],
            ),
            add(
                "add parents meeting thursday 6pm, nudge me a day before",
                title="Parents meeting",
                due=due("11-26", "18:00"),
                reminders=["P1D"],
            ),
            add(
                "add flu jab friday 4pm with reminders an hour before and 10 minutes before",
                title="Flu jab",
                due=due("11-27", "16:00"),
                reminders=["PT1H", "PT10M"],
            ),
            act(
                "remind me 2 hours before",
                "update_task",
                history=ADDED3,
                task_id="t70",
                reminders=["PT2H"],
            ),
            act(
                "and give me a reminder 45 minutes ahead",
                "update_task",
                history=ADDED3,
                task_id="t70",
                reminders=["PT45M"],
            ),
            lookup("set a reminder 20 minutes before the car service", Contains("car service")),
            edit(
                "set a reminder 20 minutes before the car service",
                CAR,
                "car service",
                task_id="t66",
                reminders=["PT20M"],
            ),
            edit(
                "remind me about the flights 3 hours before",
                FLIGHTS,
                "flights",
                task_id="t62",
                reminders=["PT3H"],
            ),
            add(
                "add renew the domain 10 december, remind me at 9am on 8 december",
                title="Renew the domain",
                due=due("12-10"),
                reminders=[due("12-08")],
            ),
        ],
    ),
    (
        FOLLOW_UPS,
        [
            act(
                "actually make it thursday",
                "update_task",
                history=ADDED3,
                task_id="t70",
                due=due("11-26"),
            ),
            act(
                "make it 4pm",
                "update_task",
                history=ADDED3,
                task_id="t70",
                due=due("11-24", "16:00"),
            ),
            act(
                "move it to friday and make it high priority",
                "update_task",
                history=ADDED3,
                task_id="t70",
                due=due("11-27"),
                priority="high",
            ),
            act(
                "that one's urgent", "update_task", history=ADDED3, task_id="t70", priority="urgent"
            ),
            act("tick off the second one", "complete_task", history=SHOWN3, task_id="t61"),
            act(
                "push the third one to saturday",
                "update_task",
                history=SHOWN3,
                task_id="t62",
                due=due("11-28"),
            ),
            act("skip number 4 this week", "skip_task", history=SHOWN3, task_id="t63"),
            Case(
                "mark both done",
                [("complete_task", {"task_id": "t64"}), ("complete_task", {"task_id": "t69"})],
                history=TWO_CALLS,
            ),
            Case(
                "move both to saturday",
                [
                    ("update_task", {"task_id": "t64", "due": due("11-28")}),
                    ("update_task", {"task_id": "t69", "due": due("11-28")}),
                ],
                history=TWO_CALLS,
            ),
            act(
                "the plumber one, set it for thursday",
                "update_task",
                history=TWO_CALLS,
                task_id="t69",
                due=due("11-26"),
            ),
            like("move the passport and the flights to friday", "passport", "flights"),
            calls(
                "move the passport and the flights to friday",
                ("update_task", {"task_id": "t60", "due": due("11-27")}),
                ("update_task", {"task_id": "t62", "due": due("11-27")}),
                in_turn=looked_up_each(
                    "move the passport and the flights to friday",
                    ("passport", [PASSPORT]),
                    ("flights", [FLIGHTS]),
                ),
            ),
            lookup("skip this week's piano lesson", Contains("piano")),
            then(
                looked_up("skip this week's piano lesson", PIANO, query="piano lesson"),
                "skip_task",
                task_id="t63",
            ),
            edit(
                "rename the invoice one to Send invoice to Acme Ltd and move it to wednesday",
                INVOICE,
                "invoice",
                task_id="t65",
                title="Send invoice to Acme Ltd",
                due=due("11-25"),
            ),
        ],
    ),
    (
        QUERIES,
        [
            listed("which of my tasks are overdue now?", overdue=True),
            listed("is there anything I've let slip past its due date", overdue=True),
            listed("what's on the cards for this week", **WEEK),
            listed("what do I have next week?", **range_of("11-30", "12-07")),
            listed("what's happening on the 2nd of december", **range_of("12-02", "12-03")),
            listed("show me my high priority stuff", priority=["high"]),
            listed("list everything with the errands tag", tags=["errands"]),
            listed("which ones did I complete already?", status="completed"),
            listed("search for passport", q=Contains("passport")),
            listed("have I got anything about the landlord", q=Contains("landlord")),
            listed("what is due today then", **range_of("11-23", "11-24")),
            listed("What's on for Thursday", **range_of("11-26", "11-27")),
            listed("anything high priority this week?", priority=["high"], **WEEK),
            listed("give me everything due before friday", due_before=day("11-27")),
        ],
    ),
    (
        WRAPPERS,
        [
            add(
                "could you please add renew my railcard on friday",
                title="Renew my railcard",
                due=due("11-27"),
            ),
            add(
                "Hi there! Can you add a task to buy a birthday card for Jess tomorrow, thanks",
                title="Buy a birthday card for Jess",
                due=due("11-24"),
            ),
            add(
                "please put collect the dry cleaning on my list for saturday",
                title="Collect the dry cleaning",
                due=due("11-28"),
            ),
            add(
                "would you mind adding phone the electrician on wednesday?",
                title="Phone the electrician",
                due=due("11-25"),
            ),
            add(
                "kindly add prepare the quarterly slides by thursday",
                title="Prepare the quarterly slides",
                due=due("11-26"),
            ),
            add("hey could u add get the car washed", title="Get the car washed"),
            add(
                "I'd like you to add return the library books tomorrow please",
                title="Return the library books",
                due=due("11-24"),
            ),
            add(
                "can you make a note to defrost the freezer this saturday",
                title="Defrost the freezer",
                due=due("11-28"),
            ),
            add(
                "Good morning! please create a task: confirm the venue booking",
                title="Confirm the venue booking",
            ),
            add("pls add top up the Oyster card", title="Top up the Oyster card"),
            add(
                "Would it be possible to add a task called Plan the team offsite for next week",
                title="Plan the team offsite",
                due=due("11-30"),
            ),
            add(
                "Dear assistant, kindly add pay school fees on 1 december. Regards",
                title="Pay school fees",
                due=due("12-01"),
            ),
            lookup("hello, could you please mark the car service as done", Contains("car service")),
        ],
    ),
    (
        SEVERAL,
        [
            adds(
                "add butter, flour and sugar",
                {"title": "Butter"},
                {"title": "Flour"},
                {"title": "Sugar"},
            ),
            adds(
                "add call the plumber tomorrow and pay the gas bill on friday",
                {"title": "Call the plumber", "due": due("11-24")},
                {"title": "Pay the gas bill", "due": due("11-27")},
            ),
            adds(
                "add: renew insurance; book dentist; buy tyres",
                {"title": "Renew insurance"},
                {"title": "Book dentist"},
                {"title": "Buy tyres"},
            ),
            adds(
                "add\n- wrap presents\n- write cards\n- post parcels",
                {"title": "Wrap presents"},
                {"title": "Write cards"},
                {"title": "Post parcels"},
            ),
            adds(
                "add 1. email Kate 2. print tickets 3. charge the camera",
                {"title": "Email Kate"},
                {"title": "Print tickets"},
                {"title": "Charge the camera"},
            ),
            adds("add bananas and yoghurt", {"title": "Bananas"}, {"title": "Yoghurt"}),
            adds(
                "add hang the shelves on saturday and mow the lawn on sunday",
                {"title": "Hang the shelves", "due": due("11-28")},
                {"title": "Mow the lawn", "due": due("11-29")},
            ),
            adds(
                "add pay rent tomorrow urgent, and tidy the desk",
                {"title": "Pay rent", "due": due("11-24"), "priority": "urgent"},
                {"title": "Tidy the desk", "priority": NOT_RAISED},
            ),
            adds(
                "I need to: cancel netflix, renew the passport photo, ring Dad",
                {"title": "Cancel netflix"},
                {"title": "Renew the passport photo"},
                {"title": "Ring Dad"},
            ),
            adds(
                "add batteries, tape & string",
                {"title": "Batteries"},
                {"title": "Tape"},
                {"title": "String"},
            ),
            adds(
                "add send the invoice monday 30 nov, and chase the payment on 7 december",
                {"title": "Send the invoice", "due": due("11-30")},
                {"title": "Chase the payment", "due": due("12-07")},
            ),
            adds(
                "add eggs tagged shopping and fix the gate tagged home",
                {"title": "Eggs", "tags": ["shopping"]},
                {"title": "Fix the gate", "tags": ["home"]},
            ),
            adds(
                "add water the plants, feed the fish and empty the dishwasher",
                {"title": "Water the plants"},
                {"title": "Feed the fish"},
                {"title": "Empty the dishwasher"},
            ),
        ],
    ),
    (
        SPOKEN,
        [
            add(
                "add pick up Mia tomorrow at half past four in the afternoon",
                title="Pick up Mia",
                due=due("11-24", "16:30"),
            ),
            add(
                "add conference call wednesday at quarter to three pm",
                title="Conference call",
                due=due("11-25", "14:45"),
            ),
            add(
                "add breakfast meeting tomorrow at half eight in the morning",
                title="Breakfast meeting",
                due=due("11-24", "08:30"),
            ),
            add("add boiler service Thursday week", title="Boiler service", due=due("12-03")),
            add("add school concert a week on Wednesday", title="School concert", due=due("12-02")),
            add(
                "add follow up with the recruiter two weeks today",
                title="Follow up with the recruiter",
                due=due("12-07"),
            ),
            add(
                "add pay the deposit on the 3rd of March",
                title="Pay the deposit",
                due=later("03-03"),
            ),
            add("add jury service 2027-01-11", title="Jury service", due=later("01-11")),
            add(
                "add post the christmas cards by 12/12",
                title="Post the christmas cards",
                due=due("12-12"),
            ),
            add(
                "Tuesday: drop the car keys at Ana's",
                title="Drop the car keys at Ana's",
                due=due("11-24"),
            ),
            add(
                "3 December - Sophie's leaving do at 6pm",
                title="Sophie's leaving do",
                due=due("12-03", "18:00"),
            ),
            add("add read chapter 7 tomorrow", title="Read chapter 7", due=due("11-24")),
            add(
                "add parents evening thursday 6pm",
                title="Parents evening",
                due=due("11-26", "18:00"),
            ),
            add(
                "add book a table for 4 on saturday at 8pm",
                title="Book a table for 4",
                due=due("11-28", "20:00"),
            ),
            add(
                "add quarter past ten tomorrow morning call the bank",
                title="Call the bank",
                due=due("11-24", "10:15"),
            ),
        ],
    ),
    (
        COUNTS,
        [
            listed("how many jobs have I got due tomorrow?", **range_of("11-24", "11-25")),
            listed("how many of my things are past due", overdue=True),
            listed("how many have I got tagged work", tags=["work"]),
            listed("how much is on for this week?", **WEEK),
            counted(
                "how many jobs have I got due tomorrow?",
                range_of("11-24", "11-25"),
                INVOICE,
                PARCEL,
                BINS,
                reply="3",
                also=("Send invoice to Acme", "Pick up the parcel", "Put the bins out"),
            ),
            counted(
                "how many of my things are past due",
                {"overdue": True},
                VET,
                reply="1",
                also=("Take Luna to the vet",),
            ),
            counted(
                "how many have I got tagged work",
                {"tags": ["work"]},
                INVOICE,
                REPORT,
                reply="2",
                also=("Send invoice to Acme", "Quarterly report"),
            ),
            counted(
                "how much is on for this week?",
                WEEK,
                PASSPORT,
                ELECTRICITY,
                FLIGHTS,
                GARAGE,
                reply="4",
                also=("Renew passport", "Pay electricity bill", "Book flights", "Clean the garage"),
            ),
            counted(
                "How many urgent tasks do I have",
                {"priority": ["urgent"]},
                REPORT,
                reply="1",
                also=("Quarterly report",),
            ),
            counted(
                "how many open tasks in total?",
                {"status": "open"},
                LANDLORD,
                CAR,
                PRESENT,
                reply="3",
                also=("Call the landlord", "Car service", "Buy birthday present for Tom"),
            ),
            counted(
                "how much have I got left today",
                range_of("11-23", "11-24"),
                REPORT,
                VET,
                reply="2",
                also=("Quarterly report", "Take Luna to the vet"),
            ),
            counted(
                "number of tasks for friday?",
                range_of("11-27", "11-28"),
                FLIGHTS,
                reply="1",
                also=("Book flights",),
            ),
            listed("How many urgent tasks do I have", priority=["urgent"]),
            listed("number of tasks for friday?", **range_of("11-27", "11-28")),
        ],
    ),
    (
        EDITS,
        [
            lookup("postpone the car service to wednesday 2 december", Contains("car service")),
            edit(
                "postpone the car service to wednesday 2 december",
                CAR,
                "car service",
                task_id="t66",
                due=due("12-02"),
            ),
            edit(
                "push back the invoice by two days",
                INVOICE,
                "invoice",
                task_id="t65",
                due=due("11-26"),
            ),
            edit(
                "bring the car service forward to friday",
                CAR,
                "car service",
                task_id="t66",
                due=due("11-27"),
            ),
            edit(
                "prepone booking the flights by a day",
                FLIGHTS,
                "flights",
                task_id="t62",
                due=due("11-26"),
            ),
            edit(
                "the passport renewal is now on saturday",
                PASSPORT,
                "passport",
                task_id="t60",
                due=due("11-28"),
            ),
            edit(
                "change the electricity bill to 3pm",
                ELECTRICITY,
                "electricity",
                task_id="t61",
                due=due("11-25", "15:00"),
            ),
            edit("delay the vet by an hour", VET, "vet", task_id="t73", due=due("11-23", "16:00")),
            edit(
                "rename the landlord task to Call the letting agent",
                LANDLORD,
                "landlord",
                task_id="t64",
                title="Call the letting agent",
            ),
            edit(
                "remove the due date from the present for Tom",
                PRESENT,
                "present",
                task_id="t67",
                clear_due=True,
            ),
            edit(
                "stop the piano lesson repeating",
                PIANO,
                "piano",
                task_id="t63",
                clear_recurrence=True,
            ),
            edit(
                "push the garage clean-up back a week",
                GARAGE,
                "garage",
                task_id="t68",
                due=due("12-05"),
            ),
            edit(
                "reschedule the plumber call for the 1st of december",
                PLUMBER,
                "plumber",
                task_id="t69",
                due=due("12-01"),
            ),
            edit(
                "make the piano lesson every other thursday",
                PIANO,
                "piano",
                task_id="t63",
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            ),
            act(
                "postpone 1 by three days",
                "update_task",
                history=SHOWN3,
                task_id="t60",
                due=due("11-29"),
            ),
        ],
    ),
    (
        TODOIST,
        [
            add(
                "Buy cat food tomorrow @shopping p1",
                title="Buy cat food",
                due=due("11-24"),
                tags=["shopping"],
                priority="urgent",
            ),
            add(
                "Prepare board deck friday #work p2",
                title="Prepare board deck",
                due=due("11-27"),
                tags=["work"],
                priority="high",
            ),
            add(
                "tidy garden shed sat p3 #home",
                title="Tidy garden shed",
                due=due("11-28"),
                priority="medium",
                tags=["home"],
            ),
            add("Read the novel p4", title="Read the novel", priority=NOT_RAISED),
            add(
                "Team lunch every last fri #work",
                title="Team lunch",
                recurrence="FREQ=MONTHLY;BYDAY=-1FR",
                due=due("11-27"),
                tags=["work"],
            ),
            add(
                "Clean the fridge every! 2 weeks",
                title="Clean the fridge",
                recurrence="FREQ=WEEKLY;INTERVAL=2",
                anchor="completion",
            ),
            add(
                "Pay phone bill every 15th @bills",
                title="Pay phone bill",
                recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
                due=due("12-15"),
                tags=["bills"],
            ),
            add(
                "call mum sun 6pm @family",
                title="Call mum",
                due=due("11-29", "18:00"),
                tags=["family"],
            ),
            add(
                "Renew gym membership dec 1 p1 #health",
                title="Renew gym membership",
                due=due("12-01"),
                priority="urgent",
                tags=["health"],
            ),
            add(
                "Take out compost every tue 7pm",
                title="Take out compost",
                recurrence="FREQ=WEEKLY;BYDAY=TU",
                due=due("11-24", "19:00"),
            ),
            add(
                "Submit timesheet every fri 4pm #work",
                title="Submit timesheet",
                recurrence="FREQ=WEEKLY;BYDAY=FR",
                due=due("11-27", "16:00"),
                tags=["work"],
            ),
            add(
                "Check smoke alarms every! 6 months",
                title="Check smoke alarms",
                recurrence="FREQ=MONTHLY;INTERVAL=6",
                anchor="completion",
            ),
            add("Email landlord @home @admin", title="Email landlord", tags=["home", "admin"]),
            add(
                "Order contacts !! tomorrow",
                title="Order contacts",
                due=due("11-24"),
                priority=OneOf("high", "urgent"),
            ),
        ],
    ),
    (
        SMALL_TALK,
        [
            chat("hiya mate", "I can add"),
            chat("Good evening!", "I can add"),
            chat("so what are you able to do for me?", "I can add"),
            chat("who am I talking to", "I can add"),
            chat("help me out, how does this work", "I can add"),
            chat("cheers, thanks a lot", "You're welcome"),
            chat("thank you so much, that helps", "You're welcome"),
            chat("ok bye", "Bye"),
            chat("alright, catch you later, bye", "Bye"),
            chat("right, good night to you", "Good night"),
            chat("okay", ""),
            chat("how's your day been going?", ""),
            chat("cool", "", history=ADDED3),
            chat("hello hello, anyone home?", "I can add"),
        ],
    ),
]

HELDOUT = [case for _, cases in ROWS for case in cases]
CLASS_OF = {case.id: name for name, cases in ROWS for case in cases}
