"""Quick-add table rows: more for the first grammar's classes (times, typos, tags, ...).

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import (
    ABSENT,
    ADDED,
    DENTIST,
    GYM,
    Case,
    act,
    add,
    due,
    find,
    listed,
    looked_up,
    say,
    task,
    then,
)

REPORT = task(11, "Quarterly report", due("11-30", "14:00"))

DAILY_UNTIL = "FREQ=DAILY;UNTIL=20261220T225959Z"  # "until 20 december" includes that day

ROWS: list[Case] = [
    # --- times: exact to the second, parts of the day, noon/midnight/eod ------------------------
    add("call the garage in 45 minutes", title="Call the garage", due=due("11-23", "10:45")),
    add("stretch in 20 mins", title="Stretch", due=due("11-23", "10:20")),
    add("check the oven in an hour", title="Check the oven", due=due("11-23", "11:00")),
    add("feed the meter in 90 minutes", title="Feed the meter", due=due("11-23", "11:30")),
    add("book the table this afternoon at 3", title="Book the table", due=due("11-23", "15:00")),
    add("send the report by eod", title="Send the report", due=due("11-23", "17:00")),
    add("review the PR at noon tomorrow", title="Review the PR", due=due("11-24", "12:00")),
    add("call the night desk at midnight", title="Call the night desk", due=due("11-24", "00:00")),
    add("dentist at 14:45 on thursday", title="Dentist", due=due("11-26", "14:45")),
    add("team lunch at 1pm wednesday", title="Team lunch", due=due("11-25", "13:00")),
    add("call sam tomorrow morning", title="Call sam", due=due("11-24")),
    add("bins out tomorrow evening at 8", title="Bins out", due=due("11-24", "20:00")),
    add("pay the window cleaner by end of month", title="Pay the window cleaner", due=due("11-30")),
    # --- spoken and regional dates --------------------------------------------------------------
    add("renew the tv licence on 5/12", title="Renew the tv licence", due=due("12-05")),
    add("book the MOT for the 14th of december", title="Book the MOT", due=due("12-14")),
    add(
        "gran's birthday card on 2 jan",
        title="Gran's birthday card",
        due="2027-01-02T09:00:00+01:00",
    ),
    add("standup tomorrow at quarter past ten", title="Standup", due=due("11-24", "10:15")),
    add(
        "leave for the airport at twenty to six",
        title="Leave for the airport",
        due=due("11-23", "17:40"),
    ),
    add("ring the bank on thursday week", title="Ring the bank", due=due("12-03")),
    add("renew the lease on 2027-01-09", title="Renew the lease", due="2027-01-09T09:00:00+01:00"),
    add("collect the parcel at half five", title="Collect the parcel", due=due("11-23", "17:30")),
    # --- typos in date, weekday, recurrence and command words -----------------------------------
    add("dentist tomorow at 3pm", title="Dentist", due=due("11-24", "15:00")),
    add("call the bank on wensday", title="Call the bank", due=due("11-25")),
    add(
        "pay rent evry month on the 1st",
        title="Pay rent",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=1",
        due=due("12-01"),
    ),
    add("gym on satruday", title="Gym", due=due("11-28")),
    add("dentist next wendesday 4pm", title="Dentist", due=due("12-02", "16:00")),
    add("mtg with anna tmrw 2pm", title="Mtg with anna", due=due("11-24", "14:00")),
    act("compelte 2", "complete_task", task_id="t2"),
    act("dlete 3", "delete_task", task_id="t3", confirm=ABSENT),
    add("remnd me to call mom tomorrow", title="Call mom", due=due("11-24"), reminders=["PT0S"]),
    # --- priorities in words and Todoist's p1-p4 ------------------------------------------------
    add("p1 renew passport", title="Renew passport", priority="urgent"),
    add("renew passport p3", title="Renew passport", priority="medium"),
    add("call the bank - high priority", title="Call the bank", priority="high"),
    add("fix the heating, super urgent", title="Fix the heating", priority="urgent"),
    add("priority 2: finish the deck", title="Finish the deck", priority="high"),
    add("submit the expenses, it's urgent", title="Submit the expenses", priority="urgent"),
    add("update my cv, medium priority", title="Update my cv", priority="medium"),
    add("read the novel, no rush at all", title="Read the novel", priority=ABSENT),
    add("book a haircut, not that important", title="Book a haircut", priority=ABSENT),
    # --- tags in words ----------------------------------------------------------------------------
    add("buy paint #diy #home", title="Buy paint", tags=["diy", "home"]),
    add("add renew the passport and tag it travel", title="Renew the passport", tags=["travel"]),
    add("draft the newsletter tagged as work", title="Draft the newsletter", tags=["work"]),
    add(
        "book the hotel @travel tomorrow", title="Book the hotel", tags=["travel"], due=due("11-24")
    ),
    listed("show tasks with label work", tags=["work"], q=ABSENT),
    # --- recurrence in words --------------------------------------------------------------------
    add(
        "take the bins out every tuesday evening at 7",
        title="Take the bins out",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        due=due("11-24", "19:00"),
    ),
    add(
        "pay the credit card on the 25th of every month",
        title="Pay the credit card",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
        due=due("11-25"),
    ),
    add(
        "water the garden every 3 days",
        title="Water the garden",
        recurrence="FREQ=DAILY;INTERVAL=3",
    ),
    add(
        "clean the filters every 2 months",
        title="Clean the filters",
        recurrence="FREQ=MONTHLY;INTERVAL=2",
    ),
    add(
        "review goals every sunday night at 8",
        title="Review goals",
        recurrence="FREQ=WEEKLY;BYDAY=SU",
        due=due("11-29", "20:00"),
    ),
    add(
        "call grandma every other sunday",
        title="Call grandma",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=SU",
        due=due("11-29"),
    ),
    add(
        "pay the nanny fortnightly on fridays",
        title="Pay the nanny",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        due=due("11-27"),
    ),
    add(
        "back up the laptop on the first saturday of every month",
        title="Back up the laptop",
        recurrence="FREQ=MONTHLY;BYDAY=1SA",
        due=due("12-05"),
    ),
    add("stretch every 2 hours", title="Stretch", recurrence="FREQ=HOURLY;INTERVAL=2"),
    add(
        "take the meds every day at 8am until 20 december",
        title="Take the meds",
        recurrence=DAILY_UNTIL,
        due=due("11-24", "08:00"),
    ),
    add(
        "yoga every monday for 6 times",
        title="Yoga",
        recurrence="FREQ=WEEKLY;BYDAY=MO;COUNT=6",
        due=due("11-30"),
    ),
    add(
        "water the orchids every 10 days after completion",
        title="Water the orchids",
        recurrence="FREQ=DAILY;INTERVAL=10",
        anchor="completion",
    ),
    add(
        "get a haircut every 6 weeks after I finish it",
        title="Get a haircut",
        recurrence="FREQ=WEEKLY;INTERVAL=6",
        anchor="completion",
    ),
    # --- no command word: a statement is a task, anything else is not ---------------------------
    add("new tyres for the car", title="New tyres for the car"),
    add("birthday present for tom", title="Birthday present for tom"),
    add("dentist", title="Dentist", due=ABSENT),
    add("sort out the loft this weekend", title="Sort out the loft", due=due("11-28")),
    say("my head hurts", "Sorry, I did not understand"),
    say("why won't this work", "Sorry, I did not understand"),
    # --- contractions and forms -----------------------------------------------------------------
    add("I'd like to call the bank tomorrow", title="Call the bank", due=due("11-24")),
    add("we've got to fix the gate", title="Fix the gate"),
    find("I sent the invoice", "send the invoice"),
    find("I've picked up the parcel", "pick up the parcel"),
    add("I'll need to renew the visa next month", title="Renew the visa", due=due("12-01")),
    add("i'm gonna wash the car saturday", title="Wash the car", due=due("11-28")),
    add("gotta call the insurance", title="Call the insurance"),
    # --- wrappers -------------------------------------------------------------------------------
    add(
        "Would you be able to add a reminder to call the bank at 4pm?",
        title="Call the bank",
        due=due("11-23", "16:00"),
        reminders=["PT0S"],
    ),
    add("please add: buy bread", title="Buy bread"),
    add(
        "Dear assistant, kindly add pay electricity bill on 30th",
        title="Pay electricity bill",
        due=due("11-30"),
    ),
    add(
        "Can you pls remind me to call amma tomorrow morning",
        title="Call amma",
        due=due("11-24"),
        reminders=["PT0S"],
    ),
    add("I was wondering if you could add call the school", title="Call the school"),
    add("add this to my list please: renew the car tax", title="Renew the car tax"),
    # --- small talk and help --------------------------------------------------------------------
    say("thanks mate", "You're welcome."),
    say("thank u", "You're welcome."),
    say("ciao", "Bye!"),
    say("what's your name?", "I am the offline assistant of this todo app"),
    say("can you help me?", "I can add, list, complete"),
    say("what can you help me with?", "I can add, list, complete"),
    say("hey hey", "Hi! I can add"),
    # --- a change of date or time said with "change"/"update" ----------------------------------
    then(
        looked_up("change the report deadline to friday", REPORT, query="report"),
        "update_task",
        task_id="t11",
        due=due("11-27", "14:00"),
    ),
    then(
        looked_up("update the dentist appointment to 4pm", DENTIST, query="dentist"),
        "update_task",
        task_id="t1",
        due=due("11-27", "16:00"),
    ),
    find("change the deadline for the quarterly report to dec 1", "quarterly report"),
    # --- closings, day lists, tag lists -----------------------------------------------------------
    say("no more tasks for today", "Bye!"),
    say("that's it for today", "Bye!"),
    say("I'm all done for today", "Bye!"),
    say("nothing else", "Bye!"),
    listed("my day", due_after=due("11-23", "00:00"), due_before=due("11-24", "00:00")),
    listed("tomorrow?", due_after=due("11-24", "00:00"), due_before=due("11-25", "00:00")),
    find("add #home and #work to gym", "gym"),
    then(
        looked_up("add #home and #work to gym", GYM, query="gym"),
        "update_task",
        task_id="t3",
        tags=["home", "work"],
    ),
    find("tag gym health and fitness", "gym"),
    add("get milk", title="Get milk"),
    add("see the optician friday", title="See the optician", due=due("11-27")),
    # --- more subjects, modals and wrappers ------------------------------------------------------
    add("I'd better water the lawn friday", title="Water the lawn", due=due("11-27")),
    add("we're supposed to hand in the keys on monday", title="Hand in the keys", due=due("11-30")),
    add("please remember that we need to renew the permit", title="Renew the permit"),
    add(
        "Hello assistant, kindly create one task to file the insurance claim on 3rd December",
        title="File the insurance claim",
        due=due("12-03"),
    ),
    add("could you add to my list that we must call the vet", title="Call the vet"),
    add("kindly make a task called annual review", title="Annual review"),
    add("please to put milk on the list", title="Milk"),
    add("open a new task for me: sweep the yard", title="Sweep the yard"),
    add("set up a task to call the bank", title="Call the bank"),
    add(
        "kindly do the needful and add renew the licence on friday",
        title="Renew the licence",
        due=due("11-27"),
    ),
    # --- reports without "I", edits said another way ------------------------------------------
    find("washed the car", "wash the car"),
    find("already paid the electricity bill", "pay the electricity bill"),
    add("baked beans", title="Baked beans"),
    add("read the novel", title="Read the novel"),
    add(
        "bin collection every other thursday",
        title="Bin collection",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        due=due("11-26"),
    ),
    act("bin 2", "delete_task", task_id="t2", confirm=ABSENT),
    find("the gym doesn't need to repeat any more", "gym"),
    act("3 shouldn't recur", "update_task", task_id="t3", clear_recurrence=True),
    act("change 2 to urgent", "update_task", task_id="t2", priority="urgent"),
    act("move 1 to low priority", "update_task", task_id="t1", priority="low"),
    find("bump gym up to top priority", "gym"),
    then(
        looked_up("make the gym 8pm instead", GYM, query="gym"),
        "update_task",
        task_id="t3",
        due=due("11-24", "20:00"),
    ),
    find("let's do the dentist on monday instead", "dentist"),
    act("file 2 under #home", "update_task", task_id="t2", tags=["errands", "home"]),
    act("stick it under home", "update_task", history=ADDED, task_id="t9", tags=["home"]),
    add(
        "feed the parking meter in 2 hours",
        title="Feed the parking meter",
        due=due("11-23", "12:00"),
    ),
    act("move 2 in 45 minutes", "update_task", task_id="t2", due=due("11-23", "10:45")),
    act("how about the fourth one?", "get_task", task_id="t4"),
]
