"""Tasks table with full-text search vector and trigram support.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

from core.store.models import SEARCH_VECTOR_SQL

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "tasks",
        sa.Column("id", pg.UUID(as_uuid=True), primary_key=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("priority", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("tags", pg.ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("due", sa.DateTime(timezone=True)),
        sa.Column("timezone", sa.Text, nullable=False, server_default="UTC"),
        sa.Column("recurrence_rule", sa.Text),
        sa.Column("recurrence_anchor", sa.Text),
        sa.Column("reminders", pg.JSONB, nullable=False, server_default="[]"),
        sa.Column("completed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
        sa.Column("series_id", pg.UUID(as_uuid=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("search_vector", pg.TSVECTOR, sa.Computed(SEARCH_VECTOR_SQL, persisted=True)),
        sa.CheckConstraint("priority BETWEEN 0 AND 4", name="ck_tasks_priority"),
        sa.CheckConstraint(
            "recurrence_anchor IS NULL OR recurrence_anchor IN ('due', 'completion')",
            name="ck_tasks_recurrence_anchor",
        ),
        sa.CheckConstraint("char_length(title) BETWEEN 1 AND 500", name="ck_tasks_title_length"),
    )
    op.create_index("ix_tasks_owner_created", "tasks", ["owner", "created_at", "id"])
    op.create_index("ix_tasks_owner_updated", "tasks", ["owner", "updated_at", "id"])
    op.create_index("ix_tasks_series", "tasks", ["series_id"])
    op.create_index("ix_tasks_search_vector", "tasks", ["search_vector"], postgresql_using="gin")
    op.create_index("ix_tasks_tags", "tasks", ["tags"], postgresql_using="gin")
    op.execute("CREATE INDEX ix_tasks_title_trgm ON tasks USING gin (lower(title) gin_trgm_ops)")


def downgrade() -> None:
    op.drop_table("tasks")
