"""Event backbone: outbox, dead letters, processed events; occurrence fields on tasks.

Revision ID: 0004
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("event_id", pg.UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("partition_key", sa.Text, nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dataschema", sa.Text, nullable=False),
        sa.Column("data", pg.JSONB, nullable=False),
        sa.Column("task_id", pg.UUID(as_uuid=True)),
        sa.Column(
            "deliver_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    # The relay's claim: due, unsent rows in id order. Partial, so sent rows cost nothing.
    op.execute("CREATE INDEX ix_outbox_pending ON outbox (deliver_at, id) WHERE sent_at IS NULL")
    # Rescheduling/cancelling a task's pending reminders.
    op.execute(
        "CREATE INDEX ix_outbox_pending_task ON outbox (task_id, topic) WHERE sent_at IS NULL"
    )
    # A user's earlier event waiting for a retry holds back that user's later ones (order).
    op.execute(
        "CREATE INDEX ix_outbox_pending_key ON outbox (partition_key, id) WHERE sent_at IS NULL"
    )
    op.execute("CREATE INDEX ix_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL")

    op.create_table(
        "dead_letters",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("function", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text),
        sa.Column("event_type", sa.Text),
        sa.Column("partition_key", sa.Text),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("replayed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
    )
    op.add_column(
        "tasks", sa.Column("occurrence_index", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column(
        "tasks", sa.Column("reminder_version", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column(
        "tasks", sa.Column("skipped", sa.Boolean, nullable=False, server_default=sa.false())
    )
    # One next task per occurrence, however many times recur receives the same completion.
    op.create_index(
        "ux_tasks_series_occurrence",
        "tasks",
        ["series_id", "occurrence_index"],
        unique=True,
        postgresql_where=sa.text("series_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ux_tasks_series_occurrence", table_name="tasks")
    op.drop_column("tasks", "skipped")
    op.drop_column("tasks", "reminder_version")
    op.drop_column("tasks", "occurrence_index")
    op.drop_table("processed_events")
    op.drop_table("dead_letters")
    op.drop_table("outbox")
