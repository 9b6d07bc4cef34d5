"""year-end closing entries (年结): year_end_entries and year_end_lines

Issue 22: after December closes, generated vouchers close income and expense into
3301 → 3302 → 3001 and budget accounts into their 8xxx carry-over accounts; they
are deleted only when December is reopened.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-24 11:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "year_end_entries",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("closing_date", sa.Date(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("made_by", sa.BigInteger(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "step IN ('surplus', 'distribution', 'accumulated', 'budget')",
            name=op.f("ck_year_end_entries_known_step"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["budget_units.id"],
            name=op.f("fk_year_end_entries_unit_id_budget_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["made_by"],
            ["users.id"],
            name=op.f("fk_year_end_entries_made_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_end_entries")),
        sa.UniqueConstraint("year", "unit_id", "step", name="uq_year_end_entries_year_unit_step"),
        sa.UniqueConstraint("year", "number", name="uq_year_end_entries_year_number"),
    )
    op.create_table(
        "year_end_lines",
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("debit", sa.Numeric(18, 2), server_default="0", nullable=False),
        sa.Column("credit", sa.Numeric(18, 2), server_default="0", nullable=False),
        sa.CheckConstraint(
            "debit >= 0 AND credit >= 0", name=op.f("ck_year_end_lines_not_negative")
        ),
        sa.CheckConstraint("(debit = 0) <> (credit = 0)", name=op.f("ck_year_end_lines_one_side")),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["year_end_entries.id"],
            name=op.f("fk_year_end_lines_entry_id_year_end_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_year_end_lines_account_id_accounts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("entry_id", "line_no", name=op.f("pk_year_end_lines")),
    )


def downgrade() -> None:
    op.drop_table("year_end_lines")
    op.drop_table("year_end_entries")
