"""Carrying out an approved restore (数据恢复): maintenance mode, restore into
a new database, the checks (row counts against the manifest, the ledger
balanced, the operation log's hash chain), the schema brought up to date, then
the switch, the report and its row in the operation log.

The plan, its approval and the reports are server/services/operations/restores.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import connection as PgConnection
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session

from common.enums import Language
from common.errors import DomainError
from common.schemas.restores import (
    RESTORE_PLAN,
    RestoreReportOut,
    RestoreSource,
)
from server.db.engine import build_engine, privileged_url_of
from server.db.migrate import upgrade_to_head
from server.db.models import AdminRequest, User
from server.db.uow import UnitOfWork
from server.services.core import audit
from server.services.core.audit import verify_chain
from server.services.operations import backup_trust, backups, point_in_time, wal_archive
from server.services.operations.backup_crypto import BackupKey
from server.services.operations.maintenance import MaintenanceGate
from server.services.operations.restores import Plan, admin_url, save_report

log = logging.getLogger(__name__)


class RestoreFailed(Exception):
    pass


@dataclass
class _Findings:
    """The report as it is being filled in (the schema is immutable)."""

    checks: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    ledger: dict[str, str] = field(default_factory=dict)
    audit_records: int = 0
    old_database: str | None = None
    ok: bool = False


def _switch(maintenance_url: str, live: str, restored: str, old: str) -> None:
    """Rename the live database aside and the restored one into its place, in
    one transaction. Neither takes connections meanwhile — other server
    processes reconnect as soon as they can, and a connection would hold the
    rename up — and the sessions still on either are ended first."""
    connection = psycopg2.connect(maintenance_url)
    try:
        connection.autocommit = True
        _allow_connections(connection, (live, restored), allow=False)
        try:
            _rename(connection, live, restored, old)
        finally:
            _allow_connections(connection, (live, restored, old), allow=True)
    finally:
        connection.close()


def _allow_connections(connection: PgConnection, names: tuple[str, ...], *, allow: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (list(names),))
        for (name,) in cursor.fetchall():
            cursor.execute(
                sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
                    sql.Identifier(name), sql.SQL("true" if allow else "false")
                )
            )


def _rename(connection: PgConnection, live: str, restored: str, old: str) -> None:
    for attempt in range(5):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname IN (%s, %s) AND pid <> pg_backend_pid()",
                (live, restored),
            )
        connection.autocommit = False
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(live), sql.Identifier(old)
                    )
                )
                cursor.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(restored), sql.Identifier(live)
                    )
                )
            connection.commit()
        except psycopg2.errors.ObjectInUse:  # a session ended still exiting
            connection.rollback()
            if attempt == 4:
                raise
            time.sleep(0.5)
            continue
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.autocommit = True
        return


def _check(report: _Findings, url: str, manifest: backups.Manifest | None) -> None:
    """Row counts, ledger and operation log of the restored copy, against the
    backup's manifest when there is one."""
    engine = build_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            counts, ledger, _ = backups.snapshot_of(connection)
        with Session(engine) as session:
            chain = verify_chain(session)
    finally:
        engine.dispose()
    report.row_counts, report.ledger, report.audit_records = counts, ledger, chain.records
    report.checks["audit_chain"] = chain.ok
    if not chain.ok:
        report.problems.append(f"operation log broken at record {chain.first_bad_id}")
    report.checks["ledger_balanced"] = ledger["debit"] == ledger["credit"]
    if not report.checks["ledger_balanced"]:
        report.problems.append(f"ledger out of balance: {ledger}")
    if manifest is not None:
        verified = backups.VerifyReport(backup=manifest.file, verified_at="", ok=False)
        backups.compare(verified, manifest, make_url(url))
        report.checks.update(verified.checks)
        report.problems.extend(verified.problems)


