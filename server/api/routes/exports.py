"""Export jobs (导出任务): start, follow, cancel, fetch the file."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated

from fastapi import BackgroundTasks, Path, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from common.schemas.export_jobs import ExportJobOut
from common.schemas.search import DocumentQuery
from server.api.deps import CurrentAuth, Now, RequestLanguage, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.core.audit import Origin
from server.services.exports import export_jobs

router = api_router(prefix="/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JobId = Annotated[uuid.UUID, Path()]


def _launch(request: Request, job_id: uuid.UUID, origin: Origin) -> None:
    """After the response (so after the commit): the writing goes to a worker."""
    state = request.app.state
    pool: ThreadPoolExecutor = state.export_pool
    pool.submit(
        export_jobs.run,
        state.uow,
        job_id,
        data_dir=state.settings.data_dir,
        origin=origin,
        clock=state.clock,
        hold=state.export_hold,
    )


@router.post("/documents", response_model=ExportJobOut, status_code=202)
def start_documents(
    body: DocumentQuery,
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
    request: Request,
    background: BackgroundTasks,
) -> ExportJobOut:
    """Export what the filters find to Excel; follow the job, then fetch its file."""
    job = export_jobs.start(session, caller, body, language=language, now=now)
    background.add_task(_launch, request, job.id, origin)
    return export_jobs.out(job)


@router.get("/{job_id}", response_model=ExportJobOut)
def show(job_id: JobId, caller: CurrentAuth, session: Transaction) -> ExportJobOut:
    return export_jobs.out(export_jobs.owned(session, caller, job_id))


@router.post("/{job_id}/cancel", response_model=ExportJobOut)
def cancel(
    job_id: JobId, caller: CurrentAuth, session: Transaction, request: Request
) -> ExportJobOut:
    """Stop the job; it stops within a batch of rows and leaves no file."""
    data_dir = request.app.state.settings.data_dir
    return export_jobs.out(export_jobs.cancel(session, caller, job_id, data_dir))


@router.get("/{job_id}/file")
def fetch(
    job_id: JobId, caller: CurrentAuth, session: Transaction, request: Request, now: Now
) -> FileResponse:
    """The finished workbook, once; the server keeps no copy after it."""
    path = export_jobs.file_of(session, caller, job_id, request.app.state.settings.data_dir)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=f"countersign-documents-{stamp}.xlsx",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
