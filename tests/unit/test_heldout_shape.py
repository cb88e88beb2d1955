"""The form of the held-out commands (tests/unit/offline_heldout*.py), never the model's answers.

Nothing here runs a row against the offline model: the held-out rows stay unseen until the
grammar work of issue 12 is done. These checks keep the file honest meanwhile: enough rows for
every class of the issue, ids that identify one row each, only real tools and real parameters,
the API's own forms for dates, reminders, recurrences, priorities and tags, and expected titles
that keep none of the date, priority, tag, recurrence or reminder words of their message.
"""

from __future__ import annotations

import importlib
import json
import operator
import re
from collections import Counter
from types import ModuleType
from typing import Any

import pytest

from tests.unit.offline_heldout import (
    CLASSES,
    NEVER_SAY,
    NOT_RAISED,
    Contains,
    OneOf,
    Row,
)
from tests.unit.quickadd_cases import ABSENT, PARAMETERS, Case
from tests.unit.quickadd_table import TABLE

ISSUE_CLASSES = {
    "no command word",
    "contractions and forms",
    "typos",
    "priorities in words",
    "tags in words",
    "recurrence in words",
    "times",
    "reminders in words",
    "follow-ups",
    "queries in words",
    "wrappers",
    "several tasks in one message",
    "spoken and regional dates and times",
    "counts and summaries",
    "edits in words",
    "todoist syntax",
    "small talk and help",
}
SETS = [f"offline_heldout{n}" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")]


@pytest.fixture(params=SETS)
def heldout_set(request: pytest.FixtureRequest) -> ModuleType:
    """One held-out file (each test runs on every set)."""
    return importlib.import_module(f"tests.unit.{request.param}")


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")
DURATION = re.compile(r"^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
RRULE_PART = re.compile(
    r"^(INTERVAL=\d+|COUNT=\d+|UNTIL=\d{8}T\d{6}Z|BYMONTH=\d{1,2}|BYMONTHDAY=-?\d{1,2}"
    r"|BYDAY=(-?\d?(MO|TU|WE|TH|FR|SA|SU))(,-?\d?(MO|TU|WE|TH|FR|SA|SU))*)$"
)
PRIORITY_NAMES = {"urgent", "high", "medium", "low", "none"}
DATE_KEYS = {"due", "due_before", "due_after"}
# Words that, written in a message, say when, how often, how urgent, which tag or which
# reminder: none may stay in the title expected for it (typos used by the file included).
MARKERS = {
    *"today tonight tomorrow yesterday tmrw tommorow tomorow nxt".split(),
    *"monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri".split(),
    *"thursdy wednesay firday satuday decmber wek".split(),
    *"january february march april june july august september october november".split(),
    *"december week weeks fortnight month months noon midnight eod morning afternoon".split(),
    *"am pm o'clock min mins minutes hour hours days".split(),
    *"every evry evrey every! daily weekly monthly yearly fortnightly weekday until".split(),
    *"p1 p2 p3 p4 urgent urgnet asap priority prio important rush".split(),
    *"remind reminder remnder ping alert nudge tag tagged tags label".split(),
}


def calls_of(case: Case) -> list[tuple[str, dict[str, Any]]]:
    """The expected calls, and the calls recorded in the conversation before the message."""
    recorded = [
        (item["name"], json.loads(item["arguments"]))
        for item in [*case.history, *(case.in_turn or [])]
        if item.get("type") == "function_call"
    ]
    return [*case.calls, *recorded]


def items(arguments: dict[str, Any], key: str) -> list[Any]:
    """A list argument's expected items (none when it is absent or must be absent)."""
    value = arguments.get(key)
    return value if isinstance(value, list) else []


def words(text: str) -> set[str]:
    return set(re.findall(r"[#@]?[a-z0-9']+!?", text.lower()))


def test_the_file_is_large_enough(heldout_set: ModuleType) -> None:
    assert len(heldout_set.HELDOUT) >= 200


def test_every_class_of_the_issue_has_at_least_ten_rows(heldout_set: ModuleType) -> None:
    assert set(CLASSES) == ISSUE_CLASSES
    assert set(heldout_set.CLASS_OF) == {case.id for case in heldout_set.HELDOUT}
    sizes = Counter(heldout_set.CLASS_OF[case.id] for case in heldout_set.HELDOUT)
    assert {name: size for name, size in sizes.items() if size < 10} == {}
    assert set(sizes) == ISSUE_CLASSES


def test_ids_are_unique(heldout_set: ModuleType) -> None:
    repeated = [
        name
        for name, times in Counter(case.id for case in heldout_set.HELDOUT).items()
        if times > 1
    ]
    assert repeated == []


def test_rows_are_not_in_the_tuning_table(heldout_set: ModuleType) -> None:
    def plain(text: str) -> str:
        return text.lower().strip().rstrip("?!. ")

    tuned = {plain(case.text) for case in TABLE}
    assert [case.text for case in heldout_set.HELDOUT if plain(case.text) in tuned] == []


def test_tools_and_arguments_are_real(heldout_set: ModuleType) -> None:
    problems = [
        f"{case.id}: {name}({sorted(arguments)})"
        for case in heldout_set.HELDOUT
        for name, arguments in calls_of(case)
        if name not in PARAMETERS or set(arguments) - PARAMETERS[name]
    ]
    assert problems == []


def test_dates_are_rfc3339_with_an_offset(heldout_set: ModuleType) -> None:
    problems = []
    for case in heldout_set.HELDOUT:
        for name, arguments in case.calls:
            for key in DATE_KEYS & set(arguments):
                value = arguments[key]
                if value is not ABSENT and not RFC3339.match(value):
                    problems.append(f"{case.id}: {name} {key}={value!r}")
            for reminder in items(arguments, "reminders"):
                if not (RFC3339.match(reminder) or DURATION.match(reminder)):
                    problems.append(f"{case.id}: {name} reminder {reminder!r}")
    assert problems == []


def value_problems(arguments: dict[str, Any]) -> list[str]:
    """What in one call's expected arguments is not in the API's own form."""
    problems = []
    rule = arguments.get("recurrence", ABSENT)
    if rule is not ABSENT:
        frequency, *parts = rule.split(";")
        if frequency not in {
            f"FREQ={f}" for f in ("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
        }:
            problems.append(f"recurrence {rule!r}")
        problems += [f"recurrence part {part!r}" for part in parts if not RRULE_PART.match(part)]
    priority = arguments.get("priority", ABSENT)
    names = priority if isinstance(priority, list) else [priority]
    for name in names:
        allowed = [v for v in name.values if v is not None] if isinstance(name, OneOf) else [name]
        if name is not ABSENT and not set(allowed) <= PRIORITY_NAMES:
            problems.append(f"priority {name!r}")
    for tag in items(arguments, "tags"):
        if tag != tag.lower() or not re.fullmatch(r"[a-z0-9_-]+", tag):
            problems.append(f"tag {tag!r}")
    if arguments.get("anchor", "due") not in {"due", "completion"}:
        problems.append(f"anchor {arguments['anchor']!r}")
    if arguments.get("status", "open") not in {"open", "completed", "all"}:
        problems.append(f"status {arguments['status']!r}")
    task_id = arguments.get("task_id", "t0")
    if not re.fullmatch(r"t\d+", task_id):
        problems.append(f"task_id {task_id!r}")
    return problems


def test_values_have_the_api_forms(heldout_set: ModuleType) -> None:
    problems = [
        f"{case.id}: {problem}"
        for case in heldout_set.HELDOUT
        for _, arguments in case.calls
        for problem in value_problems(arguments)
    ]
    assert problems == []


def test_titles_keep_no_date_priority_tag_recurrence_or_reminder_words(
    heldout_set: ModuleType,
) -> None:
    problems = []
    for case in heldout_set.HELDOUT:
        said = words(case.text)
        for _, arguments in case.calls:
            title = arguments.get("title")
            if not isinstance(title, str):
                continue
            kept = words(title)
            leftover = {w for w in said & MARKERS if w in kept}
            leftover |= {w for w in said if w[0] in "#@" and w[1:] in kept}
            leftover |= {tag for tag in items(arguments, "tags") if tag in kept}
            if "!" in case.text and "!" in title:
                leftover.add("!")
            if leftover:
                problems.append(f"{case.id}: {title!r} keeps {sorted(leftover)}")
    assert problems == []


def test_each_turn_starts_with_its_message(heldout_set: ModuleType) -> None:
    assert [
        case.id
        for case in heldout_set.HELDOUT
        if case.in_turn and case.in_turn[0]["content"] != case.text
    ] == []


def test_replies_are_fragments_without_a_misunderstanding(heldout_set: ModuleType) -> None:
    replies = [case for case in heldout_set.HELDOUT if not case.calls]
    assert replies, "the file has rows that expect a reply"
    for case in replies:
        fragments = [case.reply, *(case.also_say if isinstance(case, Row) else ())]
        assert not [f for f in fragments for bad in NEVER_SAY if bad in f.lower()], case.id
    counts = [case for case in heldout_set.HELDOUT if isinstance(case, Row)]
    assert counts and all(case.reply and case.also_say for case in counts)


def test_the_matchers_compare_as_the_table_compares() -> None:
    # The table's comparison is `arguments.get(key) != expected`, a string or None on the left.
    assert operator.ne("call the bank", Contains("Bank")) is False
    assert operator.ne("the dentist", Contains("bank")) is True
    assert operator.ne(None, NOT_RAISED) is False
    assert operator.ne("low", NOT_RAISED) is False
    assert operator.ne("high", NOT_RAISED) is True
    assert operator.ne("urgent", OneOf("low")) is True
