"""report versions (报表审核): saved statements and their sign-off

Issue 22: a statement run is saved as a version with the ledger it was computed
from; a reviewer signs it or returns it with a reason. Both tables only ever
receive inserts (server/db/roles.py APPEND_ONLY revokes UPDATE and DELETE from
the server's role), so a signed version's numbers and signer stay as signed.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_versions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("report", sa.String(length=32), nullable=False),
        sa.Column("parameters", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("units", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("basis", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("prepared_by", sa.BigInteger(), nullable=False),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["budget_units.id"],
            name=op.f("fk_report_versions_unit_id_budget_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["prepared_by"],
            ["users.id"],
            name=op.f("fk_report_versions_prepared_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_versions")),
    )
    op.create_index("ix_report_versions_report_id", "report_versions", ["report", "id"])
    op.create_index(
        "ix_report_versions_units", "report_versions", ["units"], postgresql_using="gin"
    )
    op.create_table(
        "report_version_decisions",
        sa.Column("version_id", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), server_default="", nullable=False),
        sa.CheckConstraint(
            "decision IN ('signed', 'returned')",
            name=op.f("ck_report_version_decisions_known_decision"),
        ),
        sa.CheckConstraint(
            "decision = 'signed' OR btrim(reason) <> ''",
            name=op.f("ck_report_version_decisions_return_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["report_versions.id"],
            name=op.f("fk_report_version_decisions_version_id_report_versions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_report_version_decisions_decided_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_report_version_decisions")),
    )

    # A saved version and its decision are refused changes even to the owner
    # (defence in depth, as approval_actions in 0013); and the preparer never
    # decides their own version, whatever path the row takes (four eyes).
    op.execute("""
        CREATE FUNCTION report_versions_are_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END $$;
    """)
    for table in ("report_versions", "report_version_decisions"):
        op.execute(f"""
            CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION report_versions_are_append_only();
        """)
        op.execute(f"""
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION report_versions_are_append_only();
        """)
    op.execute("""
        CREATE FUNCTION report_version_decided_by_another() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM report_versions v
                        WHERE v.id = NEW.version_id AND v.prepared_by = NEW.decided_by) THEN
                RAISE EXCEPTION 'report version % is decided by its own preparer', NEW.version_id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$;
    """)
    op.execute("""
        CREATE TRIGGER report_version_decisions_four_eyes BEFORE INSERT
        ON report_version_decisions
        FOR EACH ROW EXECUTE FUNCTION report_version_decided_by_another();
    """)


def downgrade() -> None:
    op.drop_table("report_version_decisions")
    op.drop_index("ix_report_versions_units", table_name="report_versions")
    op.drop_index("ix_report_versions_report_id", table_name="report_versions")
    op.drop_table("report_versions")
    op.execute("DROP FUNCTION report_version_decided_by_another()")
    op.execute("DROP FUNCTION report_versions_are_append_only()")
