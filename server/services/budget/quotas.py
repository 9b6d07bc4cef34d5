"""Budget quotas (预算指标): what a quota is now, what is left of it, and the checks
that keep expenditures and 调减 within it (DOMAIN.md "Budget quotas").

A quota is one unit's for one year and one functional × economic item (the
exact leaf items an expenditure names). Its figures are summed from their
sources every time, never kept as a balance:

- quota      = the initial quota (budget_quotas) + approved 追加 − approved 调减
- used       = approved and posted expenditures of the year (a reversal, being
               negative, gives back what it reverses)
- in review  = submitted expenditures not yet decided (positive amounts only: a
               reversal frees nothing before it is approved)
- left       = quota − used − in review

The year is the document date's. An expenditure over what is left is refused
when submitted and again at its final approval; a 调减 that would take the
quota below used + in review likewise. Each check takes a transaction advisory
lock for its year × unit × item before it sums, held until the transaction
ends, so two submissions racing for the last yuan queue there and the second
sums after the first committed (READ COMMITTED: each statement sees what was
committed before it began). Setting an initial quota and approving an
adjustment take the same lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, text
from sqlalchemy.orm import Session

from common.enums import DocumentKind, DocumentStatus, QuotaDirection
from common.errors import DomainError
from common.schemas.quotas import quota_left
from server.db.models import BudgetItem, BudgetQuota, BudgetUnit, Document
from server.services.core.params import document_parameters

ZERO = Decimal("0.00")
DECIDED = (DocumentStatus.APPROVED.value, DocumentStatus.POSTED.value)
OPEN = (DocumentStatus.SUBMITTED.value, DocumentStatus.IN_REVIEW.value)


@dataclass(frozen=True)
class QuotaKey:
    year: int
    unit_id: int
    functional_item_id: int
    economic_item_id: int

    @property
    def lock_name(self) -> str:
        return (
            f"budget-quota:{self.year}:{self.unit_id}:"
            f"{self.functional_item_id}:{self.economic_item_id}"
        )


@dataclass(frozen=True)
class Figures:
    initial: Decimal = ZERO
    increased: Decimal = ZERO
    decreased: Decimal = ZERO
    used: Decimal = ZERO
    in_review: Decimal = ZERO

    @property
    def quota(self) -> Decimal:
        return self.initial + self.increased - self.decreased

    @property
    def left(self) -> Decimal:
        return quota_left(self.quota, self.used, self.in_review)


def key_of(doc: Document) -> QuotaKey | None:
    """The quota an expenditure or adjustment draws on (None without both items)."""
    if doc.functional_item_id is None or doc.economic_item_id is None:
        return None
    return QuotaKey(doc.doc_date.year, doc.unit_id, doc.functional_item_id, doc.economic_item_id)


def lock(session: Session, key: QuotaKey) -> None:
    """Serialise every check and change of one quota until this transaction ends."""
    session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key.lock_name}
    )


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _sum_where(condition: ColumnElement[bool]) -> ColumnElement[Decimal]:
    return func.coalesce(func.sum(Document.amount).filter(condition), ZERO)


def document_sums(
    session: Session,
    year: int,
    *,
    units: Iterable[int],
    key: QuotaKey | None = None,
    excluding: int | None = None,
) -> dict[tuple[int, int, int], Figures]:
    """Adjustments and expenditures of ``year`` per (unit, functional, economic),
    for the given units (or only ``key``); ``excluding`` leaves one document out
    of "in review" (the one being checked)."""
    first, last = year_bounds(year)
    expenditure = Document.kind == DocumentKind.EXPENDITURE.value
    adjustment = Document.kind == DocumentKind.QUOTA_ADJUSTMENT.value
    decided = Document.status.in_(DECIDED)
    pending = and_(expenditure, Document.status.in_(OPEN), Document.amount > 0)
    if excluding is not None:
        pending = and_(pending, Document.id != excluding)
    statement = (
        select(
            Document.unit_id,
            Document.functional_item_id,
            Document.economic_item_id,
            _sum_where(
                and_(adjustment, decided, Document.quota_direction == QuotaDirection.INCREASE.value)
            ),
            _sum_where(
                and_(adjustment, decided, Document.quota_direction == QuotaDirection.DECREASE.value)
            ),
            _sum_where(and_(expenditure, decided)),
            _sum_where(pending),
        )
        .where(
            Document.kind.in_(
                (DocumentKind.EXPENDITURE.value, DocumentKind.QUOTA_ADJUSTMENT.value)
            ),
            Document.deleted_at.is_(None),
            Document.doc_date.between(first, last),
            Document.functional_item_id.is_not(None),
            Document.economic_item_id.is_not(None),
        )
        .group_by(Document.unit_id, Document.functional_item_id, Document.economic_item_id)
    )
    if key is not None:
        statement = statement.where(
            Document.unit_id == key.unit_id,
            Document.functional_item_id == key.functional_item_id,
            Document.economic_item_id == key.economic_item_id,
        )
    else:
        statement = statement.where(Document.unit_id.in_(sorted(set(units))))
    found: dict[tuple[int, int, int], Figures] = {}
    for unit, functional, economic, up, down, used, open_ in session.execute(statement):
        found[(int(unit), int(functional or 0), int(economic or 0))] = Figures(
            increased=Decimal(up),
            decreased=Decimal(down),
            used=Decimal(used),
            in_review=Decimal(open_),
        )
    return found


def quota_row(session: Session, key: QuotaKey) -> BudgetQuota | None:
    return session.scalar(
        select(BudgetQuota).where(
            BudgetQuota.year == key.year,
            BudgetQuota.unit_id == key.unit_id,
            BudgetQuota.functional_item_id == key.functional_item_id,
            BudgetQuota.economic_item_id == key.economic_item_id,
        )
    )


def figures(session: Session, key: QuotaKey, *, excluding: int | None = None) -> Figures:
    row = quota_row(session, key)
    sums = document_sums(session, key.year, units=(), key=key, excluding=excluding)
    found = sums.get((key.unit_id, key.functional_item_id, key.economic_item_id), Figures())
    return Figures(
        initial=row.amount if row is not None else ZERO,
        increased=found.increased,
        decreased=found.decreased,
        used=found.used,
        in_review=found.in_review,
    )


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _names(session: Session, key: QuotaKey) -> dict[str, Any]:
    unit = session.get(BudgetUnit, key.unit_id)
    functional = session.get(BudgetItem, key.functional_item_id)
    economic = session.get(BudgetItem, key.economic_item_id)
    return {
        "year": str(key.year),
        "unit": f"{unit.code} {unit.name}" if unit else str(key.unit_id),
        "functional": f"{functional.code} {functional.name}" if functional else "",
        "economic": f"{economic.code} {economic.name}" if economic else "",
    }


def _numbers(found: Figures, amount: Decimal) -> dict[str, Any]:
    return {
        "quota": _yuan(found.quota),
        "used": _yuan(found.used),
        "in_review": _yuan(found.in_review),
        "left": _yuan(found.left),
        "amount": _yuan(amount),
    }


def check(session: Session, doc: Document) -> None:
    """The quota check of an expenditure or an adjustment about to be submitted or
    finally approved; other documents pass. Takes the quota's lock."""
    if doc.kind == DocumentKind.EXPENDITURE.value:
        _check_expenditure(session, doc)
    elif doc.kind == DocumentKind.QUOTA_ADJUSTMENT.value:
        _check_adjustment(session, doc)


