"""Period close (结账, DOMAIN.md "Period close").

A month closes when nothing dated in it is still open — no draft, no item under
review or returned for correction — and every voucher in it balances. Closing
posts (记账) every approved document of the month and then forbids any entry
dated in it (periods.period_of refuses them). Closing takes the period's row
FOR UPDATE, so it waits for entries already under way (they hold it FOR SHARE)
and none can slip in between the check and the close. Only an administrator
reopens a closed month, with a reason; both are in the operation log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.enums import DocumentKind, DocumentStatus
from common.errors import DomainError
from common.schemas.periods import PeriodOut, PeriodProblemOut, ReopenIn
from server.db.models import Document, FiscalPeriod, User, VoucherLine
from server.services import audit, numbering
from server.services.sessions import Authenticated

UNFINISHED = (
    DocumentStatus.DRAFT.value,
    DocumentStatus.SUBMITTED.value,
    DocumentStatus.IN_REVIEW.value,
    DocumentStatus.RETURNED.value,
)
DECIDED_TO_POST = (DocumentStatus.APPROVED.value,)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not (2000 <= year <= 2999 and 1 <= month <= 12):
        raise DomainError("period.not_found", status=404, year=year, month=month)
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def problems(session: Session, year: int, month: int) -> list[PeriodProblemOut]:
    first, last = _month(year, month)
    in_month = (
        Document.doc_date.between(first, last),
        Document.deleted_at.is_(None),
    )
    found = [
        PeriodProblemOut(
            document_id=doc.id,
            kind=DocumentKind(doc.kind),
            status=DocumentStatus(doc.status),
            number=numbering.display(doc.series, doc.number),
            doc_date=doc.doc_date,
            problem="unfinished",
        )
        for doc in session.scalars(
            select(Document)
            .where(*in_month, Document.status.in_(UNFINISHED))
            .order_by(Document.doc_date, Document.id)
        )
    ]
    debit = func.coalesce(func.sum(VoucherLine.debit), 0)
    credit = func.coalesce(func.sum(VoucherLine.credit), 0)
    unbalanced = session.execute(
        select(Document, debit, credit)
        .join(VoucherLine, VoucherLine.document_id == Document.id)
        .where(
            *in_month,
            Document.kind == DocumentKind.VOUCHER.value,
            Document.status.not_in((*UNFINISHED, DocumentStatus.REJECTED.value)),
        )
        .group_by(Document.id)
        .having(debit != credit)
    )
    found += [
        PeriodProblemOut(
            document_id=doc.id,
            kind=DocumentKind(doc.kind),
            status=DocumentStatus(doc.status),
            number=numbering.display(doc.series, doc.number),
            doc_date=doc.doc_date,
            problem="unbalanced",
            debit=total_debit,
            credit=total_credit,
        )
        for doc, total_debit, total_credit in unbalanced
    ]
    return found


def _period(session: Session, year: int, month: int, *, lock: bool) -> FiscalPeriod | None:
    query = select(FiscalPeriod).where(FiscalPeriod.year == year, FiscalPeriod.month == month)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def status(session: Session, year: int, month: int) -> PeriodOut:
    first, last = _month(year, month)
    period = _period(session, year, month, lock=False)
    closer = session.get(User, period.closed_by) if period and period.closed_by else None
    count = session.scalar(
        select(func.count()).where(
            Document.doc_date.between(first, last), Document.deleted_at.is_(None)
        )
    )
    return PeriodOut(
        year=year,
        month=month,
        is_closed=bool(period and period.is_closed),
        closed_at=period.closed_at if period else None,
        closed_by=closer.display_name if closer else None,
        documents=int(count or 0),
        problems=problems(session, year, month),
    )


def close(
    session: Session,
    auth: Authenticated,
    year: int,
    month: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> PeriodOut:
    first, last = _month(year, month)
    session.execute(  # a month nobody entered anything in yet can be closed too
        insert(FiscalPeriod)
        .values(year=year, month=month)
        .on_conflict_do_nothing(index_elements=["year", "month"])
    )
    period = _period(session, year, month, lock=True)
    assert period is not None
    if period.is_closed:
        raise DomainError("period.already_closed", status=409, year=year, month=month)
    blocking = problems(session, year, month)
    if blocking:
        raise DomainError(
            "period.not_ready", status=409, year=year, month=month, count=len(blocking)
        )
    posted = session.execute(
        update(Document)
        .returning(Document.id)
        .where(
            Document.doc_date.between(first, last),
            Document.deleted_at.is_(None),
            Document.status.in_(DECIDED_TO_POST),
        )
        .values(
            status=DocumentStatus.POSTED.value,
            version=Document.version + 1,
            updated_at=now,
        )
    ).all()
    period.is_closed, period.closed_at, period.closed_by = True, now, auth.user.id
    session.flush()
    audit.record(
        session,
        auth.actor,
        "period.closed",
        origin=origin,
        at=now,
        target_type="period",
        target_id=f"{year}-{month:02d}",
        after={"posted": len(posted)},
    )
    return status(session, year, month)


def reopen(
    session: Session,
    auth: Authenticated,
    year: int,
    month: int,
    body: ReopenIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> PeriodOut:
    _month(year, month)
    reason = body.reason.strip()
    if len(reason) < 2:
        raise DomainError("period.reason_required", status=422, field="reason")
    period = _period(session, year, month, lock=True)
    if period is None or not period.is_closed:
        raise DomainError("period.not_closed", status=409, year=year, month=month)
    before = {"closed_at": period.closed_at.isoformat() if period.closed_at else None}
    period.is_closed, period.closed_at, period.closed_by = False, None, None
    session.flush()
    audit.record(
        session,
        auth.actor,
        "period.reopened",
        origin=origin,
        at=now,
        target_type="period",
        target_id=f"{year}-{month:02d}",
        before=before,
        after={"reason": reason},
    )
    return status(session, year, month)
