"""Four-eyes requests: an administrative act waiting for a second administrator."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from common.schemas.base import PlainText, Schema


class RequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class RequestAction(StrEnum):
    """What a four-eyes request asks a second administrator to let happen (a
    newer server may send one this version does not know: ``action`` stays str)."""

    PERIOD_REOPEN = "period.reopen"
    USER_GRANT = "user.grant"  # a change of access that adds a guarded role
    USER_RESET_SECOND_FACTOR = "user.reset_second_factor"
    RESTORE_PLAN = "restore.plan"
    PARAMETERS_CHANGE = "parameters.change"  # a weakening of a security parameter


class AdminRequestOut(Schema):
    id: int
    action: str = Field(description="a RequestAction, e.g. period.reopen")
    target: str = Field(description="what it acts on, e.g. 2026-10")
    reason: str
    state: RequestState
    requested_by: str
    requested_by_id: int
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None
    # What the act needs and shows (e.g. a role grant's account and new roles).
    payload: dict[str, Any] = Field(default_factory=dict)
    # Only in the answer to an approval that issued an account's credentials (a
    # grant of administrator or auditor, a privileged account's second-factor
    # reset): its new initial password, shown once to the approving
    # administrator, who hands it over. Never stored with the request or logged.
    initial_password: str | None = None


class DecisionIn(Schema):
    note: Annotated[PlainText, Field(max_length=200)] = ""
