"""Backups run by the server: on demand from the admin console and nightly.

One run at a time, in a thread of its own: back up, log it, verify (test
restore and comparison), log that, and after a verified backup apply retention.
The nightly run is due once a day after the parameter ``backup_daily_at``
(office time); a scheduler asks every few minutes whether it is due, so a server
that was down at that hour catches up when it comes back, and a changed hour
holds from the next check. What ran is in the files (backup_catalog.catalog) and in
the operation log.

Several server processes (and hosts) may serve one database: a run holds an
advisory lock (process_locks.BACKUP_RUN), so one backup or restore runs at a
time whichever process was asked; the run in progress is a row every process
shows alike (BackupRunState); and only the process holding the schedule lock
checks whether the nightly backup is due — if it dies, the next process to
check takes the schedule over.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from common.errors import DomainError
from common.schemas.backups import BackupOut, BackupRunOut, RunState
from server.clock import Clock
from server.db.engine import privileged_url_of
from server.db.models import BackupRunState
from server.db.uow import UnitOfWork
from server.services.core import audit
from server.services.core.params import admin_parameters
from server.services.core.working_days import OFFICE_TZ
from server.services.operations import (
    backup_catalog,
    backup_trust,
    backups,
    offsite,
    process_locks,
    restore_run,
    restores,
    wal_archive,
)
from server.services.operations.backup_crypto import BackupKey
from server.services.operations.maintenance import MaintenanceGate

log = logging.getLogger(__name__)

CHECK_SECONDS = 300
INTERRUPTED = "interrupted: the server process running it stopped"


@dataclass(frozen=True)
class Where:
    folder: Path
    copy_to: Path | None
    continuous: bool = False  # WAL archiving on: take base backups too
    key: BackupKey | None = None  # encrypts the backups (backup_crypto)


class BackupRunner:
    """Backups and restores, one at a time."""

    def __init__(
        self, engine: Engine, where: Where, clock: Clock, gate: MaintenanceGate | None = None
    ) -> None:
        self._engine = self.engine = engine
        self._uow = UnitOfWork(engine)
        self._where = where
        self._clock = clock
        self.gate = gate or MaintenanceGate(engine)
        self._lock = threading.Lock()
        self._run = BackupRunOut(state=RunState.IDLE)
        self._thread: threading.Thread | None = None
        self._scheduler: BackgroundScheduler | None = None
        self._running = process_locks.HeldLock(engine, process_locks.BACKUP_RUN)
        self._schedule_lock = process_locks.HeldLock(engine, process_locks.BACKUP_SCHEDULE)
        self._owner = f"{socket.gethostname()}:{os.getpid()}"
        self._shipping_stop = threading.Event()
        # Called with each restore phase once the console can see it: None in
        # production; a test holds a restore there to watch it mid-way for certain.
        self.phase_hold: Callable[[str], None] | None = None
        self.sweep()  # what a process killed mid-way left: never a plain copy lying about

    def sweep(self) -> None:
        """Remove decrypted leftovers; those of a restore only while none runs."""
        backup_trust.sweep_leftovers(self._where.folder, restoring=self.gate.state() is not None)

    # -- what the console sees ---------------------------------------------
    @property
    def where(self) -> Where:
        return self._where

    def current(self) -> BackupRunOut:
        """The run in progress or last run, whichever process runs it: this
        process's own from memory, another's from the shared row (RUNNING
        there while nobody holds the run lock: that process died)."""
        with self._lock:
            if self._run.state is RunState.RUNNING:
                return self._run
        try:
            with self._engine.connect() as connection:
                row = connection.execute(select(BackupRunState.run)).scalar_one_or_none()
                if row is None:
                    return self._run
                shared = BackupRunOut.model_validate(row)
                if shared.state is RunState.RUNNING and not process_locks.held_by_anyone(
                    connection, process_locks.BACKUP_RUN
                ):
                    return shared.model_copy(
                        update={"state": RunState.FAILED, "problems": [INTERRUPTED]}
                    )
                return shared
        except SQLAlchemyError:  # the database away (a restore's switch): what we know
            with self._lock:
                return self._run

    def listing(self) -> list[BackupOut]:
        found = []
        for kept in backup_catalog.catalog(self._where.folder):
            report = backups.report_path(kept.dump)
            checked = report.exists()
            verification = json.loads(report.read_text()) if checked else {}
            found.append(
                BackupOut(
                    name=kept.dump.name,
                    taken_at=kept.taken,
                    bytes=kept.dump.stat().st_size,
                    verified=kept.verified,
                    verification_failed=checked and not kept.verified,
                    verified_at=verification.get("verified_at"),
                    problems=verification.get("problems", []),
                )
            )
        return found

    # -- starting ------------------------------------------------------------
    def start(self, actor: audit.Actor, *, trigger: str, origin: audit.Origin) -> BackupRunOut:
        with self._lock:
            if self._run.state is RunState.RUNNING:
                raise DomainError("backup.running", status=409)
            if self.gate.state() is not None:
                raise DomainError("restore.busy", status=409)
            if not self._running.try_take():  # another process runs one
                raise DomainError("backup.running", status=409)
            now = self._clock.now()
            self._run = BackupRunOut(
                state=RunState.RUNNING, phase="backup", trigger=trigger, started_at=now
            )
            self._share()
            self._thread = threading.Thread(
                target=self._work, args=(actor, origin), name="backup", daemon=True
            )
            self._thread.start()
            return self._run

    def wait(self, timeout: float | None = None) -> None:
        """For tests and the CLI: until the run in progress ends."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def due(self, now: dt.datetime) -> bool:
        """Whether the nightly backup is due: past today's hour, none since."""
        with self._uow.transaction() as session:
            at = admin_parameters(session).backup_daily_at
        local = now.astimezone(OFFICE_TZ)
        hour, minute = (int(part) for part in at.split(":"))
        since = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if local < since:
            return False
        newest = next(iter(backup_catalog.catalog(self._where.folder)), None)
        if self._where.continuous and not wal_archive.base_backups(self._where.folder):
            return True  # archiving without a base backup protects nothing yet
        return newest is None or newest.taken < since

    def run_if_due(self) -> None:
        """One scheduled check, by the process holding the schedule lock only."""
        try:
            if not self._holds_schedule():
                return
            now = self._clock.now()
            due = self.current().state is not RunState.RUNNING and self.due(now)
            log.debug("nightly backup checked: %s", "due" if due else "not due")
            if due:
                self.start(audit.SYSTEM, trigger="schedule", origin=audit.Origin(host="scheduler"))
        except DomainError as busy:  # a run started elsewhere in the meantime
            log.info("scheduled backup not started: %s", busy.code)
        except Exception:  # the scheduler must keep going; the log says why
            log.exception("scheduled backup check failed")

    def _holds_schedule(self) -> bool:
        if self._schedule_lock.holding():
            return True
        if self._schedule_lock.try_take():
            log.info("this process (%s) now runs the backup schedule", self._owner)
            return True
        log.debug("the backup schedule is run by another server process")
        return False

    def schedule(self, every_s: float = CHECK_SECONDS) -> None:
        """Check every ``every_s`` seconds (the first time after ``every_s``)."""
        self._scheduler = BackgroundScheduler(timezone=dt.UTC)
        self._scheduler.add_job(
            self.run_if_due,
            "interval",
            seconds=every_s,
            id="nightly-backup",
        )
        self._scheduler.start()

    def stop(self) -> None:
        self._shipping_stop.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        self._schedule_lock.release()

    # -- the run -------------------------------------------------------------
    def _set(self, **changes: object) -> None:
        with self._lock:
            self._run = self._run.model_copy(update=changes)
            self._share()
            if self._run.state is not RunState.RUNNING:
                self._running.release()

    def _share(self) -> None:
        """The run as every process shows it; while the database is away (a
        restore's switch) only this process knows, until the next phase."""
        try:
            with self._uow.transaction() as session:
                session.execute(
                    update(BackupRunState)
                    .where(BackupRunState.id == 1)
                    .values(run=self._run.model_dump(mode="json"), owner=self._owner)
                )
        except SQLAlchemyError:
            log.warning("could not share the backup run's state: database unavailable")

    def _work(self, actor: audit.Actor, origin: audit.Origin) -> None:
        try:
            self.sweep()
            dump, manifest = backups.backup(
                self._engine,
                self._where.folder,
                now=self._clock.now(),
                copy_to=self._where.copy_to,
                key=self._where.key,
            )
            self._log(actor, origin, "backup.created", dump.name, {"sha256": manifest.sha256})
            self._set(phase="verify", backup=dump.name)
            url = privileged_url_of(self._engine)  # makes a scratch database
            report = backups.verify(dump, url, now=self._clock.now(), key=self._where.key)
            action = "backup.verified" if report.ok else "backup.verify_failed"
            self._log(actor, origin, action, dump.name, {"problems": report.problems})
            removed: list[Path] = []
            if self._where.continuous:
                self._set(phase="base")
                self._base_backup(actor, origin)
            if report.ok:
                with self._uow.transaction() as session:
                    keep = admin_parameters(session)
                removed = backup_catalog.apply_retention(
                    self._where.folder,
                    daily=keep.backup_keep_daily,
                    weekly=keep.backup_keep_weekly,
                )
            if self._where.copy_to is not None:  # the report goes along; retention holds there
                offsite.mirror_dump(dump, self._where.copy_to, removed)
            self._set(
                state=RunState.DONE if report.ok else RunState.FAILED,
                phase="done",
                finished_at=self._clock.now(),
                problems=report.problems,
                removed=[gone.name for gone in removed],
            )
        except Exception as exc:
            log.exception("backup failed")
            self._set(
                state=RunState.FAILED,
                phase="done",
                finished_at=self._clock.now(),
                problems=[str(exc)[:500]],
            )
            self._log(actor, origin, "backup.failed", "", {"error": str(exc)[:500]})

    def _base_backup(self, actor: audit.Actor, origin: audit.Origin) -> None:
        """The starting point of point-in-time restores; older ones and the
        archive segments only they needed go."""
        url = privileged_url_of(self._engine)  # pg_basebackup needs REPLICATION
        try:
            base = wal_archive.take_base_backup(url, self._where.folder)
        except backups.BackupError as exc:
            self._log(actor, origin, "backup.base_failed", "", {"error": str(exc)[:500]})
            return
        wal_archive.prune(self._where.folder)
        self._log(actor, origin, "backup.base_created", base.path.name, {"bytes": base.bytes})
        copy_to, key = self._where.copy_to, self._where.key
        if copy_to is None or key is None:
            return
        try:  # the segments first: a base backup is of no use without them
            offsite.ship_wal(self._where.folder, copy_to, key)
            sealed = offsite.ship_base(base, copy_to, key)
        except OSError as exc:
            self._log(actor, origin, "backup.offsite_failed", base.path.name, {"error": str(exc)})
            return
        self._log(actor, origin, "backup.base_shipped", sealed.name, {"to": str(copy_to)})

    # -- the second location ---------------------------------------------------
    def start_shipping(self, every_s: float) -> None:
        """Ship archived WAL segments to the second location every ``every_s``
        seconds (with continuous protection and a second location only)."""
        if self._where.copy_to is None or self._where.key is None or not self._where.continuous:
            return
        self._shipping_stop.clear()
        threading.Thread(
            target=self._ship_loop, args=(every_s,), name="offsite", daemon=True
        ).start()

    def _ship_loop(self, every_s: float) -> None:
        while not self._shipping_stop.wait(every_s):
            self.ship_offsite()

    def ship_offsite(self) -> list[str]:
        """The segments shipped now; a failure is logged and retried next time
        (系统状态 shows the second location falling behind)."""
        copy_to, key = self._where.copy_to, self._where.key
        if copy_to is None or key is None:
            return []
        try:
            return offsite.ship_wal(self._where.folder, copy_to, key)
        except OSError:
            log.exception("shipping WAL segments to %s failed", copy_to)
            return []

    # -- restores --------------------------------------------------------------
    def restore(self, plan_id: int, actor: audit.Actor, origin: audit.Origin) -> BackupRunOut:
        """Carry out an approved restore plan in the background."""
        with self._lock:
            if self._run.state is RunState.RUNNING or self.gate.state() is not None:
                raise DomainError("restore.busy", status=409)
            if not self._running.try_take():  # a backup or restore runs elsewhere
                raise DomainError("restore.busy", status=409)
            self._run = BackupRunOut(
                state=RunState.RUNNING,
                phase="prepare",
                trigger="restore",
                started_at=self._clock.now(),
                plan_id=plan_id,
            )
            self._share()
            self._thread = threading.Thread(
                target=self._restore, args=(plan_id, actor, origin), name="restore", daemon=True
            )
            self._thread.start()
            return self._run

    def _restore(self, plan_id: int, actor: audit.Actor, origin: audit.Origin) -> None:
        try:
            # maintenance first: the approving request ends (commits) before the plan is read
            self.gate.enter({"reason": "restore", "plan": plan_id, "phase": "prepare"})
        except DomainError as refused:  # another process is restoring: its maintenance stays
            self._set(
                state=RunState.FAILED,
                phase="done",
                finished_at=self._clock.now(),
                problems=[refused.code],
            )
            return
        try:
            with self._uow.transaction() as session:
                plan = restores.approved_plan(session, plan_id, self._where.folder)
            report = restore_run.carry_out(
                self._engine,
                plan,
                folder=self._where.folder,
                gate=self.gate,
                now=self._clock.now,
                actor=actor,
                origin=origin,
                progress=self._restore_phase,
                key=self._where.key,
            )
            self._set(
                state=RunState.DONE if report.ok else RunState.FAILED,
                phase="done",
                finished_at=self._clock.now(),
                problems=report.problems,
            )
        except Exception as exc:
            log.exception("restore failed")
            self.gate.leave()
            self._set(
                state=RunState.FAILED,
                phase="done",
                finished_at=self._clock.now(),
                problems=[str(getattr(exc, "code", "")) or str(exc)[:500]],
            )

    def _restore_phase(self, phase: str) -> None:
        self._set(phase=phase)
        if self.phase_hold is not None:
            self.phase_hold(phase)

    def _log(
        self,
        actor: audit.Actor,
        origin: audit.Origin,
        action: str,
        name: str,
        details: dict[str, object],
    ) -> None:
        with self._uow.transaction() as session:
            audit.record(
                session,
                actor,
                action,
                origin=origin,
                at=self._clock.now(),
                target_type="backup",
                target_id=name,
                after=details,
            )
