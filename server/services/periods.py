"""Fiscal periods (会计期间): calendar months, created open on first use."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.errors import DomainError
from server.db.models import FiscalPeriod


def period_of(session: Session, day: dt.date) -> FiscalPeriod:
    """The period holding ``day``; entries into a closed period are refused."""
    session.execute(
        insert(FiscalPeriod)
        .values(year=day.year, month=day.month)
        .on_conflict_do_nothing(index_elements=["year", "month"])
    )
    # FOR SHARE: closing the period waits for entries already under way.
    period = session.scalars(
        select(FiscalPeriod)
        .where(FiscalPeriod.year == day.year, FiscalPeriod.month == day.month)
        .with_for_update(read=True)
    ).one()
    if period.is_closed:
        raise DomainError(
            "period.closed", status=422, field="doc_date", year=period.year, month=period.month
        )
    return period
