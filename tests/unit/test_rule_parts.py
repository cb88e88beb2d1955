"""Rules are checked when saved: each bad part is named, and a rule must compute its series.

The rules refused here were accepted before issue #13 and then crashed the recur function
(FREQ=HOURLY;BYHOUR=25 raised TypeError, BYEASTER=400 IndexError), which the router retried
as a transient failure while every other user's events waited.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidRecurrence
from core.occurrences import next_occurrence
from core.recurrence import normalize_rule
from core.series_check import check_series
from core.timefmt import check_range, format_in_zone, in_range, parse_rfc3339

DUE = datetime(2026, 3, 1, 9, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("rule", "names"),
    [
        ("FREQ=HOURLY;BYHOUR=25", "BYHOUR=25"),
        ("FREQ=DAILY;BYHOUR=-1", "BYHOUR=-1"),
        ("FREQ=YEARLY;BYEASTER=400", "BYEASTER=400"),
        ("FREQ=YEARLY;BYEASTER=-81", "BYEASTER=-81"),
        ("FREQ=DAILY;BYSETPOS=0", "BYSETPOS=0"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "BYSETPOS=367"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS=1"),  # nothing to pick from
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL=-1"),
        ("FREQ=DAILY;INTERVAL=99999999999999999999", "INTERVAL=99999999999999999999"),
        ("FREQ=DAILY;INTERVAL=1001", "INTERVAL=1001"),
        ("FREQ=DAILY;COUNT=0", "COUNT=0"),
        ("FREQ=DAILY;COUNT=999999999999", "COUNT=999999999999"),
        ("FREQ=DAILY;UNTIL=99991231T235959Z", "UNTIL=99991231T235959Z"),
        ("FREQ=DAILY;UNTIL=00010101T000000Z", "UNTIL=00010101T000000Z"),
        ("FREQ=DAILY;UNTIL=18991231T235959Z", "UNTIL=18991231T235959Z"),
        ("FREQ=DAILY;UNTIL=20261231", "UNTIL=20261231"),
        ("FREQ=DAILY;UNTIL=20261341T000000Z", "UNTIL=20261341T000000Z"),
        ("FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY=40"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY=1"),
        ("FREQ=YEARLY;BYYEARDAY=400", "BYYEARDAY=400"),
        ("FREQ=MONTHLY;BYYEARDAY=1", "BYYEARDAY=1"),
        ("FREQ=YEARLY;BYWEEKNO=60", "BYWEEKNO=60"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO=1"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"),
        ("FREQ=DAILY;BYMINUTE=60", "BYMINUTE=60"),
        ("FREQ=DAILY;BYSECOND=61", "BYSECOND=61"),
        ("FREQ=DAILY;BYDAY=+60MO", "BYDAY=+60MO"),  # dateutil quietly ignored the number
        ("FREQ=MONTHLY;BYDAY=6FR", "BYDAY=6FR"),
        ("FREQ=MONTHLY;BYDAY=0FR", "BYDAY=0FR"),
        ("FREQ=YEARLY;BYDAY=54MO", "BYDAY=54MO"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX"),
        ("FREQ=WEEKLY;WKST=XX", "WKST=XX"),
        ("FREQ=DAILY;BYHOUR=9,,10", "BYHOUR=9,,10"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ"),
        ("FREQ=DAILY;COUNT=", "COUNT"),
        ("FREQ=DAILY;FOO=1", "FOO"),
        ("FREQ=SOMETIMES", "FREQ=SOMETIMES"),
    ],
)
def test_a_bad_part_is_refused_by_name(rule: str, names: str) -> None:
    with pytest.raises(InvalidRecurrence) as refused:
        normalize_rule(rule)
    assert names in refused.value.message, refused.value.message
    assert "RRULE" in refused.value.message


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY;BYHOUR=9,10,11,12,13,14,15,16,17",
        "FREQ=DAILY;BYHOUR=0,23;BYMINUTE=0,59;BYSECOND=0,59",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=5FR",
        "FREQ=MONTHLY;BYMONTHDAY=-31,31",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYDAY=20MO",
        "FREQ=YEARLY;BYDAY=-53SU",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        "FREQ=YEARLY;BYYEARDAY=1,100,-366",
        "FREQ=YEARLY;BYMONTH=1,12",
        "FREQ=YEARLY;BYEASTER=-80",
        "FREQ=YEARLY;BYEASTER=250",
        "FREQ=DAILY;INTERVAL=1000",
        "FREQ=DAILY;COUNT=100000",
        "FREQ=DAILY;UNTIL=22001231T235959Z",
        "FREQ=DAILY;UNTIL=19000101T000000Z",
    ],
)
def test_rules_within_rfc_5545_ranges_are_kept(rule: str) -> None:
    assert normalize_rule(rule) == rule


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=1MO",  # dateutil reads it as every Monday
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=MONTHLY;BYWEEKNO=2",
        "FREQ=DAILY;BYYEARDAY=3,100,200",
        "FREQ=DAILY;UNTIL=99991231T000000Z",
        "FREQ=DAILY;COUNT=999999",
        "FREQ=DAILY;INTERVAL=5000",
        "FREQ=DAILY;BYSETPOS=1",
        "FREQ=DAILY;INTERVAL=2;INTERVAL=3",
    ],
)
def test_a_stored_rule_refused_now_only_for_form_still_computes(rule: str) -> None:
    # Saved before these checks, such a series must go on: recur reads stored rules leniently
    # and refuses only what dateutil cannot compute.
    with pytest.raises(InvalidRecurrence):
        normalize_rule(rule)
    found = next_occurrence(
        rule, origin=DUE, timezone="Europe/Berlin", anchor="due", current_index=0,
        current_due=DUE, completed_at=DUE,
    )  # fmt: skip
    assert found is not None and found.due > DUE


@pytest.mark.parametrize(
    "rule",
    ["FREQ=HOURLY;BYHOUR=25", "FREQ=YEARLY;BYEASTER=400", "FREQ=YEARLY;BYDAY=60MO",
     "FREQ=MONTHLY;BYDAY=-60FR", "FREQ=YEARLY;BYWEEKNO=2;BYDAY=60MO", "FREQ=DAILY;INTERVAL=0"],
)  # fmt: skip
def test_a_stored_rule_dateutil_cannot_compute_is_refused_when_read(rule: str) -> None:
    # Each of these raised TypeError or IndexError inside dateutil (a retried 5xx in recur).
    with pytest.raises(InvalidRecurrence):
        normalize_rule(rule, strict=False)


@pytest.mark.parametrize("offset", [-80, 0, 39, 250])
def test_every_easter_offset_allowed_computes_in_every_year(offset: int) -> None:
    rule = normalize_rule(f"FREQ=YEARLY;BYEASTER={offset}")
    due = datetime(1900, 1, 1, 9, tzinfo=UTC)
    # Easter falls on 22 March (1913, 2285) and 25 April (1943, 2038) within these years.
    for year in range(1900, 2200, 7):
        origin = due.replace(year=year)
        found = next_occurrence(
            rule, origin=origin, timezone="UTC", anchor="due", current_index=0,
            current_due=origin, completed_at=origin,
        )  # fmt: skip
        assert found is not None and found.due.year in (year, year + 1)


@pytest.mark.parametrize("anchor", ["due", "completion"])
@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",  # never occurs
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=7",  # no month has seven Mondays
        "FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31",
    ],
)
def test_a_rule_that_never_occurs_again_is_refused_when_saved(rule: str, anchor: str) -> None:
    with pytest.raises(InvalidRecurrence, match="no occurrence within 10 years") as refused:
        check_series(normalize_rule(rule), anchor=anchor, due=DUE, timezone="Europe/Berlin")  # type: ignore[arg-type]
    assert refused.value.field == "recurrence"


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12"])
@pytest.mark.parametrize("anchor", ["due", "completion"])
def test_a_sound_rule_passes_the_check_in_any_zone(zone: str, anchor: str) -> None:
    for rule in ("FREQ=DAILY", "FREQ=HOURLY;INTERVAL=3", "FREQ=MONTHLY;BYMONTHDAY=-1"):
        check_series(rule, anchor=anchor, due=DUE, timezone=zone)  # type: ignore[arg-type]


def test_a_series_at_the_end_of_the_range_passes_the_check() -> None:
    # Its next occurrence falls after 2200: the series simply ends there (see core.successor).
    end = datetime(2200, 12, 31, 9, tzinfo=UTC)
    check_series("FREQ=DAILY", anchor="due", due=end, timezone="UTC")


# -- the date range ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("1900-01-01T00:00:00Z", True),
        ("1900-01-01T00:00:00-14:00", True),
        ("1900-01-01T00:00:00+00:01", False),
        ("2200-12-31T23:59:59.999999Z", True),
        ("2200-12-31T23:59:59-00:01", False),
        ("2201-01-01T13:00:00+14:00", True),  # 2200-12-31 23:00 in UTC
        ("0001-01-01T00:00:00+14:00", False),  # before the year 1 in UTC: overflows
        ("0001-01-01T00:00:00Z", False),
        ("9999-12-31T23:59:59-12:00", False),  # after the year 9999 in UTC: overflows
        ("9999-12-31T23:59:59-01:00", False),
    ],
)
def test_the_range_is_1900_to_2200_in_utc(text: str, inside: bool) -> None:
    moment = parse_rfc3339(text)
    assert in_range(moment) is inside
    if inside:
        assert check_range(moment, what="due") is moment
    else:
        with pytest.raises(ValueError, match="due must be between 1900-01-01 and 2200-12-31"):
            check_range(moment, what="due")


def test_a_stored_moment_that_overflows_its_zone_is_written_in_utc() -> None:
    late = datetime(9999, 12, 31, 12, tzinfo=UTC)
    assert format_in_zone(late, "Pacific/Kiritimati") == "9999-12-31T12:00:00+00:00"
    assert format_in_zone(late - timedelta(days=1), "Pacific/Kiritimati") == (
        "9999-12-31T02:00:00+14:00"
    )
