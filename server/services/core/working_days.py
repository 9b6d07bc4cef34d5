"""Deadlines in working time (工作日): Monday to Friday, less the holidays and plus
the weekend days worked in exchange (调休) that the admin keeps in ``calendar_days``.

The clock of a working-day deadline only runs on working days: an item submitted
on Saturday starts its time on Monday at 00:00, and the yellow light (the last
quarter of the time) falls a quarter of the *working* time before the deadline.
Days are the office's days: China Standard Time, which has no daylight saving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import CalendarDay

OFFICE_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
_LOOKAHEAD_DAYS = 60  # far enough for any deadline of a few working days plus holidays
_DAY = dt.timedelta(days=1)
YELLOW_FRACTION = 0.75  # yellow in the last quarter of the time (DOMAIN.md 督办提醒)


@dataclass(frozen=True)
class Deadline:
    due: dt.datetime
    yellow_from: dt.datetime


def office_today(now: dt.datetime) -> dt.date:
    return now.astimezone(OFFICE_TZ).date()


def _working_day_test(session: Session, first: dt.date) -> Callable[[dt.date], bool]:
    last = first + dt.timedelta(days=_LOOKAHEAD_DAYS)
    rows = session.execute(
        select(CalendarDay.day, CalendarDay.is_working).where(CalendarDay.day.between(first, last))
    )
    exceptions = {day: is_working for day, is_working in rows}
    return lambda day: exceptions.get(day, day.weekday() < 5)


def add_working_time(session: Session, start: dt.datetime, span: dt.timedelta) -> dt.datetime:
    """``span`` of working time after ``start``, counting only working days (a
    working day has 24 hours: Friday 15:00 plus 48 hours is Tuesday 15:00)."""
    local = start.astimezone(OFFICE_TZ)
    return _add_working_time(start, span, _working_day_test(session, local.date()))


def _add_working_time(
    start: dt.datetime, span: dt.timedelta, is_working: Callable[[dt.date], bool]
) -> dt.datetime:
    local = start.astimezone(OFFICE_TZ)
    day = local.date()
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=OFFICE_TZ)
    position = local - midnight
    if not is_working(day):
        position = dt.timedelta(0)
        while not is_working(day):
            day += _DAY
    remaining = span
    while remaining > _DAY - position:
        remaining -= _DAY - position
        position = dt.timedelta(0)
        day += _DAY
        while not is_working(day):
            day += _DAY
    end = dt.datetime.combine(day, dt.time(0), tzinfo=OFFICE_TZ) + position + remaining
    return end.astimezone(start.tzinfo)


def add_working_days(session: Session, start: dt.datetime, days: int) -> dt.datetime:
    return add_working_time(session, start, days * _DAY)


def deadline_after(session: Session, start: dt.datetime, spec: dict[str, Any]) -> Deadline:
    """``spec`` is ``{"working_days": n}`` or ``{"hours": n}`` (an approval rule's
    step); hours are wall-clock hours (the 24-hour fast track runs over weekends)."""
    if "hours" in spec:
        span = dt.timedelta(hours=float(spec["hours"]))
        return Deadline(due=start + span, yellow_from=start + span * YELLOW_FRACTION)
    span = int(spec.get("working_days", 2)) * _DAY
    is_working = _working_day_test(session, start.astimezone(OFFICE_TZ).date())  # read once
    return Deadline(
        due=_add_working_time(start, span, is_working),
        yellow_from=_add_working_time(start, span * YELLOW_FRACTION, is_working),
    )
