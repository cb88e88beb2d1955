"""Natural-language dates and times ("friday", "tomorrow 5pm", "on the 3rd") resolved against `now`.

Common phrases are resolved by our own rules; anything else (month names, numeric dates) goes to
`dateparser`. dateparser alone gets several everyday phrases wrong (checked with 1.5): with its
default settings a bare weekday means the *past* one, "on the 3rd" becomes 1 March, "two weeks
from today" goes two weeks back, "end of month" is not understood, and a bare "5" becomes 1 May.

The rules:
- a bare weekday ("friday") is the next one after today; "this friday" may be today;
  "next friday" is the Friday of next week (weeks start on Monday);
- "on the 3rd" is the next 3rd after today (months without a 31st are skipped);
- "end of month/week/year" is its last day (a week ends on Sunday); "next week" its Monday;
- a day without a time gets `default_time` (09:00), except today once that has passed, which
  becomes 23:59, so "today" never starts out overdue;
- a time without a day is today if still ahead, else tomorrow; "at 5" means 17:00, "at 9" 09:00;
- "in 2 hours" / "in 30 minutes" are exact; "in 3 days" is a day (and gets the default time).

All results are timezone-aware datetimes in the zone `tz` (an IANA name).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.nl.days import EXAMPLES, monday_of, resolve_day
from core.nl.patterns import DAY_RE, EXACT_RE, TIME_RE, TIME_WORDS
from core.nl.typos import correct
from core.nl.words import MONTH_RE, month_number, normalize, number_value, unit_name
from core.timefmt import parse_rfc3339

DEFAULT_TIME = time(9, 0)
END_OF_DAY = time(23, 59)
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:\d{2})")
_LOCAL_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2})?")
# What is left around a day once its time is cut out: "friday at" -> "friday".
_PART_OF_DAY = ("morning", "afternoon", "evening", "night")
_LOOSE_ENDS = re.compile(r"^at\b\s*|\s*\b(?:at|on|by|due)$")


class DateRange(NamedTuple):
    """A half-open span [start, end); None means unbounded on that side."""

    start: datetime | None
    end: datetime | None


class WhenSpan(NamedTuple):
    """Where a date or time phrase sits in a text; kind is "day", "time" or "exact"."""

    start: int
    end: int
    kind: str


def zone_of(tz: str) -> ZoneInfo:
    """The ZoneInfo of an IANA name, or ValueError naming it."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {tz!r}; use an IANA name such as Europe/Berlin"
        ) from None


