"""Quick-add table rows: plans said as statements, spoken modals, and things done reported in the
past tense about a task on screen.

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import ADDED, SHOWN, Case, act, add, due, say

ROWS: list[Case] = [
    # --- a plan stated about oneself or the day, with a date: the thing itself is the task ----
    add("I'm meeting Sam at 3 tomorrow", title="Meeting Sam", due=due("11-24", "15:00")),
    add("I'm going to the gym at 6", title="Go to the gym", due=due("11-23", "18:00")),
    add("we're seeing the new flat on saturday", title="Seeing the new flat", due=due("11-28")),
    add(
        "I've got a meeting with Tom on monday at 10",
        title="Meeting with Tom",
        due=due("11-30", "10:00"),
    ),
    add("we have a call with the bank at 2pm", title="Call with the bank"),
    add("there's a meeting at 3", title="Meeting", due=due("11-23", "15:00")),
    add("it's mom's birthday on friday", title="Mom's birthday", due=due("11-27")),
    add("tom's birthday is on the 12th", title="Tom's birthday", due=due("12-12")),
    add("the parents' evening is next thursday at 7pm", title="The parents' evening"),
    add("it's time to renew the car insurance", title="Renew the car insurance"),
    # --- something has run out: buy it ----------------------------------------------------------
    add("we're out of milk", title="Buy milk"),
    add("we've run out of coffee", title="Buy coffee"),
    add("out of dish soap", title="Buy dish soap"),
    add("I'm all out of printer paper", title="Buy printer paper"),
    # --- spoken modals and "can't forget" without a subject -------------------------------------
    add("gonna do laundry tonight", title="Do laundry", due=due("11-23", "20:00")),
    add("wanna add a task: buy milk", title="Buy milk"),
    add("can't forget to pay rent on the 1st", title="Pay rent", due=due("12-01")),
    add("mustn't forget to email Bob", title="Email Bob"),
    add("need to remember to book the vet", title="Book the vet"),
    add("I should really clean the garage this weekend", title="Clean the garage"),
    add("we must definitely fix the fence", title="Fix the fence"),
    # --- a statement with no date is not a plan --------------------------------------------------
    say("I'm feeling tired", "", history=None),
    # --- done, in the past tense, naming a task on screen -----------------------------------------
    act("called mom", "complete_task", task_id="t4"),
    act("did the groceries", "complete_task", task_id="t2"),
    act("went to the gym", "complete_task", task_id="t3"),
    act("I've been to the dentist", "complete_task", task_id="t1"),
    act("got the groceries", "complete_task", task_id="t2"),
    act("I bought the groceries", "complete_task", task_id="t2"),
    act("finished up the gym", "complete_task", task_id="t3"),
    act("phoned mom already", "complete_task", task_id="t4"),
    # --- without that task on screen, a past-tense phrase is not a completion by itself --------
    add("baked potatoes friday", title="Baked potatoes", due=due("11-27")),
]

# Follow-ups worded loosely, after a shown list or an add (gateway/agent/offline/followup_forms.py).
FOLLOW_UPS: list[Case] = [
    act("and the first one?", "get_task", task_id="t1"),
    act("the second one?", "get_task", task_id="t2"),
    act("2 should be tomorrow", "update_task", task_id="t2", due=due("11-24")),
    act("set number 3 for 7pm", "update_task", task_id="t3", due=due("11-24", "19:00")),
    Case(
        "they're all done",
        [("complete_task", {"task_id": f"t{n}"}) for n in (1, 2, 3, 4)],
        history=SHOWN,
    ),
    Case(
        "complete everything",
        [("complete_task", {"task_id": f"t{n}"}) for n in (1, 2, 3, 4)],
        history=SHOWN,
    ),
    act("and tag it work", "update_task", ADDED, task_id="t9", tags=["work"]),
    act("it's urgent", "update_task", ADDED, task_id="t9", priority="urgent"),
    act("also it repeats every week", "update_task", ADDED, task_id="t9", recurrence="FREQ=WEEKLY"),
    act(
        "it should be every monday",
        "update_task",
        ADDED,
        task_id="t9",
        recurrence="FREQ=WEEKLY;BYDAY=MO",
    ),
    act(
        "change the title to call bob about the car",
        "update_task",
        ADDED,
        task_id="t9",
        title="Call bob about the car",
    ),
    act("add a reminder 30 min before", "update_task", ADDED, task_id="t9", reminders=["PT30M"]),
]
# Small talk that is not about tasks gets a reply, never "did not understand".
SMALL_TALK: list[Case] = [
    say("gn", "Good night!"),
    say("lol", "Glad that made you smile"),
    say("no worries", "OK."),
    say("what's the weather like", "I only know about your tasks"),
    say("tell me a joke", "I only know about your tasks"),
    say("I love you", "I only know about your tasks"),
    say("will it rain tomorrow?", "I only know about your tasks"),
]
ROWS += FOLLOW_UPS + SMALL_TALK
