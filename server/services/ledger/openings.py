"""Opening balances (期初余额): entered per unit and leaf account by an
administrator, saved as a whole sheet, changed only while the unit's start month
is open, and balanced (financial 1–5 and budget 6–8 accounts each on their own)
before that month closes (period_close calls :func:`check_balanced`).

The ledger reads them as the balance standing before the start month
(ledger_sources.OPENINGS); they are never copied into voucher lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from common.enums import DocumentKind
from common.errors import DomainError
from common.ledger_messages import GROUP_WORDS
from common.schemas.openings import (
    GroupTotalsOut,
    OpeningBalancesIn,
    OpeningBalancesOut,
    OpeningRowIn,
    OpeningRowOut,
    account_group,
)
from server.db.models import (
    Account,
    BudgetUnit,
    Document,
    FiscalPeriod,
    OpeningBalance,
    UnitOpening,
    User,
)
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, numbering

ZERO = Decimal("0.00")


def _unit(session: Session, unit_id: int) -> BudgetUnit:
    unit = session.get(BudgetUnit, unit_id)
    if unit is None:
        raise DomainError("reference.unknown", status=404, field="unit", id=unit_id)
    return unit


def _label(unit: BudgetUnit) -> str:
    return f"{unit.code} {unit.name}"


def _month_closed(session: Session, month: dt.date) -> bool:
    """The month, or any later one, is closed (as periods.period_of judges a date):
    openings standing before it would change balances already closed."""
    later = FiscalPeriod.year * 12 + FiscalPeriod.month >= month.year * 12 + month.month
    return (
        session.scalar(select(FiscalPeriod.id).where(FiscalPeriod.is_closed, later).limit(1))
        is not None
    )


def _first_voucher_before(session: Session, unit_id: int, month: dt.date) -> Document | None:
    """A voucher of the unit dated before the start month: the openings would then
    stand after books already kept, and count them twice."""
    return session.scalars(
        select(Document)
        .where(
            Document.unit_id == unit_id,
            Document.kind == DocumentKind.VOUCHER.value,
            Document.deleted_at.is_(None),
            Document.doc_date < month,
        )
        .order_by(Document.doc_date, Document.id)
        .limit(1)
    ).first()


def _totals(rows: Iterable[tuple[str, Decimal, Decimal]]) -> dict[str, GroupTotalsOut]:
    sums = {"financial": [ZERO, ZERO], "budget": [ZERO, ZERO]}
    for code, debit, credit in rows:
        pair = sums[account_group(code)]
        pair[0] += debit
        pair[1] += credit
    return {
        group: GroupTotalsOut(debit=d, credit=c, balanced=d == c) for group, (d, c) in sums.items()
    }


def opening_balances(session: Session, unit_id: int) -> OpeningBalancesOut:
    """The unit's sheet as saved (empty, without a start month, until first saved)."""
    unit = _unit(session, unit_id)
    head = session.get(UnitOpening, unit_id)
    found = session.execute(
        select(Account, OpeningBalance.debit, OpeningBalance.credit)
        .join(OpeningBalance, OpeningBalance.account_id == Account.id)
        .where(OpeningBalance.unit_id == unit_id)
        .order_by(Account.code)
    ).all()
    rows = [
        OpeningRowOut(
            account_id=account.id,
            code=account.code,
            name=account.name,
            normal_side=account.normal_side,
            debit=debit,
            credit=credit,
        )
        for account, debit, credit in found
    ]
    totals = _totals((row.code, row.debit, row.credit) for row in rows)
    editor = session.get(User, head.updated_by) if head is not None else None
    return OpeningBalancesOut(
        unit_id=unit.id,
        unit_code=unit.code,
        unit_name=unit.name,
        start_month=head.start_month if head else None,
        version=head.version if head else 0,
        editable=head is None or not _month_closed(session, head.start_month),
        rows=rows,
        financial=totals["financial"],
        budget=totals["budget"],
        updated_by=editor.username if editor else "",
        updated_at=head.updated_at if head else None,
    )


@dataclass(frozen=True)
class _Checked:
    account: Account
    debit: Decimal
    credit: Decimal


def check_rows(
    session: Session, rows: list[OpeningRowIn], row_numbers: list[int] | None = None
) -> list[_Checked]:
    """Every row names an active leaf account once, on one side; rows of zero are
    dropped. ``row_numbers`` are the numbers a message shows (Excel's rows on import)."""
    numbers = row_numbers or list(range(1, len(rows) + 1))
    codes = {row.account_code for row in rows}
    accounts = {a.code: a for a in session.scalars(select(Account).where(Account.code.in_(codes)))}
    parents = set(
        session.scalars(
            select(Account.parent_id).where(
                Account.parent_id.in_([a.id for a in accounts.values()])
            )
        )
    )
    first_row: dict[str, int] = {}
    checked: list[_Checked] = []
    for number, row in zip(numbers, rows, strict=True):
        code = row.account_code
        account = accounts.get(code)
        if account is None:
            raise DomainError("opening.unknown_account", status=422, row=number, code=code)
        named: dict[str, Any] = {"row": number, "code": code, "name": account.name}
        if account.id in parents:
            raise DomainError("opening.not_leaf", status=422, **named)
        if not account.is_active:
            raise DomainError("opening.inactive", status=422, **named)
        if code in first_row:
            raise DomainError(
                "opening.duplicate", status=422, row=number, code=code, first=first_row[code]
            )
        first_row[code] = number
        for column, value in (("debit", row.debit), ("credit", row.credit)):
            if value < 0:
                raise DomainError(
                    "opening.bad_amount",
                    status=422,
                    row=number,
                    value=str(value),
                    **_COLUMN_WORDS[column],
                )
        if row.debit > 0 and row.credit > 0:
            raise DomainError("opening.both_sides", status=422, row=number, code=code)
        if row.debit or row.credit:
            checked.append(_Checked(account, row.debit, row.credit))
    return checked


