"""Period close (结账, DOMAIN.md "Period close").

A month closes after its last day, in order (every earlier month closed first),
when nothing dated in it is still open — no draft, no item under review or
returned for correction, no approved voucher waiting for its poster where
posting is a step of its own — and every voucher in it balances. Closing posts
(记账) what is still approved (documents approved before posting followed
approval), keeps the month's totals per unit and
account (ledger_month_totals, read by the balance table) and then forbids any
entry dated in it or before it (periods.period_of refuses them). Closing locks
the periods table against entries (they insert their period row first), so it
waits for entries already under way and none slips in between the check and the
close. Only an administrator reopens a closed month — the latest closed one
first — with a reason, and with four eyes on (the default) only when a second
administrator approves; every step is in the operation log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.enums import DocumentKind, DocumentStatus
from common.errors import DomainError
from common.schemas.admin_requests import RequestAction
from common.schemas.periods import PeriodOut, PeriodProblemOut, ReopenIn
from server.db.models import (
    AdminRequest,
    Document,
    FiscalPeriod,
    LedgerMonthTotal,
    User,
    VoucherLine,
)
from server.services.accounts import four_eyes
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, numbering
from server.services.core.params import document_parameters
from server.services.core.working_days import OFFICE_TZ
from server.services.ledger import openings, year_end
from server.services.ledger.sign_offs import record_posted_at_close

REOPEN = RequestAction.PERIOD_REOPEN
_LOCK_PERIODS = "LOCK TABLE fiscal_periods IN SHARE ROW EXCLUSIVE MODE"

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
    if document_parameters(session).separate_posting:  # the poster's work comes first
        found += [
            PeriodProblemOut(
                document_id=doc.id,
                kind=DocumentKind(doc.kind),
                status=DocumentStatus(doc.status),
                number=numbering.display(doc.series, doc.number),
                doc_date=doc.doc_date,
                problem="unposted",
            )
            for doc in session.scalars(
                select(Document)
                .where(
                    *in_month,
                    Document.kind == DocumentKind.VOUCHER.value,
                    Document.status == DocumentStatus.APPROVED.value,
                )
                .order_by(Document.doc_date, Document.id)
            )
        ]
    return found


def _target(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _neighbour(session: Session, year: int, month: int, *, later: bool) -> FiscalPeriod | None:
    """The earliest open month before this one, or the latest closed month after it."""
    here = tuple_(FiscalPeriod.year, FiscalPeriod.month)
    query = (
        select(FiscalPeriod)
        .where(here > (year, month), FiscalPeriod.is_closed)
        .order_by(FiscalPeriod.year.desc(), FiscalPeriod.month.desc())
        if later
        else select(FiscalPeriod)
        .where(here < (year, month), FiscalPeriod.is_closed.is_(False))
        .order_by(FiscalPeriod.year, FiscalPeriod.month)
    )
    return session.scalars(query.limit(1)).one_or_none()


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
        reopen_request=(
            four_eyes.out(session, waiting)
            if (waiting := four_eyes.pending(session, REOPEN, _target(year, month)))
            else None
        ),
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
    if last >= now.astimezone(OFFICE_TZ).date():
        raise DomainError("period.not_ended", status=409, year=year, month=month)
    # Entries insert their period's row first (ROW EXCLUSIVE); this waits for
    # those under way and holds off new ones until the close commits.
    session.execute(text(_LOCK_PERIODS))
    session.execute(  # a month nobody entered anything in yet can be closed too
        insert(FiscalPeriod)
        .values(year=year, month=month)
        .on_conflict_do_nothing(index_elements=["year", "month"])
    )
    period = _period(session, year, month, lock=True)
    assert period is not None
    if period.is_closed:
        raise DomainError("period.already_closed", status=409, year=year, month=month)
    waiting = session.scalar(
        select(AdminRequest.target)
        .where(AdminRequest.action == REOPEN, AdminRequest.state == "pending")
        .where(AdminRequest.target < _target(year, month))
        .limit(1)
    )
    if waiting is not None:  # approving it would then be refused for ever
        raise DomainError("period.reopen_pending", status=409, period=waiting)
    earlier = _neighbour(session, year, month, later=False)
    if earlier is not None:
        raise DomainError("period.earlier_open", status=409, year=earlier.year, month=earlier.month)
    openings.check_balanced(session, first)
    blocking = problems(session, year, month)
    if blocking:
        raise DomainError(
            "period.not_ready", status=409, year=year, month=month, count=len(blocking)
        )
    posted = session.execute(
        update(Document)
        .returning(Document.id, Document.kind)
        .where(
            Document.doc_date.between(first, last),
            Document.deleted_at.is_(None),
            Document.status.in_(DECIDED_TO_POST),
            Document.kind != DocumentKind.QUOTA_ADJUSTMENT.value,  # never posted
        )
        .values(
            status=DocumentStatus.POSTED.value,
            version=Document.version + 1,
            updated_at=now,
        )
    ).all()
    record_posted_at_close(
        session, (id_ for id_, kind in posted if kind == DocumentKind.VOUCHER.value), now=now
    )
    session.execute(_KEEP_TOTALS, {"first": first, "last": last})
    period.is_closed, period.closed_at, period.closed_by = True, now, auth.user.id
    session.flush()
    audit.record(
        session,
        auth.actor,
        "period.closed",
        origin=origin,
        at=now,
        target_type="period",
        target_id=_target(year, month),
        after={
            "posted": len(posted),
            "posted_first_id": min((id_ for id_, _ in posted), default=None),
            "posted_last_id": max((id_ for id_, _ in posted), default=None),
        },
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
    """Ask to reopen a closed month (the latest closed one). With four eyes on it
    waits for a second administrator (admin_request_actions.approve); otherwise
    it reopens at once."""
    _month(year, month)
    reason = body.reason.strip()
    if len(reason) < 2:
        raise DomainError("period.reason_required", status=422, field="reason")
    _reopenable(session, year, month)
    if four_eyes.required(session):
        four_eyes.submit(
            session, auth, REOPEN, _target(year, month), reason, origin=origin, now=now
        )
    else:
        _reopen(session, auth, year, month, reason, origin=origin, now=now, request=None)
    return status(session, year, month)


def carry_out_reopen(
    session: Session,
    approver: Authenticated,
    request: AdminRequest,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """The approved request takes effect, if the month can still be reopened."""
    year, month = (int(part) for part in request.target.split("-"))
    _reopen(session, approver, year, month, request.reason, origin=origin, now=now, request=request)


def _reopenable(session: Session, year: int, month: int) -> FiscalPeriod:
    # The lock close takes: a close of the next month cannot slip in between this
    # check and the reopening (it would leave an open month under a closed one).
    session.execute(text(_LOCK_PERIODS))
    period = _period(session, year, month, lock=True)
    if period is None or not period.is_closed:
        raise DomainError("period.not_closed", status=409, year=year, month=month)
    later = _neighbour(session, year, month, later=True)
    if later is not None:
        raise DomainError("period.later_closed", status=409, year=later.year, month=later.month)
    return period


def _reopen(
    session: Session,
    actor: Authenticated,
    year: int,
    month: int,
    reason: str,
    *,
    origin: audit.Origin,
    now: dt.datetime,
    request: AdminRequest | None,
) -> None:
    period = _reopenable(session, year, month)
    first, _ = _month(year, month)
    before = {"closed_at": period.closed_at.isoformat() if period.closed_at else None}
    period.is_closed, period.closed_at, period.closed_by = False, None, None
    session.execute(delete(LedgerMonthTotal).where(LedgerMonthTotal.month_start == first))
    after: dict[str, object] = {"reason": reason}
    if month == 12:  # year-end is undone only this way
        after["year_end_entries_removed"] = year_end.undo(session, year)
    session.flush()
    if request is not None:
        after |= {"request": request.id, "requested_by": request.requested_by}
    audit.record(
        session,
        actor.actor,
        "period.reopened",
        origin=origin,
        at=now,
        target_type="period",
        target_id=_target(year, month),
        before=before,
        after=after,
    )


# The month's ledger (approved and posted vouchers, as in reports.LEDGER) per unit
# and account; at close every approved document of it has just been posted.
_KEEP_TOTALS = text(
    """
INSERT INTO ledger_month_totals (month_start, unit_id, account_id, debit, credit)
SELECT :first, d.unit_id, l.account_id, sum(l.debit), sum(l.credit)
  FROM documents d JOIN voucher_lines l ON l.document_id = d.id
 WHERE d.kind = 'voucher' AND d.status IN ('approved', 'posted') AND d.deleted_at IS NULL
   AND d.doc_date BETWEEN :first AND :last
 GROUP BY d.unit_id, l.account_id
"""
)
