"""Dates, recurrence rules and reminders in words: the one formatter the server writes with.

Used by task JSON (`recurrence.text`, reminder `text`), notification bodies and the offline
chat replies, so all of them say the same thing the same way; the browser's js/dates.js follows
the same rules. Times are 24-hour; names are English.

- `describe_moment`: "Today 17:00", "Tomorrow 09:00", "Yesterday 18:00", "Mon 7 Dec 17:00",
  "Mon 7 Dec 2027 17:00" in another year; a moment at midnight is an all-day date ("Tomorrow").
- `describe_rule`: "every weekday at 9:00", "every month on the 1st", "every other week on
  Monday and Thursday, until 1 Mar 2027"; shapes it cannot say exactly are "every month
  (custom rule)", never a wrong sentence.
- `describe_reminder`: "30 min before", "1 hour before", "at due time", "at Tue 8 Dec 09:00".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.errors import InvalidRecurrence
from core.nl.words import MONTH_NAMES, WEEKDAY_NAMES, WEEKDAYS
from core.recurrence import normalize_rule
from core.reminders import Reminder

_RELATIVE = {-1: "Yesterday", 0: "Today", 1: "Tomorrow"}
_NOUNS = {"HOURLY": "hour", "DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_WORKDAYS = ["MO", "TU", "WE", "TH", "FR"]
_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
# The RRULE parts we can put into words; any other part makes the rule "custom".
_KNOWN = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL", "WKST"}


def _zone(zone: str | ZoneInfo) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def _clock(moment: datetime | time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _day(moment: datetime, today_year: int) -> str:
    year = f" {moment.year}" if moment.year != today_year else ""
    return f"{moment:%a} {moment.day} {moment:%b}{year}"


def is_all_day(moment: datetime, zone: str | ZoneInfo) -> bool:
    """A due date at local midnight means the whole day, with no time of its own."""
    local = moment.astimezone(_zone(zone))
    return (local.hour, local.minute, local.second) == (0, 0, 0)


def describe_moment(
    moment: datetime, zone: str | ZoneInfo, now: datetime, *, relative: bool = True
) -> str:
    """ "Today 17:00", "Tomorrow", "Mon 7 Dec 17:00", "Mon 7 Dec 2027 17:00" in `zone`."""
    tz = _zone(zone)
    local = moment.astimezone(tz)
    today = now.astimezone(tz).date()
    offset = (local.date() - today).days
    day = _RELATIVE[offset] if relative and offset in _RELATIVE else _day(local, today.year)
    return day if is_all_day(local, tz) else f"{day} {_clock(local)}"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _every(freq: str, interval: int) -> str:
    noun = _NOUNS[freq]
    if interval == 1:
        return f"every {noun}"
    if interval == 2 and freq != "HOURLY":
        return f"every other {noun}"
    return f"every {interval} {noun}s"


def _weekday(code: str) -> str:
    return WEEKDAY_NAMES[WEEKDAYS.index(code)]


def _body(freq: str, interval: int, parts: Mapping[str, str]) -> str | None:
    """The rule's frequency and days in words, or None when its shape is not one we can say."""
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    plain_days = all(d in WEEKDAYS for d in days)
    monthdays = [int(d) for d in parts.get("BYMONTHDAY", "").split(",") if d]
    months = [int(m) for m in parts.get("BYMONTH", "").split(",") if m]
    every = _every(freq, interval)
    if freq in ("HOURLY", "DAILY") and not (monthdays or months):
        if not days:
            return every
        if freq == "DAILY" and interval == 1 and plain_days:
            freq = "WEEKLY"  # every day, but only on these days: the same as weekly on them
        else:
            return None
    if freq == "WEEKLY" and not (monthdays or months) and plain_days:
        ordered = sorted(set(days), key=WEEKDAYS.index)
        if not ordered:
            return every
        if interval == 1 and ordered == _WORKDAYS:
            return "every weekday"
        names = _and([_weekday(d) for d in ordered])
        return f"every {names}" if interval == 1 else f"{every} on {names}"
    if freq == "MONTHLY" and not months:
        return _monthly(every, days, monthdays, plain_days)
    if freq == "YEARLY" and not days:
        if not (months or monthdays):
            return every
        if len(months) == 1 and len(monthdays) == 1 and monthdays[0] > 0:
            return f"{every} on {monthdays[0]} {MONTH_NAMES[months[0] - 1]}"
    return None


