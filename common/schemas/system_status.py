"""System status (系统状态) as the admin console shows it (DOMAIN.md
"Administration console": database size, connections, last backup)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from common.schemas.base import Schema


class BackupState(StrEnum):
    VERIFIED = "verified"
    VERIFICATION_FAILED = "verification_failed"
    NOT_VERIFIED = "not_verified"  # not checked yet, or the check never finished


class BackupBriefOut(Schema):
    name: str
    taken_at: dt.datetime
    state: BackupState


class DiskOut(Schema):
    """Free space where the server keeps something; ``path`` as the server sees it."""

    key: str = Field(description="data or backups")
    path: str
    total_bytes: int
    free_bytes: int


class SystemStatusOut(Schema):
    now: dt.datetime = Field(description="the server's clock, for ages on screen")
    server_version: str
    schema_revision: str | None
    schema_current: bool = Field(description="the database is at the revision this server needs")
    postgres_version: str
    database_bytes: int
    connections: int = Field(description="connections to this database now")
    max_connections: int
    active_sessions: int = Field(description="login sessions neither ended nor expired")
    active_users: int
    last_verified_backup: BackupBriefOut | None
    last_backup: BackupBriefOut | None
    backup_running: bool
    disks: list[DiskOut]
    started_at: dt.datetime = Field(description="when this server process started")
    uptime_seconds: int
