"""The ledger reports: 科目余额表 (balance table), 总账 (general ledger) and 明细账
(detail ledger), each within the caller's unit scope.

Each is set-based SQL over ledger_sources: closed months from their kept totals,
the rest from voucher lines, so a year's balance table reads a few thousand
totals rather than millions of lines. Balances are on the account's normal side
(a negative balance is on the other side); parents include their sub-accounts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import BigInteger, bindparam, text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.reports import (
    DETAIL_LIMIT,
    BalanceRowOut,
    DetailLedgerOut,
    DetailLineOut,
    GeneralLedgerOut,
    LedgerMonthOut,
)
from server.db.models import Account
from server.services.accounts.sessions import Authenticated
from server.services.core import numbering
from server.services.core.unit_tree import account_closure, accounts_below
from server.services.ledger.ledger_sources import (
    CLOSINGS,
    EARLIEST,
    LEDGER_DOCUMENTS,
    OPENINGS,
    Sources,
    ledger_statuses,
    month_end,
    movements_sql,
    sources,
)
from server.services.ledger.reports import check_range, scope_units

ZERO = Decimal("0.00")
CLOSING_SERIES = "结"  # a year-end closing entry in the detail ledger: 结-0001


def _sign(normal_side: str) -> int:
    return 1 if normal_side == "debit" else -1


def balances(
    session: Session,
    auth: Authenticated,
    date_from: dt.date,
    date_to: dt.date,
    *,
    posted_only: bool = False,
) -> list[BalanceRowOut]:
    """科目余额表 for the period range, every account with movements, rolled up."""
    check_range(date_from, date_to)
    found = sources(session, date_from, date_to)
    condition, params = found.lines_condition()
    body = text(
        f"""
SELECT a.id, a.code, a.name, a.parent_id, a.normal_side,
       sum(m.opening) AS opening, sum(m.debit) AS debit, sum(m.credit) AS credit
  FROM accounts a
  JOIN closure c ON c.ancestor = a.id
  JOIN ({movements_sql(condition)}
  ) m ON m.account_id = c.descendant
 GROUP BY a.id
 ORDER BY a.code
"""
    )
    statement = body.columns().add_cte(account_closure())
    rows = session.execute(
        statement,
        {
            "date_from": date_from,
            "through": date_to,
            "kept": found.kept_months,
            "units": scope_units(session, auth),
            "statuses": ledger_statuses(posted_only),
            **params,
        },
    )
    result = []
    for row in rows:
        sign = _sign(row.normal_side)
        opening = Decimal(row.opening) * sign + ZERO  # + 0.00: never "-0.00"
        debit, credit = Decimal(row.debit), Decimal(row.credit)
        result.append(
            BalanceRowOut(
                account_id=row.id,
                code=row.code,
                name=row.name,
                parent_id=row.parent_id,
                normal_side=row.normal_side,
                opening=opening,
                debit=debit,
                credit=credit,
                closing=opening + (debit - credit) * sign + ZERO,
            )
        )
    return result


def _account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise DomainError("reference.unknown", status=422, field="account", id=account_id)
    return account


# The account and its sub-accounts, named "sub" in the SQL below (:account).
_SUBTREE = accounts_below(bindparam("account", type_=BigInteger), name="sub")


def _monthly(
    session: Session,
    found: Sources,
    account_id: int,
    units: list[int],
    since: dt.date = EARLIEST,
    *,
    through: dt.date,
    posted_only: bool = False,
) -> dict[dt.date, tuple[Decimal, Decimal]]:
    """Debit and credit per month for the account's subtree from ``since`` on
    (a month it cuts in two counts from that day) up to ``through`` (the end of
    ``found``), from the kept totals, the lines and the year-end entries."""
    condition, params = found.lines_condition()
    statement = text(
        f"""
SELECT month, sum(debit) AS debit, sum(credit) AS credit FROM (
    SELECT t.month_start AS month, t.debit, t.credit
      FROM ledger_month_totals t
     WHERE t.month_start = ANY(CAST(:kept AS date[])) AND t.unit_id = ANY(:units)
       AND t.month_start >= :since AND t.account_id IN (SELECT id FROM sub)
    UNION ALL
    SELECT CAST(date_trunc('month', d.doc_date) AS date), l.debit, l.credit
      FROM voucher_lines l JOIN documents d ON d.id = l.document_id
     WHERE {LEDGER_DOCUMENTS} AND {condition} AND d.doc_date >= :since
       AND l.account_id IN (SELECT id FROM sub)
    UNION ALL
    SELECT CAST(date_trunc('month', c.closing_date) AS date), cl.debit, cl.credit {CLOSINGS}
       AND c.closing_date >= :since AND cl.account_id IN (SELECT id FROM sub)
) months GROUP BY month
"""
    )
    rows = session.execute(
        statement.columns().add_cte(_SUBTREE),
        {
            "account": account_id,
            "kept": found.kept_months,
            "units": units,
            "since": since,
            "through": through,
            "statuses": ledger_statuses(posted_only),
            **params,
        },
    )
    return {row.month: (Decimal(row.debit), Decimal(row.credit)) for row in rows}


_OPENING_OF_SUBTREE = (
    text(
        f"SELECT coalesce(sum(o.debit - o.credit), 0) {OPENINGS}"
        " AND o.account_id IN (SELECT id FROM sub)"
    )
    .columns()
    .add_cte(_SUBTREE)
)


def _openings(session: Session, account_id: int, units: list[int], through: dt.date) -> Decimal:
    """Debit minus credit of the account subtree's opening balances as of ``through``."""
    found = session.scalar(
        _OPENING_OF_SUBTREE, {"account": account_id, "units": units, "through": through}
    )
    return Decimal(found or 0)


