"""Recurrence rules: RFC 5545 RRULEs, parsed and checked by python-dateutil."""

from __future__ import annotations

from datetime import UTC, datetime

from dateutil.rrule import rrulestr

from core.errors import InvalidRecurrence

ANCHORS = ("due", "completion")
# A to-do that recurs every second or minute is a mistake (or an attack on the recur
# function), not a plan; Todoist's smallest interval is an hour too.
_TOO_FREQUENT = ("SECONDLY", "MINUTELY")
_FORBIDDEN_PARTS = ("DTSTART", "EXDATE", "RDATE", "EXRULE")


def normalize_rule(rule: object) -> str:
    """Check an RRULE (with or without the `RRULE:` prefix) and return its canonical text."""
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
    parts = dict(part.partition("=")[::2] for part in text.split(";") if part)
    if "FREQ" not in parts:
        raise InvalidRecurrence("recurrence rule needs FREQ, e.g. FREQ=DAILY")
    if parts["FREQ"] in _TOO_FREQUENT:
        raise InvalidRecurrence("recurrence must be hourly or less frequent")
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1, tzinfo=UTC))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InvalidRecurrence(f"invalid RRULE {rule!r}: {exc}") from None
    if "UNTIL" in parts and "COUNT" in parts:
        raise InvalidRecurrence("an RRULE may have UNTIL or COUNT, not both")
    return text
