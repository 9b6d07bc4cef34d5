"""Statements (会计报表): 资产负债表, 收入费用表 and 预算收入支出表 for a unit,
with or without its subtree, for a month, a quarter or a year, each beside the
same period a year earlier.

Per account, the ledger's sums come from SQL over the same sources as the
balance table (ledger_sources.movements_sql: closed months' kept totals, open
months' lines, opening balances); the layout (statement_layouts) then adds
accounts into lines and lines into totals. A balance sheet line is the
accounts' balance at the period's end; the other two take the period's
movements. Income and expense accounts sit inside net assets (本期盈余) until
year-end carries them over, so assets = liabilities + net assets at every date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.statements import (
    PERIOD_PATTERN,
    STATEMENT_CLASSES,
    StatementKind,
    StatementLineOut,
    StatementOut,
    period_range,
    year_earlier,
)
from server.db.models import BudgetUnit, StatementLayoutLine
from server.services.accounts.sessions import Authenticated
from server.services.core.unit_tree import units_below
from server.services.ledger.ledger_sources import ledger_statuses, movements_sql, sources
from server.services.ledger.reports import scope_units
from server.services.ledger.statement_layouts import lines_of, total_terms

ZERO = Decimal("0.00")

# Per account: its balance before the range (debit minus credit), and the
# range's debits and credits.
AccountSums = dict[str, tuple[Decimal, Decimal, Decimal]]


def _units(session: Session, auth: Authenticated, unit_id: int, subtree: bool) -> list[int]:
    """The unit (and, with ``subtree``, the units under it) the caller may see."""
    visible = set(scope_units(session, auth))
    if unit_id not in visible:  # the same answer whether or not the unit exists
        raise DomainError("statement.unit_out_of_scope", status=403, field="unit")
    if not subtree:
        return [unit_id]
    below = units_below(unit_id)
    return sorted(set(session.scalars(select(below.c.id))) & visible)


def statement_units(
    session: Session, auth: Authenticated, unit_id: int, *, subtree: bool
) -> list[int]:
    """The units a statement of ``unit_id`` adds up for the caller (403 outside
    their scope): what a saved version of it depends on."""
    return _units(session, auth, unit_id, subtree)


def account_sums(
    session: Session,
    units: list[int],
    date_from: dt.date,
    date_to: dt.date,
    *,
    posted_only: bool,
    closings_in_range: bool = True,
) -> AccountSums:
    """Every account with anything up to ``date_to`` in the units, by code
    (without the range's year-end closing entries where ``closings_in_range`` is
    off: a year's income statement shows its income, not their closing)."""
    found = sources(session, date_from, date_to)
    condition, params = found.lines_condition()
    statement = text(
        f"""
SELECT a.code, sum(m.opening) AS opening, sum(m.debit) AS debit, sum(m.credit) AS credit
  FROM accounts a
  JOIN ({movements_sql(condition, closings_in_range=closings_in_range)}
  ) m ON m.account_id = a.id
 GROUP BY a.code
"""
    )
    rows = session.execute(
        statement,
        {
            "date_from": date_from,
            "through": date_to,
            "kept": found.kept_months,
            "units": units,
            "statuses": ledger_statuses(posted_only),
            **params,
        },
    )
    return {
        row.code: (Decimal(row.opening), Decimal(row.debit), Decimal(row.credit)) for row in rows
    }


def _account_value(kind: StatementKind) -> Callable[[tuple[Decimal, Decimal, Decimal]], Decimal]:
    """Debit minus credit: at the end of the range for a balance sheet, within it
    for the others."""
    if kind is StatementKind.BALANCE_SHEET:
        return lambda sums: sums[0] + sums[1] - sums[2]
    return lambda sums: sums[1] - sums[2]


def line_amounts(
    kind: StatementKind, lines: list[StatementLayoutLine], sums: AccountSums
) -> tuple[dict[str, Decimal], list[str]]:
    """Each line's amount (on its side: credit lines count credit minus debit),
    and the accounts of the statement's classes with an amount no line takes."""
    value = _account_value(kind)
    amounts: dict[str, Decimal] = {}
    taken: set[str] = set()
    for line in lines:
        prefixes = tuple(line.accounts.split())
        if not prefixes:
            continue
        sign = 1 if line.side == "debit" else -1
        matched = [code for code in sums if code.startswith(prefixes)]
        taken.update(matched)
        amounts[line.code] = sum((value(sums[code]) for code in matched), ZERO) * sign
    by_code = {line.code: line for line in lines}

    def total(code: str) -> Decimal:
        if code not in amounts:
            amounts[code] = sum(
                (total(part) * sign for part, sign in total_terms(by_code[code].total_of)), ZERO
            )
        return amounts[code]

    for line in lines:
        total(line.code)
    classes = STATEMENT_CLASSES[kind]
    unmapped = sorted(
        code
        for code, sums_of in sums.items()
        if code[:1] in classes and code not in taken and value(sums_of) != 0
    )
    return amounts, unmapped


def _check_lines(lines: list[StatementLayoutLine]) -> tuple[str, str] | None:
    """The two totals that must agree on a balance sheet: the last top-level line
    of each side (资产总计, 负债和净资产总计)."""
    debit = [line.code for line in lines if line.indent == 0 and line.side == "debit"]
    credit = [line.code for line in lines if line.indent == 0 and line.side == "credit"]
    return (debit[-1], credit[-1]) if debit and credit else None


def statement(
    session: Session,
    auth: Authenticated,
    kind: StatementKind,
    *,
    unit_id: int,
    subtree: bool,
    period: str,
    posted_only: bool,
    now: dt.datetime,
) -> StatementOut:
    try:
        if not re.fullmatch(PERIOD_PATTERN, period):
            raise ValueError(period)
        date_from, date_to = period_range(period)
    except ValueError:
        raise DomainError(
            "statement.bad_period", status=422, field="period", period=period
        ) from None
    prior = year_earlier(period)
    prior_from, prior_to = period_range(prior)
    units = _units(session, auth, unit_id, subtree)
    lines = lines_of(session, kind)
    at_end = kind is StatementKind.BALANCE_SHEET

    def sums(first: dt.date, last: dt.date) -> AccountSums:
        return account_sums(
            session, units, first, last, posted_only=posted_only, closings_in_range=at_end
        )

    current, unmapped = line_amounts(kind, lines, sums(date_from, date_to))
    earlier, unmapped_earlier = line_amounts(kind, lines, sums(prior_from, prior_to))
    balanced, difference = None, None
    pair = _check_lines(lines) if kind is StatementKind.BALANCE_SHEET else None
    if pair is not None:
        difference = current[pair[0]] - current[pair[1]]
        balanced = difference == 0 and earlier[pair[0]] == earlier[pair[1]]
    unit = session.get(BudgetUnit, unit_id)
    assert unit is not None
    return StatementOut(
        kind=kind,
        unit_id=unit.id,
        unit_code=unit.code,
        unit_name=unit.name,
        subtree=subtree,
        period=period,
        date_from=date_from,
        date_to=date_to,
        prior_period=prior,
        posted_only=posted_only,
        lines=[
            StatementLineOut(
                code=line.code,
                label=line.label,
                label_en=line.label_en,
                indent=line.indent,
                is_total=bool(line.total_of),
                amount=current[line.code],
                prior_amount=earlier[line.code],
            )
            for line in lines
        ],
        balanced=balanced,
        difference=difference,
        unmapped=sorted(set(unmapped) | set(unmapped_earlier)),
        generated_at=now,
    )
