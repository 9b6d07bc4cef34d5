"""The administrator's approval settings: rules, reviewers' posts, the calendar.

Changes apply to items submitted from then on; an item already under review
keeps the route it was given. Rules and posts decide who may approve money, so
changing them needs a fresh second-factor code and every change is in the
operation log with its before and after.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, extract, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.enums import DocumentKind, ReviewLevel, Role
from common.errors import DomainError
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
    StepSpec,
)
from server.db.models import ApprovalRule, BudgetUnit, CalendarDay, Document, ReviewerPost, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.roles import roles_of
from server.services.core.working_days import deadline_after
from server.services.review.approval_routing import rule_for

_CALENDAR_LOCK = 0x43414C44  # "CALD": calendar changes one at a time (a day, a year)


def _steps_out(steps: list[dict[str, Any]]) -> list[StepSpec]:
    return [
        StepSpec(
            level=ReviewLevel(step["level"]),
            working_days=step["deadline"].get("working_days"),
            hours=step["deadline"].get("hours"),
        )
        for step in steps
    ]


def _steps_in(steps: list[StepSpec]) -> list[dict[str, Any]]:
    return [
        {
            "level": step.level.value,
            "deadline": (
                {"hours": step.hours}
                if step.hours is not None
                else {"working_days": step.working_days}
            ),
        }
        for step in steps
    ]


def rule_out(rule: ApprovalRule) -> ApprovalRuleOut:
    return ApprovalRuleOut(
        id=rule.id,
        priority=rule.priority,
        name=rule.name,
        document_kind=DocumentKind(rule.document_kind) if rule.document_kind else None,
        min_amount=rule.min_amount,
        max_amount=rule.max_amount,
        unit_id=rule.unit_id,
        major=rule.major,
        steps=_steps_out(rule.steps),
        is_active=rule.is_active,
    )


def rules(session: Session) -> list[ApprovalRuleOut]:
    return [
        rule_out(r) for r in session.scalars(select(ApprovalRule).order_by(ApprovalRule.priority))
    ]


def _check_rule(session: Session, body: ApprovalRuleIn) -> None:
    if body.max_amount is not None and body.max_amount < body.min_amount:
        raise DomainError("approval_rule.amount_range", status=422, field="max_amount")
    if body.unit_id is not None and session.get(BudgetUnit, body.unit_id) is None:
        raise DomainError("approval_rule.unknown_unit", status=422, field="unit_id")


def _apply(rule: ApprovalRule, body: ApprovalRuleIn) -> None:
    rule.priority = body.priority
    rule.name = body.name.strip()
    rule.document_kind = body.document_kind.value if body.document_kind else None
    rule.min_amount = body.min_amount
    rule.max_amount = body.max_amount
    rule.unit_id = body.unit_id
    rule.major = body.major
    rule.steps = _steps_in(body.steps)
    rule.is_active = body.is_active


def _flush_rule(session: Session) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        if "uq_approval_rules_priority" in str(exc.orig):
            raise DomainError("approval_rule.priority_taken", status=409, field="priority") from exc
        raise


def save_rule(
    session: Session,
    auth: Authenticated,
    body: ApprovalRuleIn,
    *,
    rule_id: int | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> ApprovalRuleOut:
    """Create a rule (``rule_id`` None) or change one."""
    _check_rule(session, body)
    before = None
    if rule_id is None:
        rule = ApprovalRule()
        session.add(rule)
    else:
        found = session.get(ApprovalRule, rule_id, with_for_update=True)
        if found is None:
            raise DomainError("approval_rule.not_found", status=404)
        rule, before = found, rule_out(found).model_dump(mode="json")
    _apply(rule, body)
    _flush_rule(session)
    out = rule_out(rule)
    audit.record(
        session,
        auth.actor,
        "approval_rule.created" if before is None else "approval_rule.changed",
        origin=origin,
        at=now,
        target_type="approval_rule",
        target_id=rule.id,
        before=before,
        after=out.model_dump(mode="json"),
    )
    return out


def preview(session: Session, kind: DocumentKind, amount: Decimal, unit_id: int) -> RoutePreviewOut:
    """The steps an item of this kind, amount and unit would take if submitted now."""
    if session.get(BudgetUnit, unit_id) is None:
        raise DomainError("approval_rule.unknown_unit", status=422, field="unit_id")
    probe = Document(kind=kind.value, amount=amount, unit_id=unit_id)  # never added
    rule = rule_for(session, probe)
    return RoutePreviewOut(rule_id=rule.id, rule_name=rule.name, steps=_steps_out(rule.steps))


def posts(session: Session) -> list[ReviewerPostOut]:
    rows = session.execute(
        select(ReviewerPost, User.username, User.display_name)
        .join(User, User.id == ReviewerPost.user_id)
        .order_by(User.username, ReviewerPost.unit_id, ReviewerPost.level)
    )
    return [
        ReviewerPostOut(
            user_id=post.user_id,
            username=username,
            display_name=display_name,
            unit_id=post.unit_id,
            level=ReviewLevel(post.level),
            monthly_limit=post.monthly_limit,
        )
        for post, username, display_name in rows
    ]


def set_posts(
    session: Session,
    auth: Authenticated,
    user_id: int,
    body: list[ReviewerPostIn],
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> list[ReviewerPostOut]:
    """Replace a reviewer's posts (审批权限) with ``body``."""
    user = session.get(User, user_id, with_for_update=True)
    if user is None:
        raise DomainError("approval_post.unknown_user", status=404)
    if body and Role.REVIEWER not in set(roles_of(session, user_id)):
        raise DomainError("approval_post.not_reviewer", status=422, field="user_id")
    for post in body:
        if session.get(BudgetUnit, post.unit_id) is None:
            raise DomainError("approval_rule.unknown_unit", status=422, field="unit_id")
    keys = [(p.unit_id, p.level) for p in body]
    if len(set(keys)) != len(keys):
        raise DomainError("approval_post.duplicate", status=422, field="unit_id")
    before = [p.model_dump(mode="json") for p in posts(session) if p.user_id == user_id]
    session.execute(delete(ReviewerPost).where(ReviewerPost.user_id == user_id))
    session.add_all(
        ReviewerPost(
            user_id=user_id,
            unit_id=p.unit_id,
            level=p.level.value,
            monthly_limit=p.monthly_limit,
        )
        for p in body
    )
    session.flush()
    after = [p for p in posts(session) if p.user_id == user_id]
    audit.record(
        session,
        auth.actor,
        "approval_post.changed",
        origin=origin,
        at=now,
        target_type="user",
        target_id=user_id,
        before={"posts": before},
        after={"posts": [p.model_dump(mode="json") for p in after]},
    )
    return after


