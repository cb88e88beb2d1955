"""A recurrence is checked when it is saved: it must yield its next occurrences from its due.

`core.recurrence.normalize_rule` checks a rule's text part by part; this runs the rule the way
the recur function will, from the task's due date in its time zone, so a rule that cannot be
computed (or never occurs again) is a 422 when it is set, not a failing event later.
"""

from __future__ import annotations

from datetime import datetime

from core.errors import InvalidRecurrence
from core.occurrences import Anchor, next_occurrence, occurrences

# The first few occurrences and the one after completing the first on time: what recur and
# the UI's "next" preview compute first.
PREVIEW = 3


def check_series(rule: str, *, anchor: Anchor, due: datetime, timezone: str) -> None:
    """Raise InvalidRecurrence unless the series computes its next occurrences from `due`."""
    try:
        # The next one first: where there is none within the horizon it says so; the
        # preview that follows is then quick.
        next_occurrence(
            rule,
            origin=due,
            timezone=timezone,
            anchor=anchor,
            current_index=0,
            current_due=due,
            completed_at=due,
        )
        occurrences(rule, origin=due, timezone=timezone, limit=PREVIEW)
    except InvalidRecurrence as exc:
        raise InvalidRecurrence(exc.message, field="recurrence") from None
    except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
        # normalize_rule refuses every case known to crash dateutil; this is the safety net.
        raise InvalidRecurrence(
            f"recurrence rule {rule} cannot be computed from {due.isoformat()}: {exc}",
            field="recurrence",
        ) from None
