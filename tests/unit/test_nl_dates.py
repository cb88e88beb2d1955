"""Natural-language dates: the phrases people type, resolved against a fixed `now`.

`now` is Monday 23 November 2026, 10:00 in Berlin, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dateparser
import pytest

from core.nl import find_when, parse_range, parse_time_of_day, parse_when

BERLIN = "Europe/Berlin"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(BERLIN))


def when(text: str, now: datetime = NOW, tz: str = BERLIN) -> str:
    return parse_when(text, now=now, tz=tz).isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Weekdays: bare = the coming one, "this" may be today, "next" = in next week.
        ("friday", "2026-11-27T09:00:00+01:00"),
        ("Friday", "2026-11-27T09:00:00+01:00"),
        ("fri", "2026-11-27T09:00:00+01:00"),
        ("on friday", "2026-11-27T09:00:00+01:00"),
        ("this friday", "2026-11-27T09:00:00+01:00"),
        ("next friday", "2026-12-04T09:00:00+01:00"),
        ("monday", "2026-11-30T09:00:00+01:00"),
        ("next monday", "2026-11-30T09:00:00+01:00"),
        ("sunday", "2026-11-29T09:00:00+01:00"),
        ("friday 5pm", "2026-11-27T17:00:00+01:00"),
        ("5pm friday", "2026-11-27T17:00:00+01:00"),
        ("on friday at 5pm", "2026-11-27T17:00:00+01:00"),
        # Relative days.
        ("today", "2026-11-23T23:59:00+01:00"),  # 09:00 has passed: today, not overdue
        ("tomorrow", "2026-11-24T09:00:00+01:00"),
        ("tomorrow 5pm", "2026-11-24T17:00:00+01:00"),
        ("tomorrow at 17:30", "2026-11-24T17:30:00+01:00"),
        ("tomorrow morning", "2026-11-24T09:00:00+01:00"),
        ("tomorrow night", "2026-11-24T20:00:00+01:00"),
        ("day after tomorrow", "2026-11-25T09:00:00+01:00"),
        ("in 3 days", "2026-11-26T09:00:00+01:00"),
        ("in a week", "2026-11-30T09:00:00+01:00"),
        ("in 2 weeks", "2026-12-07T09:00:00+01:00"),
        ("two weeks from today", "2026-12-07T09:00:00+01:00"),
        ("in 1 month", "2026-12-23T09:00:00+01:00"),
        # Exact moments.
        ("in 2 hours", "2026-11-23T12:00:00+01:00"),
        ("in 30 minutes", "2026-11-23T10:30:00+01:00"),
        ("in an hour", "2026-11-23T11:00:00+01:00"),
        ("in half an hour", "2026-11-23T10:30:00+01:00"),
        ("3 hours from now", "2026-11-23T13:00:00+01:00"),
        # Times alone: today if still ahead, else tomorrow.
        ("5pm", "2026-11-23T17:00:00+01:00"),
        ("9am", "2026-11-24T09:00:00+01:00"),
        ("at 9", "2026-11-24T09:00:00+01:00"),
        ("at 5", "2026-11-23T17:00:00+01:00"),
        ("17:30", "2026-11-23T17:30:00+01:00"),
        ("noon", "2026-11-23T12:00:00+01:00"),
        ("tonight", "2026-11-23T20:00:00+01:00"),
        ("midnight", "2026-11-24T00:00:00+01:00"),
        ("this evening", "2026-11-23T18:00:00+01:00"),
        ("eod", "2026-11-23T17:00:00+01:00"),
        # Days of the month.
        ("on the 3rd", "2026-12-03T09:00:00+01:00"),
        ("the 3rd", "2026-12-03T09:00:00+01:00"),
        ("the 23rd", "2026-12-23T09:00:00+01:00"),  # today is the 23rd: the next one
        ("the 30th at 8am", "2026-11-30T08:00:00+01:00"),
        ("on the 31st", "2026-12-31T09:00:00+01:00"),  # November has no 31st
        ("end of month", "2026-11-30T09:00:00+01:00"),
        ("end of the month", "2026-11-30T09:00:00+01:00"),
        ("eom", "2026-11-30T09:00:00+01:00"),
        ("end of week", "2026-11-29T09:00:00+01:00"),
        ("end of year", "2026-12-31T09:00:00+01:00"),
        ("next week", "2026-11-30T09:00:00+01:00"),
        ("next month", "2026-12-01T09:00:00+01:00"),
        ("this weekend", "2026-11-28T09:00:00+01:00"),
        # Calendar dates (dateparser does the month names).
        ("dec 1", "2026-12-01T09:00:00+01:00"),
        ("1 dec", "2026-12-01T09:00:00+01:00"),
        ("december 1st 9am", "2026-12-01T09:00:00+01:00"),
        ("march 3", "2027-03-03T09:00:00+01:00"),  # the next 3 March
        ("3rd of march", "2027-03-03T09:00:00+01:00"),
        ("march", "2027-03-01T09:00:00+01:00"),
        ("feb 29", "2028-02-29T09:00:00+01:00"),
        ("dec 1, 2027", "2027-12-01T09:00:00+01:00"),
        ("2026-12-15", "2026-12-15T09:00:00+01:00"),
        ("2026-12-01 09:30", "2026-12-01T09:30:00+01:00"),
        ("2026-12-01T09:00:00Z", "2026-12-01T10:00:00+01:00"),
        ("2026-12-01T09:00:00+01:00", "2026-12-01T09:00:00+01:00"),
        # Times (issue 12): "this ..." is today even once the hour has passed, like "tonight".
        ("this morning", "2026-11-23T09:00:00+01:00"),
        ("this afternoon", "2026-11-23T15:00:00+01:00"),
        ("by end of month", "2026-11-30T09:00:00+01:00"),
        ("by end of week", "2026-11-29T09:00:00+01:00"),
        ("end of the week", "2026-11-29T09:00:00+01:00"),
        ("by eod", "2026-11-23T17:00:00+01:00"),
        ("by end of day", "2026-11-23T17:00:00+01:00"),
        ("at noon tomorrow", "2026-11-24T12:00:00+01:00"),
        ("tomorrow at midnight", "2026-11-25T00:00:00+01:00"),
        # Spoken and regional times: waking hours as for "at 5"; British "half nine" is 09:30.
        ("half past four", "2026-11-23T16:30:00+01:00"),
        ("quarter to nine", "2026-11-24T08:45:00+01:00"),
        ("a quarter past 10", "2026-11-23T10:15:00+01:00"),
        ("half nine", "2026-11-24T09:30:00+01:00"),
        ("half 8 tomorrow", "2026-11-24T08:30:00+01:00"),
        ("ten to 6pm", "2026-11-23T17:50:00+01:00"),
        ("twenty past 7 tomorrow", "2026-11-24T07:20:00+01:00"),
        ("friday at quarter to three", "2026-11-27T14:45:00+01:00"),
        ("18:30", "2026-11-23T18:30:00+01:00"),
        ("tomorrow at 18:30", "2026-11-24T18:30:00+01:00"),
        ("friday evening", "2026-11-27T18:00:00+01:00"),
        # Spoken and regional dates: "monday week" is a week after the coming Monday.
        ("monday week", "2026-12-07T09:00:00+01:00"),
        ("tuesday week", "2026-12-01T09:00:00+01:00"),
        ("a week on tuesday", "2026-12-01T09:00:00+01:00"),
        ("a week on friday at 5pm", "2026-12-04T17:00:00+01:00"),
        ("a fortnight from today", "2026-12-07T09:00:00+01:00"),
        ("in a fortnight", "2026-12-07T09:00:00+01:00"),
        ("the 3rd of March", "2027-03-03T09:00:00+01:00"),
        ("on the 3rd of march at 10am", "2027-03-03T10:00:00+01:00"),
        ("2027-01-09", "2027-01-09T09:00:00+01:00"),
        ("24/12", "2026-12-24T09:00:00+01:00"),  # day first
        ("24/12/2026", "2026-12-24T09:00:00+01:00"),
        ("9/1/27", "2027-01-09T09:00:00+01:00"),
        ("1/12 at 14:00", "2026-12-01T14:00:00+01:00"),
        # Typos and short forms of date words, corrected against the grammar's vocabulary.
        ("tmrw", "2026-11-24T09:00:00+01:00"),
        ("2moro at noon", "2026-11-24T12:00:00+01:00"),
        ("tomorow", "2026-11-24T09:00:00+01:00"),
        ("tommorow 5pm", "2026-11-24T17:00:00+01:00"),
        ("on thursdy", "2026-11-26T09:00:00+01:00"),
        ("wendesday", "2026-11-25T09:00:00+01:00"),
        ("next tuesady at 9", "2026-12-01T09:00:00+01:00"),
        ("frday 5pm", "2026-11-27T17:00:00+01:00"),
        ("decmber 5", "2026-12-05T09:00:00+01:00"),
        ("the 3rd of febuary", "2027-02-03T09:00:00+01:00"),
        ("in a fortnite", "2026-12-07T09:00:00+01:00"),
    ],
)
def test_phrases_resolve_relative_to_now(text: str, expected: str) -> None:
    assert when(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 1 minute", "2026-11-23T19:43:56+01:00"),
        ("in 2 hours", "2026-11-23T21:42:56+01:00"),
        ("10 minutes from now", "2026-11-23T19:52:56+01:00"),
    ],
)
def test_in_minutes_keeps_the_seconds_of_now(text: str, expected: str) -> None:
    """ "in 1 minute" sent at 19:42:56 fires at 19:43:56, not up to 59 s early."""
    late = datetime(2026, 11, 23, 19, 42, 56, 700000, tzinfo=ZoneInfo(BERLIN))
    assert when(text, now=late) == expected


def test_dateparser_alone_puts_a_bare_weekday_in_the_past() -> None:
    """Why the wrapper exists: dateparser's default answer for "friday" is last Friday."""
    naive_now = NOW.replace(tzinfo=None)
    raw = dateparser.parse("friday", settings={"RELATIVE_BASE": naive_now})
    assert raw is not None and raw.date() < NOW.date()
    assert parse_when("friday", now=NOW, tz=BERLIN).date() > NOW.date()


