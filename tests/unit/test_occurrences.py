"""Recurrence maths: RFC 5545 examples, DST, month ends, anchors, series ends and indexes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrule, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InvalidRecurrence
from core.occurrences import (
    Occurrence,
    RecurrenceSearchExhausted,
    localize,
    next_occurrence,
    occurrences,
)

NEW_YORK, BERLIN, SYDNEY = "America/New_York", "Europe/Berlin", "Australia/Sydney"


def _at(zone: str, y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(zone))


def _iso(found: list[Occurrence]) -> list[str]:
    return [occurrence.due.isoformat() for occurrence in found]


def _on(spec: str) -> list[date]:
    """Dates written like the RFC's listings: "1997-09 2,4,6-8 | 1997-10 1"."""
    days = []
    for group in spec.split("|"):
        month, _, listed = group.strip().partition(" ")
        year, number = (int(part) for part in month.split("-"))
        for item in listed.split(","):
            first, _, last = item.strip().partition("-")
            days += [date(year, number, day) for day in range(int(first), int(last or first) + 1)]
    return days


def _nine_in_new_york(days: list[date]) -> list[str]:
    return [datetime.combine(day, time(9), tzinfo=ZoneInfo(NEW_YORK)).isoformat() for day in days]


def _next(
    rule: str,
    origin: datetime,
    *,
    anchor: Any = "due",
    current_index: int = 0,
    current_due: datetime | None = None,
    completed_at: datetime | None = None,
) -> Occurrence | None:
    """next_occurrence for a task in the origin's zone; by default the origin, done on time."""
    zone = origin.tzinfo
    assert isinstance(zone, ZoneInfo)
    return next_occurrence(
        rule,
        origin=origin,
        timezone=zone.key,
        anchor=anchor,
        current_index=current_index,
        current_due=current_due or origin,
        completed_at=completed_at or origin,
    )


