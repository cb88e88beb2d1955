"""Occurrences of a recurring task: the date maths of the recur function, pure and without I/O.

A series is an RRULE (checked by `core.recurrence.normalize_rule`) started at its origin, the
first occurrence's due read as wall-clock time in the task's time zone. python-dateutil's
`rrule` does the calendar work on naive wall-clock times; each result is then localized with
zoneinfo. So:

- Nothing drifts: every occurrence comes from the origin, never from the previous one. A
  monthly task on the 31st skips 30-day months (RFC 5545); the last day is BYMONTHDAY=-1.
- 09:00 stays 09:00 across daylight-saving changes. A wall time in a spring-forward gap moves
  forward by the gap (02:30 -> 03:30); an ambiguous one is its first instance (fold=0).
- Index 0 is the origin, which always counts as the first occurrence (RFC 5545, COUNT too),
  even when it does not match the rule; then 1, 2, ... by position in the rule's sequence.
  Dues strictly increase: a gap time landing on an instant already produced is counted once.

Anchors of `next_occurrence`:

- "due": the first occurrence after both the completed occurrence's due and the completion
  time (and above the current index), so a task completed late leaves no backlog; its index
  is its position from the origin, so skipped occurrences advance it.
- "completion" (Todoist's `every!`): the rule restarts at the completion. Its new start is
  the completion's date in the task's zone with the origin's time of day (for HOURLY: the
  completion's date and hour with the origin's minute and second); that start stands for
  the completed occurrence, and the next due is the restarted rule's first occurrence after
  both the start and the completion time. "every! 3 days" (FREQ=DAILY;INTERVAL=3), due 09:00,
  completed Tuesday 18:00 or Tuesday 08:00 -> Friday 09:00: intervals count whole periods
  from the completion's day, as Todoist does, and never land "later today" for a daily rule.
  The index is the current one + 1; COUNT counts these tasks; UNTIL bounds their dues.

Bounds: dateutil stops only at a candidate past UNTIL or at year 9999, so a rule that never
matches again (BYSETPOS=7 with one weekday, Feb 30) would scan to year 9999 (tens of seconds
when HOURLY). The rule is therefore run in a frame shifted by whole 400-year Gregorian cycles
(dates and weekdays repeat exactly), placing year 9999 at most 400 years past the search. A
search that finds nothing within its horizon (10 years, or two intervals when longer) raises
`RecurrenceSearchExhausted`, and so does a series with more than `MAX_SCAN` candidates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.parser import parse as parse_datetime
from dateutil.rrule import rrule, rrulestr

from core.errors import InvalidRecurrence
from core.recurrence import ANCHORS, normalize_rule

Anchor = Literal["due", "completion"]

HORIZON = timedelta(days=3653)  # ten years
MAX_SCAN = 100_000  # about 2 s; a series due every hour for 11 years, or daily for 270
MAX_LIMIT = 1000
_CYCLE_YEARS = 400  # the Gregorian calendar, weekdays included, repeats every 400 years
_END = datetime(9999, 12, 30, tzinfo=UTC)  # a day short of datetime.max, so any zone fits
# The rule's own UNTIL cut is applied on wall-clock time with this much room, since a zone's
# offset can differ at the candidate and at UNTIL; the exact cut compares instants.
_UNTIL_SLACK = timedelta(days=2)
_PERIOD = {
    "YEARLY": timedelta(days=366),
    "MONTHLY": timedelta(days=31),
    "WEEKLY": timedelta(weeks=1),
    "DAILY": timedelta(days=1),
    "HOURLY": timedelta(hours=1),
}


class RecurrenceSearchExhausted(InvalidRecurrence):
    """The rule has no occurrence within the search horizon, or too many to count through."""


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a series: its position (0 is the origin) and its aware due."""

    index: int
    due: datetime


@dataclass(frozen=True)
class _Series:
    rule: str  # the RRULE without COUNT and UNTIL, which are applied here
    freq: str
    origin: datetime  # aware, in `zone`
    start: datetime  # the rule's DTSTART: the origin's wall clock, or where it restarts
    zone: ZoneInfo
    count: int | None
    until: datetime | None  # aware
    horizon: timedelta
    cyclic: bool  # dateutil's BYEASTER does not repeat every 400 years


def localize(naive: datetime, timezone: str | ZoneInfo) -> datetime:
    """Wall-clock time in a zone; a gap time moves forward by the gap, a repeated one is first."""
    if naive.tzinfo is not None:
        raise ValueError("localize takes a naive wall-clock time")
    zone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
    return _instant(naive, zone).astimezone(zone)


def occurrences(
    rule: str,
    *,
    origin: datetime,
    timezone: str,
    limit: int = 10,
    after: datetime | None = None,
) -> list[Occurrence]:
    """The series' first `limit` occurrences from the origin, or strictly after `after`.

    The list ends early where the series ends, or where the next occurrence lies more than
    the horizon after the previous one (where `next_occurrence` would raise).
    """
    if not 0 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
    series = _series(rule, origin, timezone)
    previous = _utc(after if after is not None else series.origin)
    # One horizon per occurrence asked for bounds the scan; 100 of them is plenty and keeps
    # the span far below what timedelta can hold.
    stop = _later(previous, series.horizon * min(limit, 100))
    found: list[Occurrence] = []
    for occurrence in _walk(series, stop):
        due = _utc(occurrence.due)
        if len(found) == limit or due > _later(previous, series.horizon):
            break
        if after is None or due > previous:
            found.append(occurrence)
            previous = due
    return found


