"""Reference data editors for the admin console (基础数据; changes by administrators,
lists and exports also for auditors):
budget units, budget items, accounts and posting rules — list, add, change,
export to Excel, import from Excel (a dry run first, then the confirmed apply)."""

from __future__ import annotations

from fastapi import Response

from common.reference_admin import RefKind
from common.schemas.reference_admin import (
    RefImportIn,
    RefImportReportOut,
    RefListOut,
    RefRowIn,
    RefRowOut,
)
from server.api.deps import AuditorAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.reference import reference_admin, reference_excel

router = api_router(prefix="/admin/reference", tags=["admin"])


@router.get("/{kind}", response_model=RefListOut)
def list_rows(kind: RefKind, caller: AuditorAuth, session: Transaction) -> RefListOut:
    """Administrators and auditors (who read everything); only administrators change."""
    return reference_admin.rows(session, kind)


@router.post("/{kind}", response_model=RefRowOut, status_code=201)
def create_row(
    kind: RefKind,
    body: RefRowIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> RefRowOut:
    return reference_admin.create(session, caller, kind, body, origin=origin, now=now)


@router.put("/{kind}/{row_id}", response_model=RefRowOut)
def change_row(
    kind: RefKind,
    row_id: int,
    body: RefRowIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> RefRowOut:
    return reference_admin.update(session, caller, kind, row_id, body, origin=origin, now=now)


@router.get("/{kind}/export")
def export(
    kind: RefKind, caller: AuditorAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> Response:
    content = reference_excel.export(session, caller, kind, origin=origin, now=now)
    name = f"reference-{kind.value}-{now.date().isoformat()}.xlsx"
    return Response(
        content=content,
        media_type=reference_excel.XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/{kind}/import", response_model=RefImportReportOut)
def import_file(
    kind: RefKind,
    body: RefImportIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> RefImportReportOut:
    """Without ``confirm`` a dry run (nothing saved); with the dry run's token, applied."""
    return reference_excel.import_file(session, caller, kind, body, origin=origin, now=now)
