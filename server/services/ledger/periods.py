"""Fiscal periods (会计期间): calendar months, created open on first use."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.errors import DomainError
from server.db.models import FiscalPeriod


def period_of(session: Session, day: dt.date) -> FiscalPeriod:
    """The period holding ``day``; entries into a closed period, or dated before
    the latest closed one (months close in order), are refused."""
    # FOR SHARE: closing the period waits for entries already under way. The
    # period is made on its first use only (one statement fewer on the others).
    shared = (
        select(FiscalPeriod)
        .where(FiscalPeriod.year == day.year, FiscalPeriod.month == day.month)
        .with_for_update(read=True)
    )
    period = session.scalars(shared).one_or_none()
    if period is None:
        session.execute(
            insert(FiscalPeriod)
            .values(year=day.year, month=day.month)
            .on_conflict_do_nothing(index_elements=["year", "month"])
        )
        period = session.scalars(shared).one()
    if period.is_closed:
        raise DomainError(
            "period.closed", status=422, field="doc_date", year=period.year, month=period.month
        )
    later = session.scalars(
        select(FiscalPeriod)
        .where(tuple_(FiscalPeriod.year, FiscalPeriod.month) > (day.year, day.month))
        .where(FiscalPeriod.is_closed)
        .order_by(FiscalPeriod.year, FiscalPeriod.month)
        .limit(1)
    ).one_or_none()
    if later is not None:
        raise DomainError(
            "period.closed_after",
            status=422,
            field="doc_date",
            year=later.year,
            month=later.month,
        )
    return period
