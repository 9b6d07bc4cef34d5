"""opening balances (期初余额): unit_openings and opening_balances

Issue 22: a unit starting on Countersign enters where its books stand, per leaf
account, balanced separately for financial (1–5) and budget (6–8) accounts
before its first month closes. Read beside the ledger, never copied into it.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-24 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unit_openings",
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "extract(day FROM start_month) = 1", name=op.f("ck_unit_openings_first_of_month")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["budget_units.id"],
            name=op.f("fk_unit_openings_unit_id_budget_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_unit_openings_updated_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_unit_openings")),
    )
    op.create_table(
        "opening_balances",
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("debit", sa.Numeric(18, 2), server_default="0", nullable=False),
        sa.Column("credit", sa.Numeric(18, 2), server_default="0", nullable=False),
        sa.CheckConstraint(
            "debit >= 0 AND credit >= 0", name=op.f("ck_opening_balances_not_negative")
        ),
        sa.CheckConstraint("debit = 0 OR credit = 0", name=op.f("ck_opening_balances_one_side")),
        sa.CheckConstraint("debit > 0 OR credit > 0", name=op.f("ck_opening_balances_not_empty")),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit_openings.unit_id"],
            name=op.f("fk_opening_balances_unit_id_unit_openings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_opening_balances_account_id_accounts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("unit_id", "account_id", name=op.f("pk_opening_balances")),
    )


def downgrade() -> None:
    op.drop_table("opening_balances")
    op.drop_table("unit_openings")
