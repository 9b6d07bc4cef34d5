"""Export jobs (导出任务): a query's export written in the background.

Starting one counts the rows (so the client can show a real percentage) and
returns at once; the writing runs in a worker thread after the request has
committed, in its own read transaction, and reports its progress every
STREAM_BATCH rows in a short transaction of its own — the same statement tells
it whether the user asked to cancel, so a cancelled export stops within a batch
and leaves no file. The finished file waits in DATA_DIR/exports until its owner
downloads it (once); files nobody fetched are removed after a day. A job is its
owner's alone: anyone else is told it does not exist.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from common.enums import Language
from common.errors import DomainError
from common.schemas.export_jobs import ExportJobOut, ExportState
from common.schemas.search import DocumentQuery
from server.clock import Clock
from server.db.models import ExportJob, User, UserSession
from server.db.uow import UnitOfWork
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights
from server.services.exports import exports, search

log = logging.getLogger(__name__)

KEEP_FILES = dt.timedelta(days=1)
RUNNING_PER_USER = 2
STALE = dt.timedelta(hours=1)


# Called with the job and its rows written, after each batch's progress is saved
# and before the cancel check: None in production; a test holds a job there to
# cancel it mid-way for certain, however fast the machine writes.
BatchHold = Callable[[uuid.UUID, int], None]


class _Cancelled(Exception):
    """The owner asked to stop."""


class _SessionEnded(Exception):
    """The session that started the job was ended (logout, forced logout, expiry)
    or its user disabled or locked: the file is not written for anyone."""


def folder(data_dir: Path) -> Path:
    path = data_dir / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start(
    session: Session,
    auth: Authenticated,
    q: DocumentQuery,
    *,
    language: Language,
    now: dt.datetime,
) -> ExportJob:
    running = session.scalar(
        select(ExportJob.id)
        .where(ExportJob.user_id == auth.user.id, ExportJob.state == ExportState.RUNNING.value)
        .where(ExportJob.started_at > now - STALE)  # one a restart cut short does not count
        .offset(RUNNING_PER_USER - 1)
        .limit(1)
    )
    if running is not None:
        raise DomainError("export.busy", status=429, count=RUNNING_PER_USER)
    job = ExportJob(
        user_id=auth.user.id,
        session_id=auth.session.id,
        kind="documents",
        query=q.model_dump(mode="json"),
        language=language.value,
        rows_total=search.totals(
            session, auth, q, only=export_rights.document_conditions(session, auth.user.id)
        ).count,
        started_at=now,
    )
    session.add(job)
    session.flush()
    return job


def owned(
    session: Session, auth: Authenticated, job_id: uuid.UUID, *, lock: bool = False
) -> ExportJob:
    """The job, to the session that started it alone (not even the same user's
    other sessions: a forced logout ends access to what it was exporting)."""
    job = session.get(ExportJob, job_id, with_for_update=lock)
    if job is None or job.user_id != auth.user.id or job.session_id != auth.session.id:
        raise DomainError("export.not_found", status=404, id=str(job_id))
    return job


def out(job: ExportJob) -> ExportJobOut:
    return ExportJobOut(
        id=job.id,
        state=ExportState(job.state),
        rows_total=job.rows_total,
        rows_done=job.rows_done,
        error_code=job.error_code,
    )


def cancel(session: Session, auth: Authenticated, job_id: uuid.UUID, data_dir: Path) -> ExportJob:
    """A running job stops at its next batch; a finished file not yet fetched goes."""
    job = owned(session, auth, job_id, lock=True)
    if job.state == ExportState.RUNNING.value:
        job.cancel_requested = True
    elif job.state == ExportState.DONE.value:
        (folder(data_dir) / f"{job.id}.xlsx").unlink(missing_ok=True)
        job.state = ExportState.CANCELLED.value
    session.flush()
    return job


def file_of(session: Session, auth: Authenticated, job_id: uuid.UUID, data_dir: Path) -> Path:
    """The finished file, handed over once: the job is marked collected."""
    job = owned(session, auth, job_id, lock=True)
    path = folder(data_dir) / f"{job.id}.xlsx"
    if job.state != ExportState.DONE.value or not path.exists():
        raise DomainError("export.not_ready", status=409, state=job.state)
    job.state = ExportState.COLLECTED.value
    session.flush()
    return path


def run(
    uow: UnitOfWork,
    job_id: uuid.UUID,
    *,
    data_dir: Path,
    origin: audit.Origin,
    clock: Clock,
    hold: BatchHold | None = None,
) -> None:
    """The background part (a worker thread): write, report, finish."""
    target = folder(data_dir) / f"{job_id}.xlsx"
    _sweep(uow, data_dir, clock.now())
    try:
        _check(uow, job_id, clock.now())  # cancelled or logged out while it waited
        with uow.transaction() as session:
            job = session.get(ExportJob, job_id)
            assert job is not None
            user, user_session = (
                session.get(User, job.user_id),
                session.get(UserSession, job.session_id),
            )
            assert user is not None and user_session is not None
            auth = Authenticated(user_session, user)
            q = DocumentQuery.model_validate(job.query)
            count = exports.export_documents(
                session,
                auth,
                q,
                target,
                language=Language(job.language),
                now=clock.now(),
                on_batch=lambda done: _progress(uow, job_id, done, clock.now(), hold),
            )
        with uow.transaction() as session:
            # A cancel that came after the last batch still wins (it locks the row).
            finished = session.scalar(
                update(ExportJob)
                .where(ExportJob.id == job_id)
                .values(
                    state=case(
                        (ExportJob.cancel_requested, ExportState.CANCELLED.value),
                        else_=ExportState.DONE.value,
                    ),
                    rows_done=count,
                    finished_at=clock.now(),
                )
                .returning(ExportJob.state)
            )
            if finished == ExportState.DONE.value:
                exports.log_export(session, auth.actor, q, count, origin=origin, now=clock.now())
        if finished != ExportState.DONE.value:
            target.unlink(missing_ok=True)
    except _Cancelled:
        target.unlink(missing_ok=True)
        with uow.transaction() as session:
            _finish(session, job_id, ExportState.CANCELLED, clock.now())
    except _SessionEnded:
        target.unlink(missing_ok=True)
        with uow.transaction() as session:
            _finish(session, job_id, ExportState.FAILED, clock.now(), error="export.session_ended")
    except Exception:
        log.exception("export %s failed", job_id)
        target.unlink(missing_ok=True)
        with uow.transaction() as session:
            _finish(session, job_id, ExportState.FAILED, clock.now(), error="export.failed")


def _progress(
    uow: UnitOfWork, job_id: uuid.UUID, done: int, now: dt.datetime, hold: BatchHold | None
) -> None:
    with uow.transaction() as session:
        session.execute(update(ExportJob).where(ExportJob.id == job_id).values(rows_done=done))
    if hold is not None:
        hold(job_id, done)
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


def _finish(
    session: Session,
    job_id: uuid.UUID,
    state: ExportState,
    now: dt.datetime,
    *,
    rows_done: int | None = None,
    error: str | None = None,
) -> None:
    values: dict[str, object] = {"state": state.value, "finished_at": now, "error_code": error}
    if rows_done is not None:
        values["rows_done"] = rows_done
    session.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values))


def _sweep(uow: UnitOfWork, data_dir: Path, now: dt.datetime) -> None:
    """Files finished a day ago and never fetched go."""
    with uow.transaction() as session:
        stale = session.scalars(
            update(ExportJob)
            .where(ExportJob.state == ExportState.DONE.value)
            .where(ExportJob.finished_at < now - KEEP_FILES)
            .values(state=ExportState.COLLECTED.value)
            .returning(ExportJob.id)
        ).all()
    for job_id in stale:
        (folder(data_dir) / f"{job_id}.xlsx").unlink(missing_ok=True)


def interrupted(uow: UnitOfWork, data_dir: Path, now: dt.datetime) -> None:
    """At server start: jobs a stop cut short failed, and their files go (one
    server process writes a database's exports)."""
    with uow.transaction() as session:
        cut = session.scalars(
            update(ExportJob)
            .where(ExportJob.state == ExportState.RUNNING.value)
            .values(
                state=ExportState.FAILED.value, finished_at=now, error_code="export.interrupted"
            )
            .returning(ExportJob.id)
        ).all()
    for job_id in cut:
        (folder(data_dir) / f"{job_id}.xlsx").unlink(missing_ok=True)
