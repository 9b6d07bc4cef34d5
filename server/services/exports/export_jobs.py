"""Export jobs (导出任务): a query's export written in the background.

Starting one counts the rows (so the client can show a real percentage), queues
the job and returns at once; ``NOTIFY`` on :data:`CHANNEL` (sent at commit)
wakes the export worker of every server process, and one of them claims it
(server/services/exports/export_runs.py). Several processes, on several hosts
with their own disks, may share the database, and any of them may be asked
about the job: so all of it — state, progress, the finished file — is in the
database, and any process answers. The file waits in ``export_files`` until its
owner downloads it, once. A job is its owner's session's alone: anyone else is
told it does not exist.

To the client a queued job is running (``ExportState`` has no 'queued': clients
that follow a job know only the states they always knew).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from common.enums import Language
from common.errors import DomainError
from common.schemas.export_jobs import ExportJobOut, ExportState
from common.schemas.search import DocumentQuery
from server.db.models import ExportFile, ExportJob
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, export_rights
from server.services.exports import search

RUNNING_PER_USER = 2
# Every server process's export worker LISTENs here; the payload is the job's id.
CHANNEL = "countersign_export_jobs"
QUEUED = "queued"  # the database's own state: not yet claimed by a worker
UNFINISHED = (QUEUED, ExportState.RUNNING.value)


def folder(data_dir: Path) -> Path:
    """Scratch space for workbooks being written (a worker's, before its file goes
    into the database; the operation log's export, sent from there)."""
    path = data_dir / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Collected:
    """A finished file handed to its owner: where its chunks are and how big it is."""

    job_id: uuid.UUID
    size: int
    chunks: int
    file_name: str | None = None  # the download's name without the time and .xlsx


def start(
    session: Session,
    auth: Authenticated,
    q: DocumentQuery,
    *,
    language: Language,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExportJob:
    """Queue the export; a worker of any server process writes it."""
    check_not_busy(session, auth)
    return queue(
        session,
        auth,
        kind="documents",
        query=q.model_dump(mode="json"),
        rows_total=search.totals(
            session, auth, q, only=export_rights.document_conditions(session, auth.user.id)
        ).count,
        language=language,
        origin=origin,
        now=now,
    )


def check_not_busy(session: Session, auth: Authenticated) -> None:
    """429 ``export.busy`` when the caller has RUNNING_PER_USER exports unfinished."""
    unfinished = session.scalar(
        select(ExportJob.id)
        .where(ExportJob.user_id == auth.user.id, ExportJob.state.in_(UNFINISHED))
        .offset(RUNNING_PER_USER - 1)
        .limit(1)
    )
    if unfinished is not None:
        raise DomainError("export.busy", status=429, count=RUNNING_PER_USER)


def queue(
    session: Session,
    auth: Authenticated,
    *,
    kind: str,
    query: dict[str, Any],
    rows_total: int,
    language: Language,
    origin: audit.Origin,
    now: dt.datetime,
    file_name: str | None = None,
) -> ExportJob:
    """A job of ``kind`` ('documents', 'report') for the workers; ``query`` is
    what its writer needs to write it again from the database alone."""
    job = ExportJob(
        user_id=auth.user.id,
        session_id=auth.session.id,
        kind=kind,
        query=query,
        language=language.value,
        state=QUEUED,
        rows_total=rows_total,
        started_at=now,
        origin_host=origin.host,
        origin_address=origin.address,
        file_name=file_name,
    )
    session.add(job)
    session.flush()
    wake_workers(session, job.id)
    return job


def wake_workers(session: Session, job_id: uuid.UUID) -> None:
    """Tell every export worker a job waits (delivered when the transaction commits,
    so no worker looks for a row it cannot see yet; nothing if it rolls back)."""
    session.execute(select(func.pg_notify(CHANNEL, str(job_id))))


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
    state = ExportState.RUNNING if job.state == QUEUED else ExportState(job.state)
    return ExportJobOut(
        id=job.id,
        state=state,
        rows_total=job.rows_total,
        rows_done=job.rows_done,
        error_code=job.error_code,
    )


def cancel(
    session: Session, auth: Authenticated, job_id: uuid.UUID, *, now: dt.datetime
) -> ExportJob:
    """A queued job is cancelled at once; a running one stops at its worker's next
    batch; a finished file not yet fetched goes. The row lock orders this with a
    worker's claim (which skips locked rows) and its finish (which locks it)."""
    job = owned(session, auth, job_id, lock=True)
    if job.state == QUEUED:
        job.state, job.finished_at = ExportState.CANCELLED.value, now
    elif job.state == ExportState.RUNNING.value:
        job.cancel_requested = True
    elif job.state == ExportState.DONE.value:
        session.execute(delete(ExportFile).where(ExportFile.job_id == job.id))
        job.state = ExportState.CANCELLED.value
    session.flush()
    return job


def collect(
    session: Session, auth: Authenticated, job_id: uuid.UUID, *, now: dt.datetime
) -> Collected:
    """The finished file, handed over once: the job is marked collected here and
    its chunks are deleted as they are sent (export_files.drain)."""
    job = owned(session, auth, job_id, lock=True)
    if job.state != ExportState.DONE.value or job.file_size is None or job.file_chunks is None:
        public = ExportState.RUNNING.value if job.state == QUEUED else job.state
        raise DomainError("export.not_ready", status=409, state=public)
    job.state, job.collected_at = ExportState.COLLECTED.value, now
    session.flush()
    return Collected(job.id, job.file_size, job.file_chunks, job.file_name)
