"""Notifications, user settings (webhook), webhook deliveries, and the live-update stream.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", pg.UUID(as_uuid=True), primary_key=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("task_id", pg.UUID(as_uuid=True)),
        sa.Column("reminder_version", sa.Integer, nullable=False),
        sa.Column("reminder", pg.JSONB, nullable=False),
        sa.Column("fire_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        # One notification per reminder occurrence, whatever event delivers it.
        sa.UniqueConstraint(
            "task_id", "reminder_version", "fire_at", "reminder", name="uq_notifications_occurrence"
        ),
    )
    op.create_index("ix_notifications_owner", "notifications", ["owner", "created_at", "id"])
    op.create_table(
        "user_settings",
        sa.Column("owner", sa.Text, primary_key=True),
        sa.Column("webhook_url", sa.Text),
        sa.Column("webhook_secret", sa.Text),
        sa.Column("timezone", sa.Text, nullable=False, server_default="UTC"),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("notification_id", pg.UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("payload", pg.JSONB, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "updates",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False, unique=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("payload", pg.JSONB, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_index("ix_updates_owner_id", "updates", ["owner", "id"])
    op.create_index("ix_updates_created", "updates", ["created_at"])


def downgrade() -> None:
    op.drop_table("updates")
    op.drop_table("webhook_deliveries")
    op.drop_table("user_settings")
    op.drop_table("notifications")
