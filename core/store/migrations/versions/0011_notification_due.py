"""Notifications remember the due date they were about and the zone to show it in.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notifications", sa.Column("due", sa.DateTime(timezone=True)))
    op.add_column(
        "notifications",
        sa.Column("timezone", sa.Text, nullable=False, server_default="UTC"),
    )
    # Earlier notifications: the task's due and zone (the user's zone where one was set).
    op.execute(
        "UPDATE notifications n SET due = t.due, timezone = t.timezone "
        "FROM tasks t WHERE t.id = n.task_id AND t.owner = n.owner"
    )
    op.execute(
        "UPDATE notifications n SET timezone = s.timezone "
        "FROM user_settings s WHERE s.owner = n.owner"
    )


def downgrade() -> None:
    op.drop_column("notifications", "timezone")
    op.drop_column("notifications", "due")
