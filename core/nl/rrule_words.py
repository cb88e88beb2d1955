"""The body of a recurrence phrase ("other week on tue and thu") to RRULE parts, and back to words.

Ordinal weekdays ("every first monday", "every 2nd tuesday") mean that weekday of each month;
"every other monday" means every two weeks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from core.nl.patterns import TIME_WORDS
from core.nl.words import (
    MONTH_RE,
    ORDINAL_WORDS,
    WEEKDAY_RE,
    WEEKDAYS,
    day_number,
    month_number,
    number_value,
    weekday_index,
)

_WD_LIST = WEEKDAY_RE + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+)" + WEEKDAY_RE + r")*"
_DAY = r"(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
_DAY_LIST = _DAY + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)" + _DAY + r")*"
_OF_MONTH = r"(?:\s+of\s+(?:(?:the|each|every)\s+)?month)?"
_NTH_ONE = r"(?:first|second|third|fourth|fifth|last|[1-5](?:st|nd|rd|th))"
# "the 2nd and 4th tuesday", "first and third monday".
_NTH_LIST = _NTH_ONE + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)(?:the\s+)?" + _NTH_ONE + r")*"
_MONTH_DAY = (
    r"(?:(?P<mo1>" + MONTH_RE + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mo2>" + MONTH_RE + r"))"
)
_COUNTS = r"\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# "every 2nd week" is an interval, but "every 2nd tuesday" is a weekday of the month.
_INTERVAL = re.compile(
    r"^(?:(?P<n>other|second|third|fourth|" + _COUNTS + r"|\d+(?:st|nd|rd|th))\s+"
    r"(?=(?:days?|weeks?|months?|years?|hours?|minutes?|fortnights?|quarters?)\b)"
    r"|(?P<wn>other|" + _COUNTS + r")\s+(?=" + WEEKDAY_RE + r"\b))"
)
_INTERVAL_WORDS = {"other": 2, "second": 2, "third": 3, "fourth": 4}
_KEYWORDS = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "monthly": ("MONTHLY", 1),
    "yearly": ("YEARLY", 1),
    "annually": ("YEARLY", 1),
    "hourly": ("HOURLY", 1),
    "biweekly": ("WEEKLY", 2),
    "fortnightly": ("WEEKLY", 2),
    "quarterly": ("MONTHLY", 3),
}
_UNITS = {
    "day": ("DAILY", 1),
    "week": ("WEEKLY", 1),
    "month": ("MONTHLY", 1),
    "year": ("YEARLY", 1),
    "hour": ("HOURLY", 1),
    "minute": ("MINUTELY", 1),
    "fortnight": ("WEEKLY", 2),
    "quarter": ("MONTHLY", 3),
}
_WORKDAYS = ["MO", "TU", "WE", "TH", "FR"]


@dataclass
class RuleParts:
    """The RRULE being built: FREQ, INTERVAL and the BY-parts we support."""

    freq: str = ""
    interval: int = 1
    byday: list[str] = field(default_factory=list)
    bymonthday: list[int] = field(default_factory=list)
    bymonth: list[int] = field(default_factory=list)
    bysetpos: int | None = None
    count: int | None = None
    until: str | None = None
    at: time | None = None

    def to_rrule(self) -> str:
        """The RRULE text, parts in the usual order."""
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.bymonth:
            parts.append("BYMONTH=" + ",".join(map(str, self.bymonth)))
        if self.bymonthday:
            parts.append("BYMONTHDAY=" + ",".join(map(str, self.bymonthday)))
        if self.byday:
            parts.append("BYDAY=" + ",".join(self.byday))
        if self.bysetpos is not None:
            parts.append(f"BYSETPOS={self.bysetpos}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until}")
        return ";".join(parts)


def number(word: str) -> int:
    """A count in digits or words ("10", "ten")."""
    return number_value(word)


def parse_body(body: str) -> RuleParts:
    """ "every other week on tue and thu" (no time, until or count) -> RuleParts; or ValueError."""
    text = re.sub(r"^(?:every|each)\b\s*", "", body).strip()
    parts = RuleParts()
    if not text or text in TIME_WORDS:  # "every" left after "morning" was cut out as a time
        parts.freq = "DAILY"
        parts.at = time(*TIME_WORDS[text]) if text else None
        return parts
    keyword = re.match(r"^(\w+)\b\s*(?:on\s+)?", text)
    if keyword and keyword[1] in _KEYWORDS:
        parts.freq, parts.interval = _KEYWORDS[keyword[1]]
        return _qualify(parts, text[keyword.end() :], body)
    if re.fullmatch(r"(?:the\s+)?" + _NTH_LIST + r"\s+" + WEEKDAY_RE + r"s?" + _OF_MONTH, text):
        parts.freq = "MONTHLY"  # "every second friday of the month"
        if _month_qualifier(parts, text):
            return parts
    interval = _INTERVAL.match(text)
    if interval:
        word = interval["n"] or interval["wn"]
        parts.interval = _INTERVAL_WORDS.get(word) or number_value(re.sub(r"\D+$", "", word))
        text = text[interval.end() :]
    unit = re.match(r"^(day|week|month|year|hour|minute|fortnight|quarter)s?\b\s*(?:on\s+)?", text)
    if unit:
        freq, factor = _UNITS[unit[1]]
        parts.freq, parts.interval = freq, parts.interval * factor
        return _qualify(parts, text[unit.end() :], body)
    return _standalone(parts, text, body)


def _standalone(parts: RuleParts, text: str, body: str) -> RuleParts:
    """Bodies without a unit: "weekday", "monday and thursday", "last day", "1st", "march 3"."""
    if re.fullmatch(r"(?:week|work|business)\s*days?|weekdays|workdays", text):
        parts.freq, parts.byday = "WEEKLY", list(_WORKDAYS)
    elif re.fullmatch(r"weekends?(?:\s+days?)?", text):
        parts.freq, parts.byday = "WEEKLY", ["SA", "SU"]
    elif text in ("morning", "afternoon", "evening", "night"):
        parts.freq, parts.at = "DAILY", time(*TIME_WORDS[text])
    elif re.fullmatch(_WD_LIST, text):
        parts.freq, parts.byday = "WEEKLY", _weekdays(text)
    else:
        parts.freq = "MONTHLY"
        if not _month_qualifier(parts, text):
            parts.freq = "YEARLY"
            if not _year_qualifier(parts, text):
                raise ValueError(_not_understood(body))
    return parts


def _qualify(parts: RuleParts, rest: str, body: str) -> RuleParts:
    """The "on ..." after a unit or keyword: weekdays, days of the month, a date in the year."""
    rest = rest.strip(" ,")
    if not rest:
        return parts
    if parts.freq in ("WEEKLY", "DAILY") and re.fullmatch(_WD_LIST, rest):
        parts.freq, parts.byday = "WEEKLY", _weekdays(rest)
        return parts
    if parts.freq == "MONTHLY" and _month_qualifier(parts, rest):
        return parts
    if parts.freq == "YEARLY" and _year_qualifier(parts, rest):
        return parts
    raise ValueError(_not_understood(body))


def _month_qualifier(parts: RuleParts, text: str) -> bool:
    if re.fullmatch(r"(?:the\s+)?last\s+day" + _OF_MONTH, text):
        parts.bymonthday = [-1]
        return True
    workday = re.fullmatch(
        r"(?:the\s+)?(?P<nth>first|last)\s+(?:working|work|business)\s*day" + _OF_MONTH, text
    )
    if workday:  # "every last working day": the last Monday-to-Friday of the month
        parts.byday, parts.bysetpos = list(_WORKDAYS), 1 if workday["nth"] == "first" else -1
        return True
    nth = re.fullmatch(
        r"(?:the\s+)?(?P<nths>" + _NTH_LIST + r")\s+(?P<wd>" + WEEKDAY_RE + r")" + _OF_MONTH, text
    )
    if nth:
        weekday = WEEKDAYS[weekday_index(nth["wd"])]
        words = re.findall(_NTH_ONE, nth["nths"])
        positions = [ORDINAL_WORDS.get(word) or day_number(word) for word in words]
        parts.byday = [f"{position}{weekday}" for position in positions]
        return True
    if re.fullmatch(_DAY_LIST + _OF_MONTH, text):
        parts.bymonthday = [day_number(d) for d in re.findall(r"\d+(?:st|nd|rd|th)", text)]
        return True
    return False


def _year_qualifier(parts: RuleParts, text: str) -> bool:
    match = re.fullmatch(_MONTH_DAY, text)
    if match is None:
        return False
    parts.bymonth = [month_number(match["mo1"] or match["mo2"])]
    parts.bymonthday = [int(match["d1"] or match["d2"])]
    return True


def _weekdays(text: str) -> list[str]:
    days = [WEEKDAYS[weekday_index(w)] for w in re.findall(WEEKDAY_RE, text)]
    return sorted(set(days), key=WEEKDAYS.index)


def _not_understood(body: str) -> str:
    return (
        f'could not understand "{body}" as a recurrence; e.g. "every day", "every weekday", '
        '"every monday and thursday", "every other week", "every month on the 1st", '
        '"every last day of the month", "every year on march 3" or "every! 3 days"'
    )
