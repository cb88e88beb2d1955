"""Natural language for tasks: dates, times, ranges and recurrence, relative to a given `now`.

Pure functions (no I/O, no framework): the offline chat model and the MCP tools both use them
to turn "tomorrow 5pm" or "every month on the 1st" into RFC 3339 times and RRULEs.

The names below load their module when first asked for (PEP 562), so importing one module of
this package (core.humanize needs only core.nl.words) does not load the parsers: a function
that never parses a phrase starts without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.nl.date_only import DateOnly, parse_date_only
    from core.nl.dates import DateRange, find_when, parse_range, parse_time_of_day, parse_when
    from core.nl.recurrence import ParsedRecurrence, find_recurrence, parse_recurrence

_HOME = {
    "DateOnly": "core.nl.date_only",
    "parse_date_only": "core.nl.date_only",
    "DateRange": "core.nl.dates",
    "find_when": "core.nl.dates",
    "parse_range": "core.nl.dates",
    "parse_time_of_day": "core.nl.dates",
    "parse_when": "core.nl.dates",
    "ParsedRecurrence": "core.nl.recurrence",
    "find_recurrence": "core.nl.recurrence",
    "parse_recurrence": "core.nl.recurrence",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'core.nl' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "DateOnly",
    "DateRange",
    "ParsedRecurrence",
    "find_recurrence",
    "find_when",
    "parse_date_only",
    "parse_range",
    "parse_recurrence",
    "parse_time_of_day",
    "parse_when",
]
