"""Strict RFC 3339 timestamps and IANA time zones: what the API accepts and how it writes them."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

# fromisoformat alone is too lenient (it takes naive times, week dates, "2026-11-23 10");
# the API promises RFC 3339 with an offset, so the shape is checked first.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def parse_rfc3339(value: object, *, what: str = "timestamp") -> datetime:
    """Parse an RFC 3339 date-time with offset, e.g. 2026-12-01T09:00:00+01:00, or raise."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError(
            f"{what} must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00Z"
        )
    text = value
    fraction = re.search(r"\.(\d+)", text)
    if fraction and len(fraction.group(1)) > 6:  # Python keeps microseconds only
        text = text.replace(fraction.group(0), "." + fraction.group(1)[:6], 1)
    try:
        return datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    except ValueError as exc:  # e.g. month 13 or 25:00 pass the shape check
        raise ValueError(f"{what} is not a valid date-time: {exc}") from None


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def check_timezone(name: object) -> str:
    """Return `name` if it is an IANA time zone (e.g. Europe/Berlin), else raise ValueError."""
    if not isinstance(name, str) or name not in _zones():
        raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Europe/Berlin")
    return name


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo of a checked IANA name."""
    return ZoneInfo(name)


def format_in_zone(moment: datetime | None, tz_name: str) -> str | None:
    """RFC 3339 text of `moment` in the task's own time zone, so 09:00 reads as 09:00."""
    if moment is None:
        return None
    return moment.astimezone(zone(tz_name)).isoformat()
