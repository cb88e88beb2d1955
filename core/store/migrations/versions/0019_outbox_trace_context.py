"""Outbox rows keep the W3C trace context of the change that wrote them.

The relay puts it into the CloudEvent as the distributed-tracing extension attributes
(`traceparent`, `tracestate`), so the relay, the router and every function continue the trace
of the request (or the function) that made the event. NULL when tracing is off (core/tracing.py).

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("traceparent", sa.Text()))
    op.add_column("outbox", sa.Column("tracestate", sa.Text()))


def downgrade() -> None:
    op.drop_column("outbox", "tracestate")
    op.drop_column("outbox", "traceparent")
