"""Period close (结账) for administrators: see what blocks a month, close, reopen."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from common.schemas.periods import PeriodOut, ReopenIn
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.ledger import period_close

router = api_router(prefix="/admin/periods", tags=["admin"])

Year = Annotated[int, Path(ge=2000, le=2999)]
Month = Annotated[int, Path(ge=1, le=12)]


@router.get("/{year}/{month}", response_model=PeriodOut)
def show(year: Year, month: Month, caller: AdminAuth, session: Transaction) -> PeriodOut:
    """The month's state and what would keep it from closing."""
    return period_close.status(session, year, month)


@router.post("/{year}/{month}/close", response_model=PeriodOut)
def close(
    year: Year,
    month: Month,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> PeriodOut:
    return period_close.close(session, caller, year, month, origin=origin, now=now)


@router.post("/{year}/{month}/reopen", response_model=PeriodOut)
def reopen(
    year: Year,
    month: Month,
    body: ReopenIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> PeriodOut:
    """Reopen a closed month: an administrator, a fresh code and a reason."""
    return period_close.reopen(session, caller, year, month, body, origin=origin, now=now)
