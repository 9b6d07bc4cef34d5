"""document search: keyset-page indexes and text search without pg_trgm

The embedded PostgreSQL (pgserver) ships no contrib extensions, so pg_trgm is not
there. Instead every document keeps the distinct two-character pieces of its
summary and counterparty (lower-cased, no whitespace) in a generated array with a
built-in GIN index; a search term's pieces must all be present, then the term is
confirmed with ILIKE. Two characters suit Chinese, where most words are two.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGRAMS = r"""
CREATE FUNCTION cs_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(array_agg(DISTINCT piece ORDER BY piece), '{}')
      FROM (SELECT substr(lower(t), i, 2) AS piece
              FROM generate_series(1, char_length(t) - 1) AS i) pieces
     WHERE piece !~ '\s'
$$
"""

# As in 0003, less the generated column (BEFORE triggers do not see its new value).
GUARD = """
CREATE OR REPLACE FUNCTION documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'documents are never deleted (document %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status IN ('approved', 'posted') AND (
        NOT (NEW.status = OLD.status OR (OLD.status = 'approved' AND NEW.status = 'posted'))
        OR (to_jsonb(NEW) - 'status' - 'version' - 'updated_at' - 'search_grams')
           <> (to_jsonb(OLD) - 'status' - 'version' - 'updated_at' - 'search_grams')
    ) THEN
        RAISE EXCEPTION 'document % is % and cannot change', OLD.id, OLD.status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$
"""

OLD_GUARD = GUARD.replace(" - 'search_grams'", "")


def upgrade() -> None:
    op.execute(BIGRAMS)
    op.execute(GUARD)
    op.add_column(
        "documents",
        sa.Column(
            "search_grams",
            postgresql.ARRAY(sa.Text()),
            sa.Computed("cs_bigrams((summary::text || ' ') || counterparty::text)", persisted=True),
            nullable=True,
        ),
    )
    op.create_index("ix_documents_date_id", "documents", ["doc_date", "id"])
    op.create_index("ix_documents_amount_id", "documents", ["amount", "id"])
    op.create_index("ix_documents_updated_id", "documents", ["updated_at", "id"])
    op.create_index(
        "ix_documents_search_grams", "documents", ["search_grams"], postgresql_using="gin"
    )


def downgrade() -> None:
    op.drop_index("ix_documents_search_grams", table_name="documents", postgresql_using="gin")
    op.drop_index("ix_documents_updated_id", table_name="documents")
    op.drop_index("ix_documents_amount_id", table_name="documents")
    op.drop_index("ix_documents_date_id", table_name="documents")
    op.drop_column("documents", "search_grams")
    op.execute(OLD_GUARD)
    op.execute("DROP FUNCTION cs_bigrams(text)")
