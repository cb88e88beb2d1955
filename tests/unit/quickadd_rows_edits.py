"""Quick-add table rows: Edits in words and follow-ups (compound edits, references to a listing).

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin. DENTIST is due Fri 27 Nov 09:00, GYM Tue 24 Nov 18:00 (weekly), GROCERIES and
CALL_MOM have no due date; SHOWN listed them as 1-4.
"""

from __future__ import annotations

from typing import Any

from tests.unit.quickadd_cases import (
    ABSENT,
    ADDED,
    CALL_BOB,
    CALL_MOM,
    COMPLETED,
    DENTIST,
    GROCERIES,
    GYM,
    MOVED,
    OPEN,
    SHOWN,
    WHICH_CALL,
    WHICH_DELETE,
    Case,
    act,
    add,
    due,
    exchange,
    find,
    listing,
    looked_up,
    said,
    say,
    task,
    then,
    user,
)

REPORT = task(11, "Quarterly report", "2026-11-30T09:00:00+01:00", priority="high")
STANDUP = task(
    12,
    "Standup",
    "2026-11-24T09:30:00+01:00",
    recurrence={"rule": "FREQ=DAILY", "anchor": "due"},
)
YOGA = task(13, "Yoga class", "2026-11-25T19:00:00+01:00")


def found_each(text: str, *pairs: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """This turn so far: the message and one lookup per title, in the order written."""
    items = [user(text)]
    for number, (query, found) in enumerate(pairs, start=7):
        items += exchange(f"qa_find_{number}", "list_tasks", {"q": query}, listing(found))
    return items


def lookups(text: str, *queries: str) -> Case:
    return Case(text, [("list_tasks", {"q": q, **OPEN}) for q in queries])


def moved(text: str, found: dict[str, Any], query: str, day: str, clock: str = "09:00") -> Case:
    return then(
        looked_up(text, found, query=query), "update_task", task_id=found["id"], due=due(day, clock)
    )


def several(text: str, calls: list[tuple[str, dict[str, Any]]], history: list[Any]) -> Case:
    return Case(text, calls, history=history)


DELETING_TWO = [
    user("delete the gym and groceries"),
    *exchange("qa_find_7", "list_tasks", {"q": "gym"}, listing(GYM)),
    *exchange("qa_find_8", "list_tasks", {"q": "groceries"}, listing(GROCERIES)),
    *exchange("qa_call_9", "delete_task", {"task_id": "t3"}, {"deleted": False, "task": GYM}),
    *exchange(
        "qa_call_10", "delete_task", {"task_id": "t2"}, {"deleted": False, "task": GROCERIES}
    ),
    said("Delete “Gym” and “Groceries”? Say yes to confirm."),
]
ASK = "I could not work out that change"

ROWS: list[Case] = [
    # --- edits in words: the first step looks the task up by its title -----------------------
    find("postpone the dentist by 1 day", "dentist"),
    find("push back the dentist appt to next week", "dentist"),
    find("push the dentist back 2 days", "dentist"),
    find("bring the dentist appointment forward", "dentist"),
    find("bring dentist forward to tuesday", "dentist"),
    find("prepone my dentist appointment", "dentist"),
    find("Kindly prepone the dentist to Wednesday", "dentist"),
    find("dentist is now on wednesday", "dentist"),
    find("the dentist has been moved to thursday", "dentist"),
    find("the dentist is now at 4:30pm", "dentist"),
    find("change the dentist to 2:15pm", "dentist"),
    find("make dentist due on tuesday", "dentist"),
    find("dentist should be on the 4th", "dentist"),
    find("delay the gym an hour", "gym"),
    find("snooze the groceries till tomorrow", "groceries"),
    find("the groceries can wait until next week", "groceries"),
    find("can u bring forward the dentist pls", "dentist"),
    find("my dentist appointment has been moved to friday", "dentist"),
    find("pls push back gym to next week", "gym"),
    find("the gym got moved to thursday", "gym"),
    # --- ... then one update of the task found, never a new task -------------------------------
    moved("postpone the dentist by 1 day", DENTIST, "dentist", "11-28"),
    moved("push back the dentist appt to next week", DENTIST, "dentist", "11-30"),
    moved("push the dentist back 2 days", DENTIST, "dentist", "11-29"),
    moved("bring the dentist appointment forward", DENTIST, "dentist", "11-26"),
    moved("bring dentist forward to tuesday", DENTIST, "dentist", "11-24"),
    moved("prepone my dentist appointment", DENTIST, "dentist", "11-26"),
    moved("prepone dentist by 2 days", DENTIST, "dentist", "11-25"),
    moved("Kindly prepone the dentist to Wednesday", DENTIST, "dentist", "11-25"),
    moved("dentist is now on wednesday", DENTIST, "dentist", "11-25"),
    moved("the dentist has been moved to thursday", DENTIST, "dentist", "11-26"),
    moved("the dentist is now at 4:30pm", DENTIST, "dentist", "11-27", "16:30"),
    moved("change the dentist to 2:15pm", DENTIST, "dentist", "11-27", "14:15"),
    moved("make dentist due on tuesday", DENTIST, "dentist", "11-24"),
    moved("dentist should be on the 4th", DENTIST, "dentist", "12-04"),
    moved("delay the gym an hour", GYM, "gym", "11-24", "19:00"),
    moved("snooze the groceries till tomorrow", GROCERIES, "groceries", "11-24"),
    moved("snooze groceries til tomorrow", GROCERIES, "groceries", "11-24"),
    moved("the groceries can wait until next week", GROCERIES, "groceries", "11-30"),
    moved("move gym to saturday", GYM, "gym", "11-28", "18:00"),
    moved("gym is now at 7pm", GYM, "gym", "11-24", "19:00"),
    moved("push gym back a week", GYM, "gym", "12-01", "18:00"),
    moved("move gym to thursday at 7am", GYM, "gym", "11-26", "07:00"),
    moved("delay the gym by a hour", GYM, "gym", "11-24", "19:00"),
    moved("dentist is now on thrusday", DENTIST, "dentist", "11-26"),
    moved("the gym got moved to thursday", GYM, "gym", "11-26", "18:00"),
    moved("can u bring forward the dentist pls", DENTIST, "dentist", "11-26"),
    moved("my dentist appointment has been moved to friday", DENTIST, "dentist", "11-27"),
    moved("gym can wait till next week", GYM, "gym", "11-30", "18:00"),
    moved("the dentist should now be at 11am", DENTIST, "dentist", "11-27", "11:00"),
    moved("snooze gym for two days", GYM, "gym", "11-26", "18:00"),
    Case(
        "bring xyz forward",
        reply="No open task matches “xyz”.",
        in_turn=looked_up("bring xyz forward", query="xyz"),
    ),
    # --- ... and by position in the list shown last --------------------------------------------
    act("postpone 1 by a day", "update_task", task_id="t1", due=due("11-28")),
    act("bring 1 forward", "update_task", task_id="t1", due=due("11-26")),
    act("bring the first one forward by two days", "update_task", task_id="t1", due=due("11-25")),
    act("prepone 3", "update_task", task_id="t3", due=due("11-23", "18:00")),
    act("prepone 3 by one day", "update_task", task_id="t3", due=due("11-23", "18:00")),
    act("1 is now on thursday", "update_task", task_id="t1", due=due("11-26")),
    act("1 is now at 4pm", "update_task", task_id="t1", due=due("11-27", "16:00")),
    act("change 1 to 3pm", "update_task", task_id="t1", due=due("11-27", "15:00")),
    act("make 2 due monday", "update_task", task_id="t2", due=due("11-30")),
    act("3 should be on friday", "update_task", task_id="t3", due=due("11-27", "18:00")),
    act("delay 3 by two hours", "update_task", task_id="t3", due=due("11-24", "20:00")),
    act("snooze 2 till tomorrow", "update_task", task_id="t2", due=due("11-24")),
    act("2 can wait till next week", "update_task", task_id="t2", due=due("11-30")),
    act("push 3 back two days", "update_task", task_id="t3", due=due("11-26", "18:00")),
    act("push back 1 to next week", "update_task", task_id="t1", due=due("11-30")),
    act("move 3 to friday", "update_task", task_id="t3", due=due("11-27", "18:00")),
    act("the second one can wait until friday", "update_task", task_id="t2", due=due("11-27")),
    act("kindly prepone 1 to wednesday", "update_task", task_id="t1", due=due("11-25")),
    act("pls postpone the 1st one by a week", "update_task", task_id="t1", due=due("12-04")),
    act(
        "could you bring number 3 forward an hour",
        "update_task",
        task_id="t3",
        due=due("11-24", "17:00"),
    ),
    act("reschedule 1 for 4pm", "update_task", task_id="t1", due=due("11-27", "16:00")),
    act("postpone 1 till 2pm", "update_task", task_id="t1", due=due("11-27", "14:00")),
    act("set 1 to 10:30", "update_task", task_id="t1", due=due("11-27", "10:30")),
    act("make the first one due on the 5th", "update_task", task_id="t1", due=due("12-05")),
    act("3 has been moved to wednesday", "update_task", task_id="t3", due=due("11-25", "18:00")),
    act("bring forward 1 a day", "update_task", task_id="t1", due=due("11-26")),
    act("shift 1 forward by a day", "update_task", task_id="t1", due=due("11-26")),
    act("move it to saturday", "update_task", history=ADDED, task_id="t9", due=due("11-28")),
    act("it is now at 2pm", "update_task", history=ADDED, task_id="t9", due=due("11-27", "14:00")),
    act("bring it forward a day", "update_task", history=ADDED, task_id="t9", due=due("11-26")),
    act("that can wait till monday", "update_task", history=ADDED, task_id="t9", due=due("11-30")),
    # --- a failed edit is asked about, never added ---------------------------------------------
    say("bring the dentist forward to blorp", ASK),
    say("make dentist due whenever", ASK),
    say("prepone the thing to someday", ASK),
    say("push dentist back to the day after never", ASK),
    # --- follow-ups on the list shown last, and on the last task -----------------------------
    act("complete the second task", "complete_task", task_id="t2"),
    act("complete that one", "complete_task", history=ADDED, task_id="t9"),
    act("move that one to monday", "update_task", history=ADDED, task_id="t9", due=due("11-30")),
    several(
        "mark both of them as done",
        [("complete_task", {"task_id": "t4"}), ("complete_task", {"task_id": "t9"})],
        WHICH_CALL,
    ),
    several(
        "both are done now",
        [("complete_task", {"task_id": "t4"}), ("complete_task", {"task_id": "t9"})],
        WHICH_CALL,
    ),
    several(
        "delete them both",
        [
            ("delete_task", {"task_id": "t4", "confirm": ABSENT}),
            ("delete_task", {"task_id": "t9", "confirm": ABSENT}),
        ],
        WHICH_DELETE,
    ),
    several(
        "move them both to friday",
        [
            ("update_task", {"task_id": "t4", "due": due("11-27")}),
            ("update_task", {"task_id": "t9", "due": due("11-27")}),
        ],
        WHICH_CALL,
    ),
    several(
        "tag both #family",
        [
            ("update_task", {"task_id": "t4", "tags": ["family"]}),
            ("update_task", {"task_id": "t9", "tags": ["family"]}),
        ],
        WHICH_CALL,
    ),
    several(
        "complete all of them please",
        [("complete_task", {"task_id": f"t{n}"}) for n in (1, 2, 3, 4)],
        SHOWN,
    ),
    several(
        "mark all of them as done",
        [("complete_task", {"task_id": f"t{n}"}) for n in (1, 2, 3, 4)],
        SHOWN,
    ),
    several(
        "please delete the last two",
        [("delete_task", {"task_id": "t3"}), ("delete_task", {"task_id": "t4"})],
        SHOWN,
    ),
    several(
        "complete the first three now",
        [("complete_task", {"task_id": f"t{n}"}) for n in (1, 2, 3)],
        SHOWN,
    ),
    several(
        "the first two are done",
        [("complete_task", {"task_id": "t1"}), ("complete_task", {"task_id": "t2"})],
        SHOWN,
    ),
    several(
        "move the last 2 to monday",
        [
            ("update_task", {"task_id": "t3", "due": due("11-30", "18:00")}),
            ("update_task", {"task_id": "t4", "due": due("11-30")}),
        ],
        SHOWN,
    ),
    several(
        "postpone the first two by a day",
        [
            ("update_task", {"task_id": "t1", "due": due("11-28")}),
            ("update_task", {"task_id": "t2", "due": due("11-24")}),
        ],
        SHOWN,
    ),
    say("mark both of them as done", "Which two", history=SHOWN),
    say("complete all of them please", "There is no list", history=[]),
    # --- "and the third too": the previous turn's action on another task --------------------------
    act("and the third too", "complete_task", history=COMPLETED, task_id="t3"),
    act("and the 4th one", "complete_task", history=COMPLETED, task_id="t4"),
    act("also 2", "complete_task", history=COMPLETED, task_id="t2"),
    act("same for 3", "complete_task", history=COMPLETED, task_id="t3"),
    act("and 2 as well", "complete_task", history=COMPLETED, task_id="t2"),
    act("and the second one too", "update_task", history=MOVED, task_id="t2", due=due("12-05")),
    act("same with number 4", "update_task", history=MOVED, task_id="t4", due=due("12-05")),
    # A title that names one task of the list on screen is used without a lookup.
    Case("what about the gym task?", [("complete_task", {"task_id": "t3"})], history=COMPLETED),
    Case("and the gym?", [("complete_task", {"task_id": "t3"})], history=COMPLETED),
    Case(
        "do the same for groceries",
        [("update_task", {"task_id": "t2", "due": "2026-12-05T09:00:00+01:00"})],
        history=MOVED,
    ),
    Case(
        "what about the gym task?",
        [("complete_task", {"task_id": "t3"})],
        history=COMPLETED,
        in_turn=looked_up("what about the gym task?", GYM, query="gym"),
    ),
    Case(
        "do the same for groceries",
        [("update_task", {"task_id": "t2", "due": due("12-05")})],
        history=MOVED,
        in_turn=looked_up("do the same for groceries", GROCERIES, query="groceries"),
    ),
    say("and the third too", "What should I do with", history=[]),
    find("what about the gym task?", "gym"),
    # --- compound edits of one task: one lookup, then ONE update with every field -------------
    find(
        "set the priority of the quarterly report to low and rename it to Q4 summary",
        "quarterly report",
    ),
    then(
        looked_up(
            "set the priority of the quarterly report to low and rename it to Q4 summary",
            REPORT,
            query="quarterly report",
        ),
        "update_task",
        task_id="t11",
        priority="low",
        title="Q4 summary",
    ),
    find("move dentist to thursday and make it urgent", "dentist"),
    then(
        looked_up("move dentist to thursday and make it urgent", DENTIST, query="dentist"),
        "update_task",
        task_id="t1",
        due=due("11-26"),
        priority="urgent",
    ),
    find("rename the quarterly report to Q4 report and make it low priority", "quarterly report"),
    then(
        looked_up(
            "postpone the quarterly report by a week and tag it #chores",
            REPORT,
            query="quarterly report",
        ),
        "update_task",
        task_id="t11",
        due=due("12-07"),
        tags=["chores"],
    ),
    act(
        "rename 2 to weekly shop and tag it #chores",
        "update_task",
        task_id="t2",
        title="Weekly shop",
        tags=["errands", "chores"],
    ),
    act(
        "move 1 to monday and make it high priority",
        "update_task",
        task_id="t1",
        due=due("11-30"),
        priority="high",
    ),
    act(
        "make 2 urgent and move it to tomorrow",
        "update_task",
        task_id="t2",
        priority="urgent",
        due=due("11-24"),
    ),
    act(
        "postpone 1 by a day and make it low priority",
        "update_task",
        task_id="t1",
        due=due("11-28"),
        priority="low",
    ),
    act(
        "rename 1 to dental checkup and move it to thursday 4pm",
        "update_task",
        task_id="t1",
        title="Dental checkup",
        due=due("11-26", "16:00"),
    ),
    act(
        "set the priority of 3 to high and rename it to leg day",
        "update_task",
        task_id="t3",
        priority="high",
        title="Leg day",
    ),
    act(
        "tag 2 #home and make it urgent",
        "update_task",
        task_id="t2",
        tags=["errands", "home"],
        priority="urgent",
    ),
    act(
        "change 1 to 3pm and make it urgent",
        "update_task",
        task_id="t1",
        due=due("11-27", "15:00"),
        priority="urgent",
    ),
    act(
        "pls move the first one to wednesday and also mark it as important",
        "update_task",
        task_id="t1",
        due=due("11-25"),
        priority="high",
    ),
    act(
        "make it urgent and move it to monday",
        "update_task",
        history=ADDED,
        task_id="t9",
        priority="urgent",
        due=due("11-30"),
    ),
    act(
        "rename 2 to big shop, make it high priority and move it to saturday",
        "update_task",
        task_id="t2",
        title="Big shop",
        priority="high",
        due=due("11-28"),
    ),
    # --- several titles in one edit: one lookup each, in the order written, then one call each -
    lookups("move dentist and gym to saturday", "dentist", "gym"),
    lookups("complete groceries and call mom", "groceries", "call mom"),
    lookups("delete the gym and groceries", "gym", "groceries"),
    lookups("postpone the dentist and the gym by a day", "dentist", "gym"),
    lookups("mark groceries and gym as done", "groceries", "gym"),
    lookups("complete groceries, gym and call mom", "groceries", "gym", "call mom"),
    lookups("skip gym and standup this week", "gym", "standup"),
    lookups("i finished the groceries and the quarterly report", "groceries", "quarterly report"),
    Case(
        "move dentist and gym to saturday",
        [
            ("update_task", {"task_id": "t1", "due": due("11-28")}),
            ("update_task", {"task_id": "t3", "due": due("11-28", "18:00")}),
        ],
        in_turn=found_each("move dentist and gym to saturday", ("dentist", DENTIST), ("gym", GYM)),
    ),
    Case(
        "complete groceries and call mom",
        [("complete_task", {"task_id": "t2"}), ("complete_task", {"task_id": "t4"})],
        in_turn=found_each(
            "complete groceries and call mom", ("groceries", GROCERIES), ("call mom", CALL_MOM)
        ),
    ),
    Case(
        "delete the gym and groceries",
        [
            ("delete_task", {"task_id": "t3", "confirm": ABSENT}),
            ("delete_task", {"task_id": "t2", "confirm": ABSENT}),
        ],
        in_turn=found_each("delete the gym and groceries", ("gym", GYM), ("groceries", GROCERIES)),
    ),
    Case(
        "delete the gym and groceries",
        reply="Say yes to confirm",
        in_turn=DELETING_TWO[:-1],
    ),
    Case(
        "yes",
        [
            ("delete_task", {"task_id": "t3", "confirm": True}),
            ("delete_task", {"task_id": "t2", "confirm": True}),
        ],
        history=DELETING_TWO,
    ),
    say("no", "kept", history=DELETING_TWO),
    Case(
        "postpone the dentist and the gym by a day",
        [
            ("update_task", {"task_id": "t1", "due": due("11-28")}),
            ("update_task", {"task_id": "t3", "due": due("11-25", "18:00")}),
        ],
        in_turn=found_each(
            "postpone the dentist and the gym by a day", ("dentist", DENTIST), ("gym", GYM)
        ),
    ),
    Case(
        "move dentist and xyz to friday",
        reply="No open task matches “xyz”",
        in_turn=found_each("move dentist and xyz to friday", ("dentist", DENTIST))
        + exchange("qa_find_8", "list_tasks", {"q": "xyz"}, listing()),
    ),
    Case(
        "complete 1 and call bob",
        [("complete_task", {"task_id": "t1"}), ("complete_task", {"task_id": "t9"})],
        history=SHOWN,
        in_turn=looked_up("complete 1 and call bob", CALL_BOB, query="call bob"),
    ),
    several(
        "move 1 and 3 to saturday",
        [
            ("update_task", {"task_id": "t1", "due": due("11-28")}),
            ("update_task", {"task_id": "t3", "due": due("11-28", "18:00")}),
        ],
        SHOWN,
    ),
    several(
        "make 1 and 2 urgent",
        [
            ("update_task", {"task_id": "t1", "priority": "urgent"}),
            ("update_task", {"task_id": "t2", "priority": "urgent"}),
        ],
        SHOWN,
    ),
    # --- skip: possessives and qualifiers do not reach the lookup -----------------------------
    find("pls skip this week's gym", "gym"),
    find("can you skip tomorrow's standup", "standup"),
    find("skip my gym session for this week", "gym"),
    find("skip today's yoga class", "yoga"),
    find("skip the gym this week", "gym"),
    find("Please skip my standup tomorrow", "standup"),
    find("skip monday's standup", "standup"),
    find("skip next week\u2019s gym session", "gym"),
    find("skip tmrw's standup pls", "standup"),
    find("complete today's standup", "standup"),
    find("I have done today's standup", "standup"),
    find("cancel this week's yoga class", "yoga"),
    then(looked_up("pls skip this week's gym", GYM, query="gym"), "skip_task", task_id="t3"),
    then(
        looked_up("can you skip tomorrow's standup", STANDUP, query="standup"),
        "skip_task",
        task_id="t12",
    ),
    then(looked_up("skip today's yoga class", YOGA, query="yoga"), "skip_task", task_id="t13"),
    then(
        looked_up("skip my gym session for this week", GYM, query="gym"), "skip_task", task_id="t3"
    ),
    # --- completions in the past tense stay as they were ---------------------------------------
    find("I called the plumber", "call the plumber"),
    find("I called mom", "call mom"),
    find("we paid the gas bill", "pay the gas bill"),
    # --- more ways to say a move: questions, bare past tenses, "now" at either end ---------------
    find("can we bring the vet forward?", "vet"),
    find("the haircut moved to friday", "haircut"),
    find("the vet is at 5pm now", "vet"),
    find("the vet is now tomorrow", "vet"),
    find("essay now due friday", "essay"),
    find("the meeting now starts at 3pm", "meeting"),
    find("move the essay from friday to monday", "essay"),
    moved("the dentist is at 5pm now", DENTIST, "dentist", "11-27", "17:00"),
    moved("dentist now tomorrow", DENTIST, "dentist", "11-24"),
    moved("the gym now starts at 7pm", GYM, "gym", "11-24", "19:00"),
    moved("gym rescheduled to thursday", GYM, "gym", "11-26", "18:00"),
    moved("could we bring the gym forward by 30 minutes?", GYM, "gym", "11-24", "17:30"),
    say("the taxes can wait", "Until when?"),
    # --- a reference said alone: the answer to "Which one?", else a question, never a task ----
    several(
        "both",
        [("complete_task", {"task_id": "t4"}), ("complete_task", {"task_id": "t9"})],
        WHICH_CALL,
    ),
    several(
        "all of them",
        [("delete_task", {"task_id": "t4"}), ("delete_task", {"task_id": "t9"})],
        WHICH_DELETE,
    ),
    say("that one", "What should I do with “that one”?", history=ADDED),
    say("it", "What should I do with “it”?", history=ADDED),
    say("all of them", "What should I do with “all of them”?", history=SHOWN),
    say("both of them", "What should I do with", history=SHOWN),
    # --- what the assistant says after a compound or several-task edit ------------------------
    Case(
        "make 2 urgent and rename it to food shop",
        reply="Updated “Food shop” — urgent, #errands (was “Groceries”).",
        history=SHOWN,
        in_turn=[
            user("make 2 urgent and rename it to food shop"),
            *exchange(
                "qa_call_8",
                "update_task",
                {"task_id": "t2", "priority": "urgent", "title": "Food shop"},
                {**GROCERIES, "priority": "urgent", "title": "Food shop"},
            ),
        ],
    ),
    Case(
        "move dentist and gym to saturday",
        reply="Moved “Dentist appointment” to Sat 28 Nov 09:00. Moved “Gym” to Sat 28 Nov 18:00.",
        in_turn=[
            *found_each("move dentist and gym to saturday", ("dentist", DENTIST), ("gym", GYM)),
            *exchange(
                "qa_call_9",
                "update_task",
                {"task_id": "t1", "due": due("11-28")},
                {**DENTIST, "due": due("11-28")},
            ),
            *exchange(
                "qa_call_10",
                "update_task",
                {"task_id": "t3", "due": due("11-28", "18:00")},
                {**GYM, "due": due("11-28", "18:00")},
            ),
        ],
    ),
    Case(
        "delete gym and groceries pls",
        reply="Delete “Gym” and “Groceries”? Say yes to confirm.",
        in_turn=[user("delete gym and groceries pls"), *DELETING_TWO[1:-1]],
    ),
    Case(
        "complete call mom and dad",
        [("complete_task", {"task_id": "t14"})],
        in_turn=found_each(
            "complete call mom and dad",
            ("call mom", task(14, "Call mom and dad")),
            ("dad", task(14, "Call mom and dad")),
        ),
    ),
    # --- ordinals that look like dates, "too", compound clauses without "to" -----------------
    act("complete the 2nd one", "complete_task", task_id="t2"),
    act("i finished the 3rd one", "complete_task", task_id="t3"),
    act("the third too", "complete_task", history=COMPLETED, task_id="t3"),
    find("set quarterly report priority to low and rename it Q4 summary", "quarterly report"),
    find(
        "change the quarterly report's priority to high and rename it to Q1 plan",
        "quarterly report",
    ),
    then(
        looked_up(
            "make the quarterly report low priority and call it year end report",
            REPORT,
            query="quarterly report",
        ),
        "update_task",
        task_id="t11",
        priority="low",
        title="Year end report",
    ),
    find("skip this weeks gym", "gym"),
    find("skip tomorrows standup", "standup"),
    # --- "them" after several tasks were changed together; qualifiers in front of a title ----
    several(
        "make them urgent",
        [
            ("update_task", {"task_id": "t1", "priority": "urgent"}),
            ("update_task", {"task_id": "t3", "priority": "urgent"}),
        ],
        [
            *found_each("move dentist and gym to saturday", ("dentist", DENTIST), ("gym", GYM)),
            *exchange("qa_call_9", "update_task", {"task_id": "t1"}, DENTIST),
            *exchange("qa_call_10", "update_task", {"task_id": "t3"}, GYM),
            said("Moved ..."),
        ],
    ),
    find("skip the 6pm gym", "gym"),
    find("skip the friday standup", "standup"),
    find("skip tonight\u2019s yoga class", "yoga"),
    # --- compound clauses that leave "it" out or name the field ---------------------------
    act(
        "move 1 to friday and make urgent",
        "update_task",
        task_id="t1",
        due=due("11-27"),
        priority="urgent",
    ),
    act(
        "rename 1 to checkup and move to thursday",
        "update_task",
        task_id="t1",
        title="Checkup",
        due=due("11-26"),
    ),
    act(
        "rename 2 to buy milk and make dinner",
        "update_task",
        task_id="t2",
        title="Buy milk and make dinner",
    ),
    act(
        "change the priority of 1 to low and the title to checkup",
        "update_task",
        task_id="t1",
        priority="low",
        title="Checkup",
    ),
    act(
        "Change the title of no. 2 to food run and its due date to saturday",
        "update_task",
        task_id="t2",
        title="Food run",
        due=due("11-28"),
    ),
    find(
        "change the priority of quarterly report to low and the name to year end report",
        "quarterly report",
    ),
    say("bring 2 forward", "There is no due date on “Groceries” to bring forward", history=SHOWN),
    # --- typos of edit-only verbs, "put off", "I moved X to ...", "X a day earlier" ----------
    find("posptone the dentist by a day", "dentist"),
    find("pospone dentist till monday", "dentist"),
    find("resched dentist to friday", "dentist"),
    find("reschdule the dentist for monday", "dentist"),
    find("put the dentist off until next week", "dentist"),
    find("put off the dentist till friday", "dentist"),
    find("hold off on the dentist until monday", "dentist"),
    find("can the dentist wait till next week?", "dentist"),
    find("the dentist can be moved to friday", "dentist"),
    find("dentist's been moved to thursday", "dentist"),
    find("I moved the dentist to thursday", "dentist"),
    find("I've moved dentist to friday", "dentist"),
    find("make the dentist a day earlier", "dentist"),
    find("dentist a day earlier", "dentist"),
    moved("I've moved the gym to thursday", GYM, "gym", "11-26", "18:00"),
    moved("put off the gym until next week", GYM, "gym", "11-30", "18:00"),
    moved("make the gym two hours later", GYM, "gym", "11-24", "20:00"),
    moved("the gym a day sooner", GYM, "gym", "11-23", "18:00"),
    moved("posptone groceries till friday", GROCERIES, "groceries", "11-27"),
    say("pls prepone to wednesday", "Which task?", history=ADDED),
    add("call mom 2 days later", title="Call mom", due=due("11-25")),
    add("prepare the slides", title="Prepare the slides"),
    # --- "Which one?" answered with words of a title -----------------------------------------
    act("call bob", "complete_task", history=WHICH_CALL, task_id="t9"),
    act("the one with mom", "complete_task", history=WHICH_CALL, task_id="t4"),
    act("Bob please", "delete_task", history=WHICH_DELETE, task_id="t9", confirm=ABSENT),
    say("call", "say its number", history=WHICH_CALL),
    # --- a rename names one task, "and" or not; "Which one?" in an edit of several tasks ------
    find("rename salt and pepper to spices", "salt and pepper"),
    Case(
        "2",
        [("list_tasks", {"q": "gym", **OPEN})],  # the other title is looked up again
        history=[
            *found_each("complete gym and call", ("gym", GYM)),
            *exchange("qa_find_8", "list_tasks", {"q": "call"}, listing(CALL_MOM, CALL_BOB)),
            said("Several open tasks match “call”. Which one? ..."),
        ],
    ),
    Case(
        "2",
        [("complete_task", {"task_id": "t3"}), ("complete_task", {"task_id": "t9"})],
        history=[
            *found_each("complete gym and call", ("gym", GYM)),
            *exchange("qa_find_8", "list_tasks", {"q": "call"}, listing(CALL_MOM, CALL_BOB)),
            said("Several open tasks match “call”. Which one? ..."),
        ],
        in_turn=[user("2"), *exchange("qa_find_11", "list_tasks", {"q": "gym"}, listing(GYM))],
    ),
    Case(
        "complete gym and call mom",
        reply="Completed “Gym” and “Call mom”. “Gym” repeats every Tuesday at 18:00",
        in_turn=[
            *found_each("complete gym and call mom", ("gym", GYM), ("call mom", CALL_MOM)),
            *exchange("qa_call_9", "complete_task", {"task_id": "t3"}, {**GYM, "completed": True}),
            *exchange(
                "qa_call_10", "complete_task", {"task_id": "t4"}, {**CALL_MOM, "completed": True}
            ),
        ],
    ),
    # --- "back", "out", "a bit": the direction of a move, not words of the title -------------
    find("push the dentist back", "dentist"),
    find("bump the dentist out a bit", "dentist"),
    moved("move the dentist back", DENTIST, "dentist", "11-28"),
    moved("push the gym back", GYM, "gym", "11-25", "18:00"),
    moved("move the gym up an hour", GYM, "gym", "11-24", "17:00"),
    # --- several things done in one sentence; "them" in a compound of several tasks ---------
    lookups("I called the insurer and paid the rent", "call the insurer", "pay the rent"),
    lookups("we cleaned the garage and then we washed the car", "clean the garage", "wash the car"),
    lookups(
        "I paid the gas bill, booked the flights and I emailed the landlord",
        "pay the gas bill",
        "book the flights",
        "email the landlord",
    ),
    lookups("move dentist and gym to friday and make them urgent", "dentist", "gym"),
    several(
        "move 1 and 2 to friday and make them high priority",
        [
            ("update_task", {"task_id": "t1", "due": due("11-27"), "priority": "high"}),
            ("update_task", {"task_id": "t2", "due": due("11-27"), "priority": "high"}),
        ],
        SHOWN,
    ),
]
