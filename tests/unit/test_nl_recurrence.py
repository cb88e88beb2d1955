"""Recurrence in words -> RRULE (valid for core.recurrence), anchor and first due; and back.

`now` is Monday 23 November 2026, 10:00 in Berlin.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from core.humanize import describe_rule
from core.nl import find_recurrence, parse_recurrence
from core.recurrence import normalize_rule

BERLIN = "Europe/Berlin"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(BERLIN))

CASES = [
    # text, RRULE, anchor, first due
    ("every day", "FREQ=DAILY", "due", "2026-11-24T09:00:00+01:00"),
    ("daily", "FREQ=DAILY", "due", "2026-11-24T09:00:00+01:00"),
    ("each day", "FREQ=DAILY", "due", "2026-11-24T09:00:00+01:00"),
    ("every day at 8pm", "FREQ=DAILY", "due", "2026-11-23T20:00:00+01:00"),
    ("every morning", "FREQ=DAILY", "due", "2026-11-24T09:00:00+01:00"),
    ("every night", "FREQ=DAILY", "due", "2026-11-23T20:00:00+01:00"),
    ("every other day", "FREQ=DAILY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", "2026-11-24T09:00:00+01:00"),
    ("every workday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", "2026-11-24T09:00:00+01:00"),
    ("every weekend", "FREQ=WEEKLY;BYDAY=SA,SU", "due", "2026-11-28T09:00:00+01:00"),
    ("every monday", "FREQ=WEEKLY;BYDAY=MO", "due", "2026-11-30T09:00:00+01:00"),
    ("every monday at 11am", "FREQ=WEEKLY;BYDAY=MO", "due", "2026-11-23T11:00:00+01:00"),
    ("every mon and thu", "FREQ=WEEKLY;BYDAY=MO,TH", "due", "2026-11-26T09:00:00+01:00"),
    ("every mon, wed and fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "due", "2026-11-25T09:00:00+01:00"),
    ("weekly", "FREQ=WEEKLY", "due", "2026-11-24T09:00:00+01:00"),
    ("weekly on friday", "FREQ=WEEKLY;BYDAY=FR", "due", "2026-11-27T09:00:00+01:00"),
    ("every week", "FREQ=WEEKLY", "due", "2026-11-24T09:00:00+01:00"),
    ("every other week", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("biweekly", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("every other monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "due", "2026-12-07T09:00:00+01:00"),
    (
        "every 2 weeks on tue and thu",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "due",
        "2026-11-24T09:00:00+01:00",
    ),
    ("every month", "FREQ=MONTHLY", "due", "2026-11-24T09:00:00+01:00"),
    ("every month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1", "due", "2026-12-01T09:00:00+01:00"),
    (
        "every month on the 1st at 9am",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        "due",
        "2026-12-01T09:00:00+01:00",
    ),
    ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "due", "2026-12-15T09:00:00+01:00"),
    ("every 1st and 15th", "FREQ=MONTHLY;BYMONTHDAY=1,15", "due", "2026-12-01T09:00:00+01:00"),
    ("every 25th", "FREQ=MONTHLY;BYMONTHDAY=25", "due", "2026-11-25T09:00:00+01:00"),
    (
        "every last day of the month",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "due",
        "2026-11-30T09:00:00+01:00",
    ),
    ("every last day", "FREQ=MONTHLY;BYMONTHDAY=-1", "due", "2026-11-30T09:00:00+01:00"),
    ("every first monday", "FREQ=MONTHLY;BYDAY=1MO", "due", "2026-12-07T09:00:00+01:00"),
    ("every 2nd tuesday", "FREQ=MONTHLY;BYDAY=2TU", "due", "2026-12-08T09:00:00+01:00"),
    (
        "every last friday of the month",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "due",
        "2026-11-27T09:00:00+01:00",
    ),
    ("every 3 months", "FREQ=MONTHLY;INTERVAL=3", "due", "2026-11-24T09:00:00+01:00"),
    ("quarterly", "FREQ=MONTHLY;INTERVAL=3", "due", "2026-11-24T09:00:00+01:00"),
    ("every year", "FREQ=YEARLY", "due", "2026-11-24T09:00:00+01:00"),
    ("annually", "FREQ=YEARLY", "due", "2026-11-24T09:00:00+01:00"),
    (
        "yearly on march 3",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
        "due",
        "2027-03-03T09:00:00+01:00",
    ),
    (
        "every year on 3 march",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3",
        "due",
        "2027-03-03T09:00:00+01:00",
    ),
    ("every dec 24", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "due", "2026-12-24T09:00:00+01:00"),
    ("every! 3 days", "FREQ=DAILY;INTERVAL=3", "completion", "2026-11-24T09:00:00+01:00"),
    (
        "every 3 days after completion",
        "FREQ=DAILY;INTERVAL=3",
        "completion",
        "2026-11-24T09:00:00+01:00",
    ),
    ("every! week", "FREQ=WEEKLY", "completion", "2026-11-24T09:00:00+01:00"),
    # until a bare month: up to the end of the day before it starts (in Berlin, as UTC).
    ("every day until march", "FREQ=DAILY;UNTIL=20270228T225959Z", "due", None),
    ("every day until dec 24", "FREQ=DAILY;UNTIL=20261224T225959Z", "due", None),
    ("every monday for 10 times", "FREQ=WEEKLY;BYDAY=MO;COUNT=10", "due", None),
    ("every day 5 times", "FREQ=DAILY;COUNT=5", "due", None),
    ("every 2 weeks for 6 weeks", "FREQ=WEEKLY;INTERVAL=2;COUNT=3", "due", None),
    ("every hour", "FREQ=HOURLY", "due", "2026-11-23T11:00:00+01:00"),
    ("every 8 hours", "FREQ=HOURLY;INTERVAL=8", "due", "2026-11-23T11:00:00+01:00"),
    ("every monday starting dec 14", "FREQ=WEEKLY;BYDAY=MO", "due", "2026-12-14T09:00:00+01:00"),
    ("FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU", "due", "2026-11-24T09:00:00+01:00"),
    # Recurrence in words (issue 12): the position in the month may come before the rule.
    ("on the 1st of every month", "FREQ=MONTHLY;BYMONTHDAY=1", "due", "2026-12-01T09:00:00+01:00"),
    ("the 1st of each month", "FREQ=MONTHLY;BYMONTHDAY=1", "due", "2026-12-01T09:00:00+01:00"),
    (
        "on the 1st and 15th of each month",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "due",
        "2026-12-01T09:00:00+01:00",
    ),
    (
        "on the last day of every month",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "due",
        "2026-11-30T09:00:00+01:00",
    ),
    (
        "the first monday of each month",
        "FREQ=MONTHLY;BYDAY=1MO",
        "due",
        "2026-12-07T09:00:00+01:00",
    ),
    (
        "first monday of every month at 7pm",
        "FREQ=MONTHLY;BYDAY=1MO",
        "due",
        "2026-12-07T19:00:00+01:00",
    ),
    (
        "the 15th of every other month",
        "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15",
        "due",
        "2027-01-15T09:00:00+01:00",
    ),
    (
        "the 2nd and 4th tuesday of every month",
        "FREQ=MONTHLY;BYDAY=2TU,4TU",
        "due",
        "2026-11-24T09:00:00+01:00",
    ),
    (
        "every first and third monday",
        "FREQ=MONTHLY;BYDAY=1MO,3MO",
        "due",
        "2026-12-07T09:00:00+01:00",
    ),
    ("every last fri", "FREQ=MONTHLY;BYDAY=-1FR", "due", "2026-11-27T09:00:00+01:00"),
    ("fortnightly", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("every fortnight", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("every 3 hours", "FREQ=HOURLY;INTERVAL=3", "due", "2026-11-23T11:00:00+01:00"),
    ("every day until 2027-01-09", "FREQ=DAILY;UNTIL=20270109T225959Z", "due", None),
    ("every day until 24/12", "FREQ=DAILY;UNTIL=20261224T225959Z", "due", None),
    ("every friday for 5 times", "FREQ=WEEKLY;BYDAY=FR;COUNT=5", "due", None),
    # Typos of recurrence, weekday and month words.
    ("evry monday", "FREQ=WEEKLY;BYDAY=MO", "due", "2026-11-30T09:00:00+01:00"),
    ("every wendesday", "FREQ=WEEKLY;BYDAY=WE", "due", "2026-11-25T09:00:00+01:00"),
    ("evry other week", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("fortnitely", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("every fortnite", "FREQ=WEEKLY;INTERVAL=2", "due", "2026-11-24T09:00:00+01:00"),
    ("every thursdy at 6pm", "FREQ=WEEKLY;BYDAY=TH", "due", "2026-11-26T18:00:00+01:00"),
    ("on the 1st of evry month", "FREQ=MONTHLY;BYMONTHDAY=1", "due", "2026-12-01T09:00:00+01:00"),
    (
        "evry decmber 24",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
        "due",
        "2026-12-24T09:00:00+01:00",
    ),
    # An explicit time wins over a part of the day.
    ("every morning at 8", "FREQ=DAILY", "due", "2026-11-24T08:00:00+01:00"),
    ("every morning at 8:30", "FREQ=DAILY", "due", "2026-11-24T08:30:00+01:00"),
    ("every evening at 7:30pm", "FREQ=DAILY", "due", "2026-11-23T19:30:00+01:00"),
    (
        "every weekday morning at 7",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "due",
        "2026-11-24T07:00:00+01:00",
    ),
]


@pytest.mark.parametrize(("text", "rule", "anchor", "first_due"), CASES)
def test_recurrence_phrases(text: str, rule: str, anchor: str, first_due: str | None) -> None:
    parsed = parse_recurrence(text, now=NOW, tz=BERLIN)
    assert (parsed.rule, parsed.anchor) == (rule, anchor)
    assert normalize_rule(parsed.rule) == parsed.rule
    if first_due is not None:
        assert parsed.first_due is not None
        assert parsed.first_due.isoformat() == first_due


@pytest.mark.parametrize(("text", "rule", "anchor", "first_due"), CASES)
def test_the_first_due_date_is_an_occurrence_of_the_rule(
    text: str, rule: str, anchor: str, first_due: str | None
) -> None:
    parsed = parse_recurrence(text, now=NOW, tz=BERLIN)
    assert parsed.first_due is not None and parsed.first_due > NOW
    occurrences = rrulestr(parsed.rule, dtstart=parsed.first_due)
    assert occurrences[0] == parsed.first_due


def test_the_default_time_is_used_when_none_is_said() -> None:
    from datetime import time

    parsed = parse_recurrence("every friday", now=NOW, tz=BERLIN, default_time=time(7, 30))
    assert parsed.first_due is not None
    assert parsed.first_due.isoformat() == "2026-11-27T07:30:00+01:00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("every minute", "hourly or less frequent"),
        ("every blue moon", "could not understand"),
        ("every month on the funday", "could not understand"),
        ("every day for many times", "not a number"),
        ("every week for 3 days", "does not fit"),
    ],
)
def test_what_is_not_understood_raises_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_recurrence(text, now=NOW, tz=BERLIN)


@pytest.mark.parametrize(
    ("rule", "anchor", "words"),
    [
        ("FREQ=DAILY", "due", "every day"),
        ("FREQ=DAILY;INTERVAL=2", "due", "every other day"),
        ("FREQ=DAILY;INTERVAL=3", "completion", "every 3 days after completion"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=MO", "due", "every Monday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "due", "every Monday, Wednesday and Friday"),
        ("FREQ=WEEKLY;INTERVAL=2", "due", "every other week"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH", "due", "every 3 weeks on Tuesday and Thursday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "due", "every month on the 1st"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "due", "every month on the 1st and 15th"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", "due", "every month on the 22nd"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "due", "every month on the last day"),
        ("FREQ=MONTHLY;BYDAY=1MO", "due", "every month on the first Monday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "due", "every month on the last Friday"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "due", "every year on 3 March"),
        ("FREQ=HOURLY;INTERVAL=2", "due", "every 2 hours"),
        ("FREQ=DAILY;COUNT=10", "due", "every day, 10 times"),
        ("FREQ=DAILY;UNTIL=20270228T225959Z", "due", "every day, until 28 Feb 2027"),
        ("RRULE:FREQ=YEARLY", "due", "every year"),
    ],
)
def test_describe_rule(rule: str, anchor: str, words: str) -> None:
    assert describe_rule(rule, anchor, None, BERLIN) == words


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("remind me to pay rent every month on the 1st at 9am, p1 #home", "every month on the 1st"),
        ("water plants every! 3 days", "every! 3 days"),
        ("standup every weekday at 9:30 #work", "every weekday"),
        ("gym every mon and thu until march", "every mon and thu until march"),
        ("daily standup every weekday", "every weekday"),
        ("physio every monday for 10 times please", "every monday for 10 times"),
        ("call mom", None),
        ("review everything", None),
        ("pay rent on the 1st of every month #home", "on the 1st of every month"),
        ("pay the card on the last day of every month", "on the last day of every month"),
        ("book club the first monday of each month", "the first monday of each month"),
        ("choir the 2nd and 4th tuesday of every month", "the 2nd and 4th tuesday of every month"),
        ("gym every morning at 8", "every morning at 8"),
        ("stretch every evening at 7:30pm #health", "every evening at 7:30pm"),
        ("water plants fortnightly", "fortnightly"),
        ("meds every 3 hours until friday", "every 3 hours until friday"),
        ("team sync every last fri", "every last fri"),
        ("the first draft of each chapter", None),
        ("gym evry thursdy at 6pm", "evry thursdy"),
        ("water plants fortnitely", "fortnitely"),
        ("play fortnite", None),
    ],
)
def test_find_recurrence_in_free_text(text: str, phrase: str | None) -> None:
    span = find_recurrence(text)
    assert (text[span[0] : span[1]] if span else None) == phrase
