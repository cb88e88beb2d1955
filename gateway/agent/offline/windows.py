"""Which days a question about tasks is about: "this week", "before the weekend", "by the end
of the week", "friday", and two of them joined ("today and tomorrow", "between monday and
wednesday"), as one window [start, end) and the words that named it.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from core.nl import parse_range, parse_when
from core.nl.dates import DateRange
from core.nl.patterns import DAY_RE, TIME_RE, WEEKDAY_ONE
from core.nl.words import MONTH_RE
from gateway.agent.offline.words import cut

# Named spans of days; single days are found with DAY_RE.
RANGE = re.compile(
    r"(?<!\w)(?:due\s+)?(?:(?:before|by|until|after)\s+)?(?:"
    r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week|"
    r"(?:this|next|last)\s+(?:week|weekend|month)|the\s+weekend|the\s+week"
    r"|(?:the\s+)?(?:next|coming)\s+\S+(?:\s+of)?\s+(?:days|weeks)|upcoming|coming\s+up"
    # "in december", "during january": the whole month (a day number after it is a date)
    r"|(?:in|during|for|throughout)\s+(?:the\s+month\s+of\s+)?" + MONTH_RE + r"(?!\s*\d)"
    r")(?!\w)",
    re.IGNORECASE,
)


# "tomorrow afternoon", "this evening", "tonight": that part of the day.
_PART = re.compile(
    r"(?<!\w)(?:due\s+)?(?:(?:for|on|in)\s+)?(?:(?P<day>today|tomorrow|tmrw|tmr|"
    + WEEKDAY_ONE
    + r")(?:'s)?\s+)?(?:(?:this|in\s+the)\s+)?(?P<part>morning|afternoon|evening|night)"
    r"(?!\w)|(?<!\w)(?:due\s+)?(?P<tonight>tonight|tonite|2nite)(?!\w)",
    re.IGNORECASE,
)
# Where each part of the day begins and ends (the evening and the night run to midnight).
_PARTS = {"morning": (0, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (18, 24)}


def due_window(rest: str, *, now: datetime, tz: str) -> tuple[DateRange | None, str, str]:
    """The due window a question names, in words, and the question without it; two joined
    windows ("today and tomorrow", "friday or saturday") make one that holds both."""
    clock = _clock_bound(rest)
    if clock is not None:
        bound, start, said, end = clock
        moment = parse_when(rest[said:end], now=now, tz=tz)
        # "after 6pm" asks about the rest of that day; "before 5pm" about everything until then.
        day_end = datetime.combine(moment.date() + timedelta(days=1), time(0), moment.tzinfo)
        window = DateRange(moment, day_end) if bound == "after" else DateRange(None, moment)
        return window, _words(rest[start:end]), cut(rest, [(start, end)])
    part = _PART.search(rest)
    if part is not None:
        return _part_of_day(part, now=now, tz=tz), _words(part.group(0)), cut(rest, [part.span()])
    span = _range_span(rest)
    if span is None:
        return None, "", rest
    phrase = _bounded(rest[span[0] : span[1]].strip())
    window = parse_range(phrase, now=now, tz=tz)
    rest = cut(rest, [span])
    joint = re.match(r"\s*(?:and|or|&|to|through|thru|till|until|-)\s+", rest[span[0] :], re.I)
    after = _range_span(rest[span[0] + joint.end() :]) if joint else None
    if joint and after is not None and after[0] == 0 and window.start and window.end:
        start = span[0] + joint.end()
        second_words = rest[start : start + after[1]].strip()
        second = parse_range(_bounded(second_words), now=now, tz=tz)
        if second.start and second.end:
            window = _joined(window.start, window.end, second.start, second.end, now)
            phrase = f"{phrase} {joint.group(0).strip()} {second_words}"
            rest = cut(rest, [(span[0], start + after[1])])
    return window, " ".join(phrase.lower().removeprefix("due ").split()), rest


def _clock_bound(rest: str) -> tuple[str, int, int, int] | None:
    """ "before 5pm", "by 3:30 tomorrow", "after 18:00": a bound at a moment, not a day."""
    bound = re.search(r"(?<!\w)(?:due\s+)?(?P<b>before|by|until|till|after)\s+", rest, re.I)
    if bound is None:
        return None
    clock = TIME_RE.match(rest, bound.end())
    if clock is None or not clock.group(0).strip():
        return None
    end = clock.end()
    day = DAY_RE.match(rest, end + 1) if rest[end : end + 1] == " " else None
    if day is not None:
        end = day.end()
    return bound["b"].lower(), bound.start(), bound.end(), end


def _part_of_day(part: re.Match[str], *, now: datetime, tz: str) -> DateRange:
    """ "tomorrow afternoon": [tomorrow 12:00, 18:00); "tonight": [today 18:00, tomorrow)."""
    day = parse_range(part["day"] or "today", now=now, tz=tz).start
    assert day is not None  # a single day always starts
    first, last = _PARTS["evening" if part["tonight"] else part["part"].lower()]
    start = datetime.combine(day.date(), time(first), tzinfo=day.tzinfo)
    end = start + timedelta(hours=last - first)
    return DateRange(start, end)


def _words(phrase: str) -> str:
    return " ".join(phrase.lower().removeprefix("due ").split())


def _joined(
    start: datetime, end: datetime, second_start: datetime, second_end: datetime, now: datetime
) -> DateRange:
    """One window holding both; "between monday and wednesday" on a Monday starts today."""
    week = timedelta(days=7)
    if second_start < start and start - week >= now.replace(hour=0, minute=0, second=0):
        start, end = start - week, end - week
    return DateRange(min(start, second_start), max(end, second_end))


def _bounded(phrase: str) -> str:
    """ "before the weekend" -> "before this weekend"; "by the end of the week" -> "before next
    week" (the bounds parse_range reads)."""
    phrase = re.sub(
        r"^(?:due\s+)?(?:by|before|until)\s+(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week$",
        "before next week",
        phrase,
        flags=re.IGNORECASE,
    )
    return re.sub(r"\b(before|by|until|after)\s+the\s+weekend\b", r"\1 this weekend", phrase)


def _range_span(rest: str) -> tuple[int, int] | None:
    # "coming up next week": the named week, not everything from now on.
    found = list(RANGE.finditer(rest))
    named = [m for m in found if not re.fullmatch(r"upcoming|coming\s+up", m.group(0), re.I)]
    if named or (found and not DAY_RE.search(rest.lower())):  # "coming up on the 1st": that day
        return (named or found)[0].span()
    for day in DAY_RE.finditer(rest.lower()):
        start = day.start()
        before = re.search(r"(?:due\s+)?(?:(?:before|by|until|after)\s+)?$", rest[:start], re.I)
        return (before.start() if before else start), day.end()
    return None