# RFC 5545 section 3.8.5.3, DTSTART;TZID=America/New_York at 09:00 on the date given.
# (id, rule, dtstart, expected dates, whether the series ends after them)
RFC_EXAMPLES = [
    ("daily-10", "FREQ=DAILY;COUNT=10", "1997-09-02", "1997-09 2-11", True),
    (
        "daily-until-dec-24",
        "FREQ=DAILY;UNTIL=19971224T000000Z",
        "1997-09-02",
        "1997-09 2-30 | 1997-10 1-31 | 1997-11 1-30 | 1997-12 1-23",
        True,
    ),
    (
        "every-other-day",
        "FREQ=DAILY;INTERVAL=2",
        "1997-09-02",
        "1997-09 2,4,6,8,10,12,14,16,18,20,22,24,26,28,30"
        " | 1997-10 2,4,6,8,10,12,14,16,18,20,22,24,26,28,30"
        " | 1997-11 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29 | 1997-12 1,3",
        False,
    ),
    (
        "every-10-days-5",
        "FREQ=DAILY;INTERVAL=10;COUNT=5",
        "1997-09-02",
        "1997-09 2,12,22 | 1997-10 2,12",
        True,
    ),
    (
        "january-3-years-yearly",
        "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
        "1998-01-01",
        "1998-01 1-31 | 1999-01 1-31 | 2000-01 1-31",
        True,
    ),
    (
        "january-3-years-daily",
        "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
        "1998-01-01",
        "1998-01 1-31 | 1999-01 1-31 | 2000-01 1-31",
        True,
    ),
    (
        "weekly-10",
        "FREQ=WEEKLY;COUNT=10",
        "1997-09-02",
        "1997-09 2,9,16,23,30 | 1997-10 7,14,21,28 | 1997-11 4",
        True,
    ),
    (
        "weekly-until-dec-24",
        "FREQ=WEEKLY;UNTIL=19971224T000000Z",
        "1997-09-02",
        "1997-09 2,9,16,23,30 | 1997-10 7,14,21,28 | 1997-11 4,11,18,25 | 1997-12 2,9,16,23",
        True,
    ),
    (
        "every-other-week",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
        "1997-09-02",
        "1997-09 2,16,30 | 1997-10 14,28 | 1997-11 11,25 | 1997-12 9,23 | 1998-01 6,20"
        " | 1998-02 3,17",
        False,
    ),
    (
        "tue-thu-five-weeks-until",
        "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
        "1997-09-02",
        "1997-09 2,4,9,11,16,18,23,25,30 | 1997-10 2",
        True,
    ),
    (
        "tue-thu-five-weeks-count",
        "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
        "1997-09-02",
        "1997-09 2,4,9,11,16,18,23,25,30 | 1997-10 2",
        True,
    ),
    (
        "other-week-mo-we-fr-until-dec-24",
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
        "1997-09-01",
        "1997-09 1,3,5,15,17,19,29 | 1997-10 1,3,13,15,17,27,29,31"
        " | 1997-11 10,12,14,24,26,28 | 1997-12 8,10,12,22",
        True,
    ),
    (
        "other-week-tu-th-8",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH",
        "1997-09-02",
        "1997-09 2,4,16,18,30 | 1997-10 2,14,16",
        True,
    ),
    (
        "first-friday-10",
        "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
        "1997-09-05",
        "1997-09 5 | 1997-10 3 | 1997-11 7 | 1997-12 5 | 1998-01 2 | 1998-02 6 | 1998-03 6"
        " | 1998-04 3 | 1998-05 1 | 1998-06 5",
        True,
    ),
    (
        "first-friday-until-dec-24",
        "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR",
        "1997-09-05",
        "1997-09 5 | 1997-10 3 | 1997-11 7 | 1997-12 5",
        True,
    ),
    (
        "other-month-first-and-last-sunday-10",
        "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
        "1997-09-07",
        "1997-09 7,28 | 1997-11 2,30 | 1998-01 4,25 | 1998-03 1,29 | 1998-05 3,31",
        True,
    ),
    (
        "second-to-last-monday-6",
        "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
        "1997-09-22",
        "1997-09 22 | 1997-10 20 | 1997-11 17 | 1997-12 22 | 1998-01 19 | 1998-02 16",
        True,
    ),
    (
        "third-to-last-day",
        "FREQ=MONTHLY;BYMONTHDAY=-3",
        "1997-09-28",
        "1997-09 28 | 1997-10 29 | 1997-11 28 | 1997-12 29 | 1998-01 29 | 1998-02 26",
        False,
    ),
    (
        "2nd-and-15th-10",
        "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
        "1997-09-02",
        "1997-09 2,15 | 1997-10 2,15 | 1997-11 2,15 | 1997-12 2,15 | 1998-01 2,15",
        True,
    ),
    (
        "first-and-last-day-10",
        "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
        "1997-09-30",
        "1997-09 30 | 1997-10 1,31 | 1997-11 1,30 | 1997-12 1,31 | 1998-01 1,31 | 1998-02 1",
        True,
    ),
    (
        "every-18-months-10th-to-15th-10",
        "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
        "1997-09-10",
        "1997-09 10-15 | 1999-03 10-13",
        True,
    ),
    (
        "tuesdays-every-other-month",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU",
        "1997-09-02",
        "1997-09 2,9,16,23,30 | 1997-11 4,11,18,25 | 1998-01 6,13,20,27 | 1998-03 3,10,17,24,31",
        False,
    ),
    (
        "june-and-july-10",
        "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
        "1997-06-10",
        "1997-06 10 | 1997-07 10 | 1998-06 10 | 1998-07 10 | 1999-06 10 | 1999-07 10"
        " | 2000-06 10 | 2000-07 10 | 2001-06 10 | 2001-07 10",
        True,
    ),
    (
        "other-year-jan-feb-mar-10",
        "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
        "1997-03-10",
        "1997-03 10 | 1999-01 10 | 1999-02 10 | 1999-03 10 | 2001-01 10 | 2001-02 10"
        " | 2001-03 10 | 2003-01 10 | 2003-02 10 | 2003-03 10",
        True,
    ),
    (
        "third-year-days-1-100-200-10",
        "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
        "1997-01-01",
        "1997-01 1 | 1997-04 10 | 1997-07 19 | 2000-01 1 | 2000-04 9 | 2000-07 18"
        " | 2003-01 1 | 2003-04 10 | 2003-07 19 | 2006-01 1",
        True,
    ),
    (
        "20th-monday",
        "FREQ=YEARLY;BYDAY=20MO",
        "1997-05-19",
        "1997-05 19 | 1998-05 18 | 1999-05 17",
        False,
    ),
    (
        "monday-of-week-20",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        "1997-05-12",
        "1997-05 12 | 1998-05 11 | 1999-05 17",
        False,
    ),
    (
        "thursdays-in-march",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
        "1997-03-13",
        "1997-03 13,20,27 | 1998-03 5,12,19,26 | 1999-03 4,11,18,25",
        False,
    ),
    (
        "thursdays-in-summer",
        "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
        "1997-06-05",
        "1997-06 5,12,19,26 | 1997-07 3,10,17,24,31 | 1997-08 7,14,21,28"
        " | 1998-06 4,11,18,25 | 1998-07 2,9,16,23,30 | 1998-08 6,13,20,27"
        " | 1999-06 3,10,17,24 | 1999-07 1,8,15,22,29 | 1999-08 5,12,19,26",
        False,
    ),
    (
        "saturday-after-first-sunday",
        "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
        "1997-09-13",
        "1997-09 13 | 1997-10 11 | 1997-11 8 | 1997-12 13 | 1998-01 10 | 1998-02 7 | 1998-03 7"
        " | 1998-04 11 | 1998-05 9 | 1998-06 13",
        False,
    ),
    (
        "us-presidential-election-day",
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
        "1996-11-05",
        "1996-11 5 | 2000-11 7 | 2004-11 2",
        False,
    ),
    (
        "third-tue-wed-or-thu-3-months",
        "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
        "1997-09-04",
        "1997-09 4 | 1997-10 7 | 1997-11 6",
        True,
    ),
    (
        "second-to-last-weekday",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
        "1997-09-29",
        "1997-09 29 | 1997-10 30 | 1997-11 27 | 1997-12 30 | 1998-01 29 | 1998-02 26 | 1998-03 30",
        False,
    ),
    (
        "wkst-monday",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
        "1997-08-05",
        "1997-08 5,10,19,24",
        True,
    ),
    (
        "wkst-sunday",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
        "1997-08-05",
        "1997-08 5,17,19,31",
        True,
    ),
    (
        "february-30-ignored",
        "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
        "2007-01-15",
        "2007-01 15,30 | 2007-02 15 | 2007-03 15,30",
        True,
    ),
]


