"""Alerts (告警, DOMAIN.md "Audit and monitoring"): what an administrator or
auditor should look at, read from the operation log and the backup files each
time they are asked for (nothing to keep in step): repeated failed logins on one
account, locked accounts, logins at night, large exports, changes to
permissions, failed backups and no recent verified backup, and an authenticator
secret found on an account it was not sealed for (written in the database
behind the server's back, server/services/accounts/login_secrets.py), and a server that
connects to the database as a superuser or owner (server/db/role_check.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.schemas.alerts import AlertKind, AlertOut
from server.db.role_check import excess_rights
from server.services.core.params import admin_parameters, auth_parameters
from server.services.ledger.reports import in_office_time
from server.services.operations import backup_catalog, wal_archive

FAILURE_WINDOW = "15 minutes"
NIGHT = (22, 7)  # from 22:00 to 07:00 office time
BACKUP_AGE = dt.timedelta(hours=36)
PERMISSION_ACTIONS = (
    "user.created",
    "user.access_changed",
    "user.second_factor_reset",
    "user.password_reset",
    "user.enabled",
    "approval_rule.created",
    "approval_rule.changed",
    "admin_request.approved",
    "parameter.changed",  # four eyes off, a laxer password policy …
    "restore.old_dropped",
)

_FAILURES = text(
    f"""
SELECT actor_name, max(at) AS at, count(*) AS failures
  FROM audit_log
 WHERE action = 'login.failed' AND at >= :since
 GROUP BY actor_name, date_bin(INTERVAL '{FAILURE_WINDOW}', at, TIMESTAMPTZ '2000-01-01')
HAVING count(*) >= :threshold
"""
)
_EVENTS = text(
    f"""
SELECT action, at, actor_name, target_id, after,
       extract(hour FROM {in_office_time("at")}) AS office_hour
  FROM audit_log
 WHERE at >= :since AND (
       action IN ('account.locked', 'auth.secret_tampered')
    OR action = ANY(:permissions)
    OR (action = 'login.succeeded' AND (extract(hour FROM {in_office_time("at")}) >= :night_from
                                        OR extract(hour FROM {in_office_time("at")}) < :night_to))
    OR (action IN ('export.documents', 'audit.exported')
        AND (after->>'rows')::int >= :large)
    OR action IN ('backup.failed', 'backup.verify_failed', 'backup.base_failed',
                  'backup.offsite_failed', 'restore.failed'))
 ORDER BY id DESC
 LIMIT 1000
"""
)


def alerts(session: Session, backup_folder: Path, *, now: dt.datetime, days: int) -> list[AlertOut]:
    since = now - dt.timedelta(days=days)
    found = [
        AlertOut(
            kind=AlertKind.FAILED_LOGINS,
            at=row.at,
            subject=row.actor_name,
            details={"failures": row.failures, "within_minutes": 15},
        )
        for row in session.execute(
            _FAILURES,
            {"since": since, "threshold": auth_parameters(session).lockout_threshold},
        )
    ]
    kinds = {
        "account.locked": AlertKind.ACCOUNT_LOCKED,
        "auth.secret_tampered": AlertKind.SECRET_TAMPERED,
        "login.succeeded": AlertKind.UNUSUAL_HOUR,
        "export.documents": AlertKind.LARGE_EXPORT,
        "audit.exported": AlertKind.LARGE_EXPORT,  # the operation log itself
        "backup.failed": AlertKind.BACKUP,
        "backup.verify_failed": AlertKind.BACKUP,
        "backup.base_failed": AlertKind.BACKUP,
        "backup.offsite_failed": AlertKind.BACKUP,
        "restore.failed": AlertKind.BACKUP,
    }
    params = {
        "since": since,
        "permissions": list(PERMISSION_ACTIONS),
        "night_from": NIGHT[0],
        "night_to": NIGHT[1],
        "large": admin_parameters(session).alert_export_rows,
    }
    for row in session.execute(_EVENTS, params):
        kind = kinds.get(row.action, AlertKind.PERMISSION_CHANGE)
        subject = row.target_id if kind in (AlertKind.BACKUP, AlertKind.PERMISSION_CHANGE) else ""
        details = {"action": row.action, **(row.after or {})}
        if kind is AlertKind.UNUSUAL_HOUR:
            details = {"office_hour": int(row.office_hour)}
        found.append(
            AlertOut(
                kind=kind,
                at=row.at,
                subject=subject or row.actor_name,
                details={**details, "by": row.actor_name},
            )
        )
    newest = next((kept for kept in backup_catalog.catalog(backup_folder) if kept.verified), None)
    if newest is None or now - newest.taken > BACKUP_AGE:
        found.append(
            AlertOut(
                kind=AlertKind.BACKUP,
                at=now,
                subject=newest.dump.name if newest else "",
                details={"problem": "no_recent_verified_backup", "hours": 36},
            )
        )
    found.extend(_archiving(session, backup_folder))
    name, excess = excess_rights(session)
    if excess:
        found.append(
            AlertOut(kind=AlertKind.DATABASE_ROLE, at=now, subject=name, details={"excess": excess})
        )
    return sorted(found, key=lambda alert: alert.at, reverse=True)


def _archiving(session: Session, backup_folder: Path) -> list[AlertOut]:
    """WAL archiving that keeps failing (a full or missing archive disk) loses the
    point-in-time protection and fills the database's own disk."""
    if not wal_archive.wal_folder(backup_folder).is_dir():
        return []
    row = session.execute(
        text(
            "SELECT last_failed_time, last_failed_wal, failed_count FROM pg_stat_archiver "
            "WHERE last_failed_time IS NOT NULL "
            "AND last_failed_time > coalesce(last_archived_time, '-infinity')"
        )
    ).first()
    if row is None:
        return []
    return [
        AlertOut(
            kind=AlertKind.BACKUP,
            at=row.last_failed_time,
            subject=row.last_failed_wal or "",
            details={"problem": "archiving_failing", "failures": int(row.failed_count)},
        )
    ]
