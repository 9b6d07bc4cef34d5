"""Reports (统计报表), each one set-based SQL statement over the ledger.

The ledger is the approved and posted vouchers (a record's voucher is made when
the record is approved); income and expenditure summaries read the approved and
posted records themselves. The caller's unit scope is a condition of every
statement, as in the queries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.reports import (
    BalanceRowOut,
    EfficiencyBy,
    EfficiencyRowOut,
    SummaryBy,
    SummaryRowOut,
)
from server.services import scope
from server.services.sessions import Authenticated
from server.services.working_days import OFFICE_TZ

LEDGER = "('approved', 'posted')"

_BALANCES = text(
    f"""
WITH RECURSIVE closure AS (
    SELECT id AS ancestor, id AS descendant FROM accounts
    UNION ALL
    SELECT c.ancestor, a.id FROM closure c JOIN accounts a ON a.parent_id = c.descendant
), movements AS (
    SELECT l.account_id,
           sum(CASE WHEN d.doc_date < :date_from THEN l.debit - l.credit ELSE 0 END) AS opening,
           sum(CASE WHEN d.doc_date >= :date_from THEN l.debit ELSE 0 END) AS debit,
           sum(CASE WHEN d.doc_date >= :date_from THEN l.credit ELSE 0 END) AS credit
      FROM voucher_lines l JOIN documents d ON d.id = l.document_id
     WHERE d.kind = 'voucher' AND d.status IN {LEDGER} AND d.deleted_at IS NULL
       AND d.doc_date <= :date_to AND d.unit_id = ANY(:units)
     GROUP BY l.account_id
)
SELECT a.id, a.code, a.name, a.parent_id, a.normal_side,
       sum(m.opening) AS opening, sum(m.debit) AS debit, sum(m.credit) AS credit
  FROM accounts a
  JOIN closure c ON c.ancestor = a.id
  JOIN movements m ON m.account_id = c.descendant
 GROUP BY a.id
 ORDER BY a.code
"""
)

_SUMMARY_KEYS = {
    SummaryBy.UNIT: ("u.code", "u.code || ' ' || u.name"),
    SummaryBy.ITEM: ("i.code", "i.code || ' ' || i.name"),
    SummaryBy.MONTH: ("to_char(d.doc_date, 'YYYY-MM')", "to_char(d.doc_date, 'YYYY-MM')"),
}


def _summary(by: SummaryBy) -> Any:
    key, label = _SUMMARY_KEYS[by]
    return text(
        f"""
SELECT {key} AS key, min({label}) AS label,
       coalesce(sum(d.amount) FILTER (WHERE d.kind = 'income'), 0) AS income,
       coalesce(sum(d.amount) FILTER (WHERE d.kind = 'expenditure'), 0) AS expenditure,
       count(*) AS count
  FROM documents d
  JOIN budget_units u ON u.id = d.unit_id
  LEFT JOIN budget_items i ON i.id = coalesce(d.income_item_id, d.functional_item_id)
 WHERE d.kind IN ('income', 'expenditure') AND d.status IN {LEDGER}
   AND d.deleted_at IS NULL AND d.doc_date BETWEEN :date_from AND :date_to
   AND d.unit_id = ANY(:units)
 GROUP BY {key}
 ORDER BY {key}
"""
    )


_EFFICIENCY_KEYS = {
    EfficiencyBy.REVIEWER: ("r.username", "min(r.display_name)"),
    EfficiencyBy.UNIT: ("u.code", "min(u.code || ' ' || u.name)"),
}


def _efficiency(by: EfficiencyBy) -> Any:
    key, label = _EFFICIENCY_KEYS[by]
    return text(
        f"""
SELECT {key} AS key, {label} AS label, count(*) AS decided,
       avg(extract(epoch FROM s.acted_at - s.started_at)) / 3600 AS average_hours,
       percentile_cont(0.9) WITHIN GROUP (
           ORDER BY extract(epoch FROM s.acted_at - s.started_at)) / 3600 AS p90_hours,
       avg(CASE WHEN s.acted_at > s.deadline_at THEN 1.0 ELSE 0.0 END) AS overdue_ratio
  FROM approval_steps s
  JOIN documents d ON d.id = s.document_id
  JOIN users r ON r.id = s.actor_id
  JOIN budget_units u ON u.id = d.unit_id
 WHERE s.status IN ('approved', 'rejected', 'returned')
   AND s.acted_at >= :start AND s.acted_at < :end
   AND d.unit_id = ANY(:units)
 GROUP BY {key}
 ORDER BY {key}
"""
    )


def _range(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise DomainError("report.date_range", status=422, field="date_to")


def _units(session: Session, auth: Authenticated) -> list[int]:
    return sorted(scope.units_in_scope(session, auth.user.id))


def balances(
    session: Session, auth: Authenticated, date_from: dt.date, date_to: dt.date
) -> list[BalanceRowOut]:
    """科目余额表 for the period range, every account with movements, rolled up."""
    _range(date_from, date_to)
    rows = session.execute(
        _BALANCES,
        {"date_from": date_from, "date_to": date_to, "units": _units(session, auth)},
    )
    found = []
    for row in rows:
        sign = 1 if row.normal_side == "debit" else -1
        opening = Decimal(row.opening) * sign
        debit, credit = Decimal(row.debit), Decimal(row.credit)
        closing = opening + (debit - credit) * sign
        found.append(
            BalanceRowOut(
                account_id=row.id,
                code=row.code,
                name=row.name,
                parent_id=row.parent_id,
                normal_side=row.normal_side,
                opening=opening,
                debit=debit,
                credit=credit,
                closing=closing,
            )
        )
    return found


def summary(
    session: Session, auth: Authenticated, date_from: dt.date, date_to: dt.date, by: SummaryBy
) -> list[SummaryRowOut]:
    """收支汇总 by unit, item or month."""
    _range(date_from, date_to)
    rows = session.execute(
        _summary(by),
        {"date_from": date_from, "date_to": date_to, "units": _units(session, auth)},
    )
    return [
        SummaryRowOut(
            key=row.key or "",
            label=row.label or "",
            income=Decimal(row.income),
            expenditure=Decimal(row.expenditure),
            count=row.count,
        )
        for row in rows
    ]


def efficiency(
    session: Session, auth: Authenticated, date_from: dt.date, date_to: dt.date, by: EfficiencyBy
) -> list[EfficiencyRowOut]:
    """审批效率 by reviewer or by the item's unit, for steps decided in the range."""
    _range(date_from, date_to)
    start = dt.datetime.combine(date_from, dt.time(0), tzinfo=OFFICE_TZ)  # the office's days
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tzinfo=OFFICE_TZ)
    rows = session.execute(
        _efficiency(by), {"start": start, "end": end, "units": _units(session, auth)}
    )
    return [
        EfficiencyRowOut(
            key=row.key,
            label=row.label,
            decided=row.decided,
            average_hours=round(float(row.average_hours), 2),
            p90_hours=round(float(row.p90_hours), 2),
            overdue_ratio=round(float(row.overdue_ratio), 4),
        )
        for row in rows
    ]
