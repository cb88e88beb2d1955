"""Quick-add table rows: Edits in words and follow-ups (compound edits, references to a listing).

Conventions and helpers: tests/unit/quickadd_cases.py. `now` is Monday 23 November 2026, 10:00
in Berlin.
"""

from __future__ import annotations

from tests.unit.quickadd_cases import Case

ROWS: list[Case] = []
