"""One dead letter per (function, event) while it waits: redeliveries must not add copies.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dead_letters", sa.Column("event_source", sa.Text))
    op.add_column("dead_letters", sa.Column("body_hash", sa.Text))
    op.execute(
        "UPDATE dead_letters SET body_hash = encode(sha256(convert_to(event, 'UTF8')), 'hex')"
    )
    # Delivery is at least once (relay republish, sidecar redelivery, producer retries): the
    # same bad event can arrive again while its dead letter waits for a replay.
    op.execute(
        "CREATE UNIQUE INDEX ux_dead_letters_event ON dead_letters (function, event_source, "
        "event_id) WHERE replayed_at IS NULL AND event_id IS NOT NULL"
    )
    op.execute(
        "CREATE UNIQUE INDEX ux_dead_letters_body ON dead_letters (function, body_hash) "
        "WHERE replayed_at IS NULL AND event_id IS NULL"
    )


def downgrade() -> None:
    op.drop_index("ux_dead_letters_body", table_name="dead_letters")
    op.drop_index("ux_dead_letters_event", table_name="dead_letters")
    op.drop_column("dead_letters", "body_hash")
    op.drop_column("dead_letters", "event_source")