def general_ledger(
    session: Session,
    auth: Authenticated,
    account_id: int,
    year: int,
    *,
    today: dt.date,
    posted_only: bool = False,
) -> GeneralLedgerOut:
    """总账: the opening balance of the year, then each month up to this one (or
    December) with its debit, credit, closing balance and the year so far."""
    if not 2000 <= year <= 2999:
        raise DomainError("period.not_found", status=404, year=year, month=1)
    account = _account(session, account_id)
    sign = _sign(account.normal_side)
    last_month = 12 if year < today.year else today.month if year == today.year else 0
    through = month_end(dt.date(year, max(last_month, 1), 1))
    units = scope_units(session, auth)
    monthly = _monthly(
        session,
        sources(session, None, through),
        account_id,
        units,
        through=through,
        posted_only=posted_only,
    )
    start = dt.date(year, 1, 1)
    balance = sum(((d - c) * sign for m, (d, c) in monthly.items() if m < start), ZERO)
    balance += _openings(session, account_id, units, through) * sign
    opening, year_debit, year_credit = balance, ZERO, ZERO
    months = []
    for month in range(1, last_month + 1):
        debit, credit = monthly.get(dt.date(year, month, 1), (ZERO, ZERO))
        balance += (debit - credit) * sign
        year_debit, year_credit = year_debit + debit, year_credit + credit
        months.append(
            LedgerMonthOut(
                month=month,
                debit=debit,
                credit=credit,
                closing=balance,
                year_debit=year_debit,
                year_credit=year_credit,
            )
        )
    return GeneralLedgerOut(
        account_id=account.id,
        code=account.code,
        name=account.name,
        normal_side=account.normal_side,
        year=year,
        opening=opening,
        months=months,
    )


_DETAIL_LINES = (
    text(
        f"""
SELECT * FROM (
    SELECT d.id, d.doc_date, d.series, d.number,
           CASE WHEN l.summary <> '' THEN l.summary ELSE d.summary END AS summary,
           a.code, l.debit, l.credit, 0 AS closing, l.line_no
      FROM voucher_lines l
      JOIN documents d ON d.id = l.document_id
      JOIN accounts a ON a.id = l.account_id
     WHERE {LEDGER_DOCUMENTS} AND d.doc_date BETWEEN :date_from AND :date_to
       AND l.account_id IN (SELECT id FROM sub)
    UNION ALL
    SELECT NULL, c.closing_date, :closing_series, c.number, c.summary,
           a.code, cl.debit, cl.credit, 1, cl.line_no
      FROM year_end_lines cl
      JOIN year_end_entries c ON c.id = cl.entry_id
      JOIN accounts a ON a.id = cl.account_id
     WHERE c.unit_id = ANY(:units) AND c.closing_date BETWEEN :date_from AND :date_to
       AND cl.account_id IN (SELECT id FROM sub)
) lines
 ORDER BY doc_date, closing, number NULLS LAST, id, line_no
 LIMIT :limit
"""
    )
    .columns()
    .add_cte(_SUBTREE)
)


def detail_ledger(
    session: Session,
    auth: Authenticated,
    account_id: int,
    date_from: dt.date,
    date_to: dt.date,
    *,
    posted_only: bool = False,
) -> DetailLedgerOut:
    """明细账: the opening balance, each line in date order with the balance after
    it, and the range's totals (of every line, even past the shown limit)."""
    check_range(date_from, date_to)
    account = _account(session, account_id)
    sign = _sign(account.normal_side)
    units = scope_units(session, auth)
    before = _monthly(
        session,
        sources(session, None, date_from - dt.timedelta(days=1)),
        account_id,
        units,
        through=date_from - dt.timedelta(days=1),
        posted_only=posted_only,
    )
    within = _monthly(
        session,
        sources(session, date_from, date_to),
        account_id,
        units,
        since=date_from,
        through=date_to,
        posted_only=posted_only,
    )
    opening = sum(((d - c) * sign for d, c in before.values()), ZERO)
    opening += _openings(session, account_id, units, date_to) * sign
    total_debit = sum((d for d, _ in within.values()), ZERO)
    total_credit = sum((c for _, c in within.values()), ZERO)
    rows = session.execute(
        _DETAIL_LINES,
        {
            "account": account_id,
            "units": units,
            "date_from": date_from,
            "date_to": date_to,
            "limit": DETAIL_LIMIT + 1,
            "closing_series": CLOSING_SERIES,
            "statuses": ledger_statuses(posted_only),
        },
    ).all()
    balance, lines = opening, []
    for row in rows[:DETAIL_LIMIT]:
        balance += (row.debit - row.credit) * sign
        lines.append(
            DetailLineOut(
                document_id=row.id,
                doc_date=row.doc_date,
                number=numbering.display(row.series, row.number),
                summary=row.summary,
                account_code=row.code,
                debit=row.debit,
                credit=row.credit,
                balance=balance,
            )
        )
    return DetailLedgerOut(
        account_id=account.id,
        code=account.code,
        name=account.name,
        normal_side=account.normal_side,
        date_from=date_from,
        date_to=date_to,
        opening=opening,
        debit=total_debit,
        credit=total_credit,
        closing=opening + (total_debit - total_credit) * sign,
        lines=lines,
        truncated=len(rows) > DETAIL_LIMIT,
    )