def _end_sessions(restored: Engine, live: Engine, at: dt.datetime) -> None:
    """A session of the restored moment lives on only if it is live now: one
    logged out, revoked or ended since (a lock, a password reset) must not come
    back to life with the old data. Those still working keep working."""
    with live.connect() as connection:
        alive = list(
            connection.execute(
                text(
                    "SELECT token_hash FROM sessions WHERE revoked_at IS NULL AND expires_at > :at"
                ),
                {"at": at},
            ).scalars()
        )
    with restored.begin() as connection:
        connection.execute(
            text(
                "UPDATE sessions SET revoked_at = :at, revoked_reason = 'restore' "
                "WHERE revoked_at IS NULL AND NOT (token_hash = ANY(:alive))"
            ),
            {"at": at, "alive": alive},
        )


def carry_out(
    engine: Engine,
    plan: Plan,
    *,
    folder: Path,
    gate: MaintenanceGate,
    now: Callable[[], dt.datetime],
    actor: audit.Actor,
    origin: audit.Origin,
    progress: Callable[[str], None] = lambda phase: None,
    key: BackupKey | None = None,
    allow_plain: bool = False,
) -> RestoreReportOut:
    """Maintenance on (every server process: maintenance.py), restore into a new
    database, check, migrate, switch (maintenance carried into the restored
    database first), maintenance off; the report, also saved. Nothing of the live database changes
    unless every check passed. A plain dump or an unsigned manifest is refused
    while this server has a backup key, unless ``allow_plain`` (the CLI's
    ``--allow-plain``, for backups of older servers)."""
    started = time.monotonic()
    live_url = privileged_url_of(engine)  # the restored copy is made and migrated as owner
    live = engine.url.database or ""
    stamp = now().strftime("%Y%m%d%H%M%S")
    restored, old = f"{live}_restore_{stamp}"[:63], f"{live}_before_{stamp}"[:63]
    maintenance_url = admin_url(engine)
    began = now()
    report = _Findings()
    made = switched = False
    recovered: Path | None = None

    def phase(name: str) -> None:
        gate.update({"reason": "restore", "plan": plan.id, "phase": name})
        progress(name)

    gate.enter({"reason": "restore", "plan": plan.id, "phase": "prepare"})
    try:
        backup_trust.sweep_leftovers(folder)  # ours alone now: nobody else restores
        manifest: backups.Manifest | None = None
        if plan.source is RestoreSource.BACKUP:
            phase("checksum")
            dump = folder / (plan.backup or "")
            manifest = backups.Manifest.load(backups.manifest_path(dump))
            report.checks["checksum"] = backups.sha256_of(dump) == manifest.sha256
            if not report.checks["checksum"]:
                raise RestoreFailed("the backup's SHA-256 differs from its manifest: damaged")
            try:
                backup_trust.check(dump, manifest, key, report.checks, allow_plain=allow_plain)
            except DomainError as refused:  # no key, another key, a planted or edited file
                raise RestoreFailed(refused.message(Language.EN)) from None
        else:
            phase("recover")
            # whatever the moment, the archive first gets everything written so far
            reached = wal_archive.archived_up_to_now(live_url, wal_archive.wal_folder(folder))
            recovered = folder / "restores" / f"pitr-{plan.key}.dump"
            recovered.parent.mkdir(parents=True, exist_ok=True)
            dump = point_in_time.recover_dump(
                folder, plan.target_time, live, recovered, target_lsn=reached
            )
        phase("restore")
        backups.create_database(maintenance_url, restored)
        made = True
        restored_url = (
            make_url(live_url).set(database=restored).render_as_string(hide_password=False)
        )
        try:
            failed = backups.pg_restore(dump, backups.libpq_url(restored_url), key)
        except DomainError as damaged:  # a chunk of the encrypted dump failed its check
            report.checks["decrypt"] = False
            raise RestoreFailed(damaged.message(Language.EN)) from None
        report.checks["restore"] = failed is None
        if failed is not None:
            raise RestoreFailed(failed)
        phase("verify")
        _check(report, restored_url, manifest)
        if not all(report.checks.values()):
            raise RestoreFailed("the restored copy does not match: " + "; ".join(report.problems))
        phase("migrate")
        migrating = build_engine(restored_url, pool_size=1)
        try:
            upgrade_to_head(migrating)
            _end_sessions(migrating, engine, now())
        finally:
            migrating.dispose()
        phase("switch")  # every server process lets go of its connections
        carrying = build_engine(restored_url, pool_size=1)
        try:
            gate.carry_into(carrying)  # maintenance goes on in the restored database
        finally:
            carrying.dispose()
        engine.dispose()
        _switch(maintenance_url, live, restored, old)
        switched = True
        engine.dispose()
        report.old_database = old
        report.ok = True
    except Exception as exc:
        log.exception("restore of plan %s failed", plan.id)
        if not isinstance(exc, RestoreFailed) or str(exc) not in report.problems:
            report.problems.append(str(exc)[:800])
    finally:
        if made and not switched:
            try:
                backups.drop_database(maintenance_url, restored)
            except psycopg2.Error:
                log.exception("could not drop the unfinished restore %s", restored)
        if recovered is not None:
            recovered.unlink(missing_ok=True)
        out = RestoreReportOut(
            plan_id=plan.id,
            plan_key=plan.key,
            source=plan.source,
            backup=plan.backup,
            target_time=plan.target_time,
            started_at=began,
            finished_at=now(),
            seconds=round(time.monotonic() - started, 1),
            **asdict(report),
        )
        try:
            save_report(folder, out)
            _log(engine, out, plan, actor, origin, now(), allow_plain=allow_plain)
        finally:
            gate.leave()
    return out