_COLUMN_WORDS: dict[str, dict[str, Any]] = {
    "debit": {"column_words": "words.opening.column.debit"},
    "credit": {"column_words": "words.opening.column.credit"},
}


def _summary(sheet: OpeningBalancesOut) -> dict[str, object]:
    """What the operation log keeps of a sheet: its month, size and totals."""
    return {
        "start_month": sheet.start_month,
        "rows": len(sheet.rows),
        "financial": [sheet.financial.debit, sheet.financial.credit],
        "budget": [sheet.budget.debit, sheet.budget.credit],
    }


def save(
    session: Session,
    auth: Authenticated,
    unit_id: int,
    body: OpeningBalancesIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> OpeningBalancesOut:
    """Replace the unit's sheet; refused once its start month (old or new) is closed."""
    unit = _unit(session, unit_id)
    if body.start_month.day != 1:
        raise DomainError(
            "opening.start_not_first", status=422, field="start_month", date=body.start_month
        )
    # the lock a month's close takes: no close checks the sheet while it changes
    session.execute(text("LOCK TABLE fiscal_periods IN SHARE ROW EXCLUSIVE MODE"))
    head = session.get(UnitOpening, unit_id, with_for_update=True)
    if (head.version if head else 0) != body.version:
        assert head is not None  # version 0 always matches a missing sheet
        editor = session.get(User, head.updated_by)
        raise DomainError(
            "opening.changed",
            status=409,
            name=editor.username if editor else "",
            at=f"{head.updated_at:%Y-%m-%d %H:%M}",
        )
    for month in {body.start_month, *([head.start_month] if head else [])}:
        if _month_closed(session, month):
            raise DomainError(
                "opening.closed", status=409, unit=_label(unit), year=month.year, month=month.month
            )
    earlier = _first_voucher_before(session, unit_id, body.start_month)
    if earlier is not None:
        raise DomainError(
            "opening.books_before",
            status=409,
            field="start_month",
            unit=_label(unit),
            year=body.start_month.year,
            month=body.start_month.month,
            number=numbering.display(earlier.series, earlier.number) or f"#{earlier.id}",
            date=earlier.doc_date.isoformat(),
        )
    checked = check_rows(session, body.rows)
    before = _summary(opening_balances(session, unit_id)) if head else None
    if head is None:
        head = UnitOpening(unit_id=unit_id, version=0)
        session.add(head)
    head.start_month = body.start_month
    head.version += 1
    head.updated_by = auth.user.id
    head.updated_at = now
    session.flush()
    session.execute(delete(OpeningBalance).where(OpeningBalance.unit_id == unit_id))
    session.add_all(
        OpeningBalance(unit_id=unit_id, account_id=c.account.id, debit=c.debit, credit=c.credit)
        for c in checked
    )
    session.flush()
    saved = opening_balances(session, unit_id)
    audit.record(
        session,
        auth.actor,
        "opening_balances.saved",
        origin=origin,
        at=now,
        target_type="unit",
        target_id=unit_id,
        before=before,
        after=_summary(saved),
    )
    return saved


def check_balanced(session: Session, month_first: dt.date) -> None:
    """Closing ``month_first``: every unit whose books start by then balances."""
    found = session.execute(
        select(
            UnitOpening.unit_id,
            Account.code,
            func.sum(OpeningBalance.debit),
            func.sum(OpeningBalance.credit),
        )
        .join(OpeningBalance, OpeningBalance.unit_id == UnitOpening.unit_id)
        .join(Account, Account.id == OpeningBalance.account_id)
        .where(UnitOpening.start_month <= month_first)
        .group_by(UnitOpening.unit_id, Account.code)
        .order_by(UnitOpening.unit_id)
    ).all()
    by_unit: dict[int, list[tuple[str, Decimal, Decimal]]] = {}
    for unit_id, code, debit, credit in found:
        by_unit.setdefault(unit_id, []).append((code, debit, credit))
    for unit_id, rows in by_unit.items():
        for group, totals in _totals(rows).items():
            if not totals.balanced:
                raise DomainError(
                    "opening.unbalanced",
                    status=409,
                    unit=_label(_unit(session, unit_id)),
                    debit=f"{totals.debit:,.2f}",
                    credit=f"{totals.credit:,.2f}",
                    **GROUP_WORDS[group],
                )