def calendar(session: Session, year: int) -> list[CalendarDayOut]:
    rows = session.scalars(
        select(CalendarDay)
        .where(extract("year", CalendarDay.day) == year)
        .order_by(CalendarDay.day)
    )
    return [CalendarDayOut(day=d.day, is_working=d.is_working, name=d.name) for d in rows]


def set_day(
    session: Session,
    auth: Authenticated,
    day: dt.date,
    body: CalendarDayIn | None,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> CalendarDayOut | None:
    """Mark a holiday or an exchanged working day; ``body`` None makes it ordinary again."""
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CALENDAR_LOCK})
    found = session.get(CalendarDay, day, with_for_update=True)
    before = None if found is None else {"is_working": found.is_working, "name": found.name}
    if body is None:
        if found is not None:
            session.delete(found)
        out = None
    else:
        if found is None:
            found = CalendarDay(day=day)
            session.add(found)
        found.is_working, found.name = body.is_working, body.name.strip()
        out = CalendarDayOut(day=day, is_working=body.is_working, name=found.name)
    session.flush()
    audit.record(
        session,
        auth.actor,
        "calendar.changed",
        origin=origin,
        at=now,
        target_type="calendar_day",
        target_id=day.isoformat(),
        before=before,
        after=None if out is None else out.model_dump(mode="json"),
    )
    return out


def replace_year(
    session: Session,
    auth: Authenticated,
    year: int,
    body: CalendarYearIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> list[CalendarDayOut]:
    """The year's exceptions become ``body.days`` (an import of the yearly list),
    in one change with one entry in the operation log."""
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CALENDAR_LOCK})
    days = [entry.day for entry in body.days]
    if any(day.year != year for day in days):
        raise DomainError("calendar.wrong_year", status=422, field="days", year=year)
    if len(set(days)) != len(days):
        raise DomainError("calendar.duplicate_day", status=422, field="days")
    before = [entry.model_dump(mode="json") for entry in calendar(session, year)]
    session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) == year))
    session.add_all(
        CalendarDay(day=entry.day, is_working=entry.is_working, name=entry.name.strip())
        for entry in body.days
    )
    session.flush()
    after = calendar(session, year)
    audit.record(
        session,
        auth.actor,
        "calendar.year_replaced",
        origin=origin,
        at=now,
        target_type="calendar_year",
        target_id=str(year),
        before={"days": before},
        after={"days": [entry.model_dump(mode="json") for entry in after]},
    )
    return after


def preview_deadline(session: Session, start: dt.datetime, working_days: int) -> DeadlinePreviewOut:
    """The deadline a step of ``working_days`` started at ``start`` gets today."""
    deadline = deadline_after(session, start, {"working_days": working_days})
    return DeadlinePreviewOut(
        start=start, working_days=working_days, due=deadline.due, yellow_from=deadline.yellow_from
    )
