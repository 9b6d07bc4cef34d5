"""Deadlines in working days: weekends off, the admin's holidays off, the weekend
days worked in exchange (调休) on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from server.db.models import CalendarDay
from server.services.working_days import OFFICE_TZ, add_working_days, deadline_after


def at(day: str, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=OFFICE_TZ)


def test_two_working_days_skip_the_weekend(session: Session) -> None:
    assert add_working_days(session, at("2026-11-04"), 2) == at("2026-11-06")  # Wed -> Fri
    assert add_working_days(session, at("2026-11-06"), 2) == at("2026-11-10")  # Fri -> Tue
    assert add_working_days(session, at("2026-11-07"), 2) == at("2026-11-10")  # Sat -> Tue


def test_holidays_are_skipped_and_exchanged_weekend_days_count(session: Session) -> None:
    # 2026 National Day: 1–7 October off, Saturday 10 October worked instead
    session.add_all(
        [
            CalendarDay(day=dt.date(2026, 10, d), is_working=False, name="国庆节")
            for d in range(1, 8)
        ]
        + [CalendarDay(day=dt.date(2026, 10, 10), is_working=True, name="国庆调休")]
    )
    session.flush()
    assert add_working_days(session, at("2026-09-30"), 2) == at("2026-10-09")  # Thu 8, Fri 9
    assert add_working_days(session, at("2026-10-09"), 1) == at("2026-10-10")  # the Saturday


def test_the_office_day_is_china_time(session: Session) -> None:
    # Friday 17:00 UTC is already Saturday 01:00 in Beijing: two working days -> Tuesday
    friday_evening_utc = dt.datetime(2026, 11, 6, 17, 0, tzinfo=dt.UTC)
    due = add_working_days(session, friday_evening_utc, 2)
    assert due.astimezone(OFFICE_TZ) == at("2026-11-10", 1)
    assert deadline_after(session, friday_evening_utc, {"hours": 24}) == (
        friday_evening_utc + dt.timedelta(hours=24)
    )
