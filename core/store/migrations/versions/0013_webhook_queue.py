"""Webhook deliveries become a queue: when the next try is due, who holds it, when it gave up.

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("webhook_deliveries", sa.Column("given_up_at", sa.DateTime(timezone=True)))
    op.add_column(
        "webhook_deliveries",
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
    )
    op.add_column("webhook_deliveries", sa.Column("lease_until", sa.DateTime(timezone=True)))
    # Rows the inline sender tried and failed had used up their tries: they stay given up.
    op.execute(
        "UPDATE webhook_deliveries SET given_up_at = now() "
        "WHERE delivered_at IS NULL AND attempts > 0"
    )
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["next_attempt_at"],
        postgresql_where=sa.text("delivered_at IS NULL AND given_up_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_due", table_name="webhook_deliveries")
    op.drop_column("webhook_deliveries", "lease_until")
    op.drop_column("webhook_deliveries", "next_attempt_at")
    op.drop_column("webhook_deliveries", "given_up_at")
