"""Reminders asked for in words, as the tools take them: ISO 8601 durations before the due
time ("PT30M", "P1D", "PT0S" when it falls due) or RFC 3339 moments.

A fixed moment on a repeating task becomes a duration before due, so it follows every
occurrence; a clock time alone ("at 8am") is on the due day, or the day before when that would
be after the due time. The words themselves are read by `core.nl.reminders`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from core.nl.dates import find_when, parse_time_of_day, parse_when


@dataclass(frozen=True)
class Asked:
    """One reminder asked for. Exactly one of `before`, `days_back`/`at` and `phrase` is set,
    or none of them for a reminder when the task falls due."""

    before: timedelta | None = None
    days_back: int | None = None  # with `at`: that clock time so many days before the due day
    at: time | None = None
    phrase: str = ""  # a moment in date words ("at 5pm", "tomorrow at 8")

    @property
    def at_due(self) -> bool:
        """A reminder when the task falls due ("nudge me")."""
        return self.before is None and self.days_back is None and not self.phrase

    @property
    def needs_due(self) -> bool:
        """A reminder said relative to the due date needs one."""
        return self.before is not None or self.days_back is not None


def resolve(
    asked: list[Asked],
    due: datetime | None,
    repeating: bool,
    *,
    now: datetime,
    tz: str,
) -> list[str]:
    """The reminders as the tools take them: ISO 8601 durations before due, RFC 3339 moments."""
    if due is None and any(item.needs_due for item in asked):
        raise ValueError(
            'A reminder "before" needs a due date; say when the task is due, e.g. "tomorrow 5pm".'
        )
    reminders: list[str] = []
    for item in asked:
        if item.before is not None:
            reminders.append(iso_duration(item.before))
            continue
        if item.days_back is not None and due is not None:
            day = due.date() - timedelta(days=item.days_back)
            moment = datetime.combine(day, item.at or time(9), tzinfo=due.tzinfo)
        elif item.phrase:
            moment = _moment(item.phrase, due, now=now, tz=tz)
        elif due is not None:
            reminders.append("PT0S")  # when the task falls due
            continue
        else:
            continue
        if repeating and due is not None:
            # A fixed moment would fire once; a duration before follows every occurrence.
            reminders.append(iso_duration(due - moment))
        else:
            reminders.append(moment.isoformat())
    return reminders


def _moment(phrase: str, due: datetime | None, *, now: datetime, tz: str) -> datetime:
    """ "at 8am" on the due day (the day before when that is after the due time), or a date."""
    time_only = all(span.kind == "time" for span in find_when(phrase))
    if due is None or not time_only:
        return parse_when(phrase, now=now, tz=tz)
    at_time = parse_time_of_day(phrase) or time(9)
    moment = datetime.combine(due.date(), at_time, tzinfo=due.tzinfo)
    if not _AM_PM.search(phrase) and at_time.hour not in (0, 12):
        # "remind me at 4:30" for a task due at 17:00 is 16:30, "at 5" for a 6am flight 05:00:
        # of the two readings of the hour, the last one before the task.
        early = moment.replace(hour=at_time.hour % 12)
        late = early + timedelta(hours=12)
        before = [candidate for candidate in (late, early) if candidate <= due]
        moment = before[0] if before else late
    if moment > due:  # "remind me at 8pm" for a task due at 9am: the evening before
        moment -= timedelta(days=1)
    return moment


# An hour said with am/pm (or as 24-hour time with a leading zero) is kept as said.
_AM_PM = re.compile(r"\d\s*(?:a\.?m|p\.?m)\b|\b0\d:\d\d|\b(?:noon|midnight|morning)\b", re.I)


def iso_duration(delta: timedelta) -> str:
    """30 minutes -> "PT30M", a day -> "P1D", nothing -> "PT0S"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if not days and not clock:
        return "PT0S"
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def describe(reminder: str) -> str:
    """ "PT1H" -> "1 hour before", "PT0S" -> "when it is due"; a moment is returned as is."""
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:0S)?)?", reminder)
    if match is None:
        return reminder
    names = ("day", "hour", "minute")
    parts = [
        f"{int(n)} {name}" + ("s" if int(n) != 1 else "")
        for n, name in zip(match.groups(), names, strict=True)
        if n
    ]
    return " ".join(parts) + " before" if parts else "when it is due"
