"""Approval settings for the admin console: rules with a route preview, reviewers'
posts, the working-day calendar (administrators only; rules and posts need a
fresh second-factor code, as any grant of authority does)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path, Query, Response
from pydantic import AwareDatetime

from common.enums import DocumentKind
from common.schemas.approval_admin import (
    ApprovalRuleIn,
    ApprovalRuleOut,
    CalendarDayIn,
    CalendarDayOut,
    CalendarYearIn,
    DeadlinePreviewOut,
    ReviewerPostIn,
    ReviewerPostOut,
    RoutePreviewOut,
)
from common.schemas.money import Money
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.review import approval_settings

router = api_router(prefix="/admin", tags=["admin"])


@router.get("/approval-rules", response_model=list[ApprovalRuleOut])
def list_rules(caller: AdminAuth, session: Transaction) -> list[ApprovalRuleOut]:
    return approval_settings.rules(session)


@router.post("/approval-rules", response_model=ApprovalRuleOut, status_code=201)
def create_rule(
    body: ApprovalRuleIn, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> ApprovalRuleOut:
    return approval_settings.save_rule(session, caller, body, rule_id=None, origin=origin, now=now)


@router.put("/approval-rules/{rule_id}", response_model=ApprovalRuleOut)
def change_rule(
    rule_id: int,
    body: ApprovalRuleIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> ApprovalRuleOut:
    return approval_settings.save_rule(
        session, caller, body, rule_id=rule_id, origin=origin, now=now
    )


@router.get("/approval-rules/preview", response_model=RoutePreviewOut)
def preview(
    caller: AdminAuth,
    session: Transaction,
    kind: DocumentKind,
    amount: Annotated[Money, Query(ge=0)],
    unit_id: int,
) -> RoutePreviewOut:
    """Which steps would a ``kind`` of ``amount`` at ``unit_id`` take?"""
    return approval_settings.preview(session, kind, amount, unit_id)


@router.get("/reviewer-posts", response_model=list[ReviewerPostOut])
def list_posts(caller: AdminAuth, session: Transaction) -> list[ReviewerPostOut]:
    return approval_settings.posts(session)


@router.put("/users/{user_id}/reviewer-posts", response_model=list[ReviewerPostOut])
def set_posts(
    user_id: int,
    body: list[ReviewerPostIn],
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> list[ReviewerPostOut]:
    return approval_settings.set_posts(session, caller, user_id, body, origin=origin, now=now)


@router.get("/calendar", response_model=list[CalendarDayOut])
def list_calendar(
    caller: AdminAuth, session: Transaction, year: Annotated[int, Query(ge=2000, le=2999)]
) -> list[CalendarDayOut]:
    return approval_settings.calendar(session, year)


@router.put("/calendar/years/{year}", response_model=list[CalendarDayOut])
def replace_year(
    year: Annotated[int, Path(ge=2000, le=2999)],
    body: CalendarYearIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> list[CalendarDayOut]:
    """The year's holidays and exchanged working days, replaced at once (an import)."""
    return approval_settings.replace_year(session, caller, year, body, origin=origin, now=now)


@router.get("/calendar/preview", response_model=DeadlinePreviewOut)
def preview_deadline(
    caller: AdminAuth,
    session: Transaction,
    start: AwareDatetime,
    working_days: Annotated[int, Query(ge=1, le=30)],
) -> DeadlinePreviewOut:
    """When a step of ``working_days`` started at ``start`` would be due."""
    return approval_settings.preview_deadline(session, start, working_days)


@router.put("/calendar/{day}", response_model=CalendarDayOut)
def set_day(
    day: dt.date,
    body: CalendarDayIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> CalendarDayOut | None:
    """A holiday (is_working false) or a weekend day worked in exchange (true)."""
    return approval_settings.set_day(session, caller, day, body, origin=origin, now=now)


@router.delete("/calendar/{day}", status_code=204)
def clear_day(
    day: dt.date, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> Response:
    approval_settings.set_day(session, caller, day, None, origin=origin, now=now)
    return Response(status_code=204)
