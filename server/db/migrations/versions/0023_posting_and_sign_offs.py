"""posting as a step of its own: the poster and cashier roles, ledger_sign_offs

Issue 22: posting (记账) follows final approval by default, or, where the office
sets it, is a poster's action after a cashier's sign-off (出纳签字) on vouchers
touching cash or bank. Who signed and who posted, and how, are rows added beside
the document (which never changes once approved).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-23 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ROLES = "'clerk', 'reviewer', 'analyst', 'admin', 'auditor'"
_NEW_ROLES = _OLD_ROLES + ", 'poster', 'cashier'"


def upgrade() -> None:
    op.drop_constraint(op.f("ck_user_roles_known_role"), "user_roles", type_="check")
    op.create_check_constraint(
        op.f("ck_user_roles_known_role"), "user_roles", f"role IN ({_NEW_ROLES})"
    )
    op.create_table(
        "ledger_sign_offs",
        sa.Column("document_id", sa.BigInteger(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("way", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "step IN ('cashier', 'posting')", name=op.f("ck_ledger_sign_offs_known_step")
        ),
        sa.CheckConstraint(
            "way IN ('automatic', 'manual', 'close')", name=op.f("ck_ledger_sign_offs_known_way")
        ),
        sa.CheckConstraint(
            "way = 'manual' OR user_id IS NULL",
            name=op.f("ck_ledger_sign_offs_person_only_by_hand"),
        ),
        sa.CheckConstraint(
            "way = 'manual' OR step = 'posting'", name=op.f("ck_ledger_sign_offs_cashier_by_hand")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_ledger_sign_offs_document_id_documents"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_ledger_sign_offs_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("document_id", "step", name=op.f("pk_ledger_sign_offs")),
    )


def downgrade() -> None:
    op.drop_table("ledger_sign_offs")
    op.execute("DELETE FROM user_roles WHERE role IN ('poster', 'cashier')")
    op.drop_constraint(op.f("ck_user_roles_known_role"), "user_roles", type_="check")
    op.create_check_constraint(
        op.f("ck_user_roles_known_role"), "user_roles", f"role IN ({_OLD_ROLES})"
    )
