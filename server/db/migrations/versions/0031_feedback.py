"""feedback (问题反馈): users' reports of problems and the administrators' answers

Issue 23: a report holds the description and, if the user chose, a screenshot
of the window and the client's recent log (secrets removed before sending); an
answer reaches the user as a notification of its own kind.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-25 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = "'new_work', 'decided', 'due_soon', 'delegated', 'urged'"


def _kinds(values: str) -> None:
    op.drop_constraint(op.f("ck_notifications_kind"), "notifications", type_="check")
    op.create_check_constraint(op.f("ck_notifications_kind"), "notifications", f"kind IN ({values})")


def upgrade() -> None:
    op.create_table(
        "feedback_reports",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("screen", sa.String(length=64), server_default="", nullable=False),
        sa.Column("client_version", sa.String(length=32), server_default="", nullable=False),
        sa.Column("screenshot", sa.LargeBinary(), nullable=True),
        sa.Column("log", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "state IN ('open', 'answered', 'closed')", name=op.f("ck_feedback_reports_known_state")
        ),
        sa.CheckConstraint(
            "(state = 'closed') = (closed_at IS NOT NULL)",
            name=op.f("ck_feedback_reports_closed_when_closed"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_feedback_reports_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["users.id"],
            name=op.f("fk_feedback_reports_closed_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_reports")),
    )
    op.create_index("ix_feedback_reports_user", "feedback_reports", ["user_id", "id"])
    op.create_index("ix_feedback_reports_state", "feedback_reports", ["state", "id"])
    op.create_table(
        "feedback_replies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("feedback_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback_reports.id"],
            name=op.f("fk_feedback_replies_feedback_id_feedback_reports"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_feedback_replies_author_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_replies")),
    )
    op.create_index("ix_feedback_replies_report", "feedback_replies", ["feedback_id", "id"])
    _kinds(KINDS_BEFORE + ", 'feedback'")


def downgrade() -> None:
    op.execute("DELETE FROM notifications WHERE kind = 'feedback'")
    _kinds(KINDS_BEFORE)
    op.drop_index("ix_feedback_replies_report", table_name="feedback_replies")
    op.drop_table("feedback_replies")
    op.drop_index("ix_feedback_reports_state", table_name="feedback_reports")
    op.drop_index("ix_feedback_reports_user", table_name="feedback_reports")
    op.drop_table("feedback_reports")
