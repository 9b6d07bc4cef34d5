"""Restores (数据恢复), planned by one administrator and approved by another.

A plan names a full backup, or a moment for a point-in-time restore, and why.
It is a four-eyes request (server/services/accounts/four_eyes.py) whatever the
``four_eyes`` parameter says: once a second administrator approves, the server
enters maintenance mode, restores into a NEW database, checks it (row counts
against the backup's manifest, the ledger balanced, the operation log's hash
chain), brings its schema up to date, and only then switches: the live database
is renamed aside (kept until an administrator drops it) and the restored one
takes its name, both in one transaction. The report goes into the backup area
(``restores/<plan key>.json``): it must outlive the database it describes.

This module is the plan, its approval, the reports and the old databases kept
aside; carrying a plan out is server/services/operations/restore_run.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.admin_requests import RequestState
from common.schemas.restores import (
    RESTORE_PLAN,
    CoverageOut,
    OldDatabaseOut,
    RestorePlanIn,
    RestoreReportOut,
    RestoreSource,
    RestoresOut,
)
from server.db.engine import privileged_url_of
from server.db.models import AdminRequest, User
from server.services.accounts import four_eyes
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.working_days import OFFICE_TZ
from server.services.operations import backups, wal_archive

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    id: int
    key: str  # names the report; ids are not unique across restored databases
    source: RestoreSource
    backup: str | None
    target_time: dt.datetime | None
    reason: str
    requested_by: str
    approved_by: str | None
    record: dict[str, Any] | None = None  # the request's row, to carry into the restored data

    @classmethod
    def of(cls, session: Session, request: AdminRequest) -> Plan:
        payload = request.payload or {}

        def name(user_id: int | None) -> str | None:
            user = session.get(User, user_id) if user_id else None
            return user.username if user else None

        target = payload.get("target_time")
        return cls(
            id=request.id,
            key=str(payload["key"]),
            source=RestoreSource(payload["source"]),
            backup=payload.get("backup"),
            target_time=dt.datetime.fromisoformat(target) if target else None,
            reason=request.reason,
            requested_by=name(request.requested_by) or "",
            approved_by=name(request.decided_by),
            record={
                column: getattr(request, column)
                for column in (
                    "id",
                    "action",
                    "target",
                    "payload",
                    "reason",
                    "state",
                    "requested_by",
                    "requested_at",
                    "decided_by",
                    "decided_at",
                    "decision_note",
                )
            },
        )


# -- planning ------------------------------------------------------------------
def check(plan: RestorePlanIn, folder: Path, now: dt.datetime) -> None:
    """Whether the plan can be carried out with what is in the backup area now."""
    if len(plan.reason.strip()) < 2:
        raise DomainError("restore.reason_required", status=422, field="reason")
    if plan.source is RestoreSource.BACKUP:
        if not plan.backup:
            raise DomainError("restore.backup_required", status=422, field="backup")
        dump = folder / plan.backup
        if Path(plan.backup).name != plan.backup or not backups.manifest_path(dump).exists():
            raise DomainError("restore.backup_missing", status=422, backup=plan.backup)
        return
    span = wal_archive.coverage(folder)
    if span.earliest is None or span.latest is None:
        raise DomainError("restore.no_archive", status=422, field="target_time")
    if plan.target_time is not None and not span.earliest <= plan.target_time <= now:
        raise DomainError(
            "restore.time_out_of_range",
            status=422,
            field="target_time",
            earliest=_office(span.earliest),
            latest=_office(now),
        )


def _office(moment: dt.datetime) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M:%S")


def describe(plan: RestorePlanIn) -> str:
    """The plan's target as the request lists show it."""
    if plan.source is RestoreSource.BACKUP:
        return f"backup:{plan.backup}"
    moment = plan.target_time.isoformat(timespec="seconds") if plan.target_time else "latest"
    return f"point_in_time:{moment}"


def submit(
    session: Session,
    auth: Authenticated,
    plan: RestorePlanIn,
    folder: Path,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AdminRequest:
    check(plan, folder, now)
    payload: dict[str, Any] = {
        "key": secrets.token_hex(8),
        "source": plan.source.value,
        "backup": plan.backup,
        "target_time": plan.target_time.isoformat() if plan.target_time else None,
    }
    return four_eyes.submit(
        session,
        auth,
        RESTORE_PLAN,
        describe(plan),
        plan.reason.strip(),
        origin=origin,
        now=now,
        payload=payload,
    )


def approved_plan(session: Session, request_id: int, folder: Path) -> Plan:
    """An approved restore plan not yet carried out — the only kind that may run."""
    request = session.scalars(select(AdminRequest).where(AdminRequest.id == request_id)).first()
    if request is None:
        raise DomainError("admin_request.not_found", status=404, id=request_id)
    if request.action != RESTORE_PLAN:
        raise DomainError("restore.not_a_plan", status=409, id=request_id)
    if request.state != RequestState.APPROVED.value:
        raise DomainError("restore.not_approved", status=409, id=request_id)
    plan = Plan.of(session, request)
    done = report_file(folder, plan.key)
    if done.exists() and json.loads(done.read_text()).get("ok"):
        raise DomainError("restore.already_done", status=409, id=request_id)
    return plan


# -- reports -------------------------------------------------------------------
def report_file(folder: Path, key: str) -> Path:
    return folder / "restores" / f"{key}.json"


def save_report(folder: Path, report: RestoreReportOut) -> None:
    path = report_file(folder, report.plan_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    partial.replace(path)  # never half a report


def reports(folder: Path) -> list[RestoreReportOut]:
    found = []
    for path in (folder / "restores").glob("*.json"):
        try:
            found.append(RestoreReportOut.model_validate_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            log.warning("unreadable restore report %s", path)
    return sorted(found, key=lambda report: report.started_at, reverse=True)


def coverage(folder: Path) -> CoverageOut:
    span = wal_archive.coverage(folder)
    return CoverageOut(earliest=span.earliest, latest=span.latest)


def overview(folder: Path, engine: Engine) -> RestoresOut:
    try:
        kept = old_databases(engine)
    except SQLAlchemyError:  # in the middle of a switch
        kept = []
    return RestoresOut(coverage=coverage(folder), reports=reports(folder), old_databases=kept)


# -- old databases -------------------------------------------------------------
def admin_url(engine: Engine) -> str:
    """Creating, renaming and dropping databases: the owner's or superuser's."""
    return backups.libpq_url(privileged_url_of(engine), "postgres")


def old_databases(engine: Engine) -> list[OldDatabaseOut]:
    live = engine.url.database or ""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT datname, pg_database_size(datname) FROM pg_database "
                "WHERE starts_with(datname, :prefix) ORDER BY datname DESC"
            ),
            {"prefix": f"{live}_before_"},
        ).all()
    return [OldDatabaseOut(name=name, bytes=size) for name, size in rows]


def drop_old_database(
    engine: Engine,
    session: Session,
    auth: Authenticated,
    name: str,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    if name not in {old.name for old in old_databases(engine)}:
        raise DomainError("restore.old_database_missing", status=404, name=name)
    backups.drop_database(admin_url(engine), name)
    audit.record(
        session,
        auth.actor,
        "restore.old_dropped",
        origin=origin,
        at=now,
        target_type="database",
        target_id=name,
    )
