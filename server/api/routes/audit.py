"""The operation log, for auditors."""

from __future__ import annotations

from common.schemas.admin import AuditVerifyOut
from server.api.deps import AuditorAuth, Transaction
from server.api.retrying_route import api_router
from server.services.core import audit

router = api_router(prefix="/audit", tags=["audit"])


@router.post("/verify", response_model=AuditVerifyOut)
def verify(caller: AuditorAuth, session: Transaction) -> AuditVerifyOut:
    report = audit.verify_chain(session)
    return AuditVerifyOut(
        ok=report.ok, records=report.records, first_bad_id=report.first_bad_id, reason=report.reason
    )