def local_now(now: datetime, tz: str) -> datetime:
    """`now` seen in zone `tz`; a naive `now` is refused (its zone would be a guess)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now.astimezone(zone_of(tz))


def find_when(text: str) -> list[WhenSpan]:
    """Spans of the date and time phrases in free text ("call mom *tomorrow* *at 5pm*")."""
    # Same length as `text`; typos corrected, with the offsets mapped back to the original.
    fixed = correct(text.lower().replace("\u2019", "'"))
    lowered = fixed.text
    spans: list[WhenSpan] = []
    for regex, kind in ((EXACT_RE, "exact"), (DAY_RE, "day"), (TIME_RE, "time")):
        for match in regex.finditer(lowered):
            start, end = match.span()
            if all(end <= span.start or start >= span.end for span in spans):
                if kind == "time" and _title_word(match, lowered, spans):
                    continue
                spans.append(WhenSpan(start, end, kind))
    return sorted(WhenSpan(*fixed.span(span.start, span.end), span.kind) for span in spans)


def _title_word(match: re.Match[str], lowered: str, spans: list[WhenSpan]) -> bool:
    """A bare "evening" is a time only right after a day ("friday evening"); otherwise it is
    part of the title ("parents' evening at the school", "morning run")."""
    if match["word"] not in _PART_OF_DAY or match[0] != match["word"]:  # "by evening" is a time
        return False
    before = lowered[: match.start()].rstrip(" ,")
    return not any(span.end == len(before) and span.kind == "day" for span in spans)


def parse_time_of_day(text: str) -> time | None:
    """The time of day in a phrase ("at 5pm", "17:30", "noon"), or None when it names none."""
    match = TIME_RE.search(normalize(text))
    return None if match is None else _time_of(match)


def parse_when(text: str, *, now: datetime, tz: str, default_time: time = DEFAULT_TIME) -> datetime:
    """Resolve a date/time phrase relative to `now` in zone `tz`; ValueError if not understood."""
    zone = zone_of(tz)
    local = local_now(now, tz)
    phrase = correct(normalize(text), whole=True).text.strip(" .!?")
    if not phrase:
        raise ValueError(f"no date or time given; {EXAMPLES}")
    exact = _exact(phrase, local, zone)
    if exact is not None:
        return exact
    times = list(TIME_RE.finditer(phrase))
    time_match = times[0] if times else None
    at = _time_of(time_match) if time_match else None
    rest = phrase
    if time_match:
        rest = phrase[: time_match.start()] + " " + phrase[time_match.end() :]
    words = [(m["word"] or "") for m in times]
    if len(times) == 2 and sum(bool(word) for word in words) == 1:
        # "this afternoon at 3", "tomorrow evening at 8", "at 7 tonight": the clock, read in
        # that part of the day.
        clock, part = (times[1], times[0]) if words[0] else (times[0], times[1])
        at = clock_in_part(clock, part["word"])
        rest = phrase[: times[0].start()] + " " + phrase[times[0].end() : times[1].start()]
        rest += " " + phrase[times[1].end() :]
    rest = _LOOSE_ENDS.sub("", " ".join(rest.replace(",", " ").split()))
    if not rest:
        if at is None:
            raise ValueError(f'could not understand "{text}" as a date or time; {EXAMPLES}')
        today = datetime.combine(local.date(), at, tzinfo=zone)
        # "tonight", "this morning": today even once the hour has passed.
        said_today = any(word.startswith(("tonight", "this")) for word in words)
        if words == ["midnight"]:  # the coming 00:00, when today ends
            return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
        if today > local or said_today:
            return today
        return datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)
    day = resolve_day(rest, local)
    if words == ["midnight"]:  # "friday at midnight": when Friday ends, Saturday 00:00
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    if at is None:
        at = default_time
        if day == local.date() and datetime.combine(day, at, tzinfo=zone) < local:
            at = END_OF_DAY
    return datetime.combine(day, at, tzinfo=zone)


def parse_range(text: str, *, now: datetime, tz: str) -> DateRange:
    """A span from "today", "this week", "next 7 days", "overdue", "before friday", "dec 1"…"""
    zone = zone_of(tz)
    local = local_now(now, tz)
    today = local.date()
    phrase = re.sub(
        r"^(?:due|for|in)\s+", "", correct(normalize(text), whole=True).text.strip(" .!?")
    )

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=zone)

    def days(first: date, count: int) -> DateRange:
        return DateRange(midnight(first), midnight(first + timedelta(days=count)))

    if re.fullmatch(r"overdue|past due|late", phrase):
        return DateRange(None, local)
    if re.fullmatch(r"upcoming|future|later|coming up", phrase):
        return DateRange(local, None)
    if re.fullmatch(r"(?:this|the|current)?\s*week", phrase):
        return days(monday_of(today), 7)
    if phrase in ("next week", "last week"):
        return days(monday_of(today) + timedelta(days=7 if phrase[0] == "n" else -7), 7)
    if re.fullmatch(r"(?:this|the)\s+weekend|weekend", phrase):
        return days(monday_of(today) + timedelta(days=5), 2)
    first = _first_of_month(phrase, today)
    if first is not None:
        return DateRange(midnight(first), midnight((first + timedelta(days=32)).replace(day=1)))
    ahead = re.fullmatch(r"(?:the\s+)?(?:next|coming)\s+(\S+(?:\s+of)?)\s+(days|weeks)", phrase)
    if ahead:
        count = number_value(ahead[1].removesuffix(" of")) * (7 if ahead[2] == "weeks" else 1)
        return days(today, count)
    bound = re.fullmatch(r"(before|by|until|till|after)\s+(.+)", phrase)
    if bound:  # before: up to the day; after: from the day after; by, until: through the day
        day = parse_when(bound[2], now=now, tz=tz).date()
        if bound[1] == "after":
            return DateRange(midnight(day + timedelta(days=1)), None)
        return DateRange(None, midnight(day if bound[1] == "before" else day + timedelta(days=1)))
    return days(parse_when(phrase, now=now, tz=tz).date(), 1)


def _first_of_month(phrase: str, today: date) -> date | None:
    """The first day of the month `phrase` names as a whole ("in december", "next month")."""
    named = re.fullmatch(
        r"(?:(?:in|during|for|throughout)\s+)?(?:the\s+month\s+of\s+)?(?P<m>" + MONTH_RE + r")",
        phrase,
    )
    if named:  # "in december": this year's if it has not ended yet
        number = month_number(named["m"])
        return date(today.year if number >= today.month else today.year + 1, number, 1)
    month = re.fullmatch(r"(this|next|last)\s+month", phrase)
    if month is None:
        return None
    first = today.replace(day=1)
    if month[1] == "next":
        return (first + timedelta(days=32)).replace(day=1)
    if month[1] == "last":
        return (first - timedelta(days=1)).replace(day=1)
    return first


def _exact(phrase: str, local: datetime, zone: ZoneInfo) -> datetime | None:
    """RFC 3339, a local ISO date-time, or "in 2 hours": a moment rather than a day."""
    if _RFC3339.fullmatch(phrase):
        return parse_rfc3339(phrase.upper().replace(" ", "T")).astimezone(zone)
    if _LOCAL_ISO.fullmatch(phrase):
        return datetime.fromisoformat(phrase.replace("t", "T")).replace(tzinfo=zone)
    match = EXACT_RE.fullmatch(phrase)
    if match is None:
        return None
    count, unit = (match["n1"], match["u1"]) if match["n1"] else (match["n2"], match["u2"])
    minutes = 30 if count.startswith("half") else number_value(count)
    if unit_name(unit) == "hours" and not count.startswith("half"):
        minutes *= 60
    if match["half1"]:  # "in an hour and a half", "in 2 hours and a half"
        minutes += 30 if unit_name(unit) == "hours" else 0
    # Exact to the second: "in 1 minute" at 19:42:56 is 19:43:56, never a few seconds early.
    return (local + timedelta(minutes=minutes)).replace(microsecond=0)


def _time_of(match: re.Match[str]) -> time:
    if match["sh"] or match["bh"]:
        return _spoken_time(match)
    if match["h12"]:
        hour = int(match["h12"]) % 12 + (12 if match["ampm"].startswith("p") else 0)
        return time(hour, int(match["m12"] or 0))
    if match["h24"]:
        return time(int(match["h24"]), int(match["m24"]))
    if match["hbare"]:
        hour = int(match["hbare"])
        # "at 5" means 17:00 to most people, "at 9" 09:00: waking hours win.
        return time(hour + 12 if 1 <= hour <= 6 else hour, 0)
    word = re.sub(r"^(?:this|in the) ", "", " ".join(match["word"].split()))
    hour, minute = TIME_WORDS[word]
    return time(hour, minute)


_LATE_PARTS = ("afternoon", "evening", "night", "tonight")


def clock_in_part(clock: re.Match[str], part: str) -> time:
    """A clock time said with a part of the day: "evening at 7" is 19:00, "morning at 5" 05:00.
    An hour given with am/pm or as 24-hour time ("19:00", "07:30") is kept as said."""
    said = _time_of(clock)
    hour = clock["hbare"] or clock["sh"] or clock["bh"] or clock["h24"]
    if clock["ampm"] or clock["sampm"] or clock["bampm"] or clock["h12"] or not hour:
        return said
    if clock["h24"] and (len(clock["h24"]) == 2 or int(clock["h24"]) >= 12):
        return said
    twelve = said.hour % 12
    late = any(word in part for word in _LATE_PARTS)
    return said.replace(hour=twelve + 12 if late else twelve)


_SPOKEN_MINUTE_WORDS = {"half": 30, "quarter": 15, "a quarter": 15, "twenty-five": 25}


def _spoken_time(match: re.Match[str]) -> time:
    """ "half past four" 16:30, "quarter to nine" 08:45, British "half nine" 09:30."""
    hour = number_value(match["sh"] or match["bh"])
    minutes = 30
    if match["sh"]:
        said = " ".join(match["sm"].removesuffix("minutes").split())
        minutes = _SPOKEN_MINUTE_WORDS.get(said) or number_value(said)
    ampm = match["sampm"] or match["bampm"]
    if ampm:
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif 1 <= hour <= 6:  # waking hours, as for "at 5"
        hour += 12
    moment = datetime.combine(date.today(), time(hour % 24, 0))
    moment += timedelta(minutes=-minutes if match["sd"] == "to" else minutes)
    return moment.time()