def test_dateparser_alone_misreads_the_3rd_and_end_of_month() -> None:
    settings = {"RELATIVE_BASE": NOW.replace(tzinfo=None), "PREFER_DATES_FROM": "future"}
    wrong = dateparser.parse("on the 3rd", settings=settings)
    assert wrong is None or wrong.date().isoformat() != "2026-12-03"
    assert dateparser.parse("end of month", settings=settings) is None
    assert when("on the 3rd").startswith("2026-12-03")
    assert when("end of month").startswith("2026-11-30")


def test_results_are_aware_and_in_the_given_zone() -> None:
    due = parse_when("tomorrow 9am", now=NOW, tz="America/New_York")
    assert due.tzinfo == ZoneInfo("America/New_York")
    # 10:00 in Berlin is 04:00 in New York: "tomorrow" is still the 24th there.
    assert due.isoformat() == "2026-11-24T09:00:00-05:00"


def test_the_day_follows_the_zone_not_utc() -> None:
    late = datetime(2026, 11, 23, 23, 30, tzinfo=ZoneInfo("UTC"))  # already the 24th in Berlin
    assert when("tomorrow", now=late) == "2026-11-25T09:00:00+01:00"


def test_a_day_across_the_dst_change_keeps_its_wall_clock_time() -> None:
    saturday = datetime(2027, 3, 27, 10, 0, tzinfo=ZoneInfo(BERLIN))
    assert when("tomorrow 9am", now=saturday) == "2027-03-28T09:00:00+02:00"


