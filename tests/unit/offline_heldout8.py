"""The eighth held-out set of commands for the offline assistant (issue 12), written blind.

Written on 2026-12-05 from the issue's classes and the conventions of the first set
(tests/unit/offline_heldout.py), without reading the grammar (gateway/agent/offline*, core/nl),
the tuning table or the other held-out sets, and without running a single row. Same format as
tests/unit/test_quickadd_table.py: the fixed `NOW` (Monday 23 November 2026, 10:00
Europe/Berlin), the same helpers; each row is one message (optionally after an earlier
conversation) and the exact tool calls, with their key arguments, or the reply fragment a
correct assistant gives.

The rule of every held-out set: nobody runs these rows against the model, and nobody looks at
their failures, until the grammar work for issue 12 is done. Then they are run once and the pass
rate (overall and per class, from `CLASS_OF`) goes into the closing note. Never copy a row into
the tuning table, and never tune the grammar on a failure seen here.
tests/unit/test_heldout_shape.py checks only the form of this file, never the model.

The matchers (`Contains`, `OneOf`, `NOT_RAISED`), `Row.also_say` and `NEVER_SAY` are the first
set's. Conventions, the first set's (where the issue is silent):
- a day alone is 09:00, the next occurrence after now; "next week" = Monday 30 Nov; "next month"
  = 1 Dec; tonight 20:00; morning 09:00; "this afternoon/evening" only with a clock time;
  "end of week" = Sunday 29 Nov 09:00; "end of month" = Monday 30 Nov 09:00; "eod" = today
  17:00; "midnight" = the coming 00:00 (Tue 24 Nov 00:00); "24/12" is day/month; "Thursday
  week" = Thu 3 Dec; "a week on Wednesday" = Wed 2 Dec; "a fortnight from today" = Mon 7 Dec.
- "until 18 december" includes that day: UNTIL = its end in Berlin (20261218T225959Z).
- RRULE parts in the table's order: FREQ, INTERVAL, BYMONTH, BYMONTHDAY/BYDAY, UNTIL/COUNT.
- "important" = high, "top priority", "priority 1", "p1", "asap", "super urgent" = urgent;
  "no rush", "not urgent", "not a priority", "p4" leave it absent, "none" or "low".
- Reminders: "N before" is a duration ("PT30M"), "at 8:30" a moment (RFC 3339).
- A compound edit of one task is one update_task with every field; several titles in one
  edit are looked up one list_tasks each, in the order written; several positions or "both"
  give one call each, in order.
- Moving to a bare day keeps 09:00 for tasks due at 09:00 (rows avoid other clock times);
  relative moves ("by a day", "forward a day", "by a week") keep the clock time.
- "add apples, pears and porridge oats" gives "Apples", "Pears", "Porridge oats" (no verb).
- A title keeps the user's words as typed, first letter capitalised ("Call bob").
- A count is one list_tasks with the filter, then a reply holding the number and the titles.
- Greetings and "who are you" reply with the help ("I can add"); thanks "You're welcome";
  "bye"/"see you" "Bye"; "good night" "Good night"; "how are you" any reply, no call.
Added for this set:
- After a shown list, rows refer to tasks by position, "it" or "both", never by a title that is
  on screen.
- A search ("find X", "anything about X") is list_tasks with q=X: only q is checked, not
  status or limit.
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
    CALL_MOM,
    COMPLETED,
    DENTIST,
    GROCERIES,
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

# --- tasks (ids t200 and up) and earlier conversations of this file -----------------------------
# SHOWN lists t1 Dentist appointment (Fri 27 Nov 09:00), t2 Groceries (#errands), t3 Gym (every
# Tuesday, Tue 24 Nov 18:00), t4 Call mom; after ADDED, "it" is t9 Call bob (Fri 27 Nov 09:00);
# after COMPLETED, t1 was just completed.
BILL = task(200, "Pay electricity bill", due("11-24"))
LANDLORD = task(201, "Call landlord", due("11-24"))
INVOICE = task(202, "Send the invoice", due("11-25"))
TICKETS = task(203, "Buy train tickets")
TAX = task(204, "Tax return", due("11-30"))
YOGA = task(
    205,
    "Yoga",
    due("11-25", "18:00"),
    recurrence={"rule": "FREQ=WEEKLY;BYDAY=WE", "anchor": "due"},
)
EXPENSES = task(206, "Submit expenses", due("11-23", "15:00"))
COURIER = task(207, "Call the courier", due("11-23", "11:00"))
CAR_SERVICE = task(208, "Car service", due("11-25"))
BUDGET = task(209, "Budget meeting", due("11-26"))
CLIENT_CALL = task(210, "Client call", due("11-27"))
VET = task(211, "Vet appointment", due("11-25"))
REPORT = task(212, "Quarterly report", due("11-26"))
HAIRCUT = task(213, "Haircut", due("11-28", "11:00"))
PERMIT = task(214, "Renew parking permit", due("11-20"))
ROADMAP = task(215, "Draft the roadmap", tags=["work"])
ROOM = task(216, "Book meeting room", tags=["work"])
EXPENSE_REPORT = task(217, "Expense report", tags=["work"])
HAIRCUT_9 = task(218, "Haircut", due("11-25"))
BOILER = task(219, "Fix the boiler", priority="urgent")

TOMORROW = range_of("11-24", "11-25")
NEXT_WEEK = range_of("11-30", "12-07")

DUE_TOMORROW = [
    user("what's on tomorrow"),
    *exchange("h8_list_1", "list_tasks", TOMORROW, listing(BILL, LANDLORD)),
    said("Due tomorrow (2): ..."),
]


def lookup_each(text: str, *parts: str) -> Case:
    """Several titles in one edit: one lookup each, in the order written (query by content)."""
    return Case(
        text,
        [("list_tasks", {"q": Contains(part), "status": "open", "limit": 10}) for part in parts],
    )


def search(text: str, query: str) -> Case:
    """A search: list_tasks with q, status and limit left unchecked."""
    return listed(text, q=query)


def edit(text: str, found: dict[str, Any], query: str, **arguments: Any) -> Case:
    """After the lookup of this turn found one task: the change of it."""
    return then(looked_up(text, found, query=query), "update_task", **arguments)


# --- the rows, by class ----------------------------------------------------------------------
BY_CLASS: dict[str, list[Case]] = {
    NO_COMMAND: [
        add("buy oat milk", title="Buy oat milk"),
        add("pick up dry cleaning thursday", title="Pick up dry cleaning", due=due("11-26")),
        add("Renew gym membership", title="Renew gym membership"),
        add("dentist checkup fri 2pm", title="Dentist checkup", due=due("11-27", "14:00")),
        add("water the balcony plants", title="Water the balcony plants"),
        add("return library books by saturday", title="Return library books", due=due("11-28")),
        add("book flights to lisbon", title="Book flights to lisbon"),
        add("get the car serviced next week", title="Get the car serviced", due=due("11-30")),
        add("Haircut sat 11am", title="Haircut", due=due("11-28", "11:00")),
        add("send invoice to acme", title="Send invoice to acme"),
        add("Mum's birthday present", title="Mum's birthday present"),
        listed("anything due tomorrow?", **TOMORROW),
        listed("which tasks are tagged garage?", tags=["garage"]),
        listed("whats due this week?", **WEEK),
        listed("anything for friday?", **range_of("11-27", "11-28")),
    ],
    FORMS: [
        lookup("I rang the electrician", Contains("electrician")),
        lookup("i've paid the gas bill", Contains("gas bill")),
        then(
            looked_up("I've sent the invoice", INVOICE, query="invoice"),
            "complete_task",
            task_id="t202",
        ),
        add(
            "I'll need to pick up the parcel tomorrow",
            title="Pick up the parcel",
            due=due("11-24"),
        ),
        add(
            "dont forget to feed the rabbit tonight",
            title="Feed the rabbit",
            due=due("11-23", "20:00"),
        ),
        add(
            "I've got to finish the budget tonight",
            title="Finish the budget",
            due=due("11-23", "20:00"),
        ),
        lookup("I returned the library books", Contains("library books")),
        lookup("just cancelled the netflix subscription", Contains("netflix")),
        add("I'd like to add walk the dog at 6pm", title="Walk the dog", due=due("11-23", "18:00")),
        add(
            "I need to email the accountant on wednesday",
            title="Email the accountant",
            due=due("11-25"),
        ),
        lookup("I've booked the hotel", Contains("hotel")),
        then(
            looked_up("I bought the train tickets", TICKETS, query="train tickets"),
            "complete_task",
            task_id="t203",
        ),
        add("we'll have to fix the fence on saturday", title="Fix the fence", due=due("11-28")),
        lookup("I've taken out the bins", Contains("bins")),
    ],
    TYPOS: [
        add("call the bank tmrw", title="Call the bank", due=due("11-24")),
        add("dentist on thursdy at 4pm", title="Dentist", due=due("11-26", "16:00")),
        add(
            "team standup evry weekday at 9:15",
            title="Team standup",
            recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            due=due("11-24", "09:15"),
        ),
        add(
            "pay rent on the 1st of evrey month",
            title="Pay rent",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
            due=due("12-01"),
        ),
        add("submit the report firday", title="Submit the report", due=due("11-27")),
        act("compelte number 2", "complete_task", task_id="t2"),
        add("renew passport by decmber 10", title="Renew passport", due=due("12-10")),
        add("remnder to call grandpa tomorow", title="Call grandpa", due=due("11-24")),
        act("delet the 3rd one", "delete_task", task_id="t3"),
        listed("whats due tommorow", **TOMORROW),
        add("meeting with hr on wednesay 11am", title="Meeting with hr", due=due("11-25", "11:00")),
        add("buy birthday card nxt week", title="Buy birthday card", due=due("11-30")),
        act("mrak 4 done", "complete_task", task_id="t4"),
        add("yoga class satuday 10am", title="Yoga class", due=due("11-28", "10:00")),
    ],
    PRIORITIES: [
        add("important: sign the lease", title="Sign the lease", priority="high"),
        add("top priority - fix the login bug", title="Fix the login bug", priority="urgent"),
        add(
            "call the insurance company asap",
            title="Call the insurance company",
            priority="urgent",
        ),
        add("tidy the garage, no rush", title="Tidy the garage", priority=NOT_RAISED),
        add(
            "order new business cards, not urgent",
            title="Order new business cards",
            priority=NOT_RAISED,
        ),
        add(
            "high priority: prepare board slides for thursday",
            title="Prepare board slides",
            priority="high",
            due=due("11-26"),
        ),
        add("low priority clean out the fridge", title="Clean out the fridge", priority="low"),
        add("super urgent!! transfer the deposit", title="Transfer the deposit", priority="urgent"),
        add("reply to the auditor, it's urgent", title="Reply to the auditor", priority="urgent"),
        add("medium priority update the wiki", title="Update the wiki", priority="medium"),
        act("make the first one high priority", "update_task", task_id="t1", priority="high"),
        act("drop the priority of the 2nd one to low", "update_task", task_id="t2", priority="low"),
        add(
            "sort out the visa paperwork, it's important",
            title="Sort out the visa paperwork",
            priority="high",
        ),
        add("priority 2: review pull requests", title="Review pull requests", priority="high"),
        act("bump it up to urgent pls", "update_task", ADDED, task_id="t9", priority="urgent"),
        add(
            "not a priority but replace the doormat",
            title="Replace the doormat",
            priority=NOT_RAISED,
        ),
    ],
    TAGS: [
        add("buy printer ink, tag it office", title="Buy printer ink", tags=["office"]),
        add("call the vet tagged pets", title="Call the vet", tags=["pets"]),
        add("plan the team offsite, label it work", title="Plan the team offsite", tags=["work"]),
        lookup("add the tag family to call mom", Contains("call mom")),
        edit(
            "add the tag family to call mom",
            CALL_MOM,
            "call mom",
            task_id="t4",
            tags=["family"],
        ),
        lookup("remove the errands tag from groceries", Contains("groceries")),
        edit(
            "remove the errands tag from groceries",
            GROCERIES,
            "groceries",
            task_id="t2",
            tags=[],
        ),
        listed("show everything tagged home", tags=["home"]),
        act("tag the 4th one family", "update_task", task_id="t4", tags=["family"]),
        act("tag it clients", "update_task", ADDED, task_id="t9", tags=["clients"]),
        add("prepare tax docs tagged finance", title="Prepare tax docs", tags=["finance"]),
        listed("which tasks have the label garden", tags=["garden"]),
        add(
            "pick up meds for dad with the label health",
            title="Pick up meds for dad",
            tags=["health"],
        ),
        act("remove the tag from number 2", "update_task", task_id="t2", tags=[]),
        listed("anything tagged diy?", tags=["diy"]),
    ],
    RECURRENCE: [
        add(
            "pay the credit card on the 5th of every month",
            title="Pay the credit card",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=5",
            due=due("12-05"),
        ),
        add(
            "submit timesheet on the last day of each month",
            title="Submit timesheet",
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
            "change the bedsheets fortnightly",
            title="Change the bedsheets",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
        ),
        add(
            "book club the first wednesday of each month",
            title="Book club",
            recurrence="FREQ=MONTHLY;BYDAY=1WE",
            due=due("12-02"),
        ),
        add(
            "take antibiotics every 8 hours",
            title="Take antibiotics",
            recurrence="FREQ=HOURLY;INTERVAL=8",
        ),
        add(
            "physio exercises every day until 18 december",
            title="Physio exercises",
            recurrence="FREQ=DAILY;UNTIL=20261218T225959Z",
        ),
        add(
            "piano lesson every saturday at 10 for 6 times",
            title="Piano lesson",
            recurrence="FREQ=WEEKLY;BYDAY=SA;COUNT=6",
            due=due("11-28", "10:00"),
        ),
        add(
            "water the orchids every 10 days after i finish it",
            title="Water the orchids",
            recurrence="FREQ=DAILY;INTERVAL=10",
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
            "call grandma every sunday evening at 6",
            title="Call grandma",
            recurrence="FREQ=WEEKLY;BYDAY=SU",
            due=due("11-29", "18:00"),
        ),
        add(
            "renew the car insurance every year on the 3rd of february",
            title="Renew the car insurance",
            recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=3",
            due="2027-02-03T09:00:00+01:00",
        ),
        add(
            "check the smoke alarms every 6 months",
            title="Check the smoke alarms",
            recurrence="FREQ=MONTHLY;INTERVAL=6",
        ),
        add(
            "budget review every monday and thursday",
            title="Budget review",
            recurrence="FREQ=WEEKLY;BYDAY=MO,TH",
            due=due("11-26"),
        ),
        add(
            "mow the lawn every second saturday",
            title="Mow the lawn",
            recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            due=due("11-28"),
        ),
    ],
    TIMES: [
        add("call the garage in 20 minutes", title="Call the garage", due=due("11-23", "10:20")),
        add("check the oven in 45 mins", title="Check the oven", due=due("11-23", "10:45")),
        add(
            "top up the parking meter in 2 hours",
            title="Top up the parking meter",
            due=due("11-23", "12:00"),
        ),
        add(
            "send the draft this afternoon at 3",
            title="Send the draft",
            due=due("11-23", "15:00"),
        ),
        add(
            "finish the quarterly numbers by end of month",
            title="Finish the quarterly numbers",
            due=due("11-30"),
        ),
        add("reply to legal eod", title="Reply to legal", due=due("11-23", "17:00")),
        add("lunch with priya at noon", title="Lunch with priya", due=due("11-23", "12:00")),
        add("submit the bid before midnight", title="Submit the bid", due=due("11-24", "00:00")),
        add("clean the flat by end of the week", title="Clean the flat", due=due("11-29")),
        add("pick up kids at 3:30pm tomorrow", title="Pick up kids", due=due("11-24", "15:30")),
        add("call dad this evening at 7.30", title="Call dad", due=due("11-23", "19:30")),
        add("standup notes at 9am tomorrow", title="Standup notes", due=due("11-24")),
        add("drop off the keys tonight", title="Drop off the keys", due=due("11-23", "20:00")),
        add("review contract in an hour", title="Review contract", due=due("11-23", "11:00")),
    ],
    REMINDERS: [
        add(
            "dentist friday at 10, remind me an hour before",
            title="Dentist",
            due=due("11-27", "10:00"),
            reminders=["PT1H"],
        ),
        add(
            "flight to rome thursday 6am, ping me 2 hours before",
            title="Flight to rome",
            due=due("11-26", "06:00"),
            reminders=["PT2H"],
        ),
        add(
            "call the landlord tomorrow at 11 with a reminder 15 minutes before",
            title="Call the landlord",
            due=due("11-24", "11:00"),
            reminders=["PT15M"],
        ),
        add(
            "parent teacher meeting wednesday 5pm, set a reminder for 4:30pm",
            title="Parent teacher meeting",
            due=due("11-25", "17:00"),
            reminders=[due("11-25", "16:30")],
        ),
        add(
            "pay the water bill friday and remind me at 8 the day before",
            title="Pay the water bill",
            due=due("11-27"),
            reminders=[due("11-26", "08:00")],
        ),
        add("remind me to stretch in 10 minutes", title="Stretch", due=due("11-23", "10:10")),
        add(
            "remind me to buy flowers tomorrow at 5pm",
            title="Buy flowers",
            due=due("11-24", "17:00"),
        ),
        act(
            "add a reminder 30 min before to the first one",
            "update_task",
            task_id="t1",
            reminders=["PT30M"],
        ),
        act(
            "ping me about it an hour before",
            "update_task",
            ADDED,
            task_id="t9",
            reminders=["PT1H"],
        ),
        add(
            "webinar thursday at 2pm, alert me 10 min before",
            title="Webinar",
            due=due("11-26", "14:00"),
            reminders=["PT10M"],
        ),
        add(
            "vet appointment sat 9:30 nudge me half an hour before",
            title="Vet appointment",
            due=due("11-28", "09:30"),
            reminders=["PT30M"],
        ),
        act(
            "set a reminder on the first one for 8am on friday",
            "update_task",
            task_id="t1",
            reminders=[due("11-27", "08:00")],
        ),
        add(
            "renew the domain on 1 december, remind me 2 days before",
            title="Renew the domain",
            due=due("12-01"),
            reminders=["P2D"],
        ),
        add(
            "school pickup at 3pm today and remind me 20 mins before",
            title="School pickup",
            due=due("11-23", "15:00"),
            reminders=["PT20M"],
        ),
        add(
            "call the bank tomorrow 10am, remind me at 9:45",
            title="Call the bank",
            due=due("11-24", "10:00"),
            reminders=[due("11-24", "09:45")],
        ),
    ],
    FOLLOW_UPS: [
        calls(
            "move both to thursday",
            ("update_task", {"task_id": "t200", "due": due("11-26")}),
            ("update_task", {"task_id": "t201", "due": due("11-26")}),
            history=DUE_TOMORROW,
        ),
        act("the second one's done now", "complete_task", DUE_TOMORROW, task_id="t201"),
        act("delete the first one", "delete_task", DUE_TOMORROW, task_id="t200"),
        calls(
            "tick both off",
            ("complete_task", {"task_id": "t200"}),
            ("complete_task", {"task_id": "t201"}),
            history=DUE_TOMORROW,
        ),
        act("push it to next week", "update_task", ADDED, task_id="t9", due=due("11-30")),
        act(
            "actually make that 4pm",
            "update_task",
            ADDED,
            task_id="t9",
            due=due("11-27", "16:00"),
        ),
        act("undo that", "reopen_task", COMPLETED, task_id="t1"),
        act("rename the last one to ring mum", "update_task", task_id="t4", title="Ring mum"),
        act(
            "that one should be high priority", "update_task", ADDED, task_id="t9", priority="high"
        ),
        lookup(
            "change the priority of the tax return to low and rename it to file taxes",
            Contains("tax return"),
        ),
        edit(
            "change the priority of the tax return to low and rename it to file taxes",
            TAX,
            "tax return",
            task_id="t204",
            priority="low",
            title="File taxes",
        ),
        lookup_each("move the dentist and the haircut to thursday", "dentist", "haircut"),
        calls(
            "move the dentist and the haircut to thursday",
            ("update_task", {"task_id": "t1", "due": due("11-26")}),
            ("update_task", {"task_id": "t218", "due": due("11-26")}),
            in_turn=looked_up_each(
                "move the dentist and the haircut to thursday",
                ("dentist", [DENTIST]),
                ("haircut", [HAIRCUT_9]),
            ),
        ),
        lookup("skip this week's yoga", Contains("yoga")),
        then(
            looked_up("skip this week's yoga", YOGA, query="yoga"),
            "skip_task",
            task_id="t205",
        ),
        act(
            "move it to the 3rd of december",
            "update_task",
            ADDED,
            task_id="t9",
            due=due("12-03"),
        ),
    ],
    QUERIES: [
        listed("what have i got on next week", **NEXT_WEEK),
        listed("which tasks are overdue", overdue=True),
        listed("what do i still have to do today", **TODAY),
        listed("show me what i completed", status="completed"),
        search("find anything about the passport", "passport"),
        search("search for invoice", "invoice"),
        listed("show my urgent tasks", priority=["urgent"]),
        listed("what is due on fri", **range_of("11-27", "11-28")),
        listed("show tasks for 1 december", **range_of("12-01", "12-02")),
        listed("what's due between wednesday and friday", **range_of("11-25", "11-28")),
        search("anything about the car?", "car"),
        listed("list everything due this week", **WEEK),
        listed("what am i doing tomorrow", **TOMORROW),
        listed("show all my tasks including finished ones", status="all"),
    ],
    WRAPPERS: [
        add(
            "could you please add pick up the dry cleaning to my list",
            title="Pick up the dry cleaning",
        ),
        add(
            "kindly add a task to renew my driving licence",
            title=Contains("driving licence"),
        ),
        add(
            "I need you to put buy a new kettle on my list for saturday",
            title="Buy a new kettle",
            due=due("11-28"),
        ),
        add("can you make a note to email the school", title="Email the school"),
        add("hey can u add call sam at 5", title="Call sam", due=due("11-23", "17:00")),
        add(
            "would you mind adding book the restaurant for friday",
            title="Book the restaurant",
            due=due("11-27"),
        ),
        add("please put down order the christmas tree", title="Order the christmas tree"),
        add(
            "Could you kindly create a task to get the boiler checked tomorrow?",
            title="Get the boiler checked",
            due=due("11-24"),
        ),
        listed("could you show me what's due tomorrow please", **TOMORROW),
        act(
            "would you be so kind as to mark the second one done",
            "complete_task",
            task_id="t2",
        ),
        add("pls add get new tyres next month", title="Get new tyres", due=due("12-01")),
        add(
            "can you add to my todo list: cancel the magazine subscription",
            title="Cancel the magazine subscription",
        ),
        add("do me a favour and add ring the council", title="Ring the council"),
        add("jot down fix the gate hinge", title="Fix the gate hinge"),
        add("quick one - add collect the prescription", title="Collect the prescription"),
    ],
    SEVERAL: [
        adds(
            "add apples, pears and porridge oats",
            {"title": "Apples"},
            {"title": "Pears"},
            {"title": "Porridge oats"},
        ),
        adds(
            "add two tasks: call the plumber and book the flights",
            {"title": "Call the plumber"},
            {"title": "Book the flights"},
        ),
        adds(
            "email the boss #work and buy a cake #home",
            {"title": "Email the boss", "tags": ["work"]},
            {"title": "Buy a cake", "tags": ["home"]},
        ),
        adds(
            "buy stamps tomorrow and post the parcel on friday",
            {"title": "Buy stamps", "due": due("11-24")},
            {"title": "Post the parcel", "due": due("11-27")},
        ),
        adds(
            "add: bin bags, dish soap, light bulbs",
            {"title": "Bin bags"},
            {"title": "Dish soap"},
            {"title": "Light bulbs"},
        ),
        adds(
            "add 3 tasks - wash the car, hoover the stairs, clean the windows",
            {"title": "Wash the car"},
            {"title": "Hoover the stairs"},
            {"title": "Clean the windows"},
        ),
        adds(
            "pay the council tax p1 and file the expenses p3",
            {"title": "Pay the council tax", "priority": "urgent"},
            {"title": "File the expenses", "priority": "medium"},
        ),
        adds(
            "add haircut on saturday at 10 and dinner with jo at 7pm sunday",
            {"title": "Haircut", "due": due("11-28", "10:00")},
            {"title": "Dinner with jo", "due": due("11-29", "19:00")},
        ),
        adds(
            "for today: reply to tom at 2pm, send the deck at 4pm",
            {"title": "Reply to tom", "due": due("11-23", "14:00")},
            {"title": "Send the deck", "due": due("11-23", "16:00")},
        ),
        adds(
            "add milk and also book the vet for thursday",
            {"title": "Milk"},
            {"title": "Book the vet", "due": due("11-26")},
        ),
        adds(
            "buy tape; wrap presents; write cards",
            {"title": "Buy tape"},
            {"title": "Wrap presents"},
            {"title": "Write cards"},
        ),
        adds(
            "remind me to call anna tomorrow and to water the garden tonight",
            {"title": "Call anna", "due": due("11-24")},
            {"title": "Water the garden", "due": due("11-23", "20:00")},
        ),
        adds(
            "fix the leak asap and repaint the shed, no rush",
            {"title": "Fix the leak", "priority": "urgent"},
            {"title": "Repaint the shed", "priority": NOT_RAISED},
        ),
        adds("add eggs, flour, sugar", {"title": "Eggs"}, {"title": "Flour"}, {"title": "Sugar"}),
    ],
    SPOKEN: [
        add("call gran at half past four", title="Call gran", due=due("11-23", "16:30")),
        add(
            "catch the train at quarter to nine tomorrow morning",
            title="Catch the train",
            due=due("11-24", "08:45"),
        ),
        add(
            "meet kev at quarter past six tomorrow evening",
            title="Meet kev",
            due=due("11-24", "18:15"),
        ),
        add(
            "parents' evening at the school on thursday",
            title="Parents' evening at the school",
            due=due("11-26"),
        ),
        add("dinner at mum's thursday week", title="Dinner at mum's", due=due("12-03")),
        add("send the proposal a week on wednesday", title="Send the proposal", due=due("12-02")),
        add("book the vaccine a fortnight from today", title="Book the vaccine", due=due("12-07")),
        add(
            "visa appointment on the 3rd of march",
            title="Visa appointment",
            due="2027-03-03T09:00:00+01:00",
        ),
        add("tax deadline 2027-01-31", title="Tax deadline", due="2027-01-31T09:00:00+01:00"),
        add(
            "tomorrow i have to go to the post office",
            title="Go to the post office",
            due=due("11-24"),
        ),
        add("pay school fees by 10/12", title="Pay school fees", due=due("12-10")),
        add(
            "collect the suit at 17:45 on friday",
            title="Collect the suit",
            due=due("11-27", "17:45"),
        ),
        add("do the meal prep this arvo at 3", title="Do the meal prep", due=due("11-23", "15:00")),
        add(
            "the day after tomorrow return the hire car",
            title="Return the hire car",
            due=due("11-25"),
        ),
        add(
            "ring the plumber on 28th at 11 am", title="Ring the plumber", due=due("11-28", "11:00")
        ),
        add("dec 3rd drinks with the team", title="Drinks with the team", due=due("12-03")),
    ],
    COUNTS: [
        listed("how many tasks have i got for today pls", **TODAY),
        listed("how much of my stuff is overdue", overdue=True),
        listed("how many things are tagged work", tags=["work"]),
        listed("how many urgent tasks do i have", priority=["urgent"]),
        listed("how many tasks are due this week?", **WEEK),
        listed("count my tasks for tomorrow", **TOMORROW),
        listed("give me a rundown of today", **TODAY),
        counted(
            "how many tasks have i got for today pls",
            TODAY,
            COURIER,
            EXPENSES,
            reply="2",
            also=("Call the courier", "Submit expenses"),
        ),
        counted(
            "how much of my stuff is overdue",
            {"overdue": True},
            PERMIT,
            reply="1",
            also=("Renew parking permit",),
        ),
        counted(
            "how many things are tagged work",
            {"tags": ["work"]},
            ROADMAP,
            ROOM,
            EXPENSE_REPORT,
            reply="3",
            also=("Draft the roadmap", "Book meeting room", "Expense report"),
        ),
        counted(
            "how many tasks are due this week?",
            WEEK,
            COURIER,
            EXPENSES,
            BILL,
            LANDLORD,
            reply="4",
            also=("Call the courier", "Submit expenses", "Pay electricity bill", "Call landlord"),
        ),
        counted(
            "count my tasks for tomorrow",
            TOMORROW,
            BILL,
            LANDLORD,
            reply="2",
            also=("Pay electricity bill", "Call landlord"),
        ),
        counted(
            "give me a rundown of today",
            TODAY,
            COURIER,
            EXPENSES,
            reply="Call the courier",
            also=("Submit expenses",),
        ),
        counted(
            "how many urgent tasks do i have",
            {"priority": ["urgent"]},
            BOILER,
            reply="1",
            also=("Fix the boiler",),
        ),
    ],
    EDITS: [
        lookup("postpone the dentist by a day", Contains("dentist")),
        edit("postpone the dentist by a day", DENTIST, "dentist", task_id="t1", due=due("11-28")),
        lookup("push back the car service to next week", Contains("car service")),
        edit(
            "push back the car service to next week",
            CAR_SERVICE,
            "car service",
            task_id="t208",
            due=due("11-30"),
        ),
        lookup("bring the budget meeting forward to tuesday", Contains("budget meeting")),
        edit(
            "bring the budget meeting forward to tuesday",
            BUDGET,
            "budget meeting",
            task_id="t209",
            due=due("11-24"),
        ),
        lookup("prepone the client call to wednesday", Contains("client call")),
        edit(
            "prepone the client call to wednesday",
            CLIENT_CALL,
            "client call",
            task_id="t210",
            due=due("11-25"),
        ),
        lookup("the vet appointment is now on friday", Contains("vet")),
        edit(
            "the vet appointment is now on friday",
            VET,
            "vet appointment",
            task_id="t211",
            due=due("11-27"),
        ),
        edit("rename call mom to phone mum", CALL_MOM, "call mom", task_id="t4", title="Phone mum"),
        edit(
            "push the quarterly report back by a week",
            REPORT,
            "quarterly report",
            task_id="t212",
            due=due("12-03"),
        ),
        edit(
            "move the haircut forward a day",
            HAIRCUT,
            "haircut",
            task_id="t213",
            due=due("11-27", "11:00"),
        ),
        edit(
            "change the dentist to 3pm",
            DENTIST,
            "dentist",
            task_id="t1",
            due=due("11-27", "15:00"),
        ),
    ],
    TODOIST: [
        add("buy screws @hardware", title="Buy screws", tags=["hardware"]),
        add("fix prod bug p1", title="Fix prod bug", priority="urgent"),
        add(
            "review PR #work p2 tomorrow",
            title="Review PR",
            tags=["work"],
            priority="high",
            due=due("11-24"),
        ),
        add(
            "payroll every last fri",
            title="Payroll",
            recurrence="FREQ=MONTHLY;BYDAY=-1FR",
            due=due("11-27"),
        ),
        add(
            "water the ferns every! 4 days",
            title="Water the ferns",
            recurrence="FREQ=DAILY;INTERVAL=4",
            anchor="completion",
        ),
        add("call supplier p3 @work", title="Call supplier", priority="medium", tags=["work"]),
        add(
            "read chapter 5 #reading every day at 21:00",
            title="Read chapter 5",
            tags=["reading"],
            recurrence="FREQ=DAILY",
            due=due("11-23", "21:00"),
        ),
        add("renew lease #admin #home", title="Renew lease", tags=["admin", "home"]),
        add(
            "gym every mon, wed, fri at 7am",
            title="Gym",
            recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR",
            due=due("11-25", "07:00"),
        ),
        add(
            "submit visa form tomorrow 9am p1 #travel",
            title="Submit visa form",
            due=due("11-24"),
            priority="urgent",
            tags=["travel"],
        ),
        add(
            "backup laptop every 2 weeks starting dec 1",
            title="Backup laptop",
            recurrence="FREQ=WEEKLY;INTERVAL=2",
            due=due("12-01"),
        ),
        add(
            "team lunch fri 1pm @office p2",
            title="Team lunch",
            due=due("11-27", "13:00"),
            tags=["office"],
            priority="high",
        ),
        add(
            "pay invoices every 1st",
            title="Pay invoices",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
            due=due("12-01"),
        ),
        add(
            "vacuum every! week",
            title="Vacuum",
            recurrence="FREQ=WEEKLY",
            anchor="completion",
        ),
        add("order cat food p4", title="Order cat food", priority=NOT_RAISED),
    ],
    SMALL_TALK: [
        chat("hiya there", "I can add"),
        chat("good morning!", "I can add"),
        chat("thanks a lot!", "You're welcome"),
        chat("ok bye", "Bye"),
        chat("ok see ya", "Bye"),
        chat("Goodnight!", "Good night"),
        chat("what can u do", "I can add"),
        chat("who am i talking to?", "I can add"),
        chat("help pls", "I can add"),
        chat("how does this work?", "I can add"),
        chat("hello there", "I can add"),
        chat("many thanks", "You're welcome"),
        chat("thx", "You're welcome"),
        chat("namaste", "I can add"),
        chat("how's it going?", ""),
        chat("g'day", "I can add"),
    ],
}

assert set(BY_CLASS) == set(CLASSES)

HELDOUT: list[Case] = [case for name in CLASSES for case in BY_CLASS[name]]
CLASS_OF: dict[str, str] = {case.id: name for name in CLASSES for case in BY_CLASS[name]}
