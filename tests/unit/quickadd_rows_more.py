"""Quick-add table rows: more for the first grammar's classes (times, typos, tags, ...).

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import Case

ROWS: list[Case] = []
