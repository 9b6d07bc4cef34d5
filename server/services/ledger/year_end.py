"""Year-end (年结), after December closes: generated closing entries, dated
31 December, per unit —

1. 结转本期盈余: every income (4xxx) and expense (5xxx) account to nil, the
   difference into 3301 本期盈余;
2. 结转本年盈余分配: 3301 into 3302 本年盈余分配;
3. 结转累计盈余: 3302 into 3001 累计盈余;
4. 预算结转: every budget income (6xxx) and expenditure (7xxx) account to nil,
   into the carry-over accounts: 财政拨款预算收入 (6001) into 8101 财政拨款结转,
   other budget income into 8201 非财政拨款结转; expenditure against 8101 up to
   the year's fiscal appropriation and the rest against 8201 (expenditure lines
   carry no fund source yet, so this split is the rule until they do).

The admin console shows the entries before they are made (:func:`year_end`
without doing it); they are made once, and deleted only when December is
reopened (period_close calls :func:`undo`). The next year opens with the
closing balances by itself: balances run on, and 4–7 are nil after the entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.year_end import YearEndEntryOut, YearEndLineOut, YearEndOut, YearEndStep
from server.db.models import (
    Account,
    BudgetUnit,
    FiscalPeriod,
    User,
    YearEndEntry,
    YearEndLine,
)
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, numbering
from server.services.ledger.statements import account_sums

ZERO = Decimal("0.00")
SURPLUS, DISTRIBUTION, ACCUMULATED = "3301", "3302", "3001"
FISCAL_INCOME, FISCAL_CARRY, OTHER_CARRY = "6001", "8101", "8201"
TARGETS = (SURPLUS, DISTRIBUTION, ACCUMULATED, FISCAL_CARRY, OTHER_CARRY)
SERIES = "结"
SUMMARIES = {
    YearEndStep.SURPLUS: "结转本期收入、费用至本期盈余",
    YearEndStep.DISTRIBUTION: "结转本期盈余至本年盈余分配",
    YearEndStep.ACCUMULATED: "结转本年盈余分配至累计盈余",
    YearEndStep.BUDGET: "结转预算收入、预算支出至财政拨款结转、非财政拨款结转",
}


@dataclass
class _Entry:
    step: YearEndStep
    lines: dict[str, Decimal] = field(default_factory=dict)  # code -> debit minus credit

    def move(self, code: str, amount: Decimal) -> None:
        """Add ``amount`` (debit positive) to the account's line."""
        self.lines[code] = self.lines.get(code, ZERO) + amount


def _unit_entries(balances: dict[str, Decimal]) -> list[_Entry]:
    """The four entries of one unit from its balances (debit minus credit, leaf
    accounts) at 31 December; an entry that would move nothing is left out."""
    surplus = _Entry(YearEndStep.SURPLUS)
    for code, balance in sorted(balances.items()):
        if code[:1] in "45" and balance:
            surplus.move(code, -balance)
    surplus.move(SURPLUS, sum((b for c, b in balances.items() if c[:1] in "45"), ZERO))
    after_surplus = balances.get(SURPLUS, ZERO) + surplus.lines[SURPLUS]
    distribution = _Entry(YearEndStep.DISTRIBUTION)
    distribution.move(SURPLUS, -after_surplus)
    distribution.move(DISTRIBUTION, after_surplus)
    after_distribution = balances.get(DISTRIBUTION, ZERO) + after_surplus
    accumulated = _Entry(YearEndStep.ACCUMULATED)
    accumulated.move(DISTRIBUTION, -after_distribution)
    accumulated.move(ACCUMULATED, after_distribution)

    budget = _Entry(YearEndStep.BUDGET)
    # a credit balance, as a positive amount (6001 or its sub-accounts)
    fiscal = -sum((b for c, b in balances.items() if c.startswith(FISCAL_INCOME)), ZERO)
    spent = sum((b for c, b in balances.items() if c[:1] == "7"), ZERO)
    for code, balance in sorted(balances.items()):
        if code[:1] in "67" and balance:
            budget.move(code, -balance)
    other_income = sum((b for c, b in balances.items() if c[:1] == "6"), ZERO) + fiscal
    against_fiscal = max(min(spent, fiscal), ZERO)
    budget.move(FISCAL_CARRY, -fiscal + against_fiscal)
    budget.move(OTHER_CARRY, other_income + spent - against_fiscal)
    entries = [surplus, distribution, accumulated, budget]
    for entry in entries:
        entry.lines = {code: amount for code, amount in entry.lines.items() if amount}
    return [entry for entry in entries if entry.lines]


