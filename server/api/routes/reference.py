"""Reference data for the code pickers."""

from __future__ import annotations

from common.schemas.reference import ReferenceOut
from server.api.deps import CurrentAuth, Transaction
from server.api.retrying_route import api_router
from server.services.reference import reference

router = api_router(prefix="/reference", tags=["reference"])


@router.get("", response_model=ReferenceOut)
def reference_data(caller: CurrentAuth, session: Transaction) -> ReferenceOut:
    return reference.reference_data(session)
