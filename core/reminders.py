"""Reminders: a duration before the due date, or a fixed moment.

A duration is ISO 8601 in weeks, days, hours, minutes and seconds, at most 366 days, and is
stored and returned in one canonical form: days, hours and minutes (seconds only when there
are some), e.g. PT90M -> PT1H30M, P1W -> P7D, P366D -> P366D. Years and months are refused on
input because their length varies; a stored `P1Y` written by an older version still reads.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.timefmt import RANGE_TEXT, check_range, format_rfc3339, parse_rfc3339

MAX_REMINDERS = 10
LONGEST_DAYS = 366
_LONGEST = timedelta(days=LONGEST_DAYS)


def _either(letter: str) -> str:
    return f"[{letter}{letter.lower()}]"


_NUM = "[0-9]+"
_TIME = (
    f"{_either('T')}(?:{_NUM}{_either('H')}(?:{_NUM}{_either('M')})?"
    f"(?:[0-9]+(?:\\.[0-9]+)?{_either('S')})?"
    f"|{_NUM}{_either('M')}(?:[0-9]+(?:\\.[0-9]+)?{_either('S')})?"
    f"|[0-9]+(?:\\.[0-9]+)?{_either('S')})"
)
# Exactly the durations accepted (a JSON Schema `pattern` too: no look-arounds, no \d, which
# in Python also matches non-ASCII digits). Letters in either case; at least one part; a T
# only before a time part.
BEFORE_PATTERN = (
    f"^{_either('P')}(?:{_NUM}{_either('W')}(?:{_NUM}{_either('D')})?(?:{_TIME})?"
    f"|{_NUM}{_either('D')}(?:{_TIME})?"
    f"|{_TIME})$"
)
_BEFORE = re.compile(BEFORE_PATTERN)
BEFORE_DESCRIPTION = (
    "how long before the due date, an ISO 8601 duration in weeks, days, hours, minutes or "
    f"seconds (PT30M, PT2H, P1D, P1W), at most {LONGEST_DAYS} days. Years and months are "
    "refused (their length varies). Returned in canonical form: days, hours and minutes, "
    "e.g. PT90M as PT1H30M, P1W as P7D"
)
AT_DESCRIPTION = f"a fixed moment, RFC 3339 with an offset, between {RANGE_TEXT}; returned as sent"
_DURATION = TypeAdapter(timedelta)
_YEARS_OR_MONTHS = re.compile(r"^P(?:[0-9.]+[YMWD])*[0-9.]*[YM]", re.IGNORECASE)


def parse_duration(text: object) -> timedelta:
    """An accepted ISO 8601 duration as a timedelta, or ValueError saying what is allowed."""
    match = _BEFORE.match(text) if isinstance(text, str) else None
    if match is None:
        if isinstance(text, str) and _YEARS_OR_MONTHS.match(text.strip()):
            raise ValueError(
                "before cannot count in years or months, whose length varies: give the "
                "duration in weeks, days, hours or minutes, e.g. P365D or PT36H"
            )
        raise ValueError(
            "before must be an ISO 8601 duration in weeks, days, hours or minutes, "
            "such as PT30M, PT2H, P1D or P1W"
        )
    assert isinstance(text, str)
    date, _, clock = text.upper().partition("T")
    parts = {unit: amount for amount, unit in re.findall(r"([0-9.]+)([WDHMS])", date)}
    parts |= {"T" + unit: amount for amount, unit in re.findall(r"([0-9.]+)([HMS])", clock)}
    return _total(*(parts.get(unit) for unit in ("W", "D", "TH", "TM", "TS")))


def _total(*parts: str | None) -> timedelta:
    # Summed exactly first: P99999999999D must be "too long", not an OverflowError.
    weeks, days, hours, minutes, seconds = (Decimal(part) if part else Decimal(0) for part in parts)
    total = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
    if total > _LONGEST.total_seconds():
        raise ValueError(f"before may be at most {LONGEST_DAYS} days")
    micro = int((total * 1_000_000).to_integral_value())
    return timedelta(microseconds=micro)


def format_duration(duration: timedelta) -> str:
    """The canonical text: P1DT2H30M, PT1H30M, P7D, PT0S; never years, months or weeks."""
    micro = duration // timedelta(microseconds=1)
    if micro < 0:
        raise ValueError("a reminder duration is never negative")
    days, rest = divmod(micro, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, fraction = divmod(rest, 1_000_000)
    text = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or fraction:
        clock += f"{seconds}.{fraction:06d}".rstrip("0").rstrip(".") + "S"
    if clock:
        text += "T" + clock
    return text if text != "P" else "PT0S"


_TEXT_IN = {"description": "read-only text a task read from the API carries; ignored"}


def _schema(schema: dict[str, Any]) -> None:
    """Exactly one of `before` and `at` (the other absent or null), as validation has it."""
    before = {"type": "string", "pattern": BEFORE_PATTERN, "description": BEFORE_DESCRIPTION}
    at = {"type": "string", "format": "date-time", "description": AT_DESCRIPTION}
    null = {"type": "null"}
    schema.pop("properties", None)
    schema.pop("type", None)
    schema.pop("additionalProperties", None)
    schema["oneOf"] = [
        {
            "type": "object",
            "properties": {"before": before, "at": null, "text": _TEXT_IN},
            "required": ["before"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"at": at, "before": null, "text": _TEXT_IN},
            "required": ["at"],
            "additionalProperties": False,
        },
    ]
    schema["examples"] = [{"before": "PT30M"}, {"before": "P1D"}, {"at": "2026-11-30T18:00:00Z"}]


class Reminder(BaseModel):
    """`{"before": "PT30M"}` (relative to the due date) or `{"at": "<RFC 3339>"}`."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_schema)

    before: timedelta | None = None
    at: datetime | None = None

    @field_validator("before", mode="before")
    @classmethod
    def _iso_duration(cls, value: object, info: ValidationInfo) -> object:
        if value is None or isinstance(value, timedelta):
            return value
        try:
            return parse_duration(value)
        except ValueError:
            if info.context and info.context.get("stored") and isinstance(value, str):
                # Written by an older version, e.g. P1Y for 365 days: still readable.
                duration = _DURATION.validate_python(value.strip().upper())
                if timedelta(0) <= duration <= _LONGEST:
                    return duration
            raise

    @field_validator("at", mode="before")
    @classmethod
    def _rfc3339(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return None
        at = parse_rfc3339(value, what="reminder at")
        if info.context and info.context.get("stored"):
            return at  # written before the range was enforced: still readable
        return check_range(at, what="reminder at")

    @model_validator(mode="after")
    def _exactly_one(self) -> Reminder:
        if (self.before is None) == (self.at is None):
            raise ValueError('a reminder has exactly one of "before" or "at"')
        return self

    def to_json(self) -> dict[str, Any]:
        """The stored and returned form: canonical ISO 8601 text."""
        if self.before is not None:
            return {"before": format_duration(self.before)}
        assert self.at is not None
        return {"at": format_rfc3339(self.at)}

    def key(self) -> object:
        """What makes two reminders the same: the same duration, or the same instant."""
        if self.before is not None:
            return ("before", self.before)
        assert self.at is not None
        return ("at", self.at.astimezone(UTC))

    def fires_at(self, due: datetime | None) -> datetime | None:
        """When this reminder is due for a task due at `due` (None: it never fires)."""
        if self.at is not None:
            return self.at
        return None if due is None or self.before is None else due - self.before


def merge_reminders(reminders: list[Reminder]) -> list[Reminder]:
    """Drop reminders equal to an earlier one (PT60M and PT1H fire once), keeping order."""
    seen: set[object] = set()
    merged = []
    for reminder in reminders:
        if reminder.key() not in seen:
            seen.add(reminder.key())
            merged.append(reminder)
    return merged


def reminders_from_json(items: list[dict[str, Any]]) -> list[Reminder]:
    """Stored reminders back to models (the date range is checked on input, not on reading)."""
    return [Reminder.model_validate(item, context={"stored": True}) for item in items]
