"""The quick-add table: what people type, and the tool calls (or reply) the offline model
makes, every class of rows together (`TABLE`), for the tests that run or inspect it."""

from __future__ import annotations

from tests.unit import (
    quickadd_rows_core,
    quickadd_rows_edits,
    quickadd_rows_forms,
    quickadd_rows_lists,
    quickadd_rows_more,
    quickadd_rows_queries,
    quickadd_rows_reminders,
)
from tests.unit.quickadd_cases import Case

TABLE: list[Case] = [
    *quickadd_rows_core.ROWS,
    *quickadd_rows_reminders.ROWS,
    *quickadd_rows_lists.ROWS,
    *quickadd_rows_edits.ROWS,
    *quickadd_rows_more.ROWS,
    *quickadd_rows_queries.ROWS,
    *quickadd_rows_forms.ROWS,
]
