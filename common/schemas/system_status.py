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


class OffsiteOut(Schema):
    """The second location (backup_copy_dir) and the off-site recovery point."""

    configured: bool = Field(description="a second location is set (backup_copy_dir)")
    path: str | None = None
    newest_wal_at: dt.datetime | None = Field(
        default=None, description="archive time of the newest WAL segment there"
    )
    newest_base_at: dt.datetime | None = Field(default=None, description="newest base backup")
    newest_dump_at: dt.datetime | None = Field(default=None, description="newest full backup")
    pending_segments: int = Field(default=0, description="archived here, not shipped yet")
    rpo_seconds: int | None = Field(
        default=None,
        description="work that losing the server's disk would lose, in seconds "
        "(0: all archived work is there); None: nothing is there",
    )
    warn_after_seconds: int = 0
    warning: bool = Field(description="not set, empty, or behind past warn_after_seconds")


class BackupKeyOut(Schema):
    """The backup key's export (backup_crypto): the console warns until confirmed."""

    key_id: str
    exported_at: dt.datetime | None = None
    exported_to: str | None = None
    confirmed_at: dt.datetime | None = None
    confirmed_by: str | None = None
    warning: bool = Field(description="no export of this key confirmed yet")


class DatabaseRoleOut(Schema):
    """The role the server connects as, and what it may do beyond the restricted
    role's rights (README "Database roles")."""

    name: str
    excess: list[str] = Field(
        default_factory=list,
        description="superuser, database_owner, owner_role, object_owner, "
        "session_replication_role; empty: the restricted role",
    )
    warning: bool = Field(description="the connection can get around the database's guards")


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
    offsite: OffsiteOut | None = Field(default=None, description="the second location")
    backup_key: BackupKeyOut | None = Field(default=None, description="its export, confirmed?")
    database_role: DatabaseRoleOut | None = Field(
        default=None, description="the server's database role, warned when privileged"
    )