def test_today_keeps_the_default_time_while_it_is_ahead() -> None:
    early = datetime(2026, 11, 23, 7, 0, tzinfo=ZoneInfo(BERLIN))
    assert when("today", now=early) == "2026-11-23T09:00:00+01:00"


def test_a_naive_now_is_rejected() -> None:
    with pytest.raises((ValueError, TypeError)):
        parse_when("friday", now=datetime(2026, 11, 23, 10, 0), tz=BERLIN).isoformat()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("buy milk", "could not understand"),
        ("", "no date or time"),
        ("5", "ambiguous"),
        ("feb 30", "day"),
    ],
)
def test_what_is_not_a_date_raises_a_helpful_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        parse_when(text, now=NOW, tz=BERLIN)
    assert "e.g." in str(error.value) or text in ("5", "feb 30")


def test_an_unknown_zone_is_named() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        parse_when("friday", now=NOW, tz="Mars/Olympus")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("today", "2026-11-23T00:00:00+01:00", "2026-11-24T00:00:00+01:00"),
        ("tomorrow", "2026-11-24T00:00:00+01:00", "2026-11-25T00:00:00+01:00"),
        ("this week", "2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
        ("next week", "2026-11-30T00:00:00+01:00", "2026-12-07T00:00:00+01:00"),
        ("this weekend", "2026-11-28T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
        ("next 7 days", "2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
        ("the next two weeks", "2026-11-23T00:00:00+01:00", "2026-12-07T00:00:00+01:00"),
        ("this month", "2026-11-01T00:00:00+01:00", "2026-12-01T00:00:00+01:00"),
        ("next month", "2026-12-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"),
        ("overdue", None, "2026-11-23T10:00:00+01:00"),
        ("upcoming", "2026-11-23T10:00:00+01:00", None),
        ("before friday", None, "2026-11-27T00:00:00+01:00"),
        ("by friday", None, "2026-11-28T00:00:00+01:00"),
        ("after friday", "2026-11-28T00:00:00+01:00", None),
        ("friday", "2026-11-27T00:00:00+01:00", "2026-11-28T00:00:00+01:00"),
        ("due dec 1", "2026-12-01T00:00:00+01:00", "2026-12-02T00:00:00+01:00"),
    ],
)
def test_ranges(text: str, start: str | None, end: str | None) -> None:
    found = parse_range(text, now=NOW, tz=BERLIN)
    assert (found.start and found.start.isoformat(), found.end and found.end.isoformat()) == (
        start,
        end,
    )


def test_a_range_crossing_dst_has_local_midnights() -> None:
    week = parse_range("this week", now=datetime(2027, 3, 24, tzinfo=ZoneInfo(BERLIN)), tz=BERLIN)
    assert week.start is not None and week.end is not None
    assert (week.start.isoformat(), week.end.isoformat()) == (
        "2027-03-22T00:00:00+01:00",
        "2027-03-29T00:00:00+02:00",
    )


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("call mom tomorrow at 5pm", ["tomorrow", "at 5pm"]),
        ("pay rent on the 1st at 9am", ["on the 1st", "at 9am"]),
        ("dentist next friday 10:30", ["next friday", "10:30"]),
        ("buy milk in 2 hours", ["in 2 hours"]),
        ("meeting Dec 1 at 9", ["Dec 1", "at 9"]),
        ("read chapter 3", []),
        ("buy 2 chairs", []),
        # A part of the day is a time only after a day or with "this"/"by": else a title word.
        ("parents' evening at the school", []),
        ("parents' evening at the school on friday", ["on friday"]),
        ("morning run", []),
        ("call mom by evening", ["by evening"]),
        ("tomorrow I must go to the bank", ["tomorrow"]),
        ("dentist monday week at half past four", ["monday week", "at half past four"]),
        ("pay the deposit 24/12", ["24/12"]),
        ("add 1/2 cup of sugar", []),
        ("drinks on the 3rd of March", ["on the 3rd of March"]),
        # Typos are read where a date word is expected, as typed; title words stay titles.
        ("call mom tomorow at 5", ["tomorow", "at 5"]),
        ("gym on thursdy", ["on thursdy"]),
        ("dentist wendesday 10am", ["wendesday", "10am"]),
        ("party on the 3rd of decmber", ["on the 3rd of decmber"]),
        ("i am thirsty", []),
        ("plan the fiesta on saturday", ["on saturday"]),
        ("buy a sundae", []),
        ("play fortnite on sunday", ["on sunday"]),
        ("a very good mouth wash", []),
    ],
)
def test_find_when_marks_the_phrases_in_free_text(text: str, phrases: list[str]) -> None:
    assert [text[span.start : span.end] for span in find_when(text)] == phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [("at 5pm", "17:00"), ("9:30", "09:30"), ("noon", "12:00"), ("12am", "00:00"), ("x", None)],
)
def test_time_of_day(text: str, expected: str | None) -> None:
    found = parse_time_of_day(text)
    assert (found.strftime("%H:%M") if found else None) == expected
