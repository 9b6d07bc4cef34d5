"""导出权限: an administrator's settings of the export right, per role or per person
(without a row, the defaults of common/export_rights.py apply).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 09:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_rights",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "(role IS NULL) <> (user_id IS NULL)", name=op.f("ck_export_rights_role_or_person")
        ),
        sa.CheckConstraint(
            "scope IN ('none', 'own', 'decided', 'units')",
            name=op.f("ck_export_rights_scope_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_export_rights_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_rights")),
        sa.UniqueConstraint("role", name=op.f("uq_export_rights_role")),
        sa.UniqueConstraint("user_id", name=op.f("uq_export_rights_user_id")),
    )


def downgrade() -> None:
    op.drop_table("export_rights")
