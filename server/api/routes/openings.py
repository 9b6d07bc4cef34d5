"""Opening balances (期初余额) in the admin console: read by administrators and
auditors, saved as a whole sheet by an administrator, to and from Excel."""

from __future__ import annotations

from fastapi import Response

from common.schemas.openings import (
    OpeningBalancesIn,
    OpeningBalancesOut,
    OpeningImportIn,
    OpeningImportOut,
)
from server.api.deps import AuditorAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.ledger import opening_excel, openings

router = api_router(prefix="/admin/opening-balances", tags=["admin"])


@router.get("/{unit_id}", response_model=OpeningBalancesOut)
def read_sheet(unit_id: int, caller: AuditorAuth, session: Transaction) -> OpeningBalancesOut:
    return openings.opening_balances(session, unit_id)


@router.put("/{unit_id}", response_model=OpeningBalancesOut)
def save_sheet(
    unit_id: int,
    body: OpeningBalancesIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> OpeningBalancesOut:
    """The whole sheet; refused once the unit's start month is closed."""
    return openings.save(session, caller, unit_id, body, origin=origin, now=now)


@router.get("/{unit_id}/template")
def template(unit_id: int, caller: AuditorAuth, session: Transaction) -> Response:
    """Every leaf account with what is saved, to fill in and import."""
    return Response(
        content=opening_excel.template(session, unit_id),
        media_type=opening_excel.XLSX,
        headers={"Content-Disposition": f'attachment; filename="opening-balances-{unit_id}.xlsx"'},
    )


@router.post("/{unit_id}/import", response_model=OpeningImportOut)
def read_file(
    unit_id: int, body: OpeningImportIn, caller: FreshAdmin, session: Transaction
) -> OpeningImportOut:
    """The file's rows, checked; nothing is saved until the sheet is."""
    openings.opening_balances(session, unit_id)  # the unit exists
    return opening_excel.read(session, body.file)
