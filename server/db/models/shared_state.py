"""State every server process must see alike, kept in the database because
several processes (and hosts) serve one office: login attempts per address
(the throttle) and the backup or restore in progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Identity, Index, SmallInteger, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base


class LoginAttempt(Base):
    """One login request from an address; rows older than the window go."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class BackupRunState(Base):
    """The backup or restore in progress, as the console shows it (one row).
    Whether it is really running is the run lock (backup_runs.RUN_LOCK): a row
    left RUNNING by a process that died is read as interrupted."""

    __tablename__ = "backup_run_state"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    run: Mapped[dict[str, Any]] = mapped_column(JSONB)
    owner: Mapped[str] = mapped_column(String(200), server_default="")
