"""SQLAlchemy tables. The schema itself is owned by the Alembic migrations beside this module."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    Integer,
    SmallInteger,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Indexed in two configurations: 'english' stems ("groceries" ~ "grocery"), 'simple' keeps the
# words as typed so a prefix query ("organiz") still finds words the stemmer cut shorter.
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, description), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, description), 'B')"
)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class TaskRow(Base):
    """One task (or one occurrence of a recurring series), owned by one user."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("priority BETWEEN 0 AND 4", name="ck_tasks_priority"),
        CheckConstraint(
            "recurrence_anchor IS NULL OR recurrence_anchor IN ('due', 'completion')",
            name="ck_tasks_recurrence_anchor",
        ),
        CheckConstraint("char_length(title) BETWEEN 1 AND 500", name="ck_tasks_title_length"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    owner: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    priority: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, default=list)
    due: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    timezone: Mapped[str] = mapped_column(Text, nullable=False, default="UTC")
    recurrence_rule: Mapped[str | None] = mapped_column(Text)
    recurrence_anchor: Mapped[str | None] = mapped_column(Text)
    reminders: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    completed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    series_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # Position of this occurrence in its series (0 for the first); unique with series_id.
    occurrence_index: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Bumped whenever reminders are rescheduled: a reminder event of an older version is stale.
    reminder_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    series_origin: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    series_base_index: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True), deferred=True
    )
