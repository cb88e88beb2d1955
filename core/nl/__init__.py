"""Natural language for tasks: dates, times, ranges and recurrence, relative to a given `now`.

Pure functions (no I/O, no framework): the offline chat model and the MCP tools both use them
to turn "tomorrow 5pm" or "every month on the 1st" into RFC 3339 times and RRULEs.
"""

from core.nl.date_only import DateOnly, parse_date_only
from core.nl.dates import DateRange, find_when, parse_range, parse_time_of_day, parse_when
from core.nl.recurrence import ParsedRecurrence, find_recurrence, parse_recurrence

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