def next_occurrence(
    rule: str,
    *,
    origin: datetime,
    timezone: str,
    anchor: Anchor,
    current_index: int,
    current_due: datetime,
    completed_at: datetime,
) -> Occurrence | None:
    """The occurrence after the completed one (see the module docstring); None once it ends."""
    if anchor not in ANCHORS:
        raise InvalidRecurrence(f"recurrence anchor must be one of {', '.join(ANCHORS)}")
    if current_index < 0:
        raise ValueError("current_index must be 0 or more")
    series = _series(rule, origin, timezone)
    done = _utc(completed_at)
    if anchor == "due":
        return _first_after(series, max(_utc(current_due), done), above=current_index)
    if series.count is not None and current_index + 1 >= series.count:
        return None
    start, completion = series.start, _wall(done, series.zone)
    if series.freq == "HOURLY":  # the finest: normalize_rule refuses MINUTELY and SECONDLY
        restart = completion.replace(minute=start.minute, second=start.second, microsecond=0)
    else:
        restart = datetime.combine(completion.date(), start.time())
    # The restart keeps its wall clock as DTSTART even when it falls in a DST gap, so the
    # following days keep the original time. COUNT counts the series' tasks (by index), not
    # occurrences of the restarted rule.
    restarted = dataclasses.replace(
        series, origin=localize(restart, series.zone), start=restart, count=None
    )
    found = _first_after(restarted, max(_utc(restarted.origin), done), above=0)
    return None if found is None else Occurrence(current_index + 1, found.due)


def _series(rule: str, origin: datetime, timezone: str) -> _Series:
    if origin.tzinfo is None:
        raise ValueError("origin must be timezone-aware")
    zone = ZoneInfo(timezone)
    # Not strict: a rule stored before the save-time checks still computes as it was saved.
    text = normalize_rule(rule, strict=False)
    parts = dict(part.partition("=")[::2] for part in text.split(";") if part)
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    # normalize_rule has dateutil parse UNTIL against an aware start, so it is aware (UTC).
    until = parse_datetime(parts.pop("UNTIL")) if "UNTIL" in parts else None
    freq = parts["FREQ"]
    # Huge intervals are capped only so the timedelta stays representable; either way the
    # horizon then reaches the end of the calendar.
    interval = min(int(parts.get("INTERVAL", "1")), 10_000)
    return _Series(
        rule=";".join(f"{key}={value}" for key, value in parts.items()),
        freq=freq,
        origin=origin.astimezone(zone),
        start=origin.astimezone(zone).replace(tzinfo=None),
        zone=zone,
        count=count,
        until=until,
        horizon=max(HORIZON, 2 * interval * _PERIOD[freq]),
        cyclic="BYEASTER" not in parts,
    )


def _first_after(series: _Series, moment: datetime, *, above: int) -> Occurrence | None:
    """The first occurrence after `moment` with an index above `above`; None if the series ends."""
    stop = _later(moment, series.horizon)
    last = 0
    for occurrence in _walk(series, stop):
        if occurrence.index > above and _utc(occurrence.due) > moment:
            return occurrence
        last = occurrence.index
    if (series.count is not None and last + 1 >= series.count) or (
        series.until is not None and series.until <= stop
    ):
        return None
    years = round(series.horizon / timedelta(days=365.25))
    raise RecurrenceSearchExhausted(
        f"recurrence rule has no occurrence within {years} years after {moment.isoformat()}"
    )


def _walk(series: _Series, stop: datetime) -> Iterator[Occurrence]:
    """The series' occurrences with a due up to about `stop`, origin first, dues increasing."""
    yield Occurrence(0, series.origin)
    if series.count is not None and series.count <= 1:
        return
    end = stop if series.until is None else min(stop, _later(series.until, _UNTIL_SLACK))
    last, index = _utc(series.origin), 0
    for scanned, wall in enumerate(_wall_times(series, _wall(end, series.zone)), start=1):
        if scanned > MAX_SCAN:
            raise RecurrenceSearchExhausted(
                f"recurrence has more than {MAX_SCAN} occurrences to count through"
            )
        instant = _instant(wall, series.zone)
        # Not after the last one: the origin itself (already occurrence 0) or a DST duplicate.
        if instant <= last or (series.until is not None and instant > series.until):
            continue
        index, last = index + 1, instant
        yield Occurrence(index, instant.astimezone(series.zone))
        if series.count is not None and index + 1 >= series.count:
            return


def _wall_times(series: _Series, end: datetime) -> Iterator[datetime]:
    """The rule's naive wall-clock times from the origin up to `end`, computed by dateutil."""
    years = 0
    if series.cyclic:
        cycles = (_END.year - 1 - max(series.start, end).year) // _CYCLE_YEARS
        years = max(0, cycles) * _CYCLE_YEARS
    parsed = rrulestr(series.rule, dtstart=_shift(series.start, years))
    assert isinstance(parsed, rrule)  # one RRULE and no forceset: never an rruleset
    for wall in parsed.replace(until=_shift(end, years)):
        yield _shift(wall, -years)


def _shift(moment: datetime, years: int) -> datetime:
    # Whole 400-year cycles keep Feb 29 valid and every weekday the same.
    return moment.replace(year=moment.year + years) if years else moment


def _later(moment: datetime, span: timedelta) -> datetime:
    """`moment + span`, but no later than the last day the search supports."""
    return moment + span if span < _END - moment else _END


def _instant(wall: datetime, zone: ZoneInfo) -> datetime:
    # fold=0 reads a gap time with the offset from before the transition, so it lands past the
    # gap by its length (02:30 -> 03:30 once shown in the zone); a repeated time, fold=0, is
    # its first instance.
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _utc(moment: datetime) -> datetime:
    # Comparisons go through UTC: Python compares two datetimes of the same zone by wall
    # clock, which misorders the repeated hour when the clocks fall back.
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(UTC)
