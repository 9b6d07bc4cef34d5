"""Reports (统计报表): income and expenditure summary and approval efficiency, each
one set-based SQL statement (the ledger reports are in ledgers.py, the activity
reports in activity_reports.py).

Income and expenditure summaries read the approved and posted records
themselves. The caller's unit scope is a condition of every statement, as in
the queries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.reports import (
    EfficiencyBy,
    EfficiencyRowOut,
    SummaryBy,
    SummaryRowOut,
)
from server.services.accounts.sessions import Authenticated
from server.services.core import scope
from server.services.core.working_days import OFFICE_TZ
from server.services.ledger.ledger_sources import LEDGER

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


def in_office_time(column: str) -> str:
    """SQL for a timestamp as the office's wall-clock time (the database runs in
    UTC; the office's offset is fixed, so an interval, not a POSIX zone name)."""
    offset = OFFICE_TZ.utcoffset(None)
    assert offset is not None
    return f"({column} AT TIME ZONE INTERVAL '{offset.total_seconds():+.0f} seconds')"


_DECIDED_MONTH = f"to_char({in_office_time('s.acted_at')}, 'YYYY-MM')"
_EFFICIENCY_KEYS = {
    EfficiencyBy.REVIEWER: ("r.username", "min(r.display_name)"),
    EfficiencyBy.UNIT: ("u.code", "min(u.code || ' ' || u.name)"),
    EfficiencyBy.MONTH: (_DECIDED_MONTH, f"min({_DECIDED_MONTH})"),
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


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise DomainError("report.date_range", status=422, field="date_to")


def scope_units(session: Session, auth: Authenticated) -> list[int]:
    return sorted(scope.units_in_scope(session, auth.user.id))


def summary(
    session: Session, auth: Authenticated, date_from: dt.date, date_to: dt.date, by: SummaryBy
) -> list[SummaryRowOut]:
    """收支汇总 by unit, item or month."""
    check_range(date_from, date_to)
    rows = session.execute(
        _summary(by),
        {"date_from": date_from, "date_to": date_to, "units": scope_units(session, auth)},
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
    check_range(date_from, date_to)
    start = dt.datetime.combine(date_from, dt.time(0), tzinfo=OFFICE_TZ)  # the office's days
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tzinfo=OFFICE_TZ)
    rows = session.execute(
        _efficiency(by), {"start": start, "end": end, "units": scope_units(session, auth)}
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
