"""Quick-add table rows: Reminders in words, Todoist syntax, spoken word orders in adds.

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from typing import Any

from tests.unit.quickadd_cases import (
    ABSENT,
    ADDED,
    DENTIST,
    GYM,
    SHOWN,
    Case,
    act,
    add,
    due,
    exchange,
    find,
    looked_up,
    say,
    task,
    then,
)

WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
FLIGHT = task(20, "Flight to Rome", due("11-28", "07:00"), reminders=[{"before": "P1D"}])
VET = task(21, "Vet appointment", due("12-02", "16:00"))
WITH_FLIGHT = [
    *SHOWN[:1],
    *exchange(
        "qa_list_30",
        "list_tasks",
        {},
        {"items": [DENTIST, FLIGHT, GYM, VET], "next_cursor": None},
    ),
    *SHOWN[-1:],
]


def reminded(text: str, found: dict[str, Any], query: str, reminders: list[str]) -> Case:
    """A reminder edit once the title lookup has found one task."""
    turn = looked_up(text, found, query=query)
    return then(turn, "update_task", task_id=found["id"], reminders=reminders)


def reported(text: str, found: dict[str, Any], query: str, sent: list[str], reply: str) -> Case:
    """The reply once the reminder edit is done."""
    after = {
        **found,
        "reminders": [{"before": r} if r.startswith("P") else {"at": r} for r in sent],
    }
    turn = [
        *looked_up(text, found, query=query),
        *exchange("qa_call_31", "update_task", {"task_id": found["id"], "reminders": sent}, after),
    ]
    return Case(text, reply=reply, in_turn=turn)


ROWS: list[Case] = [
    # --- reminders in words inside an add -----------------------------------------------------
    add(
        "set a reminder for 11:30 to call mom",
        title="Call mom",
        due=due("11-23", "11:30"),
        reminders=["PT0S"],
    ),
    add(
        "set a reminder for 9:30 to call mom",
        title="Call mom",
        due=due("11-24", "09:30"),
        reminders=["PT0S"],
    ),
    add(
        "Set a reminder for tomorrow at 8 to call the bank",
        title="Call the bank",
        due=due("11-24", "08:00"),
        reminders=["PT0S"],
    ),
    add(
        "set reminder at 5pm to take the chicken out",
        title="Take the chicken out",
        due=due("11-23", "17:00"),
        reminders=["PT0S"],
    ),
    add(
        "can you set me a reminder for 7pm to ring grandma",
        title="Ring grandma",
        due=due("11-23", "19:00"),
        reminders=["PT0S"],
    ),
    add(
        "set a reminder for friday: submit timesheet",
        title="Submit timesheet",
        due=due("11-27"),
        reminders=["PT0S"],
    ),
    add(
        "add dentist friday 3pm, ping me 10 min before",
        title="Dentist",
        due=due("11-27", "15:00"),
        reminders=["PT10M"],
    ),
    add("dentist friday 3pm ping me 10 mins before", title="Dentist", reminders=["PT10M"]),
    add(
        "add flight dec 3 at 11am, remind me at 8 the day before",
        title="Flight",
        due=due("12-03", "11:00"),
        reminders=[due("12-02", "08:00")],
    ),
    add(
        "add flight dec 3 at 11am, remind me the day before at 8pm",
        title="Flight",
        reminders=[due("12-02", "20:00")],
    ),
    add(
        "add party saturday 7pm, remind me the day before at 10am",
        title="Party",
        due=due("11-28", "19:00"),
        reminders=[due("11-27", "10:00")],
    ),
    add(
        "add party saturday 7pm, remind me at 10 the day before",
        title="Party",
        reminders=[due("11-27", "10:00")],
    ),
    add("add party saturday 7pm, remind me at 5pm", reminders=[due("11-28", "17:00")]),
    add(
        "add board meeting thursday 2pm with a reminder an hour before",
        title="Board meeting",
        due=due("11-26", "14:00"),
        reminders=["PT1H"],
    ),
    add("add exam friday 9am alert me 2 hours ahead", title="Exam", reminders=["PT2H"]),
    add(
        "add call with the client tomorrow 4pm, remind me 30 mins prior",
        title="Call with the client",
        reminders=["PT30M"],
    ),
    add(
        "add pay invoice friday 5pm and nudge me",
        title="Pay invoice",
        due=due("11-27", "17:00"),
        reminders=["PT0S"],
    ),
    add(
        "add pay invoice friday 5pm, nudge me an hour before",
        title="Pay invoice",
        reminders=["PT1H"],
    ),
    add(
        "add presentation dec 10 at 10am, give me a heads-up a day before",
        title="Presentation",
        reminders=["P1D"],
    ),
    add(
        "add presentation dec 10 at 10am and give me a heads up 2 days before",
        title="Presentation",
        reminders=["P2D"],
    ),
    add(
        "add flight friday 7am, remind me twice: a day before and an hour before",
        title="Flight",
        due=due("11-27", "07:00"),
        reminders=["P1D", "PT1H"],
    ),
    add(
        "add flight friday 7am, remind me a day before and again an hour before",
        title="Flight",
        reminders=["P1D", "PT1H"],
    ),
    add(
        "add dentist on friday at 3pm with reminders 1 hour and 10 minutes before",
        title="Dentist",
        reminders=["PT1H", "PT10M"],
    ),
    add(
        "add interview thursday 2pm, remind me on the morning of",
        title="Interview",
        due=due("11-26", "14:00"),
        reminders=[due("11-26", "09:00")],
    ),
    add(
        "add check-in dec 1 at 3pm remind me the morning of",
        title="Check-in",
        reminders=[due("12-01", "09:00")],
    ),
    add("add dentist friday 3pm, remind me half an hour before", reminders=["PT30M"]),
    add(
        "add train tomorrow 6pm, remind me an hour and a half before",
        title="Train",
        reminders=["PT1H30M"],
    ),
    add("add train tomorrow 6pm, remind me 1.5 hours before", title="Train", reminders=["PT1H30M"]),
    add("add webinar wed 4pm remind me 1 hr before", title="Webinar", reminders=["PT1H"]),
    add("add webinar wed 4pm remind me 2 hrs before", title="Webinar", reminders=["PT2H"]),
    add("add webinar wed 4pm remind me 1h before", title="Webinar", reminders=["PT1H"]),
    add("add webinar wed 4pm, remind me 45 min before", title="Webinar", reminders=["PT45M"]),
    add(
        "add standup every weekday at 9:30, remind me five minutes before",
        title="Standup",
        recurrence=WEEKDAYS,
        reminders=["PT5M"],
    ),
    add(
        "add yoga every monday 7pm ping me 15 minutes before",
        title="Yoga",
        recurrence="FREQ=WEEKLY;BYDAY=MO",
        due=due("11-23", "19:00"),
        reminders=["PT15M"],
    ),
    add("add taxes dec 15, remind me a week before", title="Taxes", reminders=["P7D"]),
    add("add taxes dec 15, remind me 2 days before", title="Taxes", reminders=["P2D"]),
    add("add taxes dec 15 remind me two days in advance", title="Taxes", reminders=["P2D"]),
    add("add taxes dec 15 remind me three days beforehand", title="Taxes", reminders=["P3D"]),
    add("add concert sat 8pm remind me 3 hours earlier", title="Concert", reminders=["PT3H"]),
    add(
        "add meds every day at 8am, remind me at 7:45",
        title="Meds",
        recurrence="FREQ=DAILY",
        reminders=["PT15M"],
    ),
    add(
        "add pay rent on the 1st, remind me the day before",
        title="Pay rent",
        due=due("12-01"),
        reminders=["P1D"],
    ),
    add(
        "pls add doctor appt tmrw 3pm, remind me 1hr before",
        title="Doctor appt",
        due=due("11-24", "15:00"),
        reminders=["PT1H"],
    ),
    add(
        "kindly add parent teacher meeting on friday at 4 pm and kindly remind me one hour before",
        title="Parent teacher meeting",
        due=due("11-27", "16:00"),
        reminders=["PT1H"],
    ),
    add(
        "add MOT for the car on 4 december, give me a shout a week before",
        title="MOT for the car",
        due=due("12-04"),
        reminders=["P7D"],
    ),
    add("add gym 6pm today remind me 1 h before", title="Gym", reminders=["PT1H"]),
    add(
        "add call dad sunday 11am with a 30 minute reminder",
        title="Call dad",
        due=due("11-29", "11:00"),
        reminders=["PT30M"],
    ),
    add(
        "add call dad sunday 11am with a 30-minute reminder", title="Call dad", reminders=["PT30M"]
    ),
    add("add team lunch friday 12:30, notify me 15 min before", reminders=["PT15M"]),
    add(
        "add team lunch friday 12:30 and send me a reminder 15 minutes before",
        title="Team lunch",
        reminders=["PT15M"],
    ),
    add(
        "add appointment friday 10am, remind me a couple of hours before",
        title="Appointment",
        reminders=["PT2H"],
    ),
    add(
        "add catch the train tomorrow 8am with an alert 20 minutes before",
        title="Catch the train",
        reminders=["PT20M"],
    ),
    add(
        "add renew passport dec 1 and set a reminder a week before",
        title="Renew passport",
        reminders=["P7D"],
    ),
    add("add renew passport dec 1, with a reminder 1 week before", reminders=["P7D"]),
    add("add renew passport dec 1, reminder 2 weeks before", reminders=["P14D"]),
    add(
        "add renew passport dec 1 (remind me 3 days before)",
        title="Renew passport",
        reminders=["P3D"],
    ),
    add(
        "add quiz night thursday 8pm, remind me at 6",
        title="Quiz night",
        reminders=[due("11-26", "18:00")],
    ),
    add(
        "add haircut sat 11am, remind me in the morning",
        title="Haircut",
        reminders=[due("11-28", "09:00")],
    ),
    add(
        "remind me to call mom tomorrow at 5pm, 10 minutes before",
        title="Call mom",
        due=due("11-24", "17:00"),
        reminders=["PT10M"],
    ),
    add(
        "remind me 10 minutes before the standup tomorrow at 9:30",
        title="Standup",
        due=due("11-24", "09:30"),
        reminders=["PT10M"],
    ),
    add(
        "Hello, please add submit the visa form on 2nd December at 11 am and remind me one "
        "day prior",
        title="Submit the visa form",
        due=due("12-02", "11:00"),
        reminders=["P1D"],
    ),
    say("add call bob, ping me 10 min before", "needs a due date"),
    say("add call bob, give me a heads-up an hour before", "needs a due date"),
    # --- reminders on an existing task --------------------------------------------------------
    find("remind me about the dentist an hour before", "dentist"),
    reminded("remind me about the dentist an hour before", DENTIST, "dentist", ["PT1H"]),
    find("remind me about the dentist appointment the day before at 6pm", "dentist appointment"),
    reminded(
        "remind me about the dentist appointment the day before at 6pm",
        DENTIST,
        "dentist appointment",
        [due("11-26", "18:00")],
    ),
    reminded("remind me of the dentist at 8am", DENTIST, "dentist", [due("11-27", "08:00")]),
    act(
        "add a reminder to 1 for 30 minutes before",
        "update_task",
        task_id="t1",
        reminders=["PT30M"],
    ),
    act("put a reminder on 1 for the day before", "update_task", task_id="t1", reminders=["P1D"]),
    act(
        "add a reminder to the first one: 15 min before",
        "update_task",
        task_id="t1",
        reminders=["PT15M"],
    ),
    act("set a reminder on 3 at 5pm", "update_task", task_id="t3", reminders=["PT1H"]),
    find("set a reminder on gym for 5pm", "gym"),
    reminded("set a reminder on gym for 5pm", GYM, "gym", ["PT1H"]),
    reminded("set a reminder on the gym task 30 min before", GYM, "gym", ["PT30M"]),
    act(
        "remind me about it 2 hours before",
        "update_task",
        history=ADDED,
        task_id="t9",
        reminders=["PT2H"],
    ),
    act(
        "also remind me 10 minutes before",
        "update_task",
        history=ADDED,
        task_id="t9",
        reminders=["PT10M"],
    ),
    act(
        "and ping me the day before too",
        "update_task",
        history=ADDED,
        task_id="t9",
        reminders=["P1D"],
    ),
    act(
        "remind me about 2 an hour before",
        "update_task",
        history=WITH_FLIGHT,
        task_id="t20",
        reminders=["P1D", "PT1H"],
    ),
    act(
        "add another reminder to 2 at 6am",
        "update_task",
        history=WITH_FLIGHT,
        task_id="t20",
        reminders=["P1D", due("11-28", "06:00")],
    ),
    reminded(
        "could you remind me about the flight to rome 3 hours before",
        FLIGHT,
        "flight to rome",
        ["P1D", "PT3H"],
    ),
    act(
        "set a reminder on 4 for 2 days before",
        "update_task",
        history=WITH_FLIGHT,
        task_id="t21",
        reminders=["P2D"],
    ),
    reported(
        "remind me about the dentist an hour before",
        DENTIST,
        "dentist",
        ["PT1H"],
        "1 hour before",
    ),
    reported(
        "remind me about the dentist at 8am",
        DENTIST,
        "dentist",
        [due("11-27", "08:00")],
        "Fri 27 Nov 08:00",
    ),
    say("add a reminder to 2 for 30 minutes before", "no due date", history=SHOWN),
    # --- Todoist syntax -----------------------------------------------------------------------
    add(
        "pay rent every last fri",
        title="Pay rent",
        recurrence="FREQ=MONTHLY;BYDAY=-1FR",
        due=due("11-27"),
    ),
    add("add team retro every last friday", recurrence="FREQ=MONTHLY;BYDAY=-1FR"),
    add(
        "add clean filter every! 3 days",
        title="Clean filter",
        recurrence="FREQ=DAILY;INTERVAL=3",
        anchor="completion",
    ),
    add(
        "call mom every! week",
        title="Call mom",
        recurrence="FREQ=WEEKLY",
        anchor="completion",
    ),
    add(
        "haircut every! 6 weeks",
        title="Haircut",
        recurrence="FREQ=WEEKLY;INTERVAL=6",
        anchor="completion",
    ),
    add("water cactus every!", title="Water cactus", recurrence="FREQ=DAILY", anchor="completion"),
    add(
        "buy flowers @home p1",
        title="Buy flowers",
        tags=["home"],
        priority="urgent",
    ),
    add("review PR p3 @work", title="Review PR", priority="medium", tags=["work"]),
    add("tidy desk p4", title="Tidy desk", priority=ABSENT),
    add("P2 send the deck @work @q4", title="Send the deck", priority="high", tags=["work", "q4"]),
    add(
        "book club every 2nd tue",
        title="Book club",
        recurrence="FREQ=MONTHLY;BYDAY=2TU",
        due=due("12-08"),
    ),
    add(
        "team sync ev mon",
        title="Team sync",
        recurrence="FREQ=WEEKLY;BYDAY=MO",
        due=due("11-30"),
    ),
    add("stretch ev day", title="Stretch", recurrence="FREQ=DAILY"),
    add("review inbox ev weekday at 9", title="Review inbox", recurrence=WEEKDAYS),
    add("check mail every weekday", title="Check mail", recurrence=WEEKDAYS, due=due("11-24")),
    add(
        "water plants every 3rd day",
        title="Water plants",
        recurrence="FREQ=DAILY;INTERVAL=3",
        due=due("11-24"),
    ),
    add(
        "pay VAT every quarter",
        title="Pay VAT",
        recurrence="FREQ=MONTHLY;INTERVAL=3",
    ),
    add("review goals quarterly", title="Review goals", recurrence="FREQ=MONTHLY;INTERVAL=3"),
    add(
        "submit quarterly report friday",
        title="Submit quarterly report",
        due=due("11-27"),
        recurrence=ABSENT,
    ),
    add(
        "prepare the monthly newsletter tomorrow",
        title="Prepare the monthly newsletter",
        due=due("11-24"),
        recurrence=ABSENT,
    ),
    add(
        "daily standup notes tomorrow",
        title="Daily standup notes",
        due=due("11-24"),
        recurrence=ABSENT,
    ),
    add("add weekly groceries", title="Weekly groceries", recurrence=ABSENT, due=ABSENT),
    add(
        "weekly review every friday at 4pm",
        title="Weekly review",
        recurrence="FREQ=WEEKLY;BYDAY=FR",
        due=due("11-27", "16:00"),
    ),
    add(
        "add annual check-up dec 10",
        title="Annual check-up",
        due=due("12-10"),
        recurrence=ABSENT,
    ),
    add(
        "every other fri payroll",
        title="Payroll",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
    ),
    add(
        "pay rent every 1st @home p2",
        title="Pay rent",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
        due=due("12-01"),
        tags=["home"],
        priority="high",
    ),
    add(
        "clean fridge every first mon",
        title="Clean fridge",
        recurrence="FREQ=MONTHLY;BYDAY=1MO",
        due=due("12-07"),
    ),
    # --- spoken word orders ------------------------------------------------------------------
    add("tomorrow I must go to the post office", title="Go to the post office", due=due("11-24")),
    add("on friday I have to call the plumber", title="Call the plumber", due=due("11-27")),
    add("next week we should plan the party", title="Plan the party", due=due("11-30")),
    add(
        "tomorrow at 5pm I need to pick up the kids",
        title="Pick up the kids",
        due=due("11-24", "17:00"),
    ),
    add("tonight i gotta do laundry", title="Do laundry", due=due("11-23", "20:00")),
    add("on monday we need to send the invoices", title="Send the invoices", due=due("11-30")),
    add("this weekend I want to clean the garage", title="Clean the garage", due=due("11-28")),
    add("friday i should really call grandma", title="Call grandma", due=due("11-27")),
    add("in 2 hours I have to take my meds", title="Take my meds", due=due("11-23", "12:00")),
    add("tmrw i need to submit the form", title="Submit the form", due=due("11-24")),
    add("Tomorrow morning, I'll have to water the lawn", title="Water the lawn", due=due("11-24")),
    add(
        "on saturday me and anna must buy the tickets",
        title="Buy the tickets",
        due=due("11-28"),
    ),
    add(
        "add parents' evening at the school on thursday",
        title="Parents' evening at the school",
        due=due("11-26"),
    ),
    add(
        "parents evening at the school thursday 6pm",
        title="Parents evening at the school",
        due=due("11-26", "18:00"),
    ),
    add("add morning pages", title="Morning pages", due=ABSENT),
    add("morning pages tomorrow", title="Morning pages", due=due("11-24")),
    add("add second breakfast", title="Second breakfast", due=ABSENT),
    add("may day parade prep on friday", title="May day parade prep", due=due("11-27")),
    add("march with friends on saturday", title="March with friends", due=due("11-28")),
    add("sunday roast prep on saturday", title="Sunday roast prep", due=due("11-28")),
    add("add evening walk tomorrow", title="Evening walk", due=due("11-24")),
    add("gym thursdy", title="Gym", due=due("11-26")),
    add("dentist tmrw 3pm", title="Dentist", due=due("11-24", "15:00")),
    add("report frday", title="Report", due=due("11-27")),
    add("add call anna wensday", title="Call anna", due=due("11-25")),
    add("add buy ice cream sundae", title="Buy ice cream sundae", due=ABSENT),
    add("add drink water when thirsty", title="Drink water when thirsty", due=ABSENT),
    # --- tags in words ------------------------------------------------------------------------
    add(
        "book physio tag it health and medical",
        title="Book physio",
        tags=["health", "medical"],
    ),
    add(
        "add plan the offsite with the tags work and q4",
        title="Plan the offsite",
        tags=["work", "q4"],
    ),
    add("add fix the fence labelled home", title="Fix the fence", tags=["home"]),
    add("add fix the fence, labeled home and garden", tags=["home", "garden"]),
    add("add plant bulbs with labels home & garden", title="Plant bulbs", tags=["home", "garden"]),
    add(
        "add repaint the shed with tags home, garden and diy",
        title="Repaint the shed",
        tags=["home", "garden", "diy"],
    ),
    add("add repaint the shed, tags: home, diy", title="Repaint the shed", tags=["home", "diy"]),
    add("add renew the lease tag: admin", title="Renew the lease", tags=["admin"]),
    add(
        "add book the venue tomorrow and tag it with events and work",
        title="Book the venue",
        due=due("11-24"),
        tags=["events", "work"],
    ),
    add(
        "add call the bank friday, tagged as finance plus admin",
        title="Call the bank",
        tags=["finance", "admin"],
    ),
    # --- second batch: phrasings written after the grammar, to test its rules ------------------
    add(
        "add pick up dry cleaning thursday 5pm - remind me 20 min beforehand",
        title="Pick up dry cleaning",
        reminders=["PT20M"],
    ),
    add(
        "meeting with HR on wednesday at 11, please remind me fifteen minutes before",
        title="Meeting with HR",
        due=due("11-25", "11:00"),
        reminders=["PT15M"],
    ),
    add(
        "add call the insurance company friday at 10 and alert me half an hour ahead",
        title="Call the insurance company",
        reminders=["PT30M"],
    ),
    add(
        "add car service monday 8am, remind me on sunday at 6pm",
        title="Car service",
        due=due("11-30", "08:00"),
        reminders=[due("11-29", "18:00")],
    ),
    add(
        "add file report friday, remind me thursday at 5pm",
        title="File report",
        reminders=[due("11-26", "17:00")],
    ),
    add(
        "add submit assignment friday 11:59pm, remind me 1 day before and 2 hours before",
        title="Submit assignment",
        reminders=["P1D", "PT2H"],
    ),
    add("add webinar thu 3pm w/ reminder 10 mins before", title="Webinar", reminders=["PT10M"]),
    add("add webinar thu 3pm, alarm 10 minutes before", title="Webinar", reminders=["PT10M"]),
    add(
        "add standup tomorrow 9:30. Remind me 5 min before",
        title="Standup",
        reminders=["PT5M"],
    ),
    add(
        "add pay credit card on the 15th and remind me 3 days before",
        title="Pay credit card",
        due=due("12-15"),
        reminders=["P3D"],
    ),
    add(
        "add team dinner sat 7:30pm, heads-up 2 hours before",
        title="Team dinner",
        reminders=["PT2H"],
    ),
    add(
        "Please add meeting with Mr Sharma on 3rd December at 4:30 pm and do remind me 30 "
        "minutes prior",
        title="Meeting with Mr Sharma",
        due=due("12-03", "16:30"),
        reminders=["PT30M"],
    ),
    add(
        "add school run tomorrow 8:15, give us a nudge 10 mins before",
        title="School run",
        reminders=["PT10M"],
    ),
    add(
        "add dentist friday 3pm, remember me 1 hour before",
        title="Dentist",
        reminders=["PT1H"],
    ),
    add(
        "add take out bins every tuesday 7am, remind me the night before at 9pm",
        title="Take out bins",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        reminders=["PT10H"],
    ),
    add(
        "add mum's birthday dec 12, remind me a week before and the day before",
        title="Mum's birthday",
        reminders=["P7D", "P1D"],
    ),
    add("add exam on 10 december 9am remind me 2 weeks ahead", title="Exam", reminders=["P14D"]),
    reminded(
        "could you set a reminder for the dentist appointment 1 day before",
        DENTIST,
        "dentist appointment",
        ["P1D"],
    ),
    find("remind me an hour before the dentist", "dentist"),
    reminded("remind me an hour before the dentist", DENTIST, "dentist", ["PT1H"]),
    reminded("can you ping me 1 day before the vet appointment", VET, "vet appointment", ["P1D"]),
    reminded("remind me about my flight 3 hours before", FLIGHT, "flight", ["P1D", "PT3H"]),
    reminded("ping me about the vet appointment 2 hours before", VET, "vet appointment", ["PT2H"]),
    act(
        "set an alert on 2 for 8am",
        "update_task",
        history=WITH_FLIGHT,
        task_id="t20",
        reminders=["P1D", due("11-27", "08:00")],
    ),
    act("remind me about 3 at 5pm", "update_task", task_id="t3", reminders=["PT1H"]),
    act("remind me about it", "update_task", history=ADDED, task_id="t9", reminders=["PT0S"]),
    add("pay gas bill wednesdy", title="Pay gas bill", due=due("11-25")),
    add("book tickets satruday", title="Book tickets", due=due("11-28")),
    add("next monday I've got to renew my visa", title="Renew my visa", due=due("11-30")),
    add("by friday we must submit the report", title="Submit the report", due=due("11-27")),
    add(
        "tomorrow morning i am going to jog in the park",
        title="Jog in the park",
        due=due("11-24"),
    ),
    add("on the 5th i need to pay the plumber", title="Pay the plumber", due=due("12-05")),
    add("water plants ev 3 days", title="Water plants", recurrence="FREQ=DAILY;INTERVAL=3"),
    add("pay card every 28th", title="Pay card", recurrence="FREQ=MONTHLY;BYMONTHDAY=28"),
    add(
        "backup every sun p2 @it",
        title="Backup",
        recurrence="FREQ=WEEKLY;BYDAY=SU",
        due=due("11-29"),
        priority="high",
        tags=["it"],
    ),
    add(
        "review finances every 3rd fri",
        title="Review finances",
        recurrence="FREQ=MONTHLY;BYDAY=3FR",
        due=due("12-18"),
    ),
    add(
        "p1 call the bank tmrw 9am",
        title="Call the bank",
        priority="urgent",
        due=due("11-24"),
    ),
    add("add update cv, tag it career & jobs", title="Update cv", tags=["career", "jobs"]),
    add("add fix bike label: hobbies", title="Fix bike", tags=["hobbies"]),
    add("add buy paint with the labels diy and home", title="Buy paint", tags=["diy", "home"]),
    add(
        "add dentist friday 3pm, reminder at 2pm",
        title="Dentist",
        reminders=[due("11-27", "14:00")],
    ),
    add(
        "add dentist friday 3pm, i want a reminder 1 hour before",
        title="Dentist",
        reminders=["PT1H"],
    ),
    add(
        "remind me to take my pills every day at 8am and 10 minutes before",
        title="Take my pills",
        recurrence="FREQ=DAILY",
        reminders=["PT0S", "PT10M"],
    ),
    add(
        "add dentist friday 3pm with 2 reminders: 1 day and 1 hour before",
        title="Dentist",
        reminders=["P1D", "PT1H"],
    ),
    add("add gym tomorrow 6pm, remind me 90 minutes before", title="Gym", reminders=["PT1H30M"]),
    add(
        "remind me about the meeting tomorrow",
        title="Meeting",
        due=due("11-24"),
        reminders=["PT0S"],
    ),
    say("remind me about 2", "no due date", history=SHOWN),
    find("remind me about the dentist", "dentist"),
    Case(
        "remind me about 1 and 3 an hour before",
        [
            ("update_task", {"task_id": "t1", "reminders": ["PT1H"]}),
            ("update_task", {"task_id": "t3", "reminders": ["PT1H"]}),
        ],
        history=SHOWN,
    ),
    add(
        "add buy a reminder card for anna at 5pm",
        title="Buy a reminder card for anna",
        reminders=ABSENT,
    ),
]
