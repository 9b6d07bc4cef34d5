"""The traffic light of a step with a deadline (DOMAIN.md 督办提醒): green on time,
yellow in the last quarter of the time, red overdue. The server computes it for
lists; the client can recompute it as the clock moves on."""

from __future__ import annotations

import datetime as dt

from common.enums import DeadlineState


def deadline_state(started: dt.datetime, deadline: dt.datetime, now: dt.datetime) -> DeadlineState:
    """Red once ``now`` is past the deadline; yellow from three quarters of the time
    between ``started`` and ``deadline``; green before."""
    if now > deadline:
        return DeadlineState.RED
    if now >= deadline - (deadline - started) / 4:
        return DeadlineState.YELLOW
    return DeadlineState.GREEN
