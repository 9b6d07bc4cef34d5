"""Where the ledger's movements come from for a date range: closed months' kept
totals (ledger_month_totals, written at close) and, for everything else, the
voucher lines themselves.

A closed month cannot change, so its totals per unit and account stand in for
its lines; a month only partly inside the asked range, or still open, is read
from its lines. The split is computed here once so every ledger report reads the
same sources in the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import FiscalPeriod

# The ledger: approved and posted vouchers (a record's voucher is made when the
# record is approved), or posted ones only where a report asks (已记账 only).
# period_close._KEEP_TOTALS keeps the same rows: a month closes posted.
LEDGER = "('approved', 'posted')"
LEDGER_STATUSES = ["approved", "posted"]
POSTED_STATUSES = ["posted"]


def ledger_statuses(posted_only: bool) -> list[str]:
    return POSTED_STATUSES if posted_only else LEDGER_STATUSES


# Opening balances (期初余额, server/services/ledger/openings.py) stand before a
# unit's start month: a report whose range ends on or after that month has them
# in its opening balance (never as the range's debits or credits); one ending
# before it does not. Rows "o" of the units in :units, as of :through.
OPENINGS = """
  FROM opening_balances o JOIN unit_openings u ON u.unit_id = o.unit_id
 WHERE o.unit_id = ANY(:units) AND u.start_month <= :through"""

EARLIEST = dt.date(1900, 1, 1)

LEDGER_DOCUMENTS = (
    "d.kind = 'voucher' AND d.status = ANY(:statuses) AND d.deleted_at IS NULL"
    " AND d.unit_id = ANY(:units)"
)


# Year-end closing entries (年结, server/services/ledger/year_end.py) of the units
# in :units dated up to :through: rows "c" (the entry) and "cl" (its lines).
CLOSINGS = """
  FROM year_end_lines cl JOIN year_end_entries c ON c.id = cl.entry_id
 WHERE c.unit_id = ANY(:units) AND c.closing_date <= :through"""


def movements_sql(lines_condition: str, *, closings_in_range: bool = True) -> str:
    """Rows (account_id, opening, debit, credit) of the units in :units, from
    all four sources: the kept totals of the months in :kept, the lines passing
    ``lines_condition`` (Sources.lines_condition), the opening balances as of
    :through and the year-end closing entries up to :through. Before :date_from
    is opening, from it on debit and credit; sum them per account. Without
    ``closings_in_range`` a closing entry inside the range is left out: the
    income statements show the year's income and expense, not their closing."""
    in_range = "" if closings_in_range else " AND c.closing_date < :date_from"
    return f"""
    SELECT t.account_id,
           sum(CASE WHEN t.month_start < :date_from THEN t.debit - t.credit ELSE 0 END)
               AS opening,
           sum(CASE WHEN t.month_start >= :date_from THEN t.debit ELSE 0 END) AS debit,
           sum(CASE WHEN t.month_start >= :date_from THEN t.credit ELSE 0 END) AS credit
      FROM ledger_month_totals t
     WHERE t.month_start = ANY(CAST(:kept AS date[])) AND t.unit_id = ANY(:units)
     GROUP BY t.account_id
    UNION ALL
    SELECT l.account_id,
           sum(CASE WHEN d.doc_date < :date_from THEN l.debit - l.credit ELSE 0 END),
           sum(CASE WHEN d.doc_date >= :date_from THEN l.debit ELSE 0 END),
           sum(CASE WHEN d.doc_date >= :date_from THEN l.credit ELSE 0 END)
      FROM voucher_lines l JOIN documents d ON d.id = l.document_id
     WHERE {LEDGER_DOCUMENTS} AND {lines_condition}
     GROUP BY l.account_id
    UNION ALL
    SELECT o.account_id, sum(o.debit - o.credit), 0, 0 {OPENINGS}
     GROUP BY o.account_id
    UNION ALL
    SELECT cl.account_id,
           sum(CASE WHEN c.closing_date < :date_from THEN cl.debit - cl.credit ELSE 0 END),
           sum(CASE WHEN c.closing_date >= :date_from THEN cl.debit ELSE 0 END),
           sum(CASE WHEN c.closing_date >= :date_from THEN cl.credit ELSE 0 END)
           {CLOSINGS}{in_range}
     GROUP BY cl.account_id"""


def month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Sources:
    """Closed months read from their totals, and date ranges read from lines."""

    kept_months: list[dt.date]
    line_ranges: list[tuple[dt.date, dt.date]]

    def lines_condition(self, column: str = "d.doc_date") -> tuple[str, dict[str, Any]]:
        """An SQL condition on the document date (index-friendly ranges) and its
        parameters."""
        if not self.line_ranges:
            return "FALSE", {}
        parts: list[str] = []
        params: dict[str, Any] = {}
        for n, (start, end) in enumerate(self.line_ranges):
            parts.append(f"{column} BETWEEN :line_from_{n} AND :line_to_{n}")
            params |= {f"line_from_{n}": start, f"line_to_{n}": end}
        return "(" + " OR ".join(parts) + ")", params


def sources(session: Session, date_from: dt.date | None, date_to: dt.date) -> Sources:
    """Everything up to ``date_to``: closed months lying wholly before
    ``date_from`` or wholly inside the range come from their totals."""
    closed = [
        dt.date(year, month, 1)
        for year, month in session.execute(
            select(FiscalPeriod.year, FiscalPeriod.month)
            .where(FiscalPeriod.is_closed)
            .order_by(FiscalPeriod.year, FiscalPeriod.month)
        )
    ]
    kept = [
        first
        for first in closed
        if month_end(first) <= date_to
        and (date_from is None or month_end(first) < date_from or first >= date_from)
    ]
    ranges: list[tuple[dt.date, dt.date]] = []
    cursor = EARLIEST
    for first in kept:
        if cursor < first:
            ranges.append((cursor, first - dt.timedelta(days=1)))
        cursor = month_end(first) + dt.timedelta(days=1)
    if cursor <= date_to:
        ranges.append((cursor, date_to))
    return Sources(kept, ranges)
