"""state shared by every server process: login attempts, the backup run

Several server processes (and hosts) serve one database (issue 21): the login
throttle counts attempts here instead of in one process's memory, and the
backup or restore in progress is one row every process shows alike.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-20 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_address_at", "login_attempts", ["address", "at"])
    op.create_table(
        "backup_run_state",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("run", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("owner", sa.String(length=200), server_default="", nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_backup_run_state_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_run_state")),
    )
    op.execute("""INSERT INTO backup_run_state (id, run) VALUES (1, '{"state": "idle"}')""")


def downgrade() -> None:
    op.drop_table("backup_run_state")
    op.drop_index("ix_login_attempts_address_at", table_name="login_attempts")
    op.drop_table("login_attempts")
