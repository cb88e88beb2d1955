"""Strict RFC 3339 timestamps and IANA time zones: what the API accepts and how it writes them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

# fromisoformat alone is too lenient (it takes naive times, week dates, "2026-11-23 10");
# the API promises RFC 3339 with an offset, so the shape is checked first.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


# Every moment a task holds (due, reminders, the end of a series) lies in this range, in UTC
# once its offset or zone is applied. Far enough for any plan; narrow enough that every zone's
# offset (at most 14 h, plus a day of reminder or DST slack) stays far from the year 1 and 9999
# edges where Python's datetime and asyncpg overflow.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
RANGE_TEXT = "1900-01-01 and 2200-12-31 (UTC)"


def in_range(moment: datetime) -> bool:
    """Whether an aware `moment` lies within EARLIEST..LATEST (False where its offset overflows)."""
    try:
        return EARLIEST <= moment.astimezone(UTC) <= LATEST
    except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is before the year 1 in UTC
        return False


def check_range(moment: datetime, *, what: str) -> datetime:
    """`moment` if it is within the supported range, else a ValueError naming `what`."""
    if not in_range(moment):
        raise ValueError(f"{what} must be between {RANGE_TEXT}, got {moment.isoformat()}")
    return moment


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


# Names that are in the host's zone database but are no place: `localtime` is whatever the
# server is set to, `posixrules` and `Factory` are tzcode artefacts, and the `posix/` and
# `right/` trees duplicate every zone (right/ with leap seconds, which RFC 3339 offsets lack).
_HOST_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_HOST_TREES = ("posix/", "right/")


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(
        name
        for name in available_timezones()
        if name not in _HOST_ZONES and not name.startswith(_HOST_TREES)
    )


def zone_names() -> list[str]:
    """Every name check_timezone accepts, sorted (the API document lists them)."""
    return sorted(_zones())


def check_timezone(name: object) -> str:
    """Return `name` if it is an IANA time zone (e.g. Europe/Berlin), else raise ValueError.

    Host-dependent names (localtime, posixrules, Factory, posix/..., right/...) are refused.
    """
    if not isinstance(name, str):
        raise ValueError("timezone must be a text, an IANA name such as Europe/Berlin or UTC")
    if name not in _zones():
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as Europe/Berlin or UTC"
        )
    return name


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo of a checked IANA name."""
    return ZoneInfo(name)


def format_rfc3339(moment: datetime) -> str:
    """RFC 3339 text of an aware `moment` as it stands, its offset in whole minutes.

    Local mean time offsets have seconds (Europe/Amsterdam until 1937 was +00:19:32), which
    RFC 3339 cannot write: such a moment is written at its offset rounded to the minute, the
    local time shifted to match, so the text names the same instant.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a moment written in RFC 3339 needs an offset")
    if offset % timedelta(minutes=1):
        minutes = (offset + timedelta(seconds=30)) // timedelta(minutes=1)
        try:
            moment = moment.astimezone(timezone(timedelta(minutes=minutes)))
        except OverflowError:
            moment = moment.astimezone(UTC)
    return moment.isoformat()


def format_in_zone(moment: datetime | None, tz_name: str) -> str | None:
    """RFC 3339 text of `moment` in the task's own time zone, so 09:00 reads as 09:00."""
    if moment is None:
        return None
    try:
        return format_rfc3339(moment.astimezone(zone(tz_name)))
    except OverflowError:  # a row stored before the date range was enforced
        return moment.astimezone(UTC).isoformat()
