"""The traffic light of a step with a deadline (DOMAIN.md 督办提醒): green on time,
yellow in the last quarter of the time, red overdue. The server places the start
of the last quarter (``yellow_from``) in working time when it opens the step, so
the client can recompute the light from the two instants as the clock moves on."""

from __future__ import annotations

import datetime as dt

from common.enums import DeadlineState


def deadline_state(
    yellow_from: dt.datetime, deadline: dt.datetime, now: dt.datetime
) -> DeadlineState:
    """Red once ``now`` is past the deadline; yellow from ``yellow_from``; green before."""
    if now > deadline:
        return DeadlineState.RED
    if now >= yellow_from:
        return DeadlineState.YELLOW
    return DeadlineState.GREEN