def _check_targets(session: Session) -> dict[str, Account]:
    accounts = {
        a.code: a for a in session.scalars(select(Account).where(Account.code.in_(TARGETS)))
    }
    with_children = set(
        session.scalars(
            select(Account.parent_id).where(
                Account.parent_id.in_([a.id for a in accounts.values()])
            )
        )
    )
    for code in TARGETS:
        account = accounts.get(code)
        if account is None:
            raise DomainError("year_end.target_missing", status=409, code=code)
        if account.id in with_children:
            raise DomainError("year_end.target_not_leaf", status=409, code=code, name=account.name)
    return accounts


def _units_with_books(session: Session, year: int) -> list[BudgetUnit]:
    """Units with any ledger entry or opening balance up to the year's end."""
    ids = session.scalars(
        text(
            """
SELECT unit_id FROM documents WHERE kind = 'voucher' AND doc_date <= :last
UNION SELECT unit_id FROM ledger_month_totals WHERE month_start <= :last
UNION SELECT unit_id FROM unit_openings WHERE start_month <= :last
UNION SELECT unit_id FROM year_end_entries WHERE closing_date <= :last
"""
        ),
        {"last": dt.date(year, 12, 31)},
    )
    found = set(ids)
    return list(
        session.scalars(
            select(BudgetUnit).where(BudgetUnit.id.in_(found)).order_by(BudgetUnit.code)
        )
    )


def _plan(session: Session, year: int) -> list[tuple[BudgetUnit, _Entry]]:
    last = dt.date(year, 12, 31)
    planned: list[tuple[BudgetUnit, _Entry]] = []
    for unit in _units_with_books(session, year):
        sums = account_sums(session, [unit.id], dt.date(year, 1, 1), last, posted_only=False)
        balances = {
            code: opening + debit - credit for code, (opening, debit, credit) in sums.items()
        }
        planned.extend((unit, entry) for entry in _unit_entries(balances))
    return planned


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2999:
        raise DomainError("year_end.bad_year", status=422, field="year")


def _december_closed(session: Session, year: int) -> bool:
    return bool(
        session.scalar(
            select(FiscalPeriod.is_closed).where(
                FiscalPeriod.year == year, FiscalPeriod.month == 12
            )
        )
    )


def _line_out(account: Account, amount: Decimal) -> YearEndLineOut:
    return YearEndLineOut(
        account_id=account.id,
        account_code=account.code,
        account_name=account.name,
        debit=amount if amount > 0 else ZERO,
        credit=-amount if amount < 0 else ZERO,
    )


def year_end(session: Session, year: int) -> YearEndOut:
    """The year's closing entries: as made, or as they would be made now."""
    _check_year(year)
    made = list(
        session.scalars(
            select(YearEndEntry).where(YearEndEntry.year == year).order_by(YearEndEntry.number)
        )
    )
    accounts = {a.id: a for a in session.scalars(select(Account))}
    by_code = {a.code: a for a in accounts.values()}
    entries: list[YearEndEntryOut] = []
    if made:
        units = {u.id: u for u in session.scalars(select(BudgetUnit))}
        lines_of: dict[int, list[YearEndLine]] = {}
        for line in session.scalars(
            select(YearEndLine)
            .where(YearEndLine.entry_id.in_([e.id for e in made]))
            .order_by(YearEndLine.entry_id, YearEndLine.line_no)
        ):
            lines_of.setdefault(line.entry_id, []).append(line)
        for entry in made:
            unit = units[entry.unit_id]
            entries.append(
                YearEndEntryOut(
                    unit_id=unit.id,
                    unit_code=unit.code,
                    unit_name=unit.name,
                    step=YearEndStep(entry.step),
                    number=numbering.display(SERIES, entry.number) or "",
                    closing_date=entry.closing_date,
                    summary=entry.summary,
                    lines=[
                        _line_out(accounts[line.account_id], line.debit - line.credit)
                        for line in lines_of.get(entry.id, [])
                    ],
                )
            )
    else:
        for unit, planned in _plan(session, year):
            entries.append(
                YearEndEntryOut(
                    unit_id=unit.id,
                    unit_code=unit.code,
                    unit_name=unit.name,
                    step=planned.step,
                    number="",
                    closing_date=dt.date(year, 12, 31),
                    summary=SUMMARIES[planned.step],
                    lines=[_line_out(by_code[c], a) for c, a in planned.lines.items()],
                )
            )
    maker = session.get(User, made[0].made_by) if made else None
    return YearEndOut(
        year=year,
        december_closed=_december_closed(session, year),
        done=bool(made),
        done_by=maker.username if maker else "",
        done_at=made[0].made_at if made else None,
        entries=entries,
    )


