"""announcements: when a maintenance window begins (the banner counts down to it)

Issue 23: a maintenance notice shows from its start, counts down to the moment
the work begins and stays until it is over.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-25 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "announcements", sa.Column("begins_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_check_constraint(
        op.f("ck_announcements_begins_within"),
        "announcements",
        "begins_at IS NULL OR (begins_at >= starts_at AND begins_at < ends_at)",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_announcements_begins_within"), "announcements", type_="check")
    op.drop_column("announcements", "begins_at")
