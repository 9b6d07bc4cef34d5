"""Year-end (年结) in the admin console: the entries shown before they are
made, then made once after December closes (server/services/ledger/year_end.py)."""

from __future__ import annotations

from common.schemas.year_end import YearEndOut
from server.api.deps import AuditorAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.ledger import year_end

router = api_router(prefix="/admin/year-end", tags=["admin"])


@router.get("/{year}", response_model=YearEndOut)
def show(year: int, caller: AuditorAuth, session: Transaction) -> YearEndOut:
    """What year-end made, or, before it is done, what it would make now."""
    return year_end.year_end(session, year)


@router.post("/{year}", response_model=YearEndOut)
def close_year(
    year: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> YearEndOut:
    return year_end.close_year(session, caller, year, origin=origin, now=now)
