"""Regexes for date and time phrases inside free text, shared by parsing and extraction.

They run on lower-cased text whose length equals the original's, so match offsets can be used
to cut phrases out of what the person typed.
"""

from __future__ import annotations

import re

from core.nl.words import (
    DAY_NUMBER_RE,
    MONTH_RE,
    NUMBER_RE,
    ORDINAL_DAY_RE,
    UNIT_RE,
)

# An hour said in words or digits ("four", "4"), and minutes said the spoken way.
_HOUR = r"(?:1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_SPOKEN_MINUTES = r"(?:half|(?:a\s+)?quarter|twenty-five|twenty|ten|five|[1-5]?\d(?:\s+minutes)?)"

# Singular weekday names only: "mondays" belongs to recurrence, not to a date.
WEEKDAY_ONE = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)"
)

# A time of day. "at 9" (a bare hour) needs the "at"; a bare "9" is too often a count.
TIME_RE = re.compile(
    r"(?<![\w:.])(?:(?:at|@|by|around)\s+)?(?:"
    # Spoken: "half past four", "quarter to nine", "ten past 5pm"; British "half nine" (09:30).
    r"(?P<sm>" + _SPOKEN_MINUTES + r")\s+(?P<sd>past|after|to)\s+(?P<sh>" + _HOUR + r")"
    r"(?:\s*(?P<sampm>a\.?m\.?|p\.?m\.?))?(?!\w)"
    r"|half\s+(?P<bh>" + _HOUR + r")(?:\s*(?P<bampm>a\.?m\.?|p\.?m\.?))?(?![\w:.])"
    r"|(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?!\w)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])"
    r"|(?P<word>noon|midday|midnight|eod|end\s+of\s+(?:the\s+)?day|tonight"
    r"|(?:(?:this|in\s+the)\s+)?(?:morning|afternoon|evening)|(?<=tomorrow\s)night)(?!\w)"
    r")"
    r"|(?<![\w:.])(?:at|@)\s+(?P<hbare>1\d|2[0-3]|0?\d)(?:\s*o['\u2019]?\s?clock)?"
    r"(?![\w:.%]|\s*(?:a\.?m|p\.?m|%))"
)

TIME_WORDS = {
    "morning": (9, 0),
    "noon": (12, 0),
    "midday": (12, 0),
    "afternoon": (15, 0),
    "eod": (17, 0),
    "end of day": (17, 0),
    "end of the day": (17, 0),
    "evening": (18, 0),
    "tonight": (20, 0),
    "night": (20, 0),
    # Read by parse_when as the end of the day: the next day at 00:00 ("friday at midnight").
    "midnight": (23, 59),
}

# "in 2 hours" is an exact moment, not a day: kept apart from the day phrases.
EXACT_RE = re.compile(
    r"(?<![\w#])(?:in\s+(?P<n1>" + NUMBER_RE + r"|half\s+an)\s+(?P<u1>minutes?|mins?|hours?|hrs?|h)"
    r"(?P<half1>\s+and\s+a\s+half)?"
    r"|(?P<n2>" + NUMBER_RE + r")\s+(?P<u2>minutes?|mins?|hours?|hrs?|h)\s+from\s+now)(?!\w)"
)

DAY_RE = re.compile(
    r"(?<![\w#/])(?:(?:due|on|by|before|for)\s+)?(?:"
    r"(?P<dat>(?:the\s+)?day\s+after\s+tomorrow)"
    # British: "monday week" and "a week on tuesday" are that weekday plus one week.
    # British "two weeks today", "a week tomorrow", "three weeks on friday".
    r"|(?P<wkn>"
    + NUMBER_RE
    + r"|a|one)\s+weeks?\s+(?:(?P<wkrel>today|tomorrow)|on\s+(?P<wkwd2>"
    + WEEKDAY_ONE
    + r"))"
    # "thursday next week", "friday this week": that weekday of that week.
    r"|(?P<wdw>" + WEEKDAY_ONE + r")\s+(?P<wdwmod>this|next)\s+week"
    r"|(?P<wkwd>" + WEEKDAY_ONE + r")\s+week"
    r"|(?:a|one)\s+week\s+(?:on|from)\s+(?P<wkon>" + WEEKDAY_ONE + r")"
    r"|(?P<fortnight>in\s+(?:a|one)\s+fortnight|(?:a|one)\s+fortnight\s+(?:from\s+(?:now|today)"
    r"|today|later))"
    r"|(?P<rel>today|tomorrow|tmrw|tmr|yesterday)"
    r"|(?:(?P<wdmod>this|next|coming)\s+)?(?P<wd>" + WEEKDAY_ONE + r")"
    r"|in\s+(?P<inn>" + NUMBER_RE + r")\s+(?P<inu>" + UNIT_RE + r")"
    r"|(?P<fn>" + NUMBER_RE + r")\s+(?P<fu>" + UNIT_RE + r")\s+(?:from\s+(?:now|today)|later)"
    r"|(?P<mo1>" + MONTH_RE + r")\.?\s+(?P<d1>" + DAY_NUMBER_RE + r")(?:,?\s+(?P<y1>\d{4}))?"
    r"|(?:the\s+)?(?P<d2>" + DAY_NUMBER_RE + r")\s+(?:of\s+)?(?P<mo2>" + MONTH_RE + r")\.?"
    r"(?:,?\s+(?P<y2>\d{4}))?"
    r"|(?:on\s+(?:the\s+)?|the\s+)(?P<md>" + ORDINAL_DAY_RE + r")"
    r"(?:\s+of\s+(?:the\s+|this\s+)?month)?"
    r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<eou>month|week|year)|(?P<eo>eom|eow|eoy)"
    r"|(?P<nxm>next|this)\s+(?P<nxu>week|month|year|weekend)"
    # British "at the weekend", "over the weekend": this weekend.
    r"|(?:at|over|on)\s+the\s+(?P<thewk>weekend)"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    # Day first, as in most of the world: 24/12, 24/12/2026; not a fraction ("1/2 cup").
    r"|(?!(?:1/[234]|[23]/[34])(?![\d/]))(?P<dd>[12]\d|3[01]|0?[1-9])/(?P<mm>1[0-2]|0?[1-9])"
    r"(?:/(?P<yy>\d{4}|\d{2}))?"
    r")(?![\w-]|/\d)"
)
