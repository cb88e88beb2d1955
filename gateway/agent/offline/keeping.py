"""Filters list_tasks has no argument for, applied to its answer before the reply.

"what did I finish yesterday", "what did I add today" (list_tasks filters by due date only),
"tasks without a due date", "my recurring tasks", "tasks with reminders": the model asks for
the first page of a wider list and the reply keeps the tasks that fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# How many tasks are fetched to be filtered; with more, the reply says there may be more.
FETCH = 100


@dataclass(frozen=True)
class Keep:
    """Which tasks of the answer the reply keeps.

    kind: completed | created (in [start, end)) | undated | recurring | reminded.
    """

    kind: str
    start: datetime | None = None
    end: datetime | None = None

    @property
    def by_time(self) -> bool:
        """The list is fetched newest first, so a page that ends inside may go on."""
        return self.kind in ("completed", "created")

    def holds(self, task: dict[str, Any]) -> bool:
        """Whether the reply keeps `task`."""
        if self.kind == "undated":
            return not task.get("due")
        if self.kind == "recurring":
            return bool(task.get("recurrence"))
        if self.kind == "reminded":
            return bool(task.get("reminders"))
        field = "completed_at" if self.kind == "completed" else "created_at"
        stamp = task.get(field) or (task.get("updated_at") if self.kind == "completed" else None)
        try:
            moment = datetime.fromisoformat(str(stamp))
        except ValueError:
            return False
        if moment.tzinfo is None or self.start is None or self.end is None:
            return False
        return self.start <= moment < self.end


# Kinds of task a question can ask for, and how the reply names them.
KINDS = (
    (
        "undated",
        re.compile(
            r"\b(?:without|with\s+no|having\s+no|(?:(?:that|which)\s+)?(?:have|has)\s+no|lacking"
            r"|missing)\s+(?:an?\s+|any\s+)?(?:due\s+)?(?:dates?|deadlines?|due)\b"
            r"|\b(?:undated|unscheduled|not\s+scheduled|no[\s-]date|dateless)\b",
            re.IGNORECASE,
        ),
        "without a due date",
    ),
    (
        "recurring",
        re.compile(
            r"\b(?:recurring|repeating|repeated|recurrent|routine|regular)\b"
            r"|\b(?:(?:that|which)\s+)?(?:repeat|recur)s?\b",
            re.IGNORECASE,
        ),
        "that repeat",
    ),
    (
        "reminded",
        re.compile(
            r"\b(?:with|having|(?:(?:that|which)\s+)?(?:have|has))\s+(?:an?\s+|any\s+)?"
            r"reminders?(?:\s+set)?\b",
            re.IGNORECASE,
        ),
        "with reminders",
    ),
)
