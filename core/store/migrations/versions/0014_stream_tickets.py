"""Single-use stream tickets, and live-update ids counted per user.

Revision ID: 0014
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_tickets",
        # SHA-256 of the ticket: a copy of the table does not hold usable tickets.
        sa.Column("ticket_hash", sa.Text, primary_key=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        # The exp of the token that asked for the ticket: where a stream it opens must end.
        sa.Column("token_expires_at", sa.DateTime(timezone=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_index("ix_stream_tickets_expires", "stream_tickets", ["expires_at"])

    # Each user's updates are numbered 1, 2, 3... by a counter row of their own, so an id
    # says nothing about anyone else. Rows kept from before continue from their old (global)
    # ids, so a client that reconnects across the upgrade resumes exactly where it was.
    op.create_table(
        "update_counters",
        sa.Column("owner", sa.Text, primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
    )
    op.add_column("updates", sa.Column("seq", sa.BigInteger))
    op.execute("UPDATE updates SET seq = id")
    op.alter_column("updates", "seq", nullable=False)
    op.execute(
        "INSERT INTO update_counters (owner, last_seq) SELECT owner, max(seq) FROM updates "
        "GROUP BY owner"
    )
    op.create_index("ix_updates_owner_seq", "updates", ["owner", "seq"], unique=True)
    op.drop_index("ix_updates_owner_id", table_name="updates")


def downgrade() -> None:
    op.create_index("ix_updates_owner_id", "updates", ["owner", "id"])
    op.drop_index("ix_updates_owner_seq", table_name="updates")
    op.drop_column("updates", "seq")
    op.drop_table("update_counters")
    op.drop_table("stream_tickets")
