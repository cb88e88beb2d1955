"""Indexes matching the list page's default orderings, so a page reads ~limit index entries.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # status filter + sort=due (ASC NULLS LAST is the btree default).
    op.execute("CREATE INDEX ix_tasks_owner_status_due ON tasks (owner, completed, due, id)")
    # sort=priority: highest first, soonest due next, id last.
    op.execute(
        "CREATE INDEX ix_tasks_owner_status_priority "
        "ON tasks (owner, completed, priority DESC, due, id)"
    )
    op.execute("CREATE INDEX ix_tasks_owner_title ON tasks (owner, lower(title), id)")


def downgrade() -> None:
    op.drop_index("ix_tasks_owner_title", table_name="tasks")
    op.drop_index("ix_tasks_owner_status_priority", table_name="tasks")
    op.drop_index("ix_tasks_owner_status_due", table_name="tasks")
