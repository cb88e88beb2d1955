"""Series bookkeeping on tasks: the origin the occurrences are computed from.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Occurrence k of a series is due at position (k - series_base_index) of the rule started
    # at series_origin. Editing a recurring task's due or rule re-bases the series there.
    op.add_column("tasks", sa.Column("series_origin", sa.DateTime(timezone=True)))
    op.add_column(
        "tasks", sa.Column("series_base_index", sa.Integer, nullable=False, server_default="0")
    )


def downgrade() -> None:
    op.drop_column("tasks", "series_base_index")
    op.drop_column("tasks", "series_origin")
