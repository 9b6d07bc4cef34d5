"""Budget quotas (预算指标): administrators set and import the year's initial
quotas; clerks enter adjustments (追加 / 调减), documents reviewed like the others."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from common.schemas.documents import DocumentOut, SubmitNewIn
from common.schemas.quotas import (
    QuotaAdjustmentSubmitIn,
    QuotaImportIn,
    QuotaImportOut,
    QuotaIn,
    QuotaOut,
)
from server.api.deps import AuditorAuth, ClerkCall, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.budget import quota_admin
from server.services.review import document_lifecycle

admin = api_router(prefix="/admin/quotas", tags=["admin"])
adjustments = api_router(prefix="/quota-adjustments", tags=["documents"])


@admin.get("", response_model=list[QuotaOut])
def list_quotas(
    year: int,
    caller: AuditorAuth,
    session: Transaction,
    unit: Annotated[int | None, Query()] = None,
) -> list[QuotaOut]:
    """The year's quotas (of one unit) with quota, used, in review and left."""
    return quota_admin.list_quotas(session, year, unit)


@admin.put("", response_model=QuotaOut)
def set_quota(
    body: QuotaIn, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> QuotaOut:
    """Set the year's initial quota of a unit for a functional × economic item."""
    return quota_admin.set_quota(session, caller, body, origin=origin, now=now)


@admin.post("/import", response_model=QuotaImportOut)
def import_quotas(
    body: QuotaImportIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> QuotaImportOut:
    """Every row of the console's Excel file, all or nothing."""
    return quota_admin.import_quotas(session, caller, body, origin=origin, now=now)


@adjustments.post("", response_model=DocumentOut, status_code=201)
def submit_adjustment(body: QuotaAdjustmentSubmitIn, call: ClerkCall) -> Any:
    """A new 追加 / 调减 saved and submitted for review in one step."""
    whole = SubmitNewIn(draft=body.draft, confirmed_amounts=body.confirmed_amounts)
    return call.run(
        lambda: document_lifecycle.create_and_submit(
            call.session, call.caller, whole, origin=call.origin, now=call.now
        )
    )
