"""The traffic light of a deadline at its boundaries, with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from common.enums import DeadlineState
from common.rules.deadlines import deadline_state

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
DEADLINE = START + dt.timedelta(hours=48)
YELLOW_FROM = DEADLINE - dt.timedelta(hours=12)  # the last quarter (placed by the server)


@pytest.mark.parametrize(
    ("now", "light"),
    [
        (START, DeadlineState.GREEN),
        (YELLOW_FROM - dt.timedelta(microseconds=1), DeadlineState.GREEN),
        (YELLOW_FROM, DeadlineState.YELLOW),
        (DEADLINE, DeadlineState.YELLOW),
        (DEADLINE + dt.timedelta(microseconds=1), DeadlineState.RED),
        (DEADLINE + dt.timedelta(days=5), DeadlineState.RED),
    ],
)
def test_green_yellow_in_the_last_quarter_red_once_overdue(
    now: dt.datetime, light: DeadlineState
) -> None:
    assert deadline_state(YELLOW_FROM, DEADLINE, now) is light