@pytest.mark.parametrize(
    ("rule", "start", "spec", "ends"),
    [pytest.param(*example[1:], id=example[0]) for example in RFC_EXAMPLES],
)
def test_rfc_5545_examples(rule: str, start: str, spec: str, ends: bool) -> None:
    expected = _nine_in_new_york(_on(spec))
    origin = datetime.combine(date.fromisoformat(start), time(9), tzinfo=ZoneInfo(NEW_YORK))
    limit = len(expected) + 5 if ends else len(expected)
    found = occurrences(rule, origin=origin, timezone=NEW_YORK, limit=limit)
    assert _iso(found) == expected
    assert [occurrence.index for occurrence in found] == list(range(len(expected)))


def test_rfc_friday_the_13th_follows_an_origin_that_is_not_one() -> None:
    # The RFC drops its 1997-09-02 DTSTART with an EXDATE; here the origin is a real task, so
    # it stays occurrence 0 and the Fridays the 13th follow it.
    origin = _at(NEW_YORK, 1997, 9, 2)
    found = occurrences(
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", origin=origin, timezone=NEW_YORK, limit=6
    )
    assert found[0] == Occurrence(0, origin)
    assert _iso(found[1:]) == _nine_in_new_york(
        _on("1998-02 13 | 1998-03 13 | 1998-11 13 | 1999-08 13 | 2000-10 13")
    )


def test_rfc_every_20_minutes_from_nine_to_four_forty() -> None:
    rule = "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40"
    found = occurrences(rule, origin=_at(NEW_YORK, 1997, 9, 2), timezone=NEW_YORK, limit=48)
    times = [f"{hour:02}:{minute:02}" for hour in range(9, 17) for minute in (0, 20, 40)]
    assert [o.due.strftime("%d %H:%M") for o in found] == [
        f"{day} {clock}" for day in ("02", "03") for clock in times
    ]


def test_rfc_every_3_hours_stops_at_the_until_instant() -> None:
    # The RFC lists 09:00, 12:00, 15:00, but its UNTIL 17:00Z is 13:00 EDT: an instant, so
    # 15:00 EDT lies past it (a known inconsistency of that example).
    rule = "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z"
    found = occurrences(rule, origin=_at(NEW_YORK, 1997, 9, 2), timezone=NEW_YORK, limit=10)
    assert _iso(found) == ["1997-09-02T09:00:00-04:00", "1997-09-02T12:00:00-04:00"]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MINUTELY;INTERVAL=15;COUNT=6",
        "FREQ=MINUTELY;INTERVAL=90;COUNT=4",
        "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
    ],
)
def test_rfc_minutely_examples_are_refused(rule: str) -> None:
    with pytest.raises(InvalidRecurrence):
        occurrences(rule, origin=_at(NEW_YORK, 1997, 9, 2), timezone=NEW_YORK)


# --- wall-clock time and daylight saving ---------------------------------------------------

# (zone, day clocks go forward, day they go back, standard offset, summer offset)
DST_ZONES = [
    (BERLIN, date(2026, 3, 29), date(2026, 10, 25), "+01:00", "+02:00"),
    (NEW_YORK, date(2026, 3, 8), date(2026, 11, 1), "-05:00", "-04:00"),
    (SYDNEY, date(2026, 10, 4), date(2026, 4, 5), "+10:00", "+11:00"),
]


@pytest.mark.parametrize(("zone", "forward", "back", "standard", "summer"), DST_ZONES)
def test_nine_stays_nine_across_both_changes(
    zone: str, forward: date, back: date, standard: str, summer: str
) -> None:
    found = occurrences("FREQ=DAILY", origin=_at(zone, 2026, 1, 1), timezone=zone, limit=365)
    by_day = {o.due.date(): o.due for o in found}
    assert {o.due.timetz().replace(tzinfo=None) for o in found} == {time(9)}
    assert by_day[forward - timedelta(days=1)].isoformat().endswith(f"09:00:00{standard}")
    assert by_day[forward].isoformat().endswith(f"09:00:00{summer}")
    assert by_day[back - timedelta(days=1)].isoformat().endswith(f"09:00:00{summer}")
    assert by_day[back].isoformat().endswith(f"09:00:00{standard}")


