"""Large exports run as jobs (导出任务): the server writes the file in the
background, the client follows its progress and may cancel it."""

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
    Integer,
    String,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

JOB_STATES = "'running', 'done', 'failed', 'cancelled', 'collected'"


class ExportJob(Base):
    __tablename__ = "export_jobs"
    __table_args__ = (
        CheckConstraint(f"state IN ({JOB_STATES})", name="state_known"),
        CheckConstraint("rows_done >= 0", name="rows_done"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    session_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    query: Mapped[dict[str, Any]] = mapped_column(JSONB)
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), server_default="running")
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, server_default="0")
    cancel_requested: Mapped[bool] = mapped_column(server_default="false")
    file_name: Mapped[str | None] = mapped_column(String(200))
    error_code: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


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
