"""The operation log viewer (操作日志) for auditors and administrators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from common.schemas.audit_log import AuditLogFilters, AuditLogPageOut, AuditLogQuery
from server.api.deps import AuditorAuth, Now, RequestLanguage, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.exports import export_jobs
from server.services.operations import audit_log

router = api_router(prefix="/admin/audit-log", tags=["admin"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("", response_model=AuditLogPageOut)
def listing(
    q: Annotated[AuditLogQuery, Query()], caller: AuditorAuth, session: Transaction
) -> AuditLogPageOut:
    """One page of the log, newest first; ``next_before_id`` asks for the next."""
    return audit_log.page(session, q)


@router.get("/export")
def export(
    filters: Annotated[AuditLogFilters, Query()],
    caller: AuditorAuth,
    session: Transaction,
    language: RequestLanguage,
    origin: RequestOrigin,
    now: Now,
    request: Request,
) -> FileResponse:
    """The filtered log as an .xlsx (the newest 100,000 rows at most); logged."""
    target = export_jobs.folder(request.app.state.settings.data_dir) / (
        f"audit-log-{uuid.uuid4().hex}.xlsx"
    )
    try:
        audit_log.export(
            session, caller, filters, target, language=language, origin=origin, now=now
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return FileResponse(
        target,
        media_type=XLSX,
        filename=f"countersign-audit-log-{stamp}.xlsx",
        background=BackgroundTask(target.unlink, missing_ok=True),
    )
