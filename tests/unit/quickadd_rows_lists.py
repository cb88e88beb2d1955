"""Quick-add table rows: Several tasks in one message, queries in words, counts and summaries.

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from typing import Any

from tests.unit.quickadd_cases import (
    ABSENT,
    GROCERIES,
    NOW,
    TODAY,
    WEEK,
    Case,
    add,
    due,
    exchange,
    listed,
    listing,
    said,
    say,
    task,
    user,
)


def several(text: str, *tasks: str | dict[str, Any]) -> Case:
    """One add_task call per task, all in one decision; a bare string is just the title."""
    calls = [("add_task", {"title": t} if isinstance(t, str) else t) for t in tasks]
    return Case(text, calls)


def one(title: str, **fields: Any) -> dict[str, Any]:
    return {"title": title, **fields}


def answered(text: str, calls: list[tuple[str, dict[str, Any], Any]], reply: str) -> Case:
    """The reply once the turn's calls have come back (one exchange per call, in order)."""
    turn = [user(text)]
    for number, (name, arguments, output) in enumerate(calls, start=1):
        turn += exchange(f"qa_call_{number}", name, arguments, output)
    return Case(text, reply=reply, in_turn=turn)


def counted(text: str, output: dict[str, Any], reply: str, **arguments: Any) -> Case:
    return answered(text, [("list_tasks", arguments, output)], reply)


TOMORROW = {"due_after": due("11-24", "00:00"), "due_before": due("11-25", "00:00")}
NEXT_WEEK = {"due_after": due("11-30", "00:00"), "due_before": due("12-07", "00:00")}
GROCERY_WORDS = "apples pears plums kiwis limes dates figs oats rice beans".split()
TODAY_AND_TOMORROW = {"due_after": due("11-23", "00:00"), "due_before": due("11-25", "00:00")}
FRIDAY = {"due_after": due("11-27", "00:00"), "due_before": due("11-28", "00:00")}
NO_DUE = {"due_after": ABSENT, "due_before": ABSENT}
DONE = {"status": "completed", **NO_DUE}
RICE = task(11, "Rice")
LENTILS = task(12, "Lentils")
GHEE = task(13, "Ghee")
REPORT = task(14, "Report", due("11-23", "17:00"), tags=["work"])
SLIDES = task(15, "Slides", due("11-23", "15:00"), tags=["work"])
LATE = task(16, "Pay invoice", due("11-20"))
FINISHED_SUNDAY = task(17, "Tax return", completed=True, completed_at="2026-11-22T15:00:00+00:00")
FINISHED_TODAY = task(18, "Water plants", completed=True, completed_at="2026-11-23T08:00:00+00:00")
FINISHED_EARLIER = task(19, "Old chore", completed=True, completed_at="2026-11-10T08:00:00+00:00")
ASKED_TWO = [
    user("add rice; lentils"),
    *exchange("qa_call_1", "add_task", {"title": "Rice"}, RICE),
    *exchange("qa_call_2", "add_task", {"title": "Lentils"}, LENTILS),
    said("Added 2 tasks: ..."),
    user("undo"),
    *exchange("qa_call_3", "delete_task", {"task_id": "t11"}, {"deleted": False, "task": RICE}),
    *exchange("qa_call_4", "delete_task", {"task_id": "t12"}, {"deleted": False, "task": LENTILS}),
    said("Delete “Rice” and “Lentils”? Say yes to confirm."),
]
MORE = {"items": [REPORT, SLIDES], "next_cursor": "abc"}

