"""Activity log (audit): append-only, hash-chained per user.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("event_source", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("task_id", pg.UUID(as_uuid=True)),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("changes", pg.JSONB, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.UniqueConstraint("owner", "seq", name="uq_activity_owner_seq"),
        sa.UniqueConstraint("event_source", "event_id", name="uq_activity_event"),
    )
    op.create_index("ix_activity_owner_task", "activity", ["owner", "task_id", "id"])
    # Append-only: the database itself refuses updates (deletes are caught by the hash chain).
    op.execute(
        """
        CREATE FUNCTION activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the activity log is append-only'; END $$
        """
    )
    op.execute(
        "CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity "
        "FOR EACH ROW EXECUTE FUNCTION activity_append_only()"
    )


def downgrade() -> None:
    op.drop_table("activity")
    op.execute("DROP FUNCTION IF EXISTS activity_append_only()")