@pytest.mark.parametrize(("zone", "forward", "back", "standard", "summer"), DST_ZONES)
def test_a_time_in_the_spring_forward_gap_moves_forward_by_the_gap(
    zone: str, forward: date, back: date, standard: str, summer: str
) -> None:
    origin = datetime.combine(forward - timedelta(days=1), time(2, 30), tzinfo=ZoneInfo(zone))
    found = occurrences("FREQ=DAILY", origin=origin, timezone=zone, limit=3)
    assert _iso(found) == [
        f"{forward - timedelta(days=1)}T02:30:00{standard}",
        f"{forward}T03:30:00{summer}",
        f"{forward + timedelta(days=1)}T02:30:00{summer}",
    ]


@pytest.mark.parametrize(("zone", "forward", "back", "standard", "summer"), DST_ZONES)
def test_an_ambiguous_time_takes_its_first_instance(
    zone: str, forward: date, back: date, standard: str, summer: str
) -> None:
    clock = time(1, 30) if zone == NEW_YORK else time(2, 30)  # inside each zone's repeated hour
    origin = datetime.combine(back - timedelta(days=1), clock, tzinfo=ZoneInfo(zone))
    found = occurrences("FREQ=DAILY", origin=origin, timezone=zone, limit=3)
    assert [o.due.isoformat()[11:] for o in found] == [
        f"{clock}{summer}",
        f"{clock}{summer}",  # the first of the two, still on summer time
        f"{clock}{standard}",
    ]


def test_localize_follows_the_dst_rules() -> None:
    assert localize(datetime(2026, 3, 8, 2, 30), NEW_YORK).isoformat() == (
        "2026-03-08T03:30:00-04:00"
    )
    assert localize(datetime(2026, 11, 1, 1, 30), NEW_YORK).isoformat() == (
        "2026-11-01T01:30:00-04:00"
    )
    assert localize(datetime(2026, 7, 1, 9), ZoneInfo(BERLIN)).isoformat() == (
        "2026-07-01T09:00:00+02:00"
    )
    with pytest.raises(ValueError, match="naive"):
        localize(datetime(2026, 7, 1, 9, tzinfo=UTC), BERLIN)


def test_hourly_through_the_gap_counts_each_instant_once() -> None:
    # 02:00 and 02:30 do not exist that night; they become 03:00 and 03:30, which the rule
    # also produces: each instant is one occurrence, and dues keep increasing.
    found = occurrences(
        "FREQ=HOURLY;BYMINUTE=0,30", origin=_at(NEW_YORK, 2026, 3, 8, 0), timezone=NEW_YORK, limit=7
    )
    assert [o.due.strftime("%H:%M%z") for o in found] == [
        "00:00-0500",
        "00:30-0500",
        "01:00-0500",
        "01:30-0500",
        "03:00-0400",
        "03:30-0400",
        "04:00-0400",
    ]
    assert [o.index for o in found] == list(range(7))


# --- month ends and leap days ----------------------------------------------------------------


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY"])
def test_the_31st_skips_months_without_one(rule: str) -> None:
    found = occurrences(rule, origin=_at(BERLIN, 2026, 1, 31), timezone=BERLIN, limit=8)
    assert [o.due.date().isoformat() for o in found] == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
        "2026-08-31",
        "2026-10-31",
        "2026-12-31",
        "2027-01-31",
    ]


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK, SYDNEY])
def test_a_monthly_task_on_the_31st_does_not_drift(zone: str) -> None:
    origin = _at(zone, 2026, 1, 31)
    current: Occurrence | None = Occurrence(0, origin)
    days = []
    for _ in range(12):
        assert current is not None
        completed = current.due + timedelta(hours=2)
        current = _next(
            "FREQ=MONTHLY;BYMONTHDAY=31",
            origin,
            current_index=current.index,
            current_due=current.due,
            completed_at=completed,
        )
        assert current is not None
        days.append((current.index, current.due.day, current.due.strftime("%H:%M")))
    assert days == [(index, 31, "09:00") for index in range(1, 13)]


def test_bymonthday_minus_one_is_the_last_day_of_each_month() -> None:
    found = occurrences(
        "FREQ=MONTHLY;BYMONTHDAY=-1", origin=_at(NEW_YORK, 2027, 11, 30), timezone=NEW_YORK, limit=6
    )
    assert [o.due.date().isoformat() for o in found] == [
        "2027-11-30",
        "2027-12-31",
        "2028-01-31",
        "2028-02-29",
        "2028-03-31",
        "2028-04-30",
    ]


