"""Quick-add table rows: Several tasks in one message, queries in words, counts and summaries.

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import Case

ROWS: list[Case] = []
