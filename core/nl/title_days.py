"""Weekdays that belong to a title: "sunday roast prep", "friday drinks at 6".

A bare weekday right before a noun names the task as well as (or instead of) its day. When it
opens the text it stays in the title and still gives the due date; when another day is named
too ("sunday roast prep on saturday") the other one is the date.
"""

from __future__ import annotations

import re

from core.nl.dates import WhenSpan
from core.nl.words import WEEKDAY_RE

_BARE_WEEKDAY = re.compile(WEEKDAY_RE, re.IGNORECASE)
# A word that makes a weekday before it an adjective: not a pronoun, preposition or time.
_PLAIN_WORD = re.compile(
    r"[ \t]+(?!(?:at|on|by|in|from|to|and|or|i|we|you|me|my|our|next|this|week|please|pls"
    r"|must|should|need|needs|have|gotta|remember|don't|dont|do|will|want|let's"
    r"|morning|afternoon|evening|night|noon|midday|tonight)\b)[a-z][\w'-]*",
    re.IGNORECASE,
)


def without_title_days(text: str, spans: list[WhenSpan]) -> list[WhenSpan]:
    """ "sunday roast prep on saturday": with two days named, a bare weekday that stands
    before a noun belongs to the title (the date is the other one)."""
    days = [span for span in spans if span.kind != "time"]
    if len(days) < 2:
        return spans
    kept = [
        span
        for span in spans
        if not (
            _BARE_WEEKDAY.fullmatch(text[span.start : span.end])
            and _PLAIN_WORD.match(text, span.end)
        )
    ]
    return kept if any(span.kind != "time" for span in kept) else spans


def is_title_day(text: str, span: WhenSpan) -> bool:
    """ "sunday roast prep", "friday drinks at 6": a weekday that opens the text before a noun
    names the task as well as its day, so it stays in the title."""
    return (
        not text[: span.start].strip(" ,")
        and bool(_BARE_WEEKDAY.fullmatch(text[span.start : span.end]))
        and bool(_PLAIN_WORD.match(text, span.end))
    )
