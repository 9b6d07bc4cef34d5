"""Deadlines in working days: weekends off, the admin's holidays off, the weekend
days worked in exchange (调休) on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from server.db.models import CalendarDay
from server.services.core.working_days import OFFICE_TZ, add_working_days, deadline_after


def at(day: str, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=OFFICE_TZ)


def test_two_working_days_skip_the_weekend(session: Session) -> None:
    assert add_working_days(session, at("2026-11-04"), 2) == at("2026-11-06")  # Wed -> Fri
    assert add_working_days(session, at("2026-11-06"), 2) == at("2026-11-10")  # Fri -> Tue
    # Saturday: the clock starts on Monday 00:00, so the time runs out at the end of Tuesday
    assert add_working_days(session, at("2026-11-07"), 2) == at("2026-11-11", 0)


def test_the_yellow_light_is_the_last_quarter_of_the_working_time(session: Session) -> None:
    # Friday 15:00 + 2 working days = 48 working hours: Fri 9 h, Mon 24 h, Tue 15 h.
    # The last quarter (12 h) starts Tuesday 03:00, not Monday 15:00 as the wall clock says.
    due = deadline_after(session, at("2026-11-06"), {"working_days": 2})
    assert (due.due, due.yellow_from) == (at("2026-11-10"), at("2026-11-10", 3))
    on_saturday = deadline_after(session, at("2026-11-07", 10), {"working_days": 2})
    assert (on_saturday.due, on_saturday.yellow_from) == (at("2026-11-11", 0), at("2026-11-10", 12))
    fast_track = deadline_after(session, at("2026-11-07", 10), {"hours": 24})
    assert (fast_track.due, fast_track.yellow_from) == (at("2026-11-08", 10), at("2026-11-08", 4))


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
    # Friday 15:00 UTC is 23:00 in Beijing: one hour of Friday, all of Monday, 23 h of Tuesday
    friday_afternoon_utc = dt.datetime(2026, 11, 6, 15, 0, tzinfo=dt.UTC)
    assert add_working_days(session, friday_afternoon_utc, 2) == at("2026-11-10", 23)
    # Friday 17:00 UTC is already Saturday 01:00 in Beijing: the clock starts on Monday
    friday_evening_utc = dt.datetime(2026, 11, 6, 17, 0, tzinfo=dt.UTC)
    due = add_working_days(session, friday_evening_utc, 2)
    assert due.astimezone(OFFICE_TZ) == at("2026-11-11", 0)
    assert deadline_after(session, friday_evening_utc, {"hours": 24}).due == (
        friday_evening_utc + dt.timedelta(hours=24)
    )
