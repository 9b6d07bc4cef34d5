"""source documents (原始凭证): files stored once by SHA-256 in 1 MiB chunks,
attached to documents, frozen with them; who opened which

- attachment_blobs / attachment_chunks: a file's bytes, named by their SHA-256;
  append-only (a trigger refuses UPDATE, DELETE and TRUNCATE to everyone, and the
  server's role has no UPDATE or DELETE on them), and complete at commit (a
  deferred trigger: as many chunks, numbered 0.., as the blob says, adding up to
  its size).
- document_attachments: a blob on a document. Never deleted (marked deleted
  with who, when and why); a row is added or marked only while its document is
  a draft or returned and not deleted, and nothing else of it ever changes —
  so the attachments of a submitted, approved or posted document are frozen
  even for SQL sent straight to the database as the server's role.
- attachment_openings: who opened (downloaded) which attachment first;
  append-only.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK_BYTES = 1024 * 1024
MEDIA_TYPES = "'application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/ofd'"
APPEND_ONLY = ("attachment_blobs", "attachment_chunks", "attachment_openings")

APPEND_ONLY_FUNCTION = """
CREATE FUNCTION attachment_rows_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$
"""

BLOB_COMPLETE = """
CREATE FUNCTION attachment_blob_complete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wanted_size bigint;
    wanted_chunks integer;
    found_chunks integer;
    found_bytes bigint;
    top_seq integer;
BEGIN
    SELECT size, chunk_count INTO wanted_size, wanted_chunks
      FROM attachment_blobs WHERE sha256 = NEW.sha256;
    SELECT count(*), coalesce(sum(octet_length(data)), 0), coalesce(max(seq), -1)
      INTO found_chunks, found_bytes, top_seq
      FROM attachment_chunks WHERE sha256 = NEW.sha256;
    IF found_chunks <> wanted_chunks OR top_seq <> wanted_chunks - 1
       OR found_bytes <> wanted_size THEN
        RAISE EXCEPTION 'attachment blob % is not whole: % of % chunks, % of % bytes',
            NEW.sha256, found_chunks, wanted_chunks, found_bytes, wanted_size
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$
"""

# Editable as its document is (common/rules/document_actions.py EDITABLE).
ATTACHMENTS_GUARD = """
CREATE FUNCTION document_attachments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc_status text;
    doc_deleted timestamptz;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'attachments are never deleted, only marked deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'attachments are never deleted, only marked deleted (attachment %)',
            OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND (
        OLD.deleted_at IS NOT NULL
        OR (to_jsonb(NEW) - 'deleted_at' - 'deleted_by' - 'delete_reason')
           <> (to_jsonb(OLD) - 'deleted_at' - 'deleted_by' - 'delete_reason')
    ) THEN
        RAISE EXCEPTION 'attachment % cannot change: it can only be marked deleted, once',
            OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT status, deleted_at INTO doc_status, doc_deleted
      FROM documents WHERE id = NEW.document_id;
    IF doc_status NOT IN ('draft', 'returned') OR doc_deleted IS NOT NULL THEN
        RAISE EXCEPTION 'document % is % and its attachments cannot change',
            NEW.document_id, doc_status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$
"""

GRANTS = f"""
DO $grants$
BEGIN
    IF (SELECT count(*) FROM pg_roles
        WHERE rolname IN ('countersign_owner', 'countersign_app')) < 2 THEN
        RAISE NOTICE 'no countersign roles in this cluster: privileges left as they are';
        RETURN;
    END IF;
    REVOKE UPDATE, DELETE, TRUNCATE ON {", ".join(APPEND_ONLY)} FROM countersign_app;