def _keep_plan(session: Session, plan: Plan, engine: Engine) -> None:
    """The restored data predates the plan that restored it: put the approved
    plan back, so 双人复核 shows what authorised the restore and its number is
    not given to another request. Left out only if its administrators did not
    exist yet at the restored moment (the operation log keeps it either way)."""
    record = plan.record
    if record is None:
        return
    admins = (record["requested_by"], record["decided_by"])
    if any(user_id is None or session.get(User, user_id) is None for user_id in admins):
        return
    there = session.get(AdminRequest, plan.id)
    if there is None:
        _skip_numbers_to(engine, plan.id)
        session.add(AdminRequest(**record))
    elif there.action == RESTORE_PLAN and (there.payload or {}).get("key") == plan.key:
        for column in ("state", "decided_by", "decided_at", "decision_note"):
            setattr(there, column, record[column])
    else:
        return
    session.flush()


def _skip_numbers_to(engine: Engine, request_id: int) -> None:
    """Move the requests' counter past the plan's number, never back: setval is
    the owner's (or superuser's) alone, the server's role may only draw numbers."""
    connection = psycopg2.connect(backups.libpq_url(privileged_url_of(engine)))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(s, greatest(coalesce(pg_sequence_last_value(s), 0), %s))"
                " FROM (SELECT pg_get_serial_sequence('admin_requests', 'id')::regclass AS s) q",
                (request_id,),
            )
    finally:
        connection.close()


def _log(
    engine: Engine,
    report: RestoreReportOut,
    plan: Plan,
    actor: audit.Actor,
    origin: audit.Origin,
    at: dt.datetime,
    *,
    allow_plain: bool = False,
) -> None:
    """Into the database that is live now: the restored one after a switch."""
    try:
        with UnitOfWork(engine).transaction() as session:
            if report.ok:
                _keep_plan(session, plan, engine)
            audit.record(
                session,
                actor,
                "restore.completed" if report.ok else "restore.failed",
                origin=origin,
                at=at,
                target_type="admin_request",
                target_id=plan.id,
                after={
                    "plan_key": plan.key,
                    "source": plan.source.value,
                    "backup": plan.backup,
                    "target_time": plan.target_time.isoformat() if plan.target_time else None,
                    "reason": plan.reason,
                    "requested_by": plan.requested_by,
                    "approved_by": plan.approved_by,
                    "old_database": report.old_database,
                    "checks": report.checks,
                    "problems": report.problems,
                    "allow_plain": allow_plain,  # the operator accepted a plain/unsigned backup
                },
            )
    except Exception:
        log.exception("could not log the restore of plan %s", plan.id)
