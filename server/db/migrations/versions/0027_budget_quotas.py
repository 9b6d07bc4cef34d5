"""budget quotas (预算指标) and quota adjustments (追加 / 调减) as documents

Issue 22: a unit's yearly quota per functional × economic item (budget_quotas,
the initial quota an administrator sets); adjustments are documents of the kind
'quota_adjustment' with a direction, reviewed like the others and never posted.
budget_quotas is ordinary DML for the server's role (an administrator changes
the initial quota; every change is in the operation log), so server/db/roles.py
lists it nowhere.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 20:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = "'income', 'expenditure', 'voucher'"
_NEW_KINDS = _OLD_KINDS + ", 'quota_adjustment'"


def _rule_kinds(kinds: str) -> None:
    """An approval rule may be for any document kind (or for every kind)."""
    op.drop_constraint(op.f("ck_approval_rules_document_kind"), "approval_rules", type_="check")
    op.create_check_constraint(
        op.f("ck_approval_rules_document_kind"),
        "approval_rules",
        f"document_kind IS NULL OR document_kind IN ({kinds})",
    )


def upgrade() -> None:
    _rule_kinds(_NEW_KINDS)
    op.drop_constraint(op.f("ck_documents_kind"), "documents", type_="check")
    op.create_check_constraint(op.f("ck_documents_kind"), "documents", f"kind IN ({_NEW_KINDS})")
    op.add_column("documents", sa.Column("quota_direction", sa.String(length=8), nullable=True))
    op.create_check_constraint(
        op.f("ck_documents_quota_direction"),
        "documents",
        "(kind = 'quota_adjustment') = (quota_direction IS NOT NULL)"
        " AND (quota_direction IS NULL OR quota_direction IN ('increase', 'decrease'))",
    )
    op.create_table(
        "budget_quotas",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("functional_item_id", sa.BigInteger(), nullable=False),
        sa.Column("economic_item_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_budget_quotas_amount_not_negative")),
        sa.CheckConstraint("year BETWEEN 2000 AND 2999", name=op.f("ck_budget_quotas_year_range")),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["budget_units.id"],
            name=op.f("fk_budget_quotas_unit_id_budget_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["functional_item_id"],
            ["budget_items.id"],
            name=op.f("fk_budget_quotas_functional_item_id_budget_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["economic_item_id"],
            ["budget_items.id"],
            name=op.f("fk_budget_quotas_economic_item_id_budget_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_budget_quotas_updated_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_quotas")),
        sa.UniqueConstraint(
            "year",
            "unit_id",
            "functional_item_id",
            "economic_item_id",
            name="uq_budget_quotas_key",
        ),
    )
    op.create_index("ix_budget_quotas_unit_year", "budget_quotas", ["unit_id", "year"])
    # the quota check sums a unit's expenditures of a year per item
    op.create_index(
        "ix_documents_quota_use",
        "documents",
        ["unit_id", "functional_item_id", "economic_item_id", "doc_date"],
        postgresql_where=sa.text("kind IN ('expenditure', 'quota_adjustment')"),
    )


def downgrade() -> None:
    op.drop_index("ix_documents_quota_use", table_name="documents")
    op.drop_index("ix_budget_quotas_unit_year", table_name="budget_quotas")
    op.drop_table("budget_quotas")
    # Adjustments are documents with a review history in append-only tables:
    # a downgrade does not delete them, it stops instead.
    found = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM documents WHERE kind = 'quota_adjustment'")
    )
    if found:
        raise RuntimeError(f"{found} quota adjustments exist; 0027 cannot be undone")
    op.drop_constraint(op.f("ck_documents_quota_direction"), "documents", type_="check")
    op.drop_column("documents", "quota_direction")
    op.drop_constraint(op.f("ck_documents_kind"), "documents", type_="check")
    op.create_check_constraint(op.f("ck_documents_kind"), "documents", f"kind IN ({_OLD_KINDS})")
    op.execute("DELETE FROM approval_rules WHERE document_kind = 'quota_adjustment'")
    _rule_kinds(_OLD_KINDS)
