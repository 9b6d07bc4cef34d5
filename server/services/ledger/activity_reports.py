"""Activity reports: daily operations by unit and person (日常业务量) and system
usage (系统使用情况), each one set-based SQL statement, days in office time.

Documents entered and submitted are people's work: vouchers made by the system
from approved records are not counted (a deleted draft still is). Daily
operations are limited to the caller's unit scope like every other report;
system usage counts logins across the whole system, so only auditors and
administrators see it (the route says so).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.schemas.reports import DailyOperationsRowOut, UsageRowOut
from server.services.accounts.sessions import Authenticated
from server.services.core.working_days import OFFICE_TZ
from server.services.ledger.reports import check_range, in_office_time, scope_units

_DAILY_OPERATIONS = text(
    f"""
WITH acts AS (
    SELECT CAST({in_office_time("d.created_at")} AS date) AS day, d.unit_id,
           d.maker_id AS user_id, 1 AS entered, 0 AS submitted, 0 AS decided
      FROM documents d
     WHERE d.created_at >= :start AND d.created_at < :end AND d.unit_id = ANY(:units)
       AND d.source_id IS NULL
    UNION ALL
    SELECT CAST({in_office_time("d.submitted_at")} AS date), d.unit_id, d.maker_id, 0, 1, 0
      FROM documents d
     WHERE d.submitted_at >= :start AND d.submitted_at < :end AND d.unit_id = ANY(:units)
       AND d.source_id IS NULL
    UNION ALL
    SELECT CAST({in_office_time("s.acted_at")} AS date), d.unit_id, s.actor_id, 0, 0, 1
      FROM approval_steps s JOIN documents d ON d.id = s.document_id
     WHERE s.status IN ('approved', 'rejected', 'returned')
       AND s.acted_at >= :start AND s.acted_at < :end AND d.unit_id = ANY(:units)
)
SELECT a.day, min(u.code || ' ' || u.name) AS unit, min(p.display_name) AS person,
       sum(a.entered) AS entered, sum(a.submitted) AS submitted, sum(a.decided) AS decided
  FROM acts a
  JOIN budget_units u ON u.id = a.unit_id
  JOIN users p ON p.id = a.user_id
 GROUP BY a.day, u.code, p.username
 ORDER BY a.day, u.code, p.username
"""
)

_USAGE = text(
    f"""
SELECT CAST({in_office_time("l.at")} AS date) AS day,
       count(*) FILTER (WHERE l.action = 'login.succeeded') AS logins,
       count(*) FILTER (WHERE l.action = 'login.failed') AS failed_logins,
       count(DISTINCT l.actor_id) FILTER (WHERE l.action = 'login.succeeded') AS active_users
  FROM audit_log l
 WHERE l.at >= :start AND l.at < :end
   AND l.action IN ('login.succeeded', 'login.failed')
 GROUP BY 1
 ORDER BY 1
"""
)


def _span(date_from: dt.date, date_to: dt.date) -> dict[str, dt.datetime]:
    check_range(date_from, date_to)
    return {
        "start": dt.datetime.combine(date_from, dt.time(0), tzinfo=OFFICE_TZ),
        "end": dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tzinfo=OFFICE_TZ),
    }


def daily_operations(
    session: Session, auth: Authenticated, date_from: dt.date, date_to: dt.date
) -> list[DailyOperationsRowOut]:
    """Per day, unit and person: documents entered and submitted, decisions taken."""
    params = {**_span(date_from, date_to), "units": scope_units(session, auth)}
    return [
        DailyOperationsRowOut(
            day=row.day,
            unit=row.unit,
            person=row.person,
            entered=row.entered,
            submitted=row.submitted,
            decided=row.decided,
        )
        for row in session.execute(_DAILY_OPERATIONS, params)
    ]


def usage(session: Session, date_from: dt.date, date_to: dt.date) -> list[UsageRowOut]:
    """Per day: logins, failed logins and the number of people who logged in."""
    return [
        UsageRowOut(
            day=row.day,
            logins=row.logins,
            failed_logins=row.failed_logins,
            active_users=row.active_users,
        )
        for row in session.execute(_USAGE, _span(date_from, date_to))
    ]
