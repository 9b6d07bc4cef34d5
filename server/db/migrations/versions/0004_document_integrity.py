"""document integrity: numbered documents are never deleted, a rejected reversal
makes way for a new one, a returned voucher may be saved unbalanced

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LIVE_REVERSAL = "reverses_id IS NOT NULL AND deleted_at IS NULL AND status <> 'rejected'"
_OLD_LIVE_REVERSAL = "reverses_id IS NOT NULL AND deleted_at IS NULL"


def upgrade() -> None:
    op.create_check_constraint(
        op.f("ck_documents_numbered_not_deleted"),
        "documents",
        "deleted_at IS NULL OR number IS NULL",
    )
    op.drop_index("uq_documents_one_reversal", table_name="documents")
    op.create_index(
        "uq_documents_one_reversal",
        "documents",
        ["reverses_id"],
        unique=True,
        postgresql_where=sa.text(_LIVE_REVERSAL),
    )
    op.execute(_balance_function(("draft", "returned")))


def downgrade() -> None:
    op.execute(_balance_function(("draft",)))
    op.drop_index("uq_documents_one_reversal", table_name="documents")
    op.create_index(
        "uq_documents_one_reversal",
        "documents",
        ["reverses_id"],
        unique=True,
        postgresql_where=sa.text(_OLD_LIVE_REVERSAL),
    )
    op.drop_constraint(op.f("ck_documents_numbered_not_deleted"), "documents", type_="check")


def _balance_function(being_edited: tuple[str, ...]) -> str:
    """The balance trigger of 0003, skipping the statuses in which the maker edits
    (a voucher returned for correction may be saved half-done, like a draft); it is
    checked again when it is submitted."""
    statuses = ", ".join(f"'{status}'" for status in being_edited)
    return f"""
CREATE OR REPLACE FUNCTION voucher_must_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc_id bigint;
    doc_kind text;
    doc_status text;
    line_count integer;
    bad_lines integer;
    debit_total numeric;
    credit_total numeric;
BEGIN
    IF TG_TABLE_NAME = 'voucher_lines' THEN
        IF TG_OP = 'DELETE' THEN doc_id := OLD.document_id; ELSE doc_id := NEW.document_id; END IF;
    ELSE
        doc_id := NEW.id;
    END IF;
    SELECT kind, status INTO doc_kind, doc_status FROM documents WHERE id = doc_id;
    IF NOT FOUND OR doc_kind <> 'voucher' OR doc_status IN ({statuses}) THEN
        RETURN NULL;
    END IF;
    SELECT count(*),
           count(*) FILTER (WHERE account_id IS NULL OR (debit = 0 AND credit = 0)),
           coalesce(sum(debit), 0), coalesce(sum(credit), 0)
      INTO line_count, bad_lines, debit_total, credit_total
      FROM voucher_lines WHERE document_id = doc_id;
    IF line_count < 2 OR bad_lines > 0 OR debit_total <> credit_total THEN
        RAISE EXCEPTION 'voucher % does not balance: % lines (% incomplete), debit %, credit %',
            doc_id, line_count, bad_lines, debit_total, credit_total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$
"""