def test_february_29_recurs_only_in_leap_years() -> None:
    origin = _at(BERLIN, 2024, 2, 29)
    found = occurrences("FREQ=YEARLY", origin=origin, timezone=BERLIN, limit=3)
    assert [o.due.date().isoformat() for o in found] == ["2024-02-29", "2028-02-29", "2032-02-29"]
    late = _next("FREQ=YEARLY", origin, completed_at=_at(BERLIN, 2027, 6, 1))
    assert late == Occurrence(1, _at(BERLIN, 2028, 2, 29))
    # 2100 is no leap year: eight years to the next Feb 29, still within the horizon.
    assert _next("FREQ=YEARLY", _at(BERLIN, 2096, 2, 29)) == Occurrence(1, _at(BERLIN, 2104, 2, 29))


def test_last_day_of_february_every_year() -> None:
    found = occurrences(
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
        origin=_at(BERLIN, 2027, 2, 28),
        timezone=BERLIN,
        limit=3,
    )
    assert [o.due.date().isoformat() for o in found] == ["2027-02-28", "2028-02-29", "2029-02-28"]


# --- anchor "due" ----------------------------------------------------------------------------


def test_completing_an_overdue_daily_task_skips_to_after_now() -> None:
    origin = _at(BERLIN, 2026, 3, 1)
    due = _at(BERLIN, 2026, 3, 2)  # occurrence 1, completed five days late
    after_nine = _next(
        "FREQ=DAILY",
        origin,
        current_index=1,
        current_due=due,
        completed_at=_at(BERLIN, 2026, 3, 7, 12),
    )
    before_nine = _next(
        "FREQ=DAILY",
        origin,
        current_index=1,
        current_due=due,
        completed_at=_at(BERLIN, 2026, 3, 7, 8),
    )
    assert after_nine == Occurrence(7, _at(BERLIN, 2026, 3, 8))
    assert before_nine == Occurrence(6, _at(BERLIN, 2026, 3, 7))


def test_completing_early_moves_past_the_due_date() -> None:
    origin = _at(BERLIN, 2026, 3, 1)
    found = _next(
        "FREQ=DAILY",
        origin,
        current_index=4,
        current_due=_at(BERLIN, 2026, 3, 5),
        completed_at=_at(BERLIN, 2026, 3, 3, 20),
    )
    assert found == Occurrence(5, _at(BERLIN, 2026, 3, 6))


def test_skipped_occurrences_advance_the_index_by_their_position() -> None:
    origin = _at(NEW_YORK, 2026, 3, 2)  # Monday; the rule gives Mondays and Thursdays
    found = _next(
        "FREQ=WEEKLY;BYDAY=MO,TH",
        origin,
        current_index=1,
        current_due=_at(NEW_YORK, 2026, 3, 5),
        completed_at=_at(NEW_YORK, 2026, 3, 17, 10),
    )
    # 2 Mar (0), 5 (1), 9 (2), 12 (3), 16 (4), 19 (5)
    assert found == Occurrence(5, _at(NEW_YORK, 2026, 3, 19))


def test_a_moved_occurrence_never_yields_an_index_already_used() -> None:
    origin = _at(BERLIN, 2026, 3, 1)
    # Occurrence 5 (due 6 March) was moved back to 1 March and completed there.
    moved_back = _next(
        "FREQ=DAILY",
        origin,
        current_index=5,
        current_due=_at(BERLIN, 2026, 3, 1, 10),
        completed_at=_at(BERLIN, 2026, 3, 1, 11),
    )
    assert moved_back == Occurrence(6, _at(BERLIN, 2026, 3, 7))
    # Occurrence 3 was moved forward to 10 March: the series goes on from there.
    moved_on = _next(
        "FREQ=DAILY",
        origin,
        current_index=3,
        current_due=_at(BERLIN, 2026, 3, 10, 10),
        completed_at=_at(BERLIN, 2026, 3, 10, 10),
    )
    assert moved_on == Occurrence(10, _at(BERLIN, 2026, 3, 11))


# --- anchor "completion" (every!) ------------------------------------------------------------


def _every(
    rule: str, origin: datetime, completed_at: datetime, index: int = 0
) -> Occurrence | None:
    return _next(
        rule,
        origin,
        anchor="completion",
        current_index=index,
        current_due=origin,
        completed_at=completed_at,
    )


def test_every_3_days_counts_from_the_completion_day() -> None:
    origin = _at(NEW_YORK, 2026, 3, 2)  # Monday 09:00
    friday = Occurrence(1, _at(NEW_YORK, 2026, 3, 6))
    assert _every("FREQ=DAILY;INTERVAL=3", origin, _at(NEW_YORK, 2026, 3, 3, 18)) == friday
    assert _every("FREQ=DAILY;INTERVAL=3", origin, _at(NEW_YORK, 2026, 3, 3, 8)) == friday
    late = _every("FREQ=DAILY;INTERVAL=3", origin, _at(NEW_YORK, 2026, 3, 14, 12), index=4)
    assert late == Occurrence(5, _at(NEW_YORK, 2026, 3, 17))


