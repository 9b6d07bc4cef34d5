"""Approval settings the administrator edits (审批流程设置): rules and their steps,
reviewers' posts with their monthly limits, and the working-day calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, model_validator

from common.enums import DocumentKind, ReviewLevel
from common.schemas.base import PlainText, Schema
from common.schemas.money import Money as MoneyIn

Money = Annotated[MoneyIn, Field(ge=0)]  # common.schemas.money, not negative


class StepSpec(Schema):
    """One step of a route: who acts, and how long they have (working days, or
    wall-clock hours for a fast track)."""

    level: ReviewLevel
    working_days: int | None = Field(default=None, ge=1, le=30)
    hours: int | None = Field(default=None, ge=1, le=240)

    @model_validator(mode="after")
    def one_deadline(self) -> Self:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("须且只能填写工作日或小时之一 / give working_days or hours, not both")
        return self


class ApprovalRuleIn(Schema):
    priority: int = Field(ge=1, le=10_000, description="Lower is tried first.")
    name: Annotated[PlainText, Field(min_length=1, max_length=100)]
    document_kind: DocumentKind | None = None
    min_amount: Money = Decimal("0.00")
    max_amount: Money | None = None
    unit_id: int | None = Field(default=None, description="The rule covers this unit's subtree.")
    major: bool = False
    steps: list[StepSpec] = Field(min_length=1, max_length=5)
    is_active: bool = True


class ApprovalRuleOut(ApprovalRuleIn):
    id: int


class RoutePreviewOut(Schema):
    """Which steps an item would take (the admin's "what if")."""

    rule_id: int
    rule_name: str
    steps: list[StepSpec]


class ReviewerPostIn(Schema):
    unit_id: int
    level: ReviewLevel
    monthly_limit: Money | None = None


class ReviewerPostOut(ReviewerPostIn):
    user_id: int
    username: str
    display_name: str


class CalendarDayIn(Schema):
    is_working: bool
    name: Annotated[PlainText, Field(max_length=100)] = ""


class CalendarDayOut(CalendarDayIn):
    day: dt.date


class CalendarYearIn(Schema):
    """A year's holidays and exchanged working days at once (the State Council's
    yearly list, imported from Excel): it replaces that year's entries."""

    days: list[CalendarDayOut] = Field(max_length=366)


class DeadlinePreviewOut(Schema):
    """When a step of ``working_days`` started at ``start`` is due, with the
    calendar as it is now (the admin's "how does a deadline move")."""

    start: dt.datetime
    working_days: int
    due: dt.datetime
    yellow_from: dt.datetime
