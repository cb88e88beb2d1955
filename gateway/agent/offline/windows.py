"""Which days a question about tasks is about: "this week", "before the weekend", "by the end
of the week", "friday", and two of them joined ("today and tomorrow", "between monday and
wednesday"), as one window [start, end) and the words that named it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from core.nl import parse_range
from core.nl.dates import DateRange
from core.nl.patterns import DAY_RE
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


def due_window(rest: str, *, now: datetime, tz: str) -> tuple[DateRange | None, str, str]:
    """The due window a question names, in words, and the question without it; two joined
    windows ("today and tomorrow", "friday or saturday") make one that holds both."""
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
    if named or found:
        return (named or found)[0].span()
    for day in DAY_RE.finditer(rest.lower()):
        start = day.start()
        before = re.search(r"(?:due\s+)?(?:(?:before|by|until|after)\s+)?$", rest[:start], re.I)
        return (before.start() if before else start), day.end()
    return None
