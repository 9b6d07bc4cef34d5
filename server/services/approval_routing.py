"""Routing (审批流转): which route a submitted document takes, and its steps.

The first active approval rule, in priority order, whose document kind, amount
range and unit (the rule's unit covers its subtree) match the document gives
the steps. Amounts are compared by size, so a red reversal needs the same
authority as the item it reverses. Each submission starts a new round; the
first step is open at once, the others wait their turn.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CTE, func, or_, select, update
from sqlalchemy.orm import Session

from common.enums import ReviewAction
from common.errors import DomainError
from server.db.models import ApprovalAction, ApprovalRule, ApprovalStep, BudgetUnit, Document
from server.services.working_days import deadline_after

OPEN_STEPS = ("active", "waiting")


def unit_and_ancestors(unit_id: int) -> CTE:
    """A CTE of ``unit_id`` and every unit above it (for "covers its subtree")."""
    start = select(BudgetUnit.id, BudgetUnit.parent_id).where(BudgetUnit.id == unit_id)
    tree = start.cte("ancestors", recursive=True)
    return tree.union_all(
        select(BudgetUnit.id, BudgetUnit.parent_id).join(tree, BudgetUnit.id == tree.c.parent_id)
    )


def rule_for(session: Session, doc: Document) -> ApprovalRule:
    size = abs(doc.amount)
    ancestors = unit_and_ancestors(doc.unit_id)
    rule = session.scalar(
        select(ApprovalRule)
        .where(
            ApprovalRule.is_active,
            or_(ApprovalRule.document_kind.is_(None), ApprovalRule.document_kind == doc.kind),
            ApprovalRule.min_amount <= size,
            or_(ApprovalRule.max_amount.is_(None), ApprovalRule.max_amount >= size),
            or_(ApprovalRule.unit_id.is_(None), ApprovalRule.unit_id.in_(select(ancestors.c.id))),
        )
        .order_by(ApprovalRule.priority)
        .limit(1)
    )
    if rule is None:
        raise DomainError("review.no_rule", status=409)
    return rule


def route(session: Session, doc: Document, *, actor_id: int, now: dt.datetime) -> None:
    """Start a new round of review for a document just submitted."""
    rule = rule_for(session, doc)
    doc.review_round += 1
    for step_no, step in enumerate(rule.steps, start=1):
        first = step_no == 1
        session.add(
            ApprovalStep(
                document_id=doc.id,
                round=doc.review_round,
                step_no=step_no,
                rule_id=rule.id,
                level=step["level"],
                unit_id=doc.unit_id,
                status="active" if first else "waiting",
                deadline=step["deadline"],
                started_at=now if first else None,
                deadline_at=deadline_after(session, now, step["deadline"]) if first else None,
            )
        )
    record_action(session, doc, ReviewAction.SUBMITTED, actor_id=actor_id, now=now)


def open_next(session: Session, doc: Document, after: int, *, now: dt.datetime) -> bool:
    """Open the step after ``after``; False when there is none (the route is done)."""
    step = session.scalar(
        select(ApprovalStep).where(
            ApprovalStep.document_id == doc.id,
            ApprovalStep.round == doc.review_round,
            ApprovalStep.step_no == after + 1,
        )
    )
    if step is None:
        return False
    step.status = "active"
    step.started_at = now
    step.deadline_at = deadline_after(session, now, step.deadline)
    return True


def cancel_open_steps(session: Session, doc: Document) -> None:
    """A rejection, a return or a recall ends the round: its open steps are cancelled."""
    session.execute(
        update(ApprovalStep)
        .where(
            ApprovalStep.document_id == doc.id,
            ApprovalStep.round == doc.review_round,
            ApprovalStep.status.in_(OPEN_STEPS),
        )
        .values(status="cancelled")
    )


def record_action(
    session: Session,
    doc: Document,
    action: ReviewAction,
    *,
    actor_id: int,
    now: dt.datetime,
    step_no: int | None = None,
    opinion: str = "",
    delegate_id: int | None = None,
) -> None:
    session.add(
        ApprovalAction(
            document_id=doc.id,
            round=doc.review_round,
            step_no=step_no,
            action=action.value,
            actor_id=actor_id,
            opinion=opinion,
            delegate_id=delegate_id,
            at=now,
        )
    )


def steps_in_round(session: Session, doc: Document) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(ApprovalStep)
            .where(ApprovalStep.document_id == doc.id, ApprovalStep.round == doc.review_round)
        )
        or 0
    )
