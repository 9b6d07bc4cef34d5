"""A moment as the desk shows it: in the computer's own zone, to the minute."""

from __future__ import annotations

import datetime as dt


def local_time(at: dt.datetime | None) -> str:
    """2026-12-07 09:30, or nothing for no moment."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else ""
