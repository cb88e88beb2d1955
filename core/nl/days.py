"""Which calendar day a day phrase names ("friday", "on the 3rd", "end of month", "dec 1").

The rules live in `core.nl.dates`' docstring; this module applies them. dateparser is only asked
about what the rules here do not cover (month names with odd spellings, numeric dates).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from core.nl.patterns import DAY_RE
from core.nl.words import day_number, month_number, number_value, unit_name, weekday_index

EXAMPLES = 'e.g. "tomorrow 5pm", "friday", "in 2 hours", "on the 3rd" or "2026-12-01 09:00"'
_PAST_WORDS = re.compile(r"\b(?:ago|last|yesterday|previous|past)\b|\d{4}")
_RELATIVE = {"today": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}
_END_ABBREVIATIONS = {"eom": "month", "eow": "week", "eoy": "year"}


def resolve_day(phrase: str, local_now: datetime) -> date:
    """The day `phrase` (lower-case, no time of day) names, seen from `local_now`."""
    today = local_now.date()
    if re.fullmatch(r"\d{1,2}", phrase):
        raise ValueError(f'"{phrase}" alone is ambiguous; say "the {phrase}th" or "at {phrase}pm"')
    if phrase == "the weekend":  # "at the weekend" once parse_when has dropped the "at"
        return _this_or_next(today, "weekend", is_next=False)
    match = DAY_RE.fullmatch(phrase)
    if match is None:
        return _dateparser_day(phrase, local_now)
    # One alternative of DAY_RE matched: the day counted from today, or one on the calendar.
    counted = _counted_day(match, local_now)
    return counted if counted is not None else _calendar_day(match, today)


def _counted_day(match: re.Match[str], local_now: datetime) -> date | None:
    """A day counted from today: "tomorrow", "friday", "in 3 days", "a week from monday"."""
    today = local_now.date()
    if match["dat"]:
        return today + timedelta(days=2)
    if match["wkn"]:
        weeks = 1 if match["wkn"].lower() in ("a", "one") else number_value(match["wkn"])
        if match["wkrel"]:
            base = today + timedelta(days=_RELATIVE[match["wkrel"].lower()])
        else:
            base = weekday_after(today, weekday_index(match["wkwd2"]), None)
        return base + timedelta(days=7 * weeks)
    if match["wdw"]:
        return weekday_after(today, weekday_index(match["wdw"]), match["wdwmod"])
    if match["wkwd"] or match["wkon"]:
        weekday = weekday_index(match["wkwd"] or match["wkon"])
        return weekday_after(today, weekday, None) + timedelta(days=7)
    if match["fortnight"]:
        return today + timedelta(days=14)
    if match["rel"]:
        return today + timedelta(days=_RELATIVE[match["rel"]])
    if match["wd"]:
        return weekday_after(today, weekday_index(match["wd"]), match["wdmod"])
    if match["inn"] or match["fn"]:
        count = number_value(match["inn"] or match["fn"])
        unit = unit_name(match["inu"] or match["fu"])
        if unit in ("minutes", "hours"):
            return (local_now + amount(unit, count)).date()
        return today + amount(unit, count)
    return None


def _calendar_day(match: re.Match[str], today: date) -> date:
    """A day on the calendar: "12/1", "the 3rd", "end of month", "next week", "dec 1"."""
    if match["dd"]:
        year = match["yy"]
        if year is not None and len(year) == 2:
            year = "20" + year
        return calendar_day(today, int(match["mm"]), int(match["dd"]), int(year) if year else None)
    if match["md"]:
        return next_month_day(today, day_number(match["md"]))
    if match["eou"] or match["eo"]:
        return end_of(today, match["eou"] or _END_ABBREVIATIONS[match["eo"]])
    if match["thewk"]:
        return _this_or_next(today, "weekend", is_next=False)
    if match["nxu"]:
        return _this_or_next(today, match["nxu"], is_next=match["nxm"] == "next")
    if match["mo1"] or match["mo2"]:
        year = match["y1"] or match["y2"]
        return calendar_day(
            today,
            month_number(match["mo1"] or match["mo2"]),
            day_number(match["d1"] or match["d2"]),
            int(year) if year else None,
        )
    return date.fromisoformat(match["iso"])


def amount(unit: str, count: int) -> relativedelta:
    """A span such as 3 "days" or 2 "months" (units as `words.unit_name` spells them)."""
    if unit == "minutes":
        return relativedelta(minutes=count)
    if unit == "hours":
        return relativedelta(hours=count)
    if unit == "days":
        return relativedelta(days=count)
    if unit == "weeks":
        return relativedelta(weeks=count)
    if unit == "months":
        return relativedelta(months=count)
    return relativedelta(years=count)


def monday_of(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


def weekday_after(today: date, weekday: int, modifier: str | None) -> date:
    """Weekday 0..6 from today: bare = after today, "this" = maybe today, "next" = next week."""
    ahead = (weekday - today.weekday()) % 7
    if modifier == "this":
        return today + timedelta(days=ahead)
    if modifier == "next":
        return monday_of(today) + timedelta(days=7 + weekday)
    return today + timedelta(days=ahead or 7)


def next_month_day(today: date, day: int) -> date:
    """The next date after today whose day of the month is `day` (skips short months)."""
    year, month = today.year, today.month
    if today.day >= day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while day > calendar.monthrange(year, month)[1]:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, day)


def end_of(today: date, unit: str) -> date:
    """The last day of today's week (Sunday), month or year."""
    if unit == "week":
        return monday_of(today) + timedelta(days=6)
    if unit == "year":
        return date(today.year, 12, 31)
    return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])


def _this_or_next(today: date, unit: str, *, is_next: bool) -> date:
    """First day of "next week/month/year/weekend"; "this week" is today."""
    if unit == "weekend":
        saturday = monday_of(today) + timedelta(days=5)
        return saturday + timedelta(days=7) if is_next else max(today, saturday)
    if not is_next:
        return today
    if unit == "week":
        return monday_of(today) + timedelta(days=7)
    if unit == "month":
        return today.replace(day=1) + relativedelta(months=1)
    return date(today.year + 1, 1, 1)


def calendar_day(today: date, month: int, day: int, year: int | None) -> date:
    """`day` of `month` in `year`, or the next such date from today when no year is given."""
    if year is not None:
        return date(year, month, day)
    candidate_year = today.year
    for _ in range(9):  # 29 February can be eight years away (2096 -> 2104)
        if day <= calendar.monthrange(candidate_year, month)[1]:
            candidate = date(candidate_year, month, day)
            if candidate >= today:
                return candidate
        candidate_year += 1
    raise ValueError(f"there is no day {day} in month {month}")


def _dateparser_day(phrase: str, local_now: datetime) -> date:
    import dateparser  # here, not above: most phrases never need it, every start would pay

    settings = {
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        raise ValueError(f'could not understand "{phrase}" as a date; {EXAMPLES}')
    if parsed.date() < local_now.date() and not _PAST_WORDS.search(phrase):
        # dateparser sometimes counts backwards ("two weeks from today"); a silent past due
        # date is worse than asking again.
        raise ValueError(f'"{phrase}" looks like a date in the past; {EXAMPLES}')
    found: date = parsed.date()  # dateparser is untyped
    return found
