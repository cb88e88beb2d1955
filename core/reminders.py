"""Reminders: a duration before the due date, or a fixed moment."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.timefmt import check_range, parse_rfc3339

MAX_REMINDERS = 10
_LONGEST = timedelta(days=366)
_DURATION = TypeAdapter(timedelta)
# ISO 8601 durations only; pydantic alone would also take "1800" or "00:30:00".
_ISO_DURATION = re.compile(r"^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


class Reminder(BaseModel):
    """`{"before": "PT30M"}` (relative to the due date) or `{"at": "<RFC 3339>"}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    before: timedelta | None = None
    at: datetime | None = None

    @field_validator("before", mode="before")
    @classmethod
    def _iso_duration(cls, value: object) -> object:
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DURATION.match(value.upper()):
            raise ValueError("before must be an ISO 8601 duration such as PT30M, PT2H or P1D")
        duration = _DURATION.validate_python(value.upper())
        if duration > _LONGEST:
            raise ValueError("before may be at most 366 days")
        return duration

    @field_validator("at", mode="before")
    @classmethod
    def _rfc3339(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return None
        at = parse_rfc3339(value, what="reminder at")
        if info.context and info.context.get("stored"):
            return at  # written before the range was enforced: still readable
        return check_range(at, what="reminder at")

    @model_validator(mode="after")
    def _exactly_one(self) -> Reminder:
        if (self.before is None) == (self.at is None):
            raise ValueError('a reminder has exactly one of "before" or "at"')
        return self

    def to_json(self) -> dict[str, Any]:
        """The stored and returned form: canonical ISO 8601 text."""
        if self.before is not None:
            return {"before": _DURATION.dump_python(self.before, mode="json")}
        assert self.at is not None
        return {"at": self.at.isoformat()}

    def fires_at(self, due: datetime | None) -> datetime | None:
        """When this reminder is due for a task due at `due` (None: it never fires)."""
        if self.at is not None:
            return self.at
        return None if due is None or self.before is None else due - self.before


def reminders_from_json(items: list[dict[str, Any]]) -> list[Reminder]:
    """Stored reminders back to models (the date range is checked on input, not on reading)."""
    return [Reminder.model_validate(item, context={"stored": True}) for item in items]
