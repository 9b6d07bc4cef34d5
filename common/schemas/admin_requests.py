"""Four-eyes requests: an administrative act waiting for a second administrator."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from common.schemas.base import PlainText, Schema


class RequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class AdminRequestOut(Schema):
    id: int
    action: str = Field(description="e.g. period.reopen")
    target: str = Field(description="what it acts on, e.g. 2026-10")
    reason: str
    state: RequestState
    requested_by: str
    requested_by_id: int
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str | None


class DecisionIn(Schema):
    note: Annotated[PlainText, Field(max_length=200)] = ""
