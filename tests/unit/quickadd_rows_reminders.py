"""Quick-add table rows: Reminders in words, Todoist syntax, spoken word orders in adds.

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import Case

ROWS: list[Case] = []
