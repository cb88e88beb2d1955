"""Dates, rules and reminders in words: what the task list, notifications and chat replies say."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.humanize import describe_moment, describe_reminder, describe_rule
from core.timefmt import zone

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
# Saturday 5 December 2026, 10:00 in Berlin.
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=zone(BERLIN))


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone(BERLIN))


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (berlin(2026, 12, 5, 17, 0), "Today 17:00"),
        (berlin(2026, 12, 5, 9, 0), "Today 09:00"),
        (berlin(2026, 12, 6, 9, 0), "Tomorrow 09:00"),
        (berlin(2026, 12, 4, 18, 0), "Yesterday 18:00"),
        (berlin(2026, 12, 7, 17, 0), "Mon 7 Dec 17:00"),
        (berlin(2026, 11, 30, 8, 5), "Mon 30 Nov 08:05"),
        (berlin(2027, 12, 6, 17, 0), "Mon 6 Dec 2027 17:00"),
        (berlin(2025, 12, 1, 17, 0), "Mon 1 Dec 2025 17:00"),
        # Midnight is an all-day date: no time.
        (berlin(2026, 12, 6, 0, 0), "Tomorrow"),
        (berlin(2026, 12, 8, 0, 0), "Tue 8 Dec"),
        (berlin(2027, 1, 4, 0, 0), "Mon 4 Jan 2027"),
        # A UTC moment is shown in the user's zone: 16:00Z is 17:00 in Berlin.
        (datetime(2026, 12, 5, 16, 0, tzinfo=UTC), "Today 17:00"),
        (datetime(2026, 12, 5, 23, 30, tzinfo=UTC), "Tomorrow 00:30"),
    ],
)
def test_describe_moment(moment: datetime, words: str) -> None:
    assert describe_moment(moment, BERLIN, NOW) == words


def test_the_same_moment_reads_in_each_users_zone() -> None:
    moment = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    assert describe_moment(moment, BERLIN, NOW) == "Today 04:00"
    assert describe_moment(moment, NEW_YORK, NOW) == "Yesterday 22:00"


def test_year_boundary_relative_words_win_and_the_new_year_is_named() -> None:
    new_years_eve = berlin(2026, 12, 31, 22, 0)
    assert describe_moment(berlin(2027, 1, 1, 9, 0), BERLIN, new_years_eve) == "Tomorrow 09:00"
    assert (
        describe_moment(berlin(2027, 1, 2, 9, 0), BERLIN, new_years_eve) == "Sat 2 Jan 2027 09:00"
    )
    # 23:30 UTC on 31 December is already 1 January in Berlin: "today" follows the zone.
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert describe_moment(berlin(2027, 1, 1, 10, 0), BERLIN, late) == "Today 10:00"
    assert describe_moment(berlin(2027, 1, 2, 10, 0), BERLIN, late) == "Tomorrow 10:00"


def test_dst_changes_keep_local_times_and_days() -> None:
    # Berlin moves to summer time at 02:00 on Sunday 29 March 2026 (a 23-hour day).
    saturday_night = berlin(2026, 3, 28, 23, 30)
    after_jump = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert describe_moment(after_jump, BERLIN, saturday_night) == "Tomorrow 03:30"
    assert describe_moment(berlin(2026, 3, 29, 23, 0), BERLIN, saturday_night) == "Tomorrow 23:00"
    # Back to winter time on 25 October: 01:30 UTC is the second 02:30.
    assert describe_moment(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), BERLIN, NOW) == (
        "Sun 25 Oct 02:30"
    )
    # A daily 9:00 series stays at 9:00 in words whether its start is in summer or winter.
    summer = berlin(2026, 7, 1, 9, 0)
    assert describe_rule("FREQ=DAILY", "due", summer, BERLIN) == "every day at 9:00"
    assert describe_rule("FREQ=DAILY", "due", berlin(2026, 1, 1, 9, 0), BERLIN) == (
        "every day at 9:00"
    )


# Each rule shape the quick-add parser and the editor's presets create.
@pytest.mark.parametrize(
    ("rule", "anchor", "words"),
    [
        ("FREQ=DAILY", "due", "every day at 9:00"),
        ("FREQ=DAILY;INTERVAL=2", "due", "every other day at 9:00"),
        ("FREQ=DAILY;INTERVAL=3", "completion", "every 3 days at 9:00 after completion"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "due", "every weekday at 9:00"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "due", "every weekday at 9:00"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "due", "every Saturday and Sunday at 9:00"),
        ("FREQ=WEEKLY", "due", "every week at 9:00"),
        ("FREQ=WEEKLY;BYDAY=MO", "due", "every Monday at 9:00"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "due", "every Monday, Wednesday and Friday at 9:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "due", "every other week on Tuesday at 9:00"),
        (
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH",
            "due",
            "every 3 weeks on Tuesday and Thursday at 9:00",
        ),
        ("FREQ=MONTHLY", "due", "every month at 9:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "due", "every month on the 1st at 9:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "due", "every month on the 1st and 15th at 9:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", "due", "every month on the 22nd at 9:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=11", "due", "every month on the 11th at 9:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "due", "every month on the last day at 9:00"),
        ("FREQ=MONTHLY;INTERVAL=3", "due", "every 3 months at 9:00"),
        ("FREQ=MONTHLY;BYDAY=1MO", "due", "every month on the first Monday at 9:00"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "due", "every month on the last Friday at 9:00"),
        ("FREQ=YEARLY", "due", "every year at 9:00"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "due", "every year on 3 March at 9:00"),
        ("RRULE:FREQ=YEARLY;INTERVAL=2", "due", "every other year at 9:00"),
        ("FREQ=HOURLY;INTERVAL=2", "due", "every 2 hours"),
        ("FREQ=DAILY;COUNT=10", "due", "every day at 9:00, 10 times"),
        ("FREQ=WEEKLY;BYDAY=MO;COUNT=1", "due", "every Monday at 9:00, once"),
        ("FREQ=DAILY;UNTIL=20270228T225959Z", "due", "every day at 9:00, until 28 Feb 2027"),
        # Shapes we do not put into words exactly: said plainly, never wrongly.
        (
            "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
            "due",
            "every month (custom rule) at 9:00",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=-2", "due", "every month (custom rule) at 9:00"),
        ("FREQ=YEARLY;BYWEEKNO=20", "due", "every year (custom rule) at 9:00"),
        ("FREQ=SECONDLY", "due", "repeats (custom rule)"),
        ("not a rule", "due", "repeats (custom rule)"),
    ],
)
def test_describe_rule(rule: str, anchor: str, words: str) -> None:
    assert describe_rule(rule, anchor, berlin(2026, 12, 7, 9, 0), BERLIN) == words


def test_rule_time_is_the_due_time_in_the_zone_and_all_day_has_none() -> None:
    due = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)
    assert describe_rule("FREQ=WEEKLY;BYDAY=MO", "due", due, BERLIN) == "every Monday at 17:30"
    all_day = berlin(2026, 12, 7, 0, 0)
    assert describe_rule("FREQ=MONTHLY;BYMONTHDAY=1", "due", all_day, BERLIN) == (
        "every month on the 1st"
    )
    assert describe_rule("FREQ=DAILY") == "every day"
    # UNTIL is a UTC instant; the day it names is the day in the task's zone.
    assert describe_rule("FREQ=DAILY;UNTIL=20270228T233000Z", zone=BERLIN) == (
        "every day, until 1 Mar 2027"
    )


@pytest.mark.parametrize(
    ("reminder", "words"),
    [
        ({"before": "PT30M"}, "30 min before"),
        ({"before": "PT1H"}, "1 hour before"),
        ({"before": "PT1H30M"}, "1 hour 30 min before"),
        ({"before": "PT2H"}, "2 hours before"),
        ({"before": "P1D"}, "1 day before"),
        ({"before": "P7D"}, "1 week before"),
        ({"before": "PT0S"}, "at due time"),
        ({"at": "2026-12-08T08:00:00+00:00"}, "at Tue 8 Dec 09:00"),
        ({"at": "2027-01-08T08:00:00+00:00"}, "at Fri 8 Jan 2027 09:00"),
        ({"before": "PT30M", "text": "stale words"}, "30 min before"),
        ({"before": "soon"}, "reminder"),
    ],
)
def test_describe_reminder(reminder: dict[str, str], words: str) -> None:
    assert describe_reminder(reminder, BERLIN, NOW) == words