def _check_expenditure(session: Session, doc: Document) -> None:
    params = document_parameters(session)
    key = key_of(doc)
    if not params.quota_check or key is None or doc.amount <= 0:
        return  # a reversal only gives back
    lock(session, key)
    if quota_row(session, key) is None:
        if params.quota_required:
            raise DomainError(
                "quota.missing", status=409, field="economic_item_id", **_names(session, key)
            )
        return
    found = figures(session, key, excluding=doc.id)
    if doc.amount > found.left:
        raise DomainError(
            "quota.exceeded",
            status=409,
            field="amount",
            **_names(session, key),
            **_numbers(found, doc.amount),
        )


def _check_adjustment(session: Session, doc: Document) -> None:
    """An adjustment needs a quota to adjust; a 调减 may not take it below what is
    used and in review (whatever quota_check says: it is the quota's own rule)."""
    key = key_of(doc)
    if key is None:
        return  # the entry rules already refused it
    lock(session, key)
    if quota_row(session, key) is None:
        raise DomainError(
            "quota.not_set", status=409, field="economic_item_id", **_names(session, key)
        )
    if doc.quota_direction != QuotaDirection.DECREASE.value:
        return
    found = figures(session, key)
    if doc.amount > found.left:
        raise DomainError(
            "quota.below_used",
            status=409,
            field="amount",
            **_names(session, key),
            **_numbers(found, doc.amount),
        )
