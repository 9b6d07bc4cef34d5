"""Deadlines in working days (工作日): Monday to Friday, less the holidays and plus
the weekend days worked in exchange (调休) that the admin keeps in ``calendar_days``.

Days are the office's days: China Standard Time, which has no daylight saving.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import CalendarDay

OFFICE_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
_LOOKAHEAD_DAYS = 60  # far enough for any deadline of a few working days plus holidays


def add_working_days(session: Session, start: dt.datetime, days: int) -> dt.datetime:
    """The same time of day ``days`` working days after ``start`` (Friday 15:00 plus
    two working days is Tuesday 15:00)."""
    local = start.astimezone(OFFICE_TZ)
    first, last = local.date(), local.date() + dt.timedelta(days=_LOOKAHEAD_DAYS)
    rows = session.execute(
        select(CalendarDay.day, CalendarDay.is_working).where(CalendarDay.day.between(first, last))
    )
    exceptions = {day: is_working for day, is_working in rows}
    day, counted = local.date(), 0
    while counted < days:
        day += dt.timedelta(days=1)
        if exceptions.get(day, day.weekday() < 5):
            counted += 1
    return dt.datetime.combine(day, local.timetz()).astimezone(start.tzinfo)


def deadline_after(session: Session, start: dt.datetime, spec: dict[str, Any]) -> dt.datetime:
    """``spec`` is ``{"working_days": n}`` or ``{"hours": n}`` (an approval rule's step)."""
    if "hours" in spec:
        return start + dt.timedelta(hours=float(spec["hours"]))
    return add_working_days(session, start, int(spec.get("working_days", 2)))