ROWS: list[Case] = [
    # --- several tasks in one message: a comma list --------------------------------------------
    several("add rice, lentils and ghee", "Rice", "Lentils", "Ghee"),
    several("add milk, eggs, bread", "Milk", "Eggs", "Bread"),
    several("add milk, eggs, and bread", "Milk", "Eggs", "Bread"),
    several("Add milk, eggs & bread", "Milk", "Eggs", "Bread"),
    several("add apples, oranges, bananas and grapes", "Apples", "Oranges", "Bananas", "Grapes"),
    several("add milk,eggs,bread", "Milk", "Eggs", "Bread"),
    several("please add milk, eggs and bread", "Milk", "Eggs", "Bread"),
    several("could you add milk, eggs and bread for me?", "Milk", "Eggs", "Bread"),
    several("can u pls add milk , eggs and bread", "Milk", "Eggs", "Bread"),
    several("add soap, salt and pepper", "Soap", "Salt", "Pepper"),
    several(
        "Kindly add buy vegetables, pay electricity bill and recharge mobile",
        "Buy vegetables",
        "Pay electricity bill",
        "Recharge mobile",
    ),
    several("add call mom, email sarah, book flights", "Call mom", "Email sarah", "Book flights"),
    # --- shared details: a date, tag or priority after the last item applies to every item ---
    several(
        "add rice, lentils and ghee tomorrow",
        one("Rice", due=due("11-24")),
        one("Lentils", due=due("11-24")),
        one("Ghee", due=due("11-24")),
    ),
    several(
        "add flour, sugar and butter to tomorrow #baking",
        one("Flour", due=due("11-24"), tags=["baking"]),
        one("Sugar", due=due("11-24"), tags=["baking"]),
        one("Butter", due=due("11-24"), tags=["baking"]),
    ),
    several(
        "add coffee, tea and biscuits #office",
        one("Coffee", tags=["office"]),
        one("Tea", tags=["office"]),
        one("Biscuits", tags=["office"]),
    ),
    several(
        "add report, slides and budget friday p1",
        one("Report", due=due("11-27"), priority="urgent"),
        one("Slides", due=due("11-27"), priority="urgent"),
        one("Budget", due=due("11-27"), priority="urgent"),
    ),
    several(
        "add tyres, oil change and wipers for the car #car",
        one("Tyres", tags=["car"]),
        one("Oil change", tags=["car"]),
        one("Wipers for the car", tags=["car"]),
    ),
    # --- each item with its own details ----------------------------------------------------
    several(
        "buy bread tomorrow, call grandma on friday p1",
        one("Buy bread", due=due("11-24"), priority=ABSENT),
        one("Call grandma", due=due("11-27"), priority="urgent"),
    ),
    several(
        "add report #work and groceries #home",
        one("Report", tags=["work"]),
        one("Groceries", tags=["home"]),
    ),
    several(
        "add slides #work and laundry #home tomorrow",
        one("Slides", tags=["work"], due=ABSENT),
        one("Laundry", tags=["home"], due=due("11-24")),
    ),
    several(
        "buy milk tomorrow and call mom friday",
        one("Buy milk", due=due("11-24")),
        one("Call mom", due=due("11-27")),
    ),
    several(
        "add dentist tuesday 3pm and haircut saturday 11am",
        one("Dentist", due=due("11-24", "15:00")),
        one("Haircut", due=due("11-28", "11:00")),
    ),
    several(
        "add pay rent on the 1st p1, water plants tonight",
        one("Pay rent", due=due("12-01"), priority="urgent"),
        one("Water plants", due=due("11-23", "20:00"), priority=ABSENT),
    ),
    several(
        "add gym tmrw 7am; dentist friday 10am",
        one("Gym", due=due("11-24", "07:00")),
        one("Dentist", due=due("11-27", "10:00")),
    ),
    several(
        "remind me to call the bank tomorrow and to pay rent on friday",
        one("Call the bank", due=due("11-24")),
        one("Pay rent", due=due("11-27")),
    ),
    # --- an announced count ----------------------------------------------------------------
    several("add two tasks: ring the plumber and text priya", "Ring the plumber", "Text priya"),
    several("add 2 tasks: renew car tax and email the school", "Renew car tax", "Email the school"),
    several("add three things: milk, eggs and bread", "Milk", "Eggs", "Bread"),
    several("add 3 items - milk, eggs, bread", "Milk", "Eggs", "Bread"),
    several("create two tasks: salt and pepper", "Salt", "Pepper"),
    several(
        "Please create 2 todos: renew passport next month and book visa appointment",
        one("Renew passport", due=due("12-01")),
        one("Book visa appointment", due=ABSENT),
    ),
    several("add these: milk, eggs and bread", "Milk", "Eggs", "Bread"),
    several("add the following: milk; eggs; bread", "Milk", "Eggs", "Bread"),
    say("add three tasks: milk and eggs", "three"),
    say("add 4 tasks: milk, eggs", "4"),
    # --- each side with its own verb -------------------------------------------------------
    several("add phone the vet and order dog food", "Phone the vet", "Order dog food"),
    several("call the plumber and pay the gas bill", "Call the plumber", "Pay the gas bill"),
    several("add buy milk and call mom", "Buy milk", "Call mom"),
    several("add book flights and renew passport", "Book flights", "Renew passport"),
    several("i need to wash the car and clean the garage", "Wash the car", "Clean the garage"),
    several(
        "add email the landlord and fix the sink tomorrow",
        one("Email the landlord", due=ABSENT),
        one("Fix the sink", due=due("11-24")),
    ),
    # --- semicolons, new lines, lettered and numbered lists --------------------------------
    several("add milk; eggs; bread", "Milk", "Eggs", "Bread"),
    several("milk; eggs; bread", "Milk", "Eggs", "Bread"),
    several("add call bob; email sarah tomorrow", "Call bob", one("Email sarah", due=due("11-24"))),
    several("add:\nmilk\neggs\nbread", "Milk", "Eggs", "Bread"),
    several("milk\neggs\nbread", "Milk", "Eggs", "Bread"),
    several("- milk\n- eggs\n- bread", "Milk", "Eggs", "Bread"),
    several("* call bank\n* pay rent friday", "Call bank", one("Pay rent", due=due("11-27"))),
    several("todo:\n1. call bank\n2. email sarah", "Call bank", "Email sarah"),
    several(
        "I need to: a) renew library card, b) email the tutor",
        "Renew library card",
        "Email the tutor",
    ),
    several(
        "i need to: a) call the bank b) email sarah c) book flights friday",
        "Call the bank",
        "Email sarah",
        one("Book flights", due=due("11-27")),
    ),
    several("1. milk 2. eggs 3. bread", "Milk", "Eggs", "Bread"),
    several("add 1) call bank 2) pay rent", "Call bank", "Pay rent"),
    several(
        "tasks: 1. renew insurance #car 2. book mot #car",
        one("Renew insurance", tags=["car"]),
        one("Book mot", tags=["car"]),
    ),
    several(
        "Add the following tasks:\n1) Call bank tomorrow\n2) Email Sarah on friday p2",
        one("Call bank", due=due("11-24")),
        one("Email Sarah", due=due("11-27"), priority="high"),
    ),
    # --- "and" inside a name: one task -----------------------------------------------------
    add("ring mum and dad", title="Ring mum and dad"),
    add("add call mom and dad tomorrow", title="Call mom and dad", due=due("11-24")),
    add("add salt and vinegar crisps", title="Salt and vinegar crisps"),
    add("buy salt and pepper", title="Buy salt and pepper"),
    add("add Q&A prep for the webinar", title="Q&A prep for the webinar"),
    add("add R&D review friday", title="R&D review", due=due("11-27")),
    add("mac and cheese night on friday", title="Mac and cheese night", due=due("11-27")),
    add("add rock and roll class at 6pm", title="Rock and roll class"),
    add("add research and development report", title="Research and development report"),
    add("add pick up and drop kids tomorrow", title="Pick up and drop kids"),
    add("add meet tom and jerry for lunch", title="Meet tom and jerry for lunch"),
    add("add pay rent every month on the 1st, at 9am", title="Pay rent"),
    add(
        "call mom tomorrow 5pm, remind me 30 minutes before",
        title="Call mom",
        reminders=["PT30M"],
    ),
    add("add bread and butter pudding recipe #baking", title="Bread and butter pudding recipe"),
    # --- the reply after several adds ------------------------------------------------------
    answered(
        "add rice, lentils and ghee",
        [
            ("add_task", {"title": "Rice"}, RICE),
            ("add_task", {"title": "Lentils"}, LENTILS),
            ("add_task", {"title": "Ghee"}, GHEE),
        ],
        "Added 3 tasks:",
    ),
    answered(
        "add rice, lentils and ghee",
        [
            ("add_task", {"title": "Rice"}, RICE),
            ("add_task", {"title": "Lentils"}, LENTILS),
            ("add_task", {"title": "Ghee"}, GHEE),
        ],
        "“Ghee”",
    ),
    answered(
        "add rice, lentils and ghee",
        [
            ("add_task", {"title": "Rice"}, RICE),
            ("add_task", {"title": "Lentils"}, "Error executing tool add_task: database down"),
            ("add_task", {"title": "Ghee"}, GHEE),
        ],
        "I could not add “Lentils”: database down",
    ),
    answered(
        "add rice, lentils and ghee",
        [
            ("add_task", {"title": "Rice"}, RICE),
            ("add_task", {"title": "Lentils"}, "Error executing tool add_task: database down"),
            ("add_task", {"title": "Ghee"}, GHEE),
        ],
        "Added 2 tasks:",
    ),
    answered(
        "buy bread tomorrow, call grandma on friday p1",
        [
            ("add_task", {"title": "Buy bread"}, task(20, "Buy bread", due("11-24"))),
            (
                "add_task",
                {"title": "Call grandma"},
                task(21, "Call grandma", due("11-27"), priority="urgent"),
            ),
        ],
        "“Call grandma” — due Fri 27 Nov 09:00, urgent",
    ),
    # --- queries in words --------------------------------------------------------------------
    listed("so what's on my plate for next week", **NEXT_WEEK, q=ABSENT),
    listed("whats on my plate today", **TODAY, q=ABSENT),
    listed("anything tagged garden?", tags=["garden"], q=ABSENT),
    listed("what is left to do today", **TODAY, q=ABSENT, status=ABSENT),
    listed("what is left for today?", **TODAY, q=ABSENT),
    listed("what's still pending this week", **WEEK, q=ABSENT),
    listed("what have i got planned for friday", **FRIDAY, q=ABSENT),
    listed("what have i got on friday?", **FRIDAY, q=ABSENT),
    listed("my high-priority things", priority=["high"], q=ABSENT),
    listed("show my important stuff", priority=["high"], q=ABSENT),
    listed("anything critical?", priority=["urgent"], q=ABSENT),
    listed("is anything urgent", priority=["urgent"], q=ABSENT),
    listed("what's urgent", priority=["urgent"], q=ABSENT),
    listed("tasks due before the weekend", due_before=due("11-28", "00:00"), q=ABSENT),
    listed("anything due before the weekend?", due_before=due("11-28", "00:00"), q=ABSENT),
    listed("what's due by the end of the week", due_before=due("11-30", "00:00"), q=ABSENT),
    listed("list everything with #garden", tags=["garden"], q=ABSENT),
    listed("list everything tagged home", tags=["home"], q=ABSENT),
    listed("what's coming up for me", due_after=NOW.isoformat(), sort="due", q=ABSENT),
    listed("what is coming up next week", **NEXT_WEEK, q=ABSENT),
    listed("do I have anything on for tomorrow", **TOMORROW, q=ABSENT),
    listed("do i have anything on tmrw?", **TOMORROW, q=ABSENT),
    listed("have I got anything on tomorrow", **TOMORROW, q=ABSENT),
    listed("is there anything for tomorrow?", **TOMORROW, q=ABSENT),
    listed("what's on this week", **WEEK, q=ABSENT),
    listed("what have i missed", overdue=True, q=ABSENT),
    listed("anything late?", overdue=True, q=ABSENT),
    listed("which tasks are overdue #work", overdue=True, tags=["work"], q=ABSENT),
    listed("Kindly show me the pending work for tomorrow", **TOMORROW, q=ABSENT),
    listed("pls show wat i have today", **TODAY, q=ABSENT),
    listed("what all is there for next week", **NEXT_WEEK, q=ABSENT, status=ABSENT),
    listed("my tasks for next week", **NEXT_WEEK, q=ABSENT),
    listed("show #work stuff due this week", tags=["work"], **WEEK, q=ABSENT),
    listed("any high priority things tagged home?", priority=["high"], tags=["home"], q=ABSENT),
    # --- what was finished: no completed-on filter exists; latest completions, then filtered
    listed("show the stuff I finished yesterday", **DONE, sort="updated", order="desc", q=ABSENT),
    listed("which tasks did i complete this week", **DONE, sort="updated", q=ABSENT),
    listed("what did i get done today?", **DONE, q=ABSENT),
    listed("what have I completed so far this week", **DONE, q=ABSENT),
    listed("show tasks i finished", status="completed", q=ABSENT),
    answered(
        "show the stuff I finished yesterday",
        [
            (
                "list_tasks",
                {"status": "completed", "sort": "updated", "order": "desc"},
                listing(FINISHED_TODAY, FINISHED_SUNDAY, FINISHED_EARLIER),
            )
        ],
        "“Tax return”",
    ),
    Case(
        "show the stuff I finished yesterday",
        reply="(1):",
        in_turn=[
            user("show the stuff I finished yesterday"),
            *exchange(
                "qa_list_1",
                "list_tasks",
                {"status": "completed", "sort": "updated", "order": "desc"},
                listing(FINISHED_TODAY, FINISHED_SUNDAY, FINISHED_EARLIER),
            ),
        ],
    ),
    answered(
        "what did i complete this week",
        [
            (
                "list_tasks",
                {"status": "completed"},
                listing(FINISHED_TODAY, FINISHED_SUNDAY, FINISHED_EARLIER),
            )
        ],
        "(1):",
    ),
    answered(
        "what did I finish yesterday",
        [("list_tasks", {"status": "completed"}, listing(FINISHED_TODAY, FINISHED_EARLIER))],
        "No tasks completed yesterday",
    ),
    # --- counts and summaries: one list_tasks, then the number and the titles ----------------
    listed("how many tasks have I got today?", **TODAY, q=ABSENT, limit=100),
    listed("how many todos today", **TODAY, q=ABSENT),
    listed("how much stuff is overdue", overdue=True, q=ABSENT),
    listed("how many things are left for this week?", **WEEK, q=ABSENT),
    listed("count my #office tasks", tags=["office"], q=ABSENT),
    listed("how busy is tomorrow looking?", **TOMORROW, q=ABSENT),
    listed("how many tasks are overdue", overdue=True, q=ABSENT),
    listed("how many overdue tasks do I have?", overdue=True, q=ABSENT),
    listed("how many high priority tasks do i have", priority=["high"], q=ABSENT),
    listed("how many tasks tagged home", tags=["home"], q=ABSENT),
    listed("how many open tasks do I have", q=ABSENT, status=ABSENT),
    listed("how many tasks have i got", q=ABSENT),
    listed("how many tasks did I complete", status="completed", q=ABSENT),
    listed("how many p1 tasks this week", priority=["urgent"], **WEEK, q=ABSENT),
    listed("how loaded is my friday", **FRIDAY, q=ABSENT),
    listed("how packed is next week?", **NEXT_WEEK, q=ABSENT),
    listed("number of tasks due today", **TODAY, q=ABSENT),
    listed("count tasks due this week", **WEEK, q=ABSENT),
    listed("hw many tasks today", **TODAY, q=ABSENT),
    counted(
        "how many tasks have I got today?",
        listing(REPORT, SLIDES),
        "You have 2 tasks due today: “Report”, “Slides”.",
        **TODAY,
    ),
    counted("how much stuff is overdue", listing(), "Nothing is overdue.", overdue=True),
    counted(
        "how much stuff is overdue",
        listing(LATE),
        "You have 1 overdue task: “Pay invoice”.",
        overdue=True,
    ),
    counted("count my #office tasks", listing(REPORT, SLIDES), "2 #office tasks", tags=["office"]),
    counted("how busy is tomorrow looking?", listing(), "Nothing is due tomorrow.", **TOMORROW),
    counted(
        "how busy is tomorrow looking?",
        listing(task(22, "Gym", due("11-24", "07:00")), task(23, "Dentist", due("11-24", "15:00"))),
        "You have 2 tasks due tomorrow: “Gym”, “Dentist”.",
    ),
    counted("how many tasks have I got today?", MORE, "at least 2", **TODAY),
    counted("how many tasks do I have", listing(GROCERIES), "You have 1 open task: “Groceries”."),
    counted(
        "how many things are left for this week?",
        listing(REPORT),
        "You have 1 task due this week: “Report”.",
    ),
    # --- questions never become tasks ------------------------------------------------------
    say("how many cats are there in the world", "did not understand"),
    say("how much does a flight cost", "did not understand"),
    # --- more several-task rules: what keeps one task, vague announcers, shared details ---------
    add("add meeting with john, paul and ringo", title="Meeting with john, paul and ringo"),
    add("add trip to lisbon, portugal", title="Trip to lisbon, portugal"),
    add("add gifts for mum, dad and sis #xmas", title="Gifts for mum, dad and sis"),
    add("add call the landlord, he is waiting", title="Call the landlord, he is waiting"),
    add("add revise chapters 3, 4 and 5", title="Revise chapters 3, 4 and 5"),
    add("add draft the memo and send it to legal", title="Draft the memo and send it to legal"),
    add("add take out the bins and recycling", title="Take out the bins and recycling"),
    add("add plan and book the holiday", title="Plan and book the holiday"),
    several("add some tasks: stamps, envelopes", "Stamps", "Envelopes"),
    several("add a few things: nappies, wipes, formula", "Nappies", "Wipes", "Formula"),
    several("add a couple of items: bin bags and kitchen roll", "Bin bags", "Kitchen roll"),
    several(
        "i have to buy onions, tomatoes and coriander tomorrow",
        one("Buy onions", due=due("11-24")),
        one("Tomatoes", due=due("11-24")),
        one("Coriander", due=due("11-24")),
    ),
    several(
        "add the following: renew tv licence tomorrow, pay council tax friday",
        one("Renew tv licence", due=due("11-24")),
        one("Pay council tax", due=due("11-27")),
    ),
    several(
        "remind me to phone the gp tomorrow and to collect the parcel on saturday",
        one("Phone the gp", due=due("11-24")),
        one("Collect the parcel", due=due("11-28")),
    ),
    several(
        "add pick up kids at 3 and drop car at garage at 5",
        one("Pick up kids", due=due("11-23", "15:00")),
        one("Drop car at garage", due=due("11-23", "17:00")),
    ),
    several(
        "Todo: hoover the stairs; defrost the freezer", "Hoover the stairs", "Defrost the freezer"
    ),
    several("add these tasks:\n- batteries\n- light bulbs", "Batteries", "Light bulbs"),
    several("plz add: a) passport photos b) visa form", "Passport photos", "Visa form"),
    say("add five tasks: stamps, envelopes and tape", "five"),
    # --- more query wordings ------------------------------------------------------------------
    listed("what's due today and tomorrow", **TODAY_AND_TOMORROW, q=ABSENT),
    listed(
        "show tasks for friday or saturday",
        due_after=due("11-27", "00:00"),
        due_before=due("11-29", "00:00"),
        q=ABSENT,
    ),
    listed(
        "what do i have between monday and wednesday",
        due_after=due("11-23", "00:00"),
        due_before=due("11-26", "00:00"),
        q=ABSENT,
    ),
    listed("anything on my to-do list for tomorrow?", **TOMORROW, q=ABSENT),
    listed("any deadlines this week?", **WEEK, q=ABSENT),
    listed("what needs doing today", **TODAY, q=ABSENT),
    listed("what should i do today?", **TODAY, q=ABSENT),
    listed("What do I need to do tomorrow?", **TOMORROW, q=ABSENT),
    listed("show my week", **WEEK, q=ABSENT),
    listed("how does my week look", **WEEK, q=ABSENT),
    listed("what's my day look like", **TODAY, q=ABSENT),
    listed("how's my schedule looking for friday", **FRIDAY, q=ABSENT),
    listed("give me a rundown of tomorrow", **TOMORROW, q=ABSENT),
    listed("anything due soon?", **WEEK, q=ABSENT),
    listed("remaining tasks for today", **TODAY, q=ABSENT),
    listed("outstanding items this week", **WEEK, q=ABSENT),
    listed("what did i tick off today", **DONE, q=ABSENT),
    # --- more counts ----------------------------------------------------------------------------
    listed("how many did I finish this week", **DONE, q=ABSENT),
    listed("tell me how many tasks i have", q=ABSENT, limit=100),
    listed("am I busy on friday?", **FRIDAY, q=ABSENT),
    listed("how many urgent things do i have", priority=["urgent"], q=ABSENT),
    answered(
        "how many did I finish this week",
        [("list_tasks", {"status": "completed"}, listing(FINISHED_TODAY, FINISHED_EARLIER))],
        "You completed 1 task this week: “Water plants”.",
    ),
    answered(
        "how many did I finish yesterday",
        [("list_tasks", {"status": "completed"}, listing(FINISHED_TODAY))],
        "You completed no tasks yesterday.",
    ),
    counted("how many #office tasks", listing(), "You have no #office tasks.", tags=["office"]),
    say("how many days until christmas", "did not understand"),
    # --- a detail after the last comma belongs to the whole list ------------------------------
    several(
        "add stamps, envelopes and tape, urgent",
        one("Stamps", priority="urgent"),
        one("Envelopes", priority="urgent"),
        one("Tape", priority="urgent"),
    ),
    several(
        "add hummus, pitta and olives, tomorrow at 5",
        one("Hummus", due=due("11-24", "17:00")),
        one("Pitta", due=due("11-24", "17:00")),
        one("Olives", due=due("11-24", "17:00")),
    ),
    several("add salt and pepper, olive oil", "Salt and pepper", "Olive oil"),
    add(
        "add gym every mon and thu until march",
        title="Gym",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270228T225959Z",
    ),
    # --- long lists: all calls in one step, answered once; a pasted wall of text is refused --
    answered(
        "add " + ", ".join(GROCERY_WORDS),
        [
            ("add_task", {"title": w.capitalize()}, task(40 + n, w.capitalize()))
            for n, w in enumerate(GROCERY_WORDS)
        ],
        "Added 10 tasks:",
    ),
    several("add " + ", ".join(GROCERY_WORDS), *(w.capitalize() for w in GROCERY_WORDS)),
    say("\n".join(f"water plant {chr(97 + n)}" for n in range(22)), "up to 20"),
    # --- headings and announcements in other words ------------------------------------------
    several("new tasks: descale kettle, oil the hinges", "Descale kettle", "Oil the hinges"),
    several("i want to add cumin, turmeric and cardamom", "Cumin", "Turmeric", "Cardamom"),
    several("add 1.passport 2.tickets", "Passport", "Tickets"),
    several("add\ncharger\nadapter", "Charger", "Adapter"),
    several(
        "add two things to my list: book the mot and email the council",
        "Book the mot",
        "Email the council",
    ),
    several("add three: limes, lemons, oranges", "Limes", "Lemons", "Oranges"),
    several(
        "kindly add following tasks: pay electricity bill, book gas cylinder",
        "Pay electricity bill",
        "Book gas cylinder",
    ),
    several("pls add 2 task - call bank and submit form", "Call bank", "Submit form"),
    several(
        "hey, can you add call bob tomorrow and email anna on friday?",
        one("Call bob", due=due("11-24")),
        one("Email anna", due=due("11-27")),
    ),
    several(
        "add dentist friday, gym saturday, haircut sunday",
        one("Dentist", due=due("11-27")),
        one("Gym", due=due("11-28")),
        one("Haircut", due=due("11-29")),
    ),
    # --- queries with typos, shorthands and Indian/non-native phrasing: never a task ----------
    listed("waht do i have on wednesday", due_after=due("11-25", "00:00"), q=ABSENT),
    listed("what i have for today?", **TODAY, q=ABSENT),
    listed("what are my task for tomorow", **TOMORROW, q=ABSENT),
    listed("show me todays task", **TODAY, q=ABSENT),
    listed("tomorrow's tasks", **TOMORROW, q=ABSENT),
    listed("todays agenda", **TODAY, q=ABSENT),
    listed("next week deadlines", **NEXT_WEEK, q=ABSENT),
    listed("kindly share the list of pending tasks", q=ABSENT, status=ABSENT),
    listed("which work is pending for tomorrow", **TOMORROW, q=ABSENT),
    listed("what i finished today", **DONE, q=ABSENT),
    listed("what all i did this week", **DONE, q=ABSENT),
    listed("no of tasks for tomorrow", **TOMORROW, q=ABSENT, limit=100),
    listed("total tasks this week", **WEEK, q=ABSENT, limit=100),
    listed("total number of overdue tasks", overdue=True, q=ABSENT, limit=100),
    listed("what's the count of my #office tasks", tags=["office"], q=ABSENT, limit=100),
    listed("what are my priorities today", **TODAY, q=ABSENT),
    add("share the photos with grandma", title="Share the photos with grandma"),
    say("what I want for dinner", "did not understand"),
    # --- a heading line: never a task; its details go onto items without their own -----------
    several(
        "add for tomorrow:\nbin bags\nkitchen roll",
        one("Bin bags", due=due("11-24")),
        one("Kitchen roll", due=due("11-24")),
    ),
    several("shopping list:\ncoriander\nginger", "Coriander", "Ginger"),
    several("groceries:\n- paneer\n- curd", "Paneer", "Curd"),
    several(
        "tomorrow:\nring the council\nreturn parcel friday",
        one("Ring the council", due=due("11-24")),
        one("Return parcel", due=due("11-27")),
    ),
    several(
        "Hi! Could you add these for me:\n1. renew permit\n2. pay parking fine",
        "Renew permit",
        "Pay parking fine",
    ),
    several("add plasters\nadd antiseptic", "Plasters", "Antiseptic"),
    several(
        "#work tasks:\nteam slides\nbudget review",
        one("Team slides", tags=["work"]),
        one("Budget review", tags=["work"]),
    ),
    # --- a filtered list keeps the places of the tool's answer, so "reopen 2" is right ------
    answered(
        "show the stuff I finished yesterday",
        [
            (
                "list_tasks",
                {"status": "completed"},
                listing(FINISHED_TODAY, FINISHED_SUNDAY, FINISHED_EARLIER),
            )
        ],
        "2. “Tax return”",
    ),
    Case(
        "reopen 2",
        [("reopen_task", {"task_id": "t17"})],
        history=[
            user("what did i finish yesterday"),
            *exchange(
                "qa_list_1",
                "list_tasks",
                {"status": "completed"},
                listing(FINISHED_TODAY, FINISHED_SUNDAY, FINISHED_EARLIER),
            ),
            said("Tasks completed yesterday (1):\n2. “Tax return” — done"),
        ],
    ),
    # --- Indian English announcers ------------------------------------------------------------
    several(
        "kindly add below tasks: pay school fees, renew gas connection",
        "Pay school fees",
        "Renew gas connection",
    ),
    several(
        "please add the below:\n- submit form 16\n- renew gas connection",
        "Submit form 16",
        "Renew gas connection",
    ),
    several("add below mentioned items - rice, dal, atta", "Rice", "Dal", "Atta"),
    several(
        "Could you please add the following items to my list: poha, besan and jaggery",
        "Poha",
        "Besan",
        "Jaggery",
    ),
    # --- filters joined in one question ------------------------------------------------------
    listed("list tasks tagged garden and due tomorrow", tags=["garden"], **TOMORROW, q=ABSENT),
    listed(
        "show overdue and today", due_before=due("11-24", "00:00"), overdue=ABSENT, due_after=ABSENT
    ),
    listed("anything overdue or due today?", due_before=due("11-24", "00:00"), overdue=ABSENT),
    listed("what's overdue from this week", overdue=True, **WEEK),
    listed("show everything including done", status="all", q=ABSENT),
    listed("what's the most urgent thing", sort="priority", order="asc", q=ABSENT, priority=ABSENT),
    listed("what should I work on next", sort="due", limit=5, q=ABSENT),
    listed("what's next on my list", sort="due", due_after=NOW.isoformat(), q=ABSENT),
    counted(
        "how many are overdue or due today",
        listing(LATE, REPORT),
        "You have 2 tasks overdue or due today",
        due_before=due("11-24", "00:00"),
    ),
    # --- long polite forms ---------------------------------------------------------------------
    several(
        "Hello, I would like to add three tasks please: renew my licence, book the optician "
        "and pay the water bill.",
        "Renew my licence",
        "Book the optician",
        "Pay the water bill",
    ),
    several(
        "Good morning! Please could you add hot cross buns, jam and scones to my list, thanks",
        "Hot cross buns",
        "Jam",
        "Scones",
    ),
    several(
        "hey could u put eggs, flour and sugar on the list for saturday",
        one("Eggs", due=due("11-28")),
        one("Flour", due=due("11-28")),
        one("Sugar", due=due("11-28")),
    ),
    listed(
        "I was wondering if you could tell me how many tasks I have due this week?",
        **WEEK,
        limit=100,
        q=ABSENT,
    ),
    listed("Would you be so kind as to show me what is due tomorrow?", **TOMORROW, q=ABSENT),
    listed("show me what is due on friday", **FRIDAY, q=ABSENT),
    listed("Can you please let me know what's overdue?", overdue=True, q=ABSENT),
    listed("Could you count how many tasks are tagged #garden?", tags=["garden"], q=ABSENT),
    listed("pls tell me wat is pending 2day", **TODAY, q=ABSENT),
    listed("anything for 2moro?", **TOMORROW, q=ABSENT),
    # --- counts in other words and spellings ---------------------------------------------------
    listed("howmany tasks today", **TODAY, limit=100, q=ABSENT),
    listed("how many taks do i have", limit=100, q=ABSENT),
    listed("how many todo's for tomorrow", **TOMORROW, limit=100, q=ABSENT),
    listed("how much work do i have tomorrow", **TOMORROW, limit=100, q=ABSENT),
    listed("whats my task count", limit=100, q=ABSENT),
    listed("task count", limit=100, q=ABSENT),
    listed("how many tasks are there in total", limit=100, q=ABSENT),
    counted(
        "whats my task count",
        {"items": [REPORT, SLIDES, LATE], "next_cursor": None},
        "You have 3 open tasks: “Report”, “Slides”, “Pay invoice”.",
    ),
    # --- undo after several adds takes them all back (a delete still asks first) ------------
    Case(
        "undo",
        [("delete_task", {"task_id": "t11"}), ("delete_task", {"task_id": "t12"})],
        history=[
            user("add rice and lentils; ghee"),
            *exchange("qa_call_1", "add_task", {"title": "Rice"}, RICE),
            *exchange("qa_call_2", "add_task", {"title": "Lentils"}, LENTILS),
            said("Added 2 tasks: ..."),
        ],
    ),
    # --- "yes"/"no" to a delete of several asked together ---------------------------------------
    Case(
        "yes",
        [
            ("delete_task", {"task_id": "t11", "confirm": True}),
            ("delete_task", {"task_id": "t12", "confirm": True}),
        ],
        history=ASKED_TWO,
    ),
    say("no", "OK, I kept “Rice” and “Lentils”.", history=ASKED_TWO),
    Case(
        "yes",
        reply="Deleted “Rice” and “Lentils”.",
        history=ASKED_TWO,
        in_turn=[
            user("yes"),
            *exchange(
                "qa_call_5", "delete_task", {"task_id": "t11", "confirm": True}, {"deleted": True}
            ),
            *exchange(
                "qa_call_6", "delete_task", {"task_id": "t12", "confirm": True}, {"deleted": True}
            ),
        ],
    ),
]
