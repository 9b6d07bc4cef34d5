"""Source documents (原始凭证): scanned files stored once by their SHA-256 and
attached to documents.

A file's bytes are a *blob*, kept in 1 MiB *chunks* so that no request reads or
writes a whole file at once; the same scan attached twice (to two documents, or
again after its removal) is one blob. A *document attachment* ties a blob to a
document with the name it was uploaded under; it is never deleted, only marked
deleted with who, when and why, so the operation log can always name it.
Migration 0017 adds what the models cannot say: blobs, chunks and openings are
append-only; an attachment changes only while its document is a draft or
returned, and then only to be marked deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base, created_at_column

CHUNK_BYTES = 1024 * 1024
MEDIA_TYPES = "'application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/ofd'"


class AttachmentBlob(Base):
    """A file's bytes, named by their SHA-256 (lower-case hex)."""

    __tablename__ = "attachment_blobs"
    __table_args__ = (
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint(
            f"chunk_count = (size + {CHUNK_BYTES - 1}) / {CHUNK_BYTES}", name="chunk_count"
        ),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    chunk_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = created_at_column()


class AttachmentChunk(Base):
    """One 1 MiB piece of a blob (the last may be shorter); ``seq`` from 0."""

    __tablename__ = "attachment_chunks"
    __table_args__ = (
        CheckConstraint("seq >= 0", name="seq"),
        CheckConstraint(f"octet_length(data) BETWEEN 1 AND {CHUNK_BYTES}", name="data_length"),
    )

    sha256: Mapped[str] = mapped_column(
        ForeignKey("attachment_blobs.sha256", ondelete="RESTRICT"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DocumentAttachment(Base):
    """A file on a document, as uploaded: its name, what the server found it to be
    (media type, pages) and who added it; removal marks it, with a reason."""

    __tablename__ = "document_attachments"
    __table_args__ = (
        CheckConstraint(f"media_type IN ({MEDIA_TYPES})", name="media_type"),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("pages >= 1", name="pages_positive"),
        CheckConstraint(
            "(deleted_at IS NULL AND deleted_by IS NULL AND delete_reason IS NULL)"
            " OR (deleted_at IS NOT NULL AND deleted_by IS NOT NULL"
            " AND delete_reason IS NOT NULL)",
            name="deletion_complete",
        ),
        Index("ix_document_attachments_document_id", "document_id"),
        # the same bytes once per document (a second copy would count its pages twice)
        Index(
            "uq_document_attachments_live_content",
            "document_id",
            "sha256",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    sha256: Mapped[str] = mapped_column(
        ForeignKey("attachment_blobs.sha256", ondelete="RESTRICT"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    delete_reason: Mapped[str | None] = mapped_column(String(200))


class AttachmentOpening(Base):
    """Who opened (downloaded) which attachment, first: a reviewer must have
    opened every attachment of a document before approving it (a parameter)."""

    __tablename__ = "attachment_openings"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("document_attachments.id", ondelete="RESTRICT"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