def close_year(
    session: Session, auth: Authenticated, year: int, *, origin: audit.Origin, now: dt.datetime
) -> YearEndOut:
    """Make the year's closing entries (once, after December closes)."""
    _check_year(year)
    # the lock period close and reopen take: December cannot reopen meanwhile
    session.execute(text("LOCK TABLE fiscal_periods IN SHARE ROW EXCLUSIVE MODE"))
    if not _december_closed(session, year):
        raise DomainError("year_end.december_open", status=409, year=year)
    _check_order(session, year)
    done = session.scalars(select(YearEndEntry).where(YearEndEntry.year == year).limit(1)).first()
    if done is not None:
        maker = session.get(User, done.made_by)
        raise DomainError(
            "year_end.done",
            status=409,
            year=year,
            name=maker.username if maker else "",
            at=f"{done.made_at:%Y-%m-%d %H:%M}",
        )
    accounts = {a.code: a for a in session.scalars(select(Account))}
    _check_targets(session)
    planned = _plan(session, year)
    for n, (unit, entry) in enumerate(planned, start=1):
        row = YearEndEntry(
            year=year,
            unit_id=unit.id,
            step=entry.step.value,
            number=n,  # 结-0001 … afresh each year
            closing_date=dt.date(year, 12, 31),
            summary=SUMMARIES[entry.step],
            made_by=auth.user.id,
            made_at=now,
        )
        session.add(row)
        session.flush()
        session.add_all(
            YearEndLine(
                entry_id=row.id,
                line_no=line_no,
                account_id=accounts[code].id,
                debit=amount if amount > 0 else ZERO,
                credit=-amount if amount < 0 else ZERO,
            )
            for line_no, (code, amount) in enumerate(entry.lines.items(), start=1)
        )
    session.flush()
    result = year_end(session, year)
    audit.record(
        session,
        auth.actor,
        "year_end.closed",
        origin=origin,
        at=now,
        target_type="year",
        target_id=year,
        after={
            "entries": len(planned),
            "units": len({unit.id for unit, _ in planned}),
            "to_accumulated_surplus": str(
                sum(
                    (
                        -e.lines.get(ACCUMULATED, ZERO)
                        for _, e in planned
                        if e.step is YearEndStep.ACCUMULATED
                    ),
                    ZERO,
                )
            ),
        },
    )
    return result


def _check_order(session: Session, year: int) -> None:
    """Years close in order, and before any later month closes: year-end works
    from the balances at 31 December, which a later year's entries would already
    have moved and which a closed later month has already shown."""
    earlier_done = session.scalar(
        select(YearEndEntry.id).where(YearEndEntry.year == year - 1).limit(1)
    )
    if earlier_done is None and _units_with_books(session, year - 1):
        raise DomainError("year_end.earlier_open", status=409, year=year, earlier=year - 1)
    later = session.scalar(
        select(YearEndEntry.year).where(YearEndEntry.year > year).limit(1)
    ) or session.scalar(
        select(FiscalPeriod.year).where(FiscalPeriod.is_closed, FiscalPeriod.year > year).limit(1)
    )
    if later is not None:
        raise DomainError("year_end.later_closed", status=409, year=year, later=later)


def undo(session: Session, year: int) -> int:
    """December reopened: the year's closing entries go (their lines with them)."""
    return len(
        session.execute(
            delete(YearEndEntry).where(YearEndEntry.year == year).returning(YearEndEntry.id)
        ).all()
    )
