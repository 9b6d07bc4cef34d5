"""statement layouts (报表格式) for 资产负债表, 收入费用表, 预算收入支出表

Issue 22: statements are computed from the ledger by lines defined as data, so an
analyst can adjust a layout without code. The shipped layout for the government
accounting chart is loaded from this revision's own snapshot (data/0025), not
from resources/reference, so a later change there cannot change what migrating a
new database inserts.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-24 10:00:00.000000
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA = Path(__file__).resolve().parent.parent / "data" / "0025" / "statement_layouts.csv"


def snapshot_rows() -> list[dict[str, object]]:
    """The shipped lines, numbered in file order within each statement."""
    rows: list[dict[str, object]] = []
    numbers: dict[str, int] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            numbers[row["kind"]] = numbers.get(row["kind"], 0) + 10
            rows.append({**row, "indent": int(row["indent"]), "line_no": numbers[row["kind"]]})
    return rows


def upgrade() -> None:
    table = op.create_table(
        "statement_layout_lines",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("label_en", sa.String(length=150), server_default="", nullable=False),
        sa.Column("indent", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("side", sa.String(length=6), nullable=False),
        sa.Column("accounts", sa.String(length=400), server_default="", nullable=False),
        sa.Column("total_of", sa.String(length=400), server_default="", nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('balance-sheet', 'income-expense', 'budget-execution')",
            name=op.f("ck_statement_layout_lines_known_kind"),
        ),
        sa.CheckConstraint(
            "side IN ('debit', 'credit')", name=op.f("ck_statement_layout_lines_side")
        ),
        sa.CheckConstraint(
            "accounts = '' OR total_of = ''",
            name=op.f("ck_statement_layout_lines_accounts_or_total"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_statement_layout_lines_updated_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_layout_lines")),
        sa.UniqueConstraint("kind", "code", name="uq_statement_layout_lines_kind_code"),
        sa.UniqueConstraint("kind", "line_no", name="uq_statement_layout_lines_kind_line_no"),
    )
    op.bulk_insert(table, snapshot_rows())


def downgrade() -> None:
    op.drop_table("statement_layout_lines")
