"""Stored reminders and tags in today's canonical form.

Reminder durations of 365 days or more were stored as pydantic wrote them (`P1Y`, `P1Y1D`),
which the API's own duration rule refuses: they become days (`P365D`, `P366D`), and equal
reminders of a task are merged. Tags with non-ASCII characters become NFKC + case-folded
(`straße` -> `strasse`), duplicates dropped, order kept.

The rules are written out here rather than imported, so this step means the same thing
whatever core/ becomes later.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op
from pydantic import TypeAdapter

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_DURATION = TypeAdapter(timedelta)


def _canonical_duration(text: str) -> str:
    micro = _DURATION.validate_python(text.strip().upper()) // timedelta(microseconds=1)
    days, rest = divmod(micro, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, fraction = divmod(rest, 1_000_000)
    out = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or fraction:
        clock += f"{seconds}.{fraction:06d}".rstrip("0").rstrip(".") + "S"
    if clock:
        out += "T" + clock
    return out if out != "P" else "PT0S"


def _reminders(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    seen: set[object] = set()
    for item in items:
        key: object
        if "before" in item:
            try:
                item = {"before": _canonical_duration(item["before"])}
            except ValueError:  # not a duration at all: left as it is
                pass
            key = ("before", item["before"])
        elif "at" in item:
            try:
                key = ("at", datetime.fromisoformat(item["at"]).astimezone(UTC))
            except (TypeError, ValueError, OverflowError):
                key = ("at", item["at"])
        else:
            key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _fold(tag: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", tag).casefold())


def _tags(tags: list[str]) -> list[str]:
    kept: list[str] = []
    for tag in tags:
        folded = _fold(tag)
        if folded not in kept:
            kept.append(folded)
    return kept


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, reminders, tags FROM tasks "
            "WHERE jsonb_array_length(reminders) > 1 "
            'OR reminders::text ~ \'"before": "[Pp][^"Tt]*[YyMm]\' '
            "OR array_to_string(tags, ' ') ~ '[^[:ascii:]]'"
        )
    ).all()
    for task_id, reminders, tags in rows:
        new_reminders = _reminders(list(reminders))
        new_tags = _tags(list(tags))
        if new_reminders != reminders or new_tags != list(tags):
            bind.execute(
                sa.text(
                    "UPDATE tasks SET reminders = CAST(:reminders AS jsonb), tags = :tags "
                    "WHERE id = :id"
                ),
                {"id": task_id, "reminders": json.dumps(new_reminders), "tags": new_tags},
            )


def downgrade() -> None:
    """Nothing to undo: earlier versions read the canonical forms too."""