def _monthly(every: str, days: list[str], monthdays: list[int], plain_days: bool) -> str | None:
    """A monthly rule's days in words ("on the 2nd Tuesday", "on the last day"), or None."""
    if days and not monthdays and not plain_days:
        words = []
        for code in days:
            position = int(code[:-2])
            if position not in _NTH:
                return None
            words.append(f"{_NTH[position]} {_weekday(code[-2:])}")
        return f"{every} on the {_and(words)}"
    if monthdays and not days and all(d == -1 or d > 0 for d in monthdays):
        named = ["last day" if d == -1 else _ordinal(d) for d in monthdays]
        return f"{every} on the {_and(named)}"
    return every if not (days or monthdays) else None


def _until(value: str, tz: ZoneInfo) -> str:
    if len(value) == 8:  # a bare date
        moment = datetime.strptime(value, "%Y%m%d")
    else:
        utc = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        moment = utc.astimezone(tz) if value.endswith("Z") else utc.replace(tzinfo=None)
    return f"{moment.day} {moment:%b %Y}"


def rule_parts(rule: str) -> dict[str, str]:
    """ "RRULE:FREQ=WEEKLY;BYDAY=MO" -> {"FREQ": "WEEKLY", "BYDAY": "MO"}."""
    text = rule.strip().upper().removeprefix("RRULE:")
    return dict(part.partition("=")[::2] for part in text.split(";") if part)


def describe_rule(
    rule: str,
    anchor: str = "due",
    due: datetime | None = None,
    zone: str | ZoneInfo = "UTC",
) -> str:
    """An RRULE in words: "every weekday at 9:00", "every month on the last day, 6 times".

    The time comes from `due` (the series' start) in `zone`; an all-day due has none.
    """
    tz = _zone(zone)
    try:  # dateutil checks the rule (and its UNTIL and COUNT) the way the recur function reads it
        parts = rule_parts(normalize_rule(rule, strict=False))
        interval = int(parts.get("INTERVAL", "1"))
    except (InvalidRecurrence, ValueError):
        return "repeats (custom rule)"
    freq = parts.get("FREQ", "")
    if freq not in _NOUNS or interval < 1:
        return "repeats (custom rule)"
    body = _body(freq, interval, parts) if set(parts) <= _KNOWN else None
    text = body or f"{_every(freq, interval)} (custom rule)"
    if due is not None and freq != "HOURLY" and not is_all_day(due, tz):
        local = due.astimezone(tz)
        text += f" at {local.hour}:{local.minute:02d}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += ", once" if count == 1 else f", {count} times"
    if "UNTIL" in parts:
        text += ", until " + _until(parts["UNTIL"], tz)
    if anchor == "completion":
        text += " after completion"
    return text


def describe_duration(value: timedelta) -> str:
    """timedelta(minutes=90) -> "1 hour 30 min"; whole days and weeks as such."""
    minutes = int(value.total_seconds() // 60)
    words = []
    for size, name in ((7 * 24 * 60, "week"), (24 * 60, "day"), (60, "hour"), (1, "min")):
        count, minutes = divmod(minutes, size)
        if count:
            plural = "s" if count > 1 and name != "min" else ""
            words.append(f"{count} {name}{plural}")
    return " ".join(words) or "0 min"


def describe_reminder(
    reminder: Mapping[str, object],
    zone: str | ZoneInfo = "UTC",
    now: datetime | None = None,
) -> str:
    """ "30 min before", "1 day before", "at due time", "at Tue 8 Dec 09:00" (in `zone`).

    `reminder` is the stored form: {"before": ISO 8601 duration} or {"at": RFC 3339}.
    """
    try:
        parsed = Reminder.model_validate(
            {k: v for k, v in reminder.items() if k != "text"}, context={"stored": True}
        )
    except ValueError:
        return "reminder"
    if parsed.before is not None:
        if not parsed.before:
            return "at due time"
        return f"{describe_duration(parsed.before)} before"
    assert parsed.at is not None
    return "at " + describe_moment(parsed.at, zone, now or datetime.now(UTC), relative=False)
