"""Export jobs (导出任务): start, follow, cancel, fetch the file.

Any server process answers any of these: the job and its file are in the
database, and the export workers of all processes write the queued jobs.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Body, Path, Request
from fastapi.responses import StreamingResponse

from common.schemas.export_jobs import ExportJobOut
from common.schemas.search import DocumentQuery
from server.api.deps import CurrentAuth, Now, RequestLanguage, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.exports import export_files, export_jobs, report_exports, report_version_files

router = api_router(prefix="/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JobId = Annotated[uuid.UUID, Path()]


@router.post("/documents", response_model=ExportJobOut, status_code=202)
def start_documents(
    body: DocumentQuery,
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
) -> ExportJobOut:
    """Export what the filters find to Excel; follow the job, then fetch its file."""
    job = export_jobs.start(session, caller, body, language=language, origin=origin, now=now)
    return export_jobs.out(job)


@router.post("/reports/{report}", response_model=ExportJobOut, status_code=202)
def start_report(
    report: str,
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
    body: Annotated[Any, Body()] = None,
) -> ExportJobOut:
    """Export a report to Excel as on screen; the body is its parameters, as its
    route under /reports takes them (common/schemas/report_exports.py)."""
    job = report_exports.start(
        session,
        caller,
        report,
        {} if body is None else body,
        language=language,
        origin=origin,
        now=now,
    )
    return export_jobs.out(job)


@router.post("/report-versions/{version_id}", response_model=ExportJobOut, status_code=202)
def start_report_version(
    version_id: int,
    caller: CurrentAuth,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
) -> ExportJobOut:
    """A saved report version to Excel, from its saved numbers, stamped with its
    state (已审核 by whom and when; 已过期 when the books changed since)."""
    job = report_version_files.start_export(
        session, caller, version_id, language=language, origin=origin, now=now
    )
    return export_jobs.out(job)


@router.get("/{job_id}", response_model=ExportJobOut)
def show(job_id: JobId, caller: CurrentAuth, session: Transaction) -> ExportJobOut:
    return export_jobs.out(export_jobs.owned(session, caller, job_id))


@router.post("/{job_id}/cancel", response_model=ExportJobOut)
def cancel(job_id: JobId, caller: CurrentAuth, session: Transaction, now: Now) -> ExportJobOut:
    """Stop the job; it stops within a batch of rows and leaves no file."""
    return export_jobs.out(export_jobs.cancel(session, caller, job_id, now=now))


@router.get("/{job_id}/file", response_class=StreamingResponse)
def fetch(
    job_id: JobId, caller: CurrentAuth, session: Transaction, request: Request, now: Now
) -> StreamingResponse:
    """The finished workbook, once; the server keeps no copy after it (the job is
    marked collected when the transaction commits, before the first byte)."""
    found = export_jobs.collect(session, caller, job_id, now=now)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = found.file_name or "countersign-documents"
    return StreamingResponse(
        export_files.drain(request.app.state.uow, found.job_id, found.chunks),
        media_type=XLSX,
        headers={
            "Content-Length": str(found.size),
            "Content-Disposition": f'attachment; filename="{name}-{stamp}.xlsx"',
        },
    )