END
$grants$;
"""


def upgrade() -> None:
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "sha256 ~ '^[0-9a-f]{64}$'", name=op.f("ck_attachment_blobs_sha256_hex")
        ),
        sa.CheckConstraint("size > 0", name=op.f("ck_attachment_blobs_size_positive")),
        sa.CheckConstraint(
            f"chunk_count = (size + {CHUNK_BYTES - 1}) / {CHUNK_BYTES}",
            name=op.f("ck_attachment_blobs_chunk_count"),
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_blobs")),
    )
    op.create_table(
        "attachment_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("seq >= 0", name=op.f("ck_attachment_chunks_seq")),
        sa.CheckConstraint(
            f"octet_length(data) BETWEEN 1 AND {CHUNK_BYTES}",
            name=op.f("ck_attachment_chunks_data_length"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_blobs.sha256"],
            name=op.f("fk_attachment_chunks_sha256_attachment_blobs"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_attachment_chunks")),
    )
    # Scans are compressed already: kept as they are, and read without decompressing.
    op.execute("ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL")
    op.create_table(
        "document_attachments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("document_id", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.BigInteger(), nullable=True),
        sa.Column("delete_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            f"media_type IN ({MEDIA_TYPES})", name=op.f("ck_document_attachments_media_type")
        ),
        sa.CheckConstraint("size > 0", name=op.f("ck_document_attachments_size_positive")),
        sa.CheckConstraint("pages >= 1", name=op.f("ck_document_attachments_pages_positive")),
        sa.CheckConstraint(
            "(deleted_at IS NULL AND deleted_by IS NULL AND delete_reason IS NULL)"
            " OR (deleted_at IS NOT NULL AND deleted_by IS NOT NULL"
            " AND delete_reason IS NOT NULL)",
            name=op.f("ck_document_attachments_deletion_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_attachments_document_id_documents"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_blobs.sha256"],
            name=op.f("fk_document_attachments_sha256_attachment_blobs"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["users.id"],
            name=op.f("fk_document_attachments_added_by_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by"],
            ["users.id"],
            name=op.f("fk_document_attachments_deleted_by_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_attachments")),
    )
    op.create_index(
        "ix_document_attachments_document_id", "document_attachments", ["document_id"]
    )
    op.create_index(op.f("ix_document_attachments_sha256"), "document_attachments", ["sha256"])
    op.create_index(
        "uq_document_attachments_live_content",
        "document_attachments",
        ["document_id", "sha256"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "attachment_openings",
        sa.Column("attachment_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["document_attachments.id"],
            name=op.f("fk_attachment_openings_attachment_id_document_attachments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_attachment_openings_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("attachment_id", "user_id", name=op.f("pk_attachment_openings")),
    )

    op.execute(APPEND_ONLY_FUNCTION)
    for table in APPEND_ONLY:
        op.execute(f"""
            CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION attachment_rows_are_append_only()
        """)
        op.execute(f"""
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION attachment_rows_are_append_only()
        """)
    op.execute(BLOB_COMPLETE)
    for table in ("attachment_blobs", "attachment_chunks"):
        op.execute(f"""
            CREATE CONSTRAINT TRIGGER {table}_whole AFTER INSERT ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attachment_blob_complete()
        """)
    op.execute(ATTACHMENTS_GUARD)
    op.execute("""
        CREATE TRIGGER document_attachments_frozen BEFORE INSERT OR UPDATE OR DELETE
        ON document_attachments FOR EACH ROW EXECUTE FUNCTION document_attachments_guard()
    """)
    op.execute("""
        CREATE TRIGGER document_attachments_no_truncate BEFORE TRUNCATE ON document_attachments
        FOR EACH STATEMENT EXECUTE FUNCTION document_attachments_guard()
    """)
    op.execute(GRANTS)


def downgrade() -> None:
    op.drop_table("attachment_openings")
    op.drop_table("document_attachments")
    op.drop_table("attachment_chunks")
    op.drop_table("attachment_blobs")
    op.execute("DROP FUNCTION document_attachments_guard()")
    op.execute("DROP FUNCTION attachment_blob_complete()")
    op.execute("DROP FUNCTION attachment_rows_are_append_only()")
