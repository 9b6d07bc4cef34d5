"""System status (系统状态, DOMAIN.md "Administration console"): what an
administrator checks first — is the database big or busy, who is logged in, is
there a backup that would restore, is a disk filling up, which versions run.
Read when asked; nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import distinct, func, select, text
from sqlalchemy.orm import Session

from common.schemas.system_status import (
    BackupBriefOut,
    BackupKeyOut,
    BackupState,
    DatabaseRoleOut,
    DiskOut,
    SystemStatusOut,
)
from common.version import __version__
from server.db.migrate import current_revision, head_revision
from server.db.models import UserSession
from server.db.role_check import excess_rights
from server.services.core.params import auth_parameters
from server.services.operations import backup_catalog, backup_crypto, backups, offsite

_DATABASE = text(
    """
SELECT pg_database_size(current_database()) AS size,
       (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()) AS connections,
       current_setting('max_connections')::int AS max_connections,
       current_setting('server_version') AS version
"""
)


def _state(kept: backup_catalog.Kept) -> BackupState:
    if kept.verified:
        return BackupState.VERIFIED
    if backups.report_path(kept.dump).exists():
        return BackupState.VERIFICATION_FAILED
    return BackupState.NOT_VERIFIED


def _brief(kept: backup_catalog.Kept | None) -> BackupBriefOut | None:
    if kept is None:
        return None
    return BackupBriefOut(name=kept.dump.name, taken_at=kept.taken, state=_state(kept))


def disk(key: str, path: Path) -> DiskOut:
    """Free space of the file system ``path`` is on; a folder not made yet
    (no backup so far) is measured where it will be made."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    usage = shutil.disk_usage(existing)
    return DiskOut(key=key, path=str(path), total_bytes=usage.total, free_bytes=usage.free)


def status(
    session: Session,
    *,
    data_dir: Path,
    backup_dir: Path,
    backup_running: bool,
    started_at: dt.datetime,
    now: dt.datetime,
    copy_dir: Path | None = None,
    continuous: bool = False,
) -> SystemStatusOut:
    database = session.execute(_DATABASE).one()
    # live as sessions.authenticate judges them: not ended, past neither expiry
    idle = dt.timedelta(minutes=auth_parameters(session).session_idle_minutes)
    live = session.execute(
        select(func.count(), func.count(distinct(UserSession.user_id))).where(
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
            UserSession.last_seen_at > now - idle,
        )
    ).one()
    catalog = backup_catalog.catalog(backup_dir)
    revision = current_revision(session.connection())
    return SystemStatusOut(
        now=now,
        server_version=__version__,
        schema_revision=revision,
        schema_current=revision == head_revision(),
        postgres_version=str(database.version),
        database_bytes=int(database.size),
        connections=int(database.connections),
        max_connections=int(database.max_connections),
        active_sessions=int(live[0]),
        active_users=int(live[1]),
        last_verified_backup=_brief(next((kept for kept in catalog if kept.verified), None)),
        last_backup=_brief(next(iter(catalog), None)),
        backup_running=backup_running,
        disks=[disk("data", data_dir), disk("backups", backup_dir)],
        started_at=started_at,
        uptime_seconds=max(int((now - started_at).total_seconds()), 0),
        offsite=offsite.status(backup_dir, copy_dir, continuous=continuous, now=now),
        backup_key=key_status(data_dir),
        database_role=database_role(session),
    )


def database_role(session: Session) -> DatabaseRoleOut:
    """The role of this very connection: one that may get around the guards
    (superuser, owner) is shown red."""
    name, excess = excess_rights(session)
    return DatabaseRoleOut(name=name, excess=excess, warning=bool(excess))


def key_status(data_dir: Path) -> BackupKeyOut:
    """Whether the backup key's export was confirmed (backup_crypto.confirm)."""
    known = backup_crypto.state(data_dir)
    return BackupKeyOut(
        key_id=known["key_id"],
        exported_at=known.get("exported_at"),
        exported_to=known.get("exported_to"),
        confirmed_at=known.get("confirmed_at"),
        confirmed_by=known.get("confirmed_by"),
        warning=not known.get("confirmed_at"),
    )
