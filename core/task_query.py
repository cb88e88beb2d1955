"""The query of GET /api/tasks: filters, sort and order, search text, page size and cursor.

Validation happens here, before any SQL: bad dates, unknown sorts, NUL characters and
overlong search texts are a clear 4xx, never a 500.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from core.priority import Priority
from core.tags import TAG_DESCRIPTION, TAG_PATTERN, normalize_tags
from core.timefmt import parse_rfc3339

MAX_QUERY_LENGTH = 200
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_BOUND_TEXT = "RFC 3339 with an offset, or a date (YYYY-MM-DD: midnight UTC of that day)"
_BOUND: dict[str, Any] = {
    "anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]
}

SortKey = Literal["relevance", "due", "priority", "created", "updated", "title"]
# What a user expects first when they pick a sort without an order (Todoist, Vikunja).
# Priority reads like Todoist's p1..p4: ascending is urgent (p1) first, none (p4) last.
_DEFAULT_ORDER: dict[str, str] = {
    "relevance": "desc",
    "due": "asc",
    "priority": "asc",
    "created": "desc",
    "updated": "desc",
    "title": "asc",
}


def parse_bound(value: object, what: str) -> datetime | None:
    """RFC 3339 with offset, or a bare YYYY-MM-DD meaning midnight UTC of that day."""
    if value is None:
        return None
    if value == "":
        raise ValueError(f"{what} is empty; leave it out to not filter by it")
    if isinstance(value, str) and _DATE.match(value):
        try:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        except ValueError:
            raise ValueError(f"{what} is not a valid date: {value!r}") from None
    moment = parse_rfc3339(value, what=what)
    try:  # the database compares in UTC: 0001-01-01T00:00:00+01:00 has no UTC date
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{what} is out of range: {value!r}") from None


class TaskQuery(BaseModel):
    """The query string of GET /api/tasks."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(
        default=None,
        max_length=MAX_QUERY_LENGTH,
        pattern="^[^\\x00]*$",
        description="full-text search (typos forgiven); blank: no search",
    )
    status: Literal["open", "completed", "all"] = "open"
    priority: list[Priority] = Field(default_factory=list)
    tag: Annotated[
        list[str],
        WithJsonSchema(
            {
                "type": "array",
                "items": {"type": "string", "pattern": TAG_PATTERN, "description": TAG_DESCRIPTION},
            }
        ),
    ] = Field(
        default_factory=list,
        description="tasks carrying all of these tags (read as tags are kept: '#Straße' finds "
        "'strasse')",
    )
    due_before: Annotated[datetime | None, WithJsonSchema(_BOUND)] = Field(
        default=None, description="due strictly before; " + _BOUND_TEXT
    )
    due_after: Annotated[datetime | None, WithJsonSchema(_BOUND)] = Field(
        default=None, description="due at or after; " + _BOUND_TEXT
    )
    overdue: bool | None = None
    sort: SortKey | None = Field(default=None, description="default: relevance with q, else due")
    order: Literal["asc", "desc"] | None = Field(
        default=None,
        description="default per sort; for priority asc is urgent first (Todoist's p1 first)",
    )
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = Field(default=None, max_length=2048)

    @field_validator("q", mode="before")
    @classmethod
    def _strip_q(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if "\x00" in value:  # PostgreSQL text cannot hold NUL: refuse it here, not with a 500
            raise ValueError("q must not contain NUL characters")
        return value.strip() or None

    @field_validator("tag", mode="before")
    @classmethod
    def _tags(cls, value: object) -> list[str]:
        return normalize_tags(value if isinstance(value, list) else [value])

    @field_validator("due_before", "due_after", mode="before")
    @classmethod
    def _bounds(cls, value: object, info: Any) -> datetime | None:
        return parse_bound(value, info.field_name)

    @field_validator("sort")
    @classmethod
    def _relevance_needs_q(cls, value: str | None, info: ValidationInfo) -> str | None:
        # q is declared before sort, so it is already validated here.
        if value == "relevance" and not info.data.get("q"):
            raise ValueError("sort=relevance needs a search text q")
        return value

    @property
    def effective_sort(self) -> str:
        """The sort in force: relevance when searching unless another was asked for."""
        return self.sort or ("relevance" if self.q else "due")

    @property
    def effective_order(self) -> str:
        """asc or desc; each sort has the default its users expect."""
        return self.order or _DEFAULT_ORDER[self.effective_sort]
