"""Dead letters of transient failures are retried on their own, a few times, spaced out.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # When the next automatic replay is due; NULL: only `todo dlq replay` sends it again.
    op.add_column("dead_letters", sa.Column("retry_at", sa.DateTime(timezone=True)))
    op.add_column(
        "dead_letters",
        sa.Column("auto_replays", sa.Integer, nullable=False, server_default="0"),
    )
    op.execute(
        "CREATE INDEX ix_dead_letters_retry_at ON dead_letters (retry_at) "
        "WHERE replayed_at IS NULL AND retry_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_dead_letters_retry_at", table_name="dead_letters")
    op.drop_column("dead_letters", "auto_replays")
    op.drop_column("dead_letters", "retry_at")
