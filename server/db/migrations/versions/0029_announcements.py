"""announcements (公告): notices administrators publish for a while

Issue 23: a general notice, a maintenance window or an upgrade, shown to every
user from its start to its end, withdrawn early if need be.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-24 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "announcements",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('general', 'maintenance', 'upgrade')",
            name=op.f("ck_announcements_known_kind"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_announcements_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_announcements_created_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_index(op.f("ix_announcements_ends_at"), "announcements", ["ends_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_announcements_ends_at"), table_name="announcements")
    op.drop_table("announcements")