def test_every_uses_the_completion_date_in_the_tasks_zone() -> None:
    # 02:00 UTC on Wednesday is still Tuesday 21:00 in New York: Tuesday + 3 days.
    completed = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    found = _every("FREQ=DAILY;INTERVAL=3", _at(NEW_YORK, 2026, 3, 2), completed)
    assert found == Occurrence(1, _at(NEW_YORK, 2026, 3, 6))


def test_every_week_and_every_monday_restart_at_the_completion() -> None:
    origin = _at(BERLIN, 2026, 3, 2)  # Monday
    wednesday = _at(BERLIN, 2026, 3, 4, 15)
    assert _every("FREQ=WEEKLY", origin, wednesday) == Occurrence(1, _at(BERLIN, 2026, 3, 11))
    assert _every("FREQ=WEEKLY;BYDAY=MO", origin, wednesday) == Occurrence(
        1, _at(BERLIN, 2026, 3, 9)
    )
    monday_evening = _at(BERLIN, 2026, 3, 9, 18)
    assert _every("FREQ=WEEKLY;BYDAY=MO", origin, monday_evening) == Occurrence(
        1, _at(BERLIN, 2026, 3, 16)
    )


def test_every_with_several_times_a_day_takes_the_next_time_after_completion() -> None:
    rule = "FREQ=DAILY;BYHOUR=9,17"
    origin = _at(BERLIN, 2026, 3, 2)
    assert _every(rule, origin, _at(BERLIN, 2026, 3, 4, 12)) == Occurrence(
        1, _at(BERLIN, 2026, 3, 4, 17)
    )
    assert _every(rule, origin, _at(BERLIN, 2026, 3, 4, 18)) == Occurrence(
        1, _at(BERLIN, 2026, 3, 5, 9)
    )


def test_every_8_hours_keeps_the_minute_of_the_origin() -> None:
    origin = _at(BERLIN, 2026, 3, 2, 9, 15)
    found = _every("FREQ=HOURLY;INTERVAL=8", origin, _at(BERLIN, 2026, 3, 4, 18, 40))
    assert found == Occurrence(1, _at(BERLIN, 2026, 3, 5, 2, 15))


def test_every_day_restarted_inside_a_dst_gap_keeps_the_original_time() -> None:
    origin = _at(NEW_YORK, 2026, 3, 1, 2, 30)
    before = _every("FREQ=DAILY", origin, _at(NEW_YORK, 2026, 3, 7, 10), index=6)
    on_the_day = _every("FREQ=DAILY", origin, _at(NEW_YORK, 2026, 3, 8, 10), index=7)
    assert before is not None and before.due.isoformat() == "2026-03-08T03:30:00-04:00"
    assert on_the_day is not None and on_the_day.due.isoformat() == "2026-03-09T02:30:00-04:00"


def test_every_day_across_spring_forward_keeps_nine() -> None:
    found = _every("FREQ=DAILY", _at(BERLIN, 2026, 3, 1), _at(BERLIN, 2026, 3, 28, 20), index=26)
    assert found is not None and found.due.isoformat() == "2026-03-29T09:00:00+02:00"


# --- COUNT and UNTIL ------------------------------------------------------------------------


def test_count_ends_the_series_counting_from_the_origin() -> None:
    origin = _at(BERLIN, 2026, 3, 1)
    rule = "FREQ=DAILY;COUNT=3"
    assert _next(rule, origin) == Occurrence(1, _at(BERLIN, 2026, 3, 2))
    assert (
        _next(
            rule,
            origin,
            current_index=2,
            current_due=_at(BERLIN, 2026, 3, 3),
            completed_at=_at(BERLIN, 2026, 3, 3, 10),
        )
        is None
    )
    # Occurrence 1 completed after occurrence 2 was due: the last one has passed too.
    assert (
        _next(
            rule,
            origin,
            current_index=1,
            current_due=_at(BERLIN, 2026, 3, 2),
            completed_at=_at(BERLIN, 2026, 3, 5),
        )
        is None
    )
    assert _next("FREQ=DAILY;COUNT=1", origin) is None


def test_an_origin_off_the_rule_counts_as_the_first_occurrence() -> None:
    origin = _at(BERLIN, 2026, 3, 4)  # a Wednesday, for a Monday rule
    found = occurrences("FREQ=WEEKLY;BYDAY=MO;COUNT=3", origin=origin, timezone=BERLIN, limit=10)
    assert [o.due.date().isoformat() for o in found] == ["2026-03-04", "2026-03-09", "2026-03-16"]


