"""Backup, verification, full restore (RTO) and point-in-time restore of the
bench data set (bench/load_data.py, 1,000,000 vouchers).

    .venv/bin/python -m bench.restore --data-dir /tmp/cs-bench

Runs the real code paths of server/services: a full backup (pg_dump) and its
verification; a base backup (pg_basebackup + pg_verifybackup) with WAL
archiving on (the embedded PostgreSQL is switched to it on first start); a
restore of the full backup into a new database with checks, migration and the
switch-over (``restore_s``, the recovery time); then, after a few more
documents, a point-in-time restore to a moment between them (``pitr_s``: replay
of the archive in a scratch cluster, dump, restore, checks, switch). The plans
are built directly — four eyes is the console's business, not the timing's.
Old databases and the files made here are removed afterwards. The last line is one
JSON object of the figures in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import shutil
import time
from pathlib import Path

from sqlalchemy import Engine, text

from common.schemas.restores import RestoreSource
from server.db.engine import privileged_url_of
from server.db.uow import UnitOfWork
from server.runtime import open_database
from server.services.core import audit
from server.services.operations import backups, restore_run, restores, wal_archive
from server.services.operations.maintenance import MaintenanceGate
from server.settings import ServerSettings

ACTOR = audit.Actor(None, "bench")
ORIGIN = audit.Origin(host="bench")


def plan(source: RestoreSource, **where: object) -> restores.Plan:
    return restores.Plan(
        id=0,
        key=secrets.token_hex(8),
        source=source,
        backup=where.get("backup"),  # type: ignore[arg-type]
        target_time=where.get("target_time"),  # type: ignore[arg-type]
        reason="bench",
        requested_by="bench",
        approved_by="bench",
    )


def mark(engine: Engine, label: str) -> None:
    """A row to find again: one audit record (cheap, and chained like any other)."""
    with UnitOfWork(engine).transaction() as session:
        audit.record(
            session,
            ACTOR,
            "bench.mark",
            origin=ORIGIN,
            at=dt.datetime.now(dt.UTC),
            target_type="bench",
            target_id=label,
        )


def marks(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT target_id FROM audit_log WHERE action = 'bench.mark'")
        ).scalars()
        return set(rows)


def carry_out(engine: Engine, folder: Path, data_dir: Path, chosen: restores.Plan) -> float:
    started = time.perf_counter()
    report = restore_run.carry_out(
        engine,
        chosen,
        folder=folder,
        gate=MaintenanceGate(engine),
        now=lambda: dt.datetime.now(dt.UTC),
        actor=ACTOR,
        origin=ORIGIN,
    )
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"restore failed: {report.problems}")
    backups.drop_database(
        backups.libpq_url(privileged_url_of(engine), "postgres"),
        report.old_database or "",
    )
    return elapsed


def tidy(folder: Path) -> None:
    """Remove what this run made (the archive stays where PostgreSQL writes it)."""
    for area in ("base", "restores"):
        shutil.rmtree(folder / area, ignore_errors=True)
    for made in folder.glob("countersign-*"):
        if made.is_dir():  # a scratch cluster left by an interrupted run
            shutil.rmtree(made, ignore_errors=True)
        else:
            made.unlink()
    for segment in wal_archive.wal_folder(folder).glob("0*"):
        segment.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    if not (args.data_dir / "bench-users.json").exists():
        raise SystemExit(f"{args.data_dir} is not a bench data set (bench/load_data.py)")
    # this data directory's own embedded database and backup area, whatever the
    # environment or a configuration file say: this restores over the database
    settings = ServerSettings(data_dir=args.data_dir, database_url=None, backup_dir=None)
    folder = settings.backups  # the server's own backup area: archiving goes there
    figures: dict[str, object] = {}
    try:
        with open_database(settings) as engine:
            url = privileged_url_of(engine)  # verification and base backups
            started = time.perf_counter()
            dump, manifest = backups.backup(engine, folder, now=dt.datetime.now(dt.UTC))
            backup_s = time.perf_counter() - started
            figures["backup_s"] = round(backup_s, 1)
            started = time.perf_counter()
            verified = backups.verify(dump, url, now=dt.datetime.now(dt.UTC))
            verify_s = time.perf_counter() - started
            figures["verify_s"] = round(verify_s, 1)
            started = time.perf_counter()
            base = wal_archive.take_base_backup(url, folder)
            figures["base_backup_s"] = round(time.perf_counter() - started, 1)
            figures["base_backup_mb"] = round(base.bytes / 2**20, 1)

            mark(engine, "after-backup")
            figures["restore_s"] = round(
                carry_out(
                    engine, folder, args.data_dir, plan(RestoreSource.BACKUP, backup=dump.name)
                ),
                1,
            )
            restored_ok = "after-backup" not in marks(engine)

            mark(engine, "before-moment")
            time.sleep(1.5)
            moment = dt.datetime.now(dt.UTC)
            time.sleep(1.5)
            mark(engine, "after-moment")
            figures["pitr_s"] = round(
                carry_out(
                    engine,
                    folder,
                    args.data_dir,
                    plan(RestoreSource.POINT_IN_TIME, target_time=moment),
                ),
                1,
            )
            found = marks(engine)
            figures.update(
                database_mb=round(manifest.database_bytes / 2**20, 1),
                documents=manifest.row_counts.get("documents"),
                voucher_lines=manifest.row_counts.get("voucher_lines"),
                verified=verified.ok,
                restore_returned_backup=restored_ok,
                pitr_returned_moment="before-moment" in found and "after-moment" not in found,
                backup_and_verify_s=round(backup_s + verify_s, 1),
            )
    finally:
        tidy(folder)
    for key, value in figures.items():
        print(f"{key:26} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
