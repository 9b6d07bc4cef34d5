"""maintenance mode shared by every server process: one row and the processes

Maintenance mode was a file in one data directory and the drain counted one
process's requests (issue 21): now the state is one row every process watches
(LISTEN countersign_maintenance, with a poll), and every serving process
reports its running requests and the state it has seen, so entering
maintenance waits for all of them.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-22 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "maintenance_state",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("phase", sa.String(length=40), nullable=True),
        sa.Column(
            "info",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("generation", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_maintenance_state_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_state")),
    )
    op.execute("INSERT INTO maintenance_state (id) VALUES (1)")
    op.create_table(
        "server_processes",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("busy", sa.Integer(), server_default="0", nullable=False),
        sa.Column("seen_generation", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_processes")),
    )


def downgrade() -> None:
    op.drop_table("server_processes")
    op.drop_table("maintenance_state")
