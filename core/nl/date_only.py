"""A text that should be only a date or time ("next friday 5pm"), as a date field reads it.

Quick add cuts the date out of a task's words and keeps the rest as the title; a date field
has no title, so any word left over is a mistake the user should hear about, not drop.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from core.nl.dates import find_when, parse_when, zone_of
from core.timefmt import parse_rfc3339

DATE_EXAMPLE = "only a date, e.g. next friday 5pm"
# What may stand between or around the date words: "friday, at 5pm.", "on monday", "due dec 24".
_FILLER = re.compile(r"(?:\b(?:at|on|by|due)\b|[\s,.;:!?\-\u2013\u2014])+", re.IGNORECASE)


class DateOnly(NamedTuple):
    """The moment read, whether the words named a day ("date") or only a time ("time"), and
    the words themselves."""

    due: datetime
    kind: str
    source: str


def parse_date_only(text: str, *, now: datetime, tz: str) -> DateOnly:
    """Read `text` as one date/time phrase in zone `tz`; ValueError when it is anything else."""
    try:  # a moment the date picker or an API client wrote: taken as it is
        exact = parse_rfc3339(text.strip())
    except ValueError:
        pass
    else:
        return DateOnly(exact.astimezone(zone_of(tz)), "date", text.strip())
    spans = find_when(text)
    if not spans:
        raise ValueError(f'no date or time in "{text.strip()}"; type {DATE_EXAMPLE}')
    pieces, last = [], 0
    for span in spans:
        pieces.append(text[last : span.start])
        last = span.end
    pieces.append(text[last:])
    extra = " ".join(" ".join(pieces).split())
    if extra and not _FILLER.fullmatch(extra):
        leftover = " ".join(_FILLER.sub(" ", extra).split())
        raise ValueError(f'"{leftover}" is not part of a date; type {DATE_EXAMPLE}')
    words = " ".join(text[span.start : span.end] for span in spans)
    due = parse_when(words, now=now, tz=tz)
    kind = "date" if any(span.kind != "time" for span in spans) else "time"
    return DateOnly(due, kind, text[spans[0].start : spans[-1].end])
