"""Pending delete confirmations: a delete through the agent or MCP waits for the user's yes.

Revision ID: 0015
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delete_confirmations",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("task_ids", ARRAY(UUID(as_uuid=True)), nullable=False),
        sa.Column("conversation_id", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("outcome", sa.Text),
    )
    op.create_index(
        "ix_delete_confirmations_owner",
        "delete_confirmations",
        ["owner", "conversation_id"],
    )


def downgrade() -> None:
    op.drop_table("delete_confirmations")