def test_until_is_an_inclusive_instant() -> None:
    origin = _at(BERLIN, 2026, 3, 2)  # Mondays 09:00; 23 March 09:00 CET is 08:00 UTC
    rule = "FREQ=WEEKLY;UNTIL=20260323T080000Z"
    found = occurrences(rule, origin=origin, timezone=BERLIN, limit=10)
    assert [o.due.day for o in found] == [2, 9, 16, 23]
    assert (
        _next(rule, origin, current_index=3, current_due=found[-1].due, completed_at=found[-1].due)
        is None
    )


def test_count_and_until_end_a_series_anchored_at_completion() -> None:
    origin = _at(BERLIN, 2026, 3, 2)
    rule = "FREQ=DAILY;INTERVAL=2;COUNT=3"
    assert _every(rule, origin, _at(BERLIN, 2026, 3, 3), index=1) == Occurrence(
        2, _at(BERLIN, 2026, 3, 5)
    )
    assert _every(rule, origin, _at(BERLIN, 2026, 3, 5), index=2) is None
    until = "FREQ=DAILY;INTERVAL=2;UNTIL=20260310T000000Z"
    assert _every(until, origin, _at(BERLIN, 2026, 3, 7, 12), index=3) == Occurrence(
        4, _at(BERLIN, 2026, 3, 9)
    )
    assert _every(until, origin, _at(BERLIN, 2026, 3, 8, 12), index=4) is None


# --- indexes ----------------------------------------------------------------------------------


def test_the_next_occurrence_has_the_index_of_its_position_in_the_series() -> None:
    origin = _at(SYDNEY, 2026, 1, 31)
    rule = "FREQ=MONTHLY;BYMONTHDAY=-1,15"
    listed = occurrences(rule, origin=origin, timezone=SYDNEY, limit=80)
    assert [o.index for o in listed] == list(range(80))
    for current in listed[:30:7]:
        for late in (timedelta(0), timedelta(days=20), timedelta(days=200)):
            found = _next(
                rule,
                origin,
                current_index=current.index,
                current_due=current.due,
                completed_at=current.due + late,
            )
            assert found is not None
            assert listed[found.index] == found
            # A redelivered event, even with its time in another zone, gives the same answer.
            again = _next(
                rule,
                origin,
                current_index=current.index,
                current_due=current.due,
                completed_at=(current.due + late).astimezone(UTC),
            )
            assert again == found


def test_listing_after_a_moment_keeps_the_series_indexes() -> None:
    origin = _at(NEW_YORK, 2026, 3, 1)
    found = occurrences(
        "FREQ=DAILY", origin=origin, timezone=NEW_YORK, limit=2, after=_at(NEW_YORK, 2026, 3, 10)
    )
    assert found == [
        Occurrence(10, _at(NEW_YORK, 2026, 3, 11)),
        Occurrence(11, _at(NEW_YORK, 2026, 3, 12)),
    ]


# --- pathological rules and bad input -------------------------------------------------------


@pytest.mark.timeout(10)  # a hang guard: unbounded, dateutil would scan to year 9999
@pytest.mark.parametrize("anchor", ["due", "completion"])
@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=7",  # no month has seven Mondays
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",  # next after 2016: 2044
    ],
)
def test_a_rule_with_no_occurrence_within_ten_years_is_refused(rule: str, anchor: str) -> None:
    origin = _at(BERLIN, 2016, 2, 29)
    with pytest.raises(RecurrenceSearchExhausted):
        _next(rule, origin, anchor=anchor)
    assert occurrences(rule, origin=origin, timezone=BERLIN, limit=3) == [Occurrence(0, origin)]


def test_long_intervals_widen_the_horizon() -> None:
    origin = _at(BERLIN, 2026, 6, 1)
    assert _next("FREQ=YEARLY;INTERVAL=20", origin) == Occurrence(1, _at(BERLIN, 2046, 6, 1))


def test_a_series_with_too_many_occurrences_to_count_is_refused() -> None:
    origin = _at(BERLIN, 1990, 1, 1)
    with pytest.raises(RecurrenceSearchExhausted):
        _next("FREQ=HOURLY", origin, completed_at=_at(BERLIN, 2026, 1, 1))


def test_bad_input_is_refused() -> None:
    origin = _at(BERLIN, 2026, 3, 1)
    with pytest.raises(InvalidRecurrence):
        _next("FREQ=SOMETIMES", origin)
    with pytest.raises(InvalidRecurrence):
        _next("FREQ=DAILY", origin, anchor="whenever")
    with pytest.raises(ValueError, match="aware"):
        _next("FREQ=DAILY", origin, completed_at=datetime(2026, 3, 1, 10))
    with pytest.raises(ValueError, match="aware"):
        occurrences("FREQ=DAILY", origin=datetime(2026, 3, 1, 9), timezone=BERLIN)


# --- properties -----------------------------------------------------------------------------

