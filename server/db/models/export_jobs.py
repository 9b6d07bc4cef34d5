"""Large exports run as jobs (导出任务): a server process writes the file in the
background, the client follows its progress and may cancel it.

Any of several server processes on one database may answer any request, so the
job's whole life is in the database: a queued row is claimed by one process's
export worker (``worker``, ``claimed_at``), which keeps ``heartbeat_at`` fresh
while it writes; the finished workbook is kept in ``export_files`` until its
owner fetches it. Migration 0019 adds these; a running job always names its
worker and heartbeat (a check constraint).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

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
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

# 'queued' is the database's alone: to the client a queued job is running (ExportState).
JOB_STATES = "'queued', 'running', 'done', 'failed', 'cancelled', 'collected'"
FILE_CHUNK_BYTES = 1024 * 1024


class ExportJob(Base):
    __tablename__ = "export_jobs"
    __table_args__ = (
        CheckConstraint(f"state IN ({JOB_STATES})", name="state_known"),
        CheckConstraint("rows_done >= 0", name="rows_done"),
        CheckConstraint(
            "state <> 'running' OR (worker IS NOT NULL AND heartbeat_at IS NOT NULL)",
            name="running_claimed",
        ),
        CheckConstraint(
            "(file_size IS NULL) = (file_chunks IS NULL)"
            f" AND (file_size IS NULL OR file_chunks = (file_size + {FILE_CHUNK_BYTES - 1})"
            f" / {FILE_CHUNK_BYTES})",
            name="file_chunks",
        ),
        CheckConstraint("state <> 'done' OR file_size IS NOT NULL", name="done_has_file"),
        # what the workers look at every few seconds: the queue and the leases
        Index(
            "ix_export_jobs_unfinished",
            "state",
            "started_at",
            postgresql_where=text("state IN ('queued', 'running')"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    session_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    query: Mapped[dict[str, Any]] = mapped_column(JSONB)
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), server_default="queued")
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, server_default="0")
    cancel_requested: Mapped[bool] = mapped_column(server_default="false")
    file_name: Mapped[str | None] = mapped_column(String(200))
    error_code: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # where the request came from, for the operation log the worker writes
    origin_host: Mapped[str] = mapped_column(String(255), server_default="")
    origin_address: Mapped[str] = mapped_column(String(64), server_default="")
    # the process writing it, and its lease (database clock: one for every host)
    worker: Mapped[str | None] = mapped_column(String(120))
    claims: Mapped[int] = mapped_column(Integer, server_default="0")
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # the finished workbook in export_files, until fetched
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    file_chunks: Mapped[int | None] = mapped_column(Integer)
    collected_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ExportFile(Base):
    """One 1 MiB piece of a finished export (the last may be shorter), ``seq``
    from 0; written with the job's 'done', deleted as it is fetched, cancelled or
    left unfetched too long. Never updated (migration 0019: no UPDATE for the
    server's role)."""

    __tablename__ = "export_files"
    __table_args__ = (
        CheckConstraint("seq >= 0", name="seq"),
        CheckConstraint(f"octet_length(data) BETWEEN 1 AND {FILE_CHUNK_BYTES}", name="data_length"),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("export_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ExportRight(Base):
    """导出权限 set by an administrator: a role's (over its default) or a person's
    (over what their roles give). No row: the default of common/export_rights.py."""

    __tablename__ = "export_rights"
    __table_args__ = (
        CheckConstraint("(role IS NULL) <> (user_id IS NULL)", name="role_or_person"),
        CheckConstraint("scope IN ('none', 'own', 'decided', 'units')", name="scope_known"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(16), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), unique=True
    )
    scope: Mapped[str] = mapped_column(String(16))
