"""The table of pending delete confirmations (what a delete through the agent or MCP waits on)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, Text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.store.models import Base


class DeleteConfirmationRow(Base):
    """A delete asked for and not yet carried out: by the owner's next "yes" in the chat
    conversation it came from, or by MCP's confirm_delete with its id. Spent once: `used_at`
    is set when it is carried out or cancelled (`outcome` says which)."""

    __tablename__ = "delete_confirmations"

    id: Mapped[str] = mapped_column(Text, primary_key=True)  # random, unguessable
    owner: Mapped[str] = mapped_column(Text, nullable=False)
    task_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), nullable=False)
    conversation_id: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(Text)  # deleted | cancelled

    __table_args__ = (
        Index(
            "ix_delete_confirmations_owner",
            "owner",
            "conversation_id",
        ),
    )
