"""Task priority: names in the API, ranks (0..4) in the database so sorting is numeric."""

from __future__ import annotations

from enum import StrEnum


class Priority(StrEnum):
    """The five priorities, lowest first. p1 (Todoist) is `urgent`, p4 is `none`."""

    none = "none"
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"

    @property
    def rank(self) -> int:
        """0 for none up to 4 for urgent, as stored."""
        return _ORDER.index(self)

    @classmethod
    def from_rank(cls, rank: int) -> Priority:
        """The priority stored as `rank`."""
        return _ORDER[rank]


_ORDER = list(Priority)
