"""Recurrence rules: RFC 5545 RRULEs, checked part by part, then parsed by python-dateutil.

Each rule part is checked against RFC 5545's ranges before dateutil sees the rule, because
dateutil accepts some values it cannot compute with (FREQ=HOURLY;BYHOUR=25 raises TypeError,
BYEASTER=400 IndexError, only once the series is walked) and quietly ignores others
(BYDAY=+60MO with FREQ=DAILY). A refused rule names the part at fault, e.g.
"RRULE part BYHOUR=25: each value must be 0 to 23". Whether a checked rule also yields its
occurrences from a given due date is `core.series_check.check_series`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from dateutil.rrule import rrulestr

from core.errors import InvalidRecurrence
from core.timefmt import EARLIEST, LATEST

ANCHORS = ("due", "completion")
# A to-do that recurs every second or minute is a mistake (or an attack on the recur
# function), not a plan; Todoist's smallest interval is an hour too.
_TOO_FREQUENT = ("SECONDLY", "MINUTELY")
_FREQS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY")
_FORBIDDEN_PARTS = ("DTSTART", "EXDATE", "RDATE", "EXRULE")
MAX_INTERVAL = 1000
# recur stops counting after 100,000 candidates (core.occurrences.MAX_SCAN): a larger COUNT
# could never be reached.
MAX_COUNT = 100_000
# dateutil's BYEASTER (not RFC 5545) indexes a one-year table from Easter Sunday (22 March to
# 25 April): offsets outside this span crash it or land on the wrong day in some years.
EASTER_OFFSETS = (-80, 250)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^\d{8}T\d{6}Z$")
_INTEGER = re.compile(r"^[+-]?\d{1,6}$")


def normalize_rule(rule: object, *, strict: bool = True) -> str:
    """Check an RRULE (with or without the `RRULE:` prefix) and return its canonical text.

    `strict` (a rule being saved) also requires each part to fit its FREQ as RFC 5545 says
    (no numbered BYDAY with WEEKLY, no BYMONTHDAY with WEEKLY...). Rules already stored are
    read with `strict=False`: dateutil computes those the way they were saved, so a series
    saved before these checks goes on; only values that dateutil cannot compute are refused.
    """
    text = _rule_text(rule)
    _check_parts(_parts(text, strict), strict)
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1, tzinfo=UTC))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InvalidRecurrence(f"invalid RRULE {rule!r}: {exc}") from None
    return text


def _rule_text(rule: object) -> str:
    """The upper-cased rule without its `RRULE:` prefix, if it is one plain, short RRULE line."""
    if not isinstance(rule, str) or not rule.strip():
        raise InvalidRecurrence("recurrence rule must be a non-empty RRULE string")
    if not rule.isascii() or not rule.isprintable():  # an RRULE is plain ASCII text
        raise InvalidRecurrence("recurrence rule must be plain ASCII text, e.g. FREQ=DAILY")
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    text = text.upper()
    if "\n" in text or "\r" in text or any(part in text for part in _FORBIDDEN_PARTS):
        raise InvalidRecurrence(
            "recurrence rule must be a single RRULE (the due date is its start), "
            "e.g. FREQ=WEEKLY;BYDAY=MO"
        )
    if len(text) > 500:
        raise InvalidRecurrence("recurrence rule is longer than 500 characters")
    return text


def _check_parts(parts: dict[str, str], strict: bool) -> None:
    """Each part known and fitting its value (and, `strict`, its FREQ); FREQ hourly or slower."""
    if "FREQ" not in parts:
        raise InvalidRecurrence("recurrence rule needs FREQ, e.g. FREQ=DAILY")
    if parts["FREQ"] in _TOO_FREQUENT:
        raise InvalidRecurrence("recurrence must be hourly or less frequent")
    for name, value in parts.items():
        check = _CHECKS.get(name)
        if check is None:
            raise InvalidRecurrence(f"RRULE part {name} is not an RFC 5545 rule part")
        problem = check(value, parts, strict)
        if problem:
            raise InvalidRecurrence(f"RRULE part {name}={value}: {problem}")
    if "UNTIL" in parts and "COUNT" in parts:
        raise InvalidRecurrence("an RRULE may have UNTIL or COUNT, not both")
    if (
        strict
        and "BYSETPOS" in parts
        and not any(name.startswith("BY") and name != "BYSETPOS" for name in parts)
    ):
        raise InvalidRecurrence(
            f"RRULE part BYSETPOS={parts['BYSETPOS']}: needs another BYxxx part to pick from"
        )


def _parts(text: str, strict: bool) -> dict[str, str]:
    """`FREQ=DAILY;COUNT=3` -> {"FREQ": "DAILY", "COUNT": "3"}; strict: each part only once."""
    parts: dict[str, str] = {}
    for part in text.split(";"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if strict and name in parts:
            raise InvalidRecurrence(f"RRULE part {name} is given more than once")
        if not value:
            raise InvalidRecurrence(f"RRULE part {name} has no value")
        parts[name] = value
    return parts


# -- one check per rule part: None when the value is fine, else what is wrong ----------------

_Check = Callable[[str, dict[str, str], bool], str | None]


def _integers(value: str, low: int, high: int, *, signed: bool = False) -> str | None:
    """A comma list of integers in low..high (and -high..-low when signed, never 0)."""
    for item in value.split(","):
        if not _INTEGER.match(item):
            return "each value must be a whole number"
        number = int(item)
        if signed and (number == 0 or not low <= abs(number) <= high):
            return f"each value must be {low} to {high} or -{high} to -{low}"
        if not signed and not low <= number <= high:
            return f"each value must be {low} to {high}"
    return None


def _only_with(parts: dict[str, str], freqs: tuple[str, ...], strict: bool) -> str | None:
    if strict and parts.get("FREQ") not in freqs:
        return f"only allowed with FREQ={' or FREQ='.join(freqs)}"
    return None


def _freq(value: str, parts: dict[str, str], strict: bool) -> str | None:
    return None if value in _FREQS else f"FREQ must be one of {', '.join(_FREQS)}"


def _interval(value: str, parts: dict[str, str], strict: bool) -> str | None:
    if _integers(value, 1, MAX_INTERVAL if strict else 10**6) or "," in value:
        return f"must be one whole number from 1 to {MAX_INTERVAL}"
    return None


def _count(value: str, parts: dict[str, str], strict: bool) -> str | None:
    if _integers(value, 1, MAX_COUNT if strict else 10**6) or "," in value:
        return f"must be one whole number from 1 to {MAX_COUNT}"
    return None


def _until(value: str, parts: dict[str, str], strict: bool) -> str | None:
    if not _UNTIL.match(value):
        return "must be a UTC date-time such as 20261231T235959Z"
    try:
        until = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return "is not a valid date-time"
    if strict and not EARLIEST <= until <= LATEST:
        return "must lie between 1900 and 2200; leave UNTIL out for a series without end"
    return None


def _byday(value: str, parts: dict[str, str], strict: bool) -> str | None:
    for item in value.split(","):
        match = _BYDAY.match(item)
        if match is None:
            return f"each day must be one of {', '.join(_WEEKDAYS)}, optionally numbered (2MO)"
        sign, ordinal = match.group(1), match.group(2)
        if ordinal is None:
            if sign:
                return "a sign needs a number, e.g. -1FR"
            continue
        # Beyond 53 dateutil raises IndexError; the tighter bounds are RFC 5545's.
        most = 53
        if strict and parts.get("FREQ") == "MONTHLY":
            most = 5
        elif strict and (parts.get("FREQ") != "YEARLY" or "BYWEEKNO" in parts):
            return "a numbered day (e.g. 2MO) needs FREQ=MONTHLY, or YEARLY without BYWEEKNO"
        if not 1 <= int(ordinal) <= most:
            return f"a numbered day is 1 to {most} or -{most} to -1 (e.g. 2MO, -1FR)"
    return None


def _bymonthday(value: str, parts: dict[str, str], strict: bool) -> str | None:
    if strict and parts.get("FREQ") == "WEEKLY":
        return "not allowed with FREQ=WEEKLY"
    return _integers(value, 1, 31, signed=True)


def _byyearday(value: str, parts: dict[str, str], strict: bool) -> str | None:
    return _only_with(parts, ("YEARLY", "HOURLY"), strict) or _integers(value, 1, 366, signed=True)


def _byweekno(value: str, parts: dict[str, str], strict: bool) -> str | None:
    return _only_with(parts, ("YEARLY",), strict) or _integers(value, 1, 53, signed=True)


def _wkst(value: str, parts: dict[str, str], strict: bool) -> str | None:
    return None if value in _WEEKDAYS else f"must be one of {', '.join(_WEEKDAYS)}"


def _byeaster(value: str, parts: dict[str, str], strict: bool) -> str | None:
    low, high = EASTER_OFFSETS
    for item in value.split(","):
        if not _INTEGER.match(item) or not low <= int(item) <= high:
            return f"each value must be a whole number of days from {low} to {high}"
    return None


_CHECKS: dict[str, _Check] = {
    "FREQ": _freq,
    "INTERVAL": _interval,
    "COUNT": _count,
    "UNTIL": _until,
    "WKST": _wkst,
    "BYSECOND": lambda value, parts, strict: _integers(value, 0, 59),
    "BYMINUTE": lambda value, parts, strict: _integers(value, 0, 59),
    "BYHOUR": lambda value, parts, strict: _integers(value, 0, 23),
    "BYDAY": _byday,
    "BYMONTHDAY": _bymonthday,
    "BYYEARDAY": _byyearday,
    "BYWEEKNO": _byweekno,
    "BYMONTH": lambda value, parts, strict: _integers(value, 1, 12),
    "BYSETPOS": lambda value, parts, strict: _integers(value, 1, 366, signed=True),
    "BYEASTER": _byeaster,
}
