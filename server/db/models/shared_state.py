"""State every server process must see alike, kept in the database because
several processes (and hosts) serve one office: login attempts per address
(the throttle), the backup or restore in progress, maintenance mode and the
serving processes that must drain before it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
)
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


class MaintenanceState(Base):
    """Maintenance mode (系统维护), one row every server process watches
    (services/operations/maintenance.py): who holds it (``owner``, a process
    identity; NULL when off), why and how far (``reason``, ``phase``, ``info``),
    ``generation``, raised by every change (what the processes acknowledge),
    and ``heartbeat_at`` on the database clock (an owner silent for a minute is
    gone and is not obeyed)."""

    __tablename__ = "maintenance_state"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(40))
    phase: Mapped[str | None] = mapped_column(String(40))
    info: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    generation: Mapped[int] = mapped_column(BigInteger, server_default="0")
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ServerProcessState(Base):
    """One serving process (any host): its heartbeat on the database clock, the
    requests it has running and the maintenance generation it has seen — what a
    process entering maintenance waits on (the drain)."""

    __tablename__ = "server_processes"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    busy: Mapped[int] = mapped_column(Integer, server_default="0")
    seen_generation: Mapped[int] = mapped_column(BigInteger, server_default="0")