_RULES = st.one_of(
    st.builds("FREQ=HOURLY;INTERVAL={}".format, st.integers(1, 12)),
    st.builds("FREQ=DAILY;INTERVAL={}".format, st.integers(1, 4)),
    st.builds(
        "FREQ=WEEKLY;INTERVAL={};BYDAY={}".format,
        st.integers(1, 3),
        st.lists(
            st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
            min_size=1,
            max_size=3,
            unique=True,
        ).map(",".join),
    ),
    st.builds(
        "FREQ=MONTHLY;INTERVAL={};BYMONTHDAY={}".format,
        st.integers(1, 4),
        st.sampled_from(["1", "15", "29", "30", "31", "-1", "1,-1"]),
    ),
    st.builds("FREQ=MONTHLY;BYDAY={}".format, st.sampled_from(["1MO", "-1FR", "2TU,4TU"])),
    st.builds("FREQ=YEARLY;BYMONTH={};BYMONTHDAY=-1".format, st.sampled_from(["2", "2,8"])),
)
_SEEDS = st.builds(
    datetime,
    st.integers(1998, 2045),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.sampled_from([0, 15, 30, 45]),
)
_LATENESS = st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=120))


@settings(max_examples=150, deadline=None)
@given(rule=_RULES, seed=_SEEDS, k=st.integers(0, 20), lateness=_LATENESS)
def test_anchor_due_matches_plain_dateutil_in_utc(
    rule: str, seed: datetime, k: int, lateness: timedelta
) -> None:
    # In UTC wall clock and instants agree, so dateutil's own after() is the oracle.
    parsed = rrulestr(rule, dtstart=seed)
    assert isinstance(parsed, rrule)
    origin = next(iter(parsed))
    plain = rrulestr(rule, dtstart=origin)
    assert isinstance(plain, rrule)
    current = list(islice(plain, k + 1))[-1]
    threshold = max(current, current + lateness)
    expected = plain.after(threshold)
    assert expected is not None
    found = next_occurrence(
        rule,
        origin=origin.replace(tzinfo=UTC),
        timezone="UTC",
        anchor="due",
        current_index=k,
        current_due=current.replace(tzinfo=UTC),
        completed_at=(current + lateness).replace(tzinfo=UTC),
    )
    assert found is not None
    assert found.due == expected.replace(tzinfo=UTC)
    assert found.index == len([x for x in plain.between(origin, expected, inc=True) if x > origin])


_ZONES = st.sampled_from([BERLIN, NEW_YORK, SYDNEY, "Australia/Lord_Howe", "Asia/Kolkata"])
_CALENDAR_RULES = st.sampled_from(
    ["FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=MONTHLY;BYMONTHDAY=-1"]
)


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


@settings(max_examples=150, deadline=None)
@given(
    rule=_CALENDAR_RULES, zone_name=_ZONES, seed=_SEEDS, k=st.integers(0, 30), lateness=_LATENESS
)
def test_anchor_due_in_dst_zones_is_after_both_times_and_keeps_the_wall_clock(
    rule: str, zone_name: str, seed: datetime, k: int, lateness: timedelta
) -> None:
    zone = ZoneInfo(zone_name)
    origin = localize(seed, zone)
    current = occurrences(rule, origin=origin, timezone=zone_name, limit=k + 1)[-1]
    completed = current.due.astimezone(UTC) + lateness  # UTC: instants, not wall clock
    found = next_occurrence(
        rule,
        origin=origin,
        timezone=zone_name,
        anchor="due",
        current_index=current.index,
        current_due=current.due,
        completed_at=completed,
    )
    assert found is not None
    assert found.index > current.index
    assert found.due.astimezone(UTC) > max(current.due.astimezone(UTC), completed)
    # A member of the series, with the same index, and the first one after both times.
    listed = occurrences(
        rule,
        origin=origin,
        timezone=zone_name,
        limit=1,
        after=max(current.due.astimezone(UTC), completed),
    )
    assert listed == [found]
    wall = found.due.astimezone(zone).replace(tzinfo=None)
    intended = datetime.combine(wall.date(), origin.astimezone(zone).time().replace(fold=0))
    assert wall == intended or not _exists(intended, zone)


@settings(max_examples=150, deadline=None)
@given(
    days=st.integers(1, 10),
    zone_name=_ZONES,
    seed=_SEEDS,
    completed_seed=_SEEDS,
    k=st.integers(0, 50),
)
def test_every_n_days_lands_n_days_after_the_completion_day(
    days: int, zone_name: str, seed: datetime, completed_seed: datetime, k: int
) -> None:
    zone = ZoneInfo(zone_name)
    origin = localize(seed, zone)
    completed = localize(completed_seed, zone)
    found = next_occurrence(
        f"FREQ=DAILY;INTERVAL={days}",
        origin=origin,
        timezone=zone_name,
        anchor="completion",
        current_index=k,
        current_due=origin,
        completed_at=completed,
    )
    assert found is not None
    assert found.index == k + 1
    assert found.due.astimezone(UTC) > completed.astimezone(UTC)
    assert found.due.astimezone(zone).date() == completed.date() + timedelta(days=days)
