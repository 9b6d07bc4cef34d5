"""An export worker's part of a job: claim it, write it, keep the lease, finish.

A worker claims the oldest queued job with ``SELECT … FOR UPDATE SKIP LOCKED``
in a short transaction that names it as the job's worker: two workers never
claim one job (the second skips the locked row, or finds it running). While it
writes, the worker keeps ``heartbeat_at`` fresh — every batch of rows, and its
process's housekeeping every few seconds — on the database's clock, which is
the same for every host. Every later write of the worker is conditional on the
job still being running *and its own*, so a worker that lost its job (its lease
ran out) changes nothing of it and leaves no file.

Its progress is saved every STREAM_BATCH rows in a short transaction; the same
moment tells it whether the owner cancelled or their session ended, so a
stopped export stops within a batch and leaves no file.

Recovery: a running job whose heartbeat is older than :data:`LEASE` belongs to
a process that died (or lost the database for that long); whichever worker
notices marks it failed with ``export.interrupted``. It is not queued again: a
job may be what killed its process (a huge export running it out of memory),
and queued again it would take one process after another down; the owner,
who is following it, is told to export again. A process that stops cleanly
puts its jobs back in the queue instead, for another process to take over.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import ColumnElement, case, delete, func, select, update
from sqlalchemy.orm import Session

from common.enums import Language
from common.schemas.export_jobs import ExportState
from common.schemas.search import DocumentQuery
from server.clock import Clock
from server.db.models import ExportFile, ExportJob, User, UserSession
from server.db.uow import UnitOfWork
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.exports import (
    export_files,
    exports,
    report_exports,
    report_version_files,
)
from server.services.exports.export_jobs import QUEUED, wake_workers

log = logging.getLogger(__name__)

RUNNING = ExportState.RUNNING.value
LEASE = dt.timedelta(minutes=2)  # no heartbeat this long: the worker's process is gone
KEEP_FILES = dt.timedelta(days=1)  # a finished file nobody fetched goes after this
# what an interrupted download left: no download of a finished file takes this long
LEFTOVERS = dt.timedelta(hours=1)

# Called with the job and its rows written, after each batch's progress is saved
# and before the cancel check: None in production; a test holds a job there to
# act while it is mid-way for certain, however fast the machine writes.
BatchHold = Callable[[uuid.UUID, int], None]


class _Cancelled(Exception):
    """The owner asked to stop."""


class _SessionEnded(Exception):
    """The session that started the job was ended (logout, forced logout, expiry)
    or its user disabled or locked: the file is not written for anyone."""


class _Lost(Exception):
    """The job is no longer this worker's (its lease ran out and another worker
    marked it interrupted): leave it as it is."""


class _Stopping(Exception):
    """This process is stopping: the job goes back to the queue."""


def claim(uow: UnitOfWork, worker: str) -> uuid.UUID | None:
    """The oldest queued job, now this worker's; None when none waits."""
    with uow.transaction() as session:
        job_id = session.scalar(
            select(ExportJob.id)
            .where(ExportJob.state == QUEUED)
            .order_by(ExportJob.started_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job_id is None:
            return None
        session.execute(
            update(ExportJob)
            .where(ExportJob.id == job_id)
            .values(
                state=RUNNING,
                worker=worker,
                claims=ExportJob.claims + 1,
                claimed_at=func.now(),
                heartbeat_at=func.now(),
            )
        )
    return job_id


def _mine(job_id: uuid.UUID, worker: str) -> list[ColumnElement[bool]]:
    """The job is still running and still this worker's."""
    return [ExportJob.id == job_id, ExportJob.worker == worker, ExportJob.state == RUNNING]


def run(
    uow: UnitOfWork,
    job_id: uuid.UUID,
    *,
    worker: str,
    scratch: Path,
    clock: Clock,
    hold: Callable[[], BatchHold | None],
    stopping: Callable[[], bool],
) -> None:
    """Write the claimed job to a scratch file, then into the database; report,
    finish. ``hold`` is read at every batch (tests set it on a running server)."""
    descriptor, name = tempfile.mkstemp(dir=scratch, prefix=f"{job_id}.", suffix=".xlsx.part")
    os.close(descriptor)
    target = Path(name)
    try:
        _check(uow, job_id, clock.now())  # cancelled or logged out while it waited
        with uow.transaction(read_only=True) as session:  # the job just queued: the primary
            job = session.get(ExportJob, job_id)
            assert job is not None
            user, user_session = (
                session.get(User, job.user_id),
                session.get(UserSession, job.session_id),
            )
            assert user is not None and user_session is not None
            auth = Authenticated(user_session, user)
            kind, query = job.kind, dict(job.query)
            origin = audit.Origin(host=job.origin_host, address=job.origin_address)
            language = Language(job.language)
        if kind in (report_exports.KIND, report_version_files.KIND):  # one computation, no batches
            writer = report_exports if kind == report_exports.KIND else report_version_files
            with uow.reading() as rows:  # as the report's route reads: the replica, if any
                count = writer.write(rows, auth, query, target, language=language, now=clock.now())
            with uow.transaction() as session:
                _finish_written(session, job_id, worker, target, count, now=clock.now())
                writer.log(session, auth.actor, query, count, origin=origin, now=clock.now())
            return
        q = DocumentQuery.model_validate(query)
        with uow.reading() as rows:  # the documents: the read replica, when there is one
            count = exports.export_documents(
                rows,
                auth,
                q,
                target,
                language=language,
                now=clock.now(),
                on_batch=lambda done: _progress(
                    uow, job_id, worker, done, clock.now(), hold(), stopping
                ),
            )
        with uow.transaction() as session:
            _finish_written(session, job_id, worker, target, count, now=clock.now())
            exports.log_export(session, auth.actor, q, count, origin=origin, now=clock.now())
    except _Cancelled:
        _end(uow, job_id, worker, ExportState.CANCELLED, clock.now())
    except _SessionEnded:
        _end(uow, job_id, worker, ExportState.FAILED, clock.now(), error="export.session_ended")
    except _Lost:
        log.warning("export %s is no longer this worker's (%s): left as it is", job_id, worker)
    except _Stopping:
        _requeue(uow, job_id, worker)
    except Exception:
        log.exception("export %s failed", job_id)
        _end(uow, job_id, worker, ExportState.FAILED, clock.now(), error="export.failed")
    finally:
        target.unlink(missing_ok=True)


class _CancelledAtTheEnd(_Cancelled):
    """A cancel that came after the last batch still wins."""


def _finish_written(
    session: Session, job_id: uuid.UUID, worker: str, target: Path, count: int, *, now: dt.datetime
) -> None:
    """The file goes into the database with the job's 'done', under the job's row
    lock: a cancel that came after the last batch still wins, and a job lost
    meanwhile gets nothing."""
    job = session.scalar(select(ExportJob).where(*_mine(job_id, worker)).with_for_update())
    if job is None:
        raise _Lost
    if job.cancel_requested:
        raise _CancelledAtTheEnd
    with target.open("rb") as stream:
        size, chunks = export_files.store(session, job_id, stream)
    job.state, job.rows_done, job.finished_at = ExportState.DONE.value, count, now
    job.file_size, job.file_chunks = size, chunks
    session.flush()


def _progress(
    uow: UnitOfWork,
    job_id: uuid.UUID,
    worker: str,
    done: int,
    now: dt.datetime,
    hold: BatchHold | None,
    stopping: Callable[[], bool],
) -> None:
    with uow.transaction() as session:
        saved = session.execute(
            update(ExportJob)
            .where(*_mine(job_id, worker))
            .values(rows_done=done, heartbeat_at=func.now())
            .returning(ExportJob.id)
        ).first()
    if saved is None:
        raise _Lost
    if hold is not None:
        hold(job_id, done)
    if stopping():
        raise _Stopping
    _check(uow, job_id, now)


def _check(uow: UnitOfWork, job_id: uuid.UUID, now: dt.datetime) -> None:
    """Stop if the owner cancelled, or their session or account ended."""
    with uow.transaction() as session:
        found = session.execute(
            select(
                ExportJob.cancel_requested,
                UserSession.revoked_at,
                UserSession.expires_at,
                User.is_active,
                User.locked_at,
            )
            .join(UserSession, UserSession.id == ExportJob.session_id)
            .join(User, User.id == ExportJob.user_id)
            .where(ExportJob.id == job_id)
        ).one()
    if found.cancel_requested:
        raise _Cancelled
    if (
        found.revoked_at is not None
        or found.expires_at <= now
        or not found.is_active
        or found.locked_at is not None
    ):
        raise _SessionEnded


def _end(
    uow: UnitOfWork,
    job_id: uuid.UUID,
    worker: str,
    state: ExportState,
    now: dt.datetime,
    *,
    error: str | None = None,
) -> None:
    """The job ends without a file, if it is still this worker's."""
    with uow.transaction() as session:
        session.execute(
            update(ExportJob)
            .where(*_mine(job_id, worker))
            .values(state=state.value, finished_at=now, error_code=error)
        )


def _requeue(uow: UnitOfWork, job_id: uuid.UUID, worker: str) -> None:
    """Back in the queue, from the start, for a worker of another process (or of
    this one when it starts again); a cancel asked meanwhile still counts."""
    with uow.transaction() as session:
        session.execute(
            update(ExportJob)
            .where(*_mine(job_id, worker))
            .values(
                state=case((ExportJob.cancel_requested, ExportState.CANCELLED.value), else_=QUEUED),
                worker=None,
                claimed_at=None,
                heartbeat_at=None,
                rows_done=0,
            )
        )
        wake_workers(session, job_id)
    log.info("export %s put back in the queue: this process is stopping", job_id)


def heartbeat(uow: UnitOfWork, worker: str, jobs: frozenset[uuid.UUID]) -> None:
    """This worker's jobs are alive, however long one step of them takes."""
    if not jobs:
        return
    with uow.transaction() as session:
        session.execute(
            update(ExportJob)
            .where(ExportJob.id.in_(jobs), ExportJob.worker == worker, ExportJob.state == RUNNING)
            .values(heartbeat_at=func.now())
        )


def recover(uow: UnitOfWork, now: dt.datetime) -> list[uuid.UUID]:
    """Jobs whose worker's lease ran out are failed, ``export.interrupted``
    (whichever worker gets here first: the update re-checks under the row lock)."""
    with uow.transaction() as session:
        cut = session.execute(
            update(ExportJob)
            .where(ExportJob.state == RUNNING, ExportJob.heartbeat_at < func.now() - LEASE)
            .values(
                state=ExportState.FAILED.value, finished_at=now, error_code="export.interrupted"
            )
            .returning(ExportJob.id, ExportJob.worker)
        ).all()
    for job_id, worker in cut:
        log.warning(
            "export %s interrupted: its worker %s stopped renewing its lease", job_id, worker
        )
    return [job_id for job_id, _ in cut]


def sweep(uow: UnitOfWork, now: dt.datetime) -> None:
    """Files finished a day ago and never fetched go; so does what a download cut
    short left behind."""
    with uow.transaction() as session:
        stale = session.scalars(
            update(ExportJob)
            .where(ExportJob.state == ExportState.DONE.value)
            .where(ExportJob.finished_at < now - KEEP_FILES)
            .values(state=ExportState.COLLECTED.value, collected_at=now)
            .returning(ExportJob.id)
        ).all()
        for job_id in stale:
            export_files.drop(session, job_id)
        session.execute(
            delete(ExportFile)
            .where(ExportFile.job_id == ExportJob.id)
            .where(ExportJob.state != ExportState.DONE.value)
            .where(ExportJob.collected_at.is_(None) | (ExportJob.collected_at < now - LEFTOVERS))
            .execution_options(synchronize_session=False)
        )
