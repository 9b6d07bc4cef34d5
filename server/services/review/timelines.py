"""An item's timeline (审批记录): every action of every round, oldest first, and
the steps of its latest round with their deadlines' traffic lights."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from common.enums import ReviewAction, ReviewLevel
from common.rules.deadlines import deadline_state
from common.schemas.reviews import StepOut, TimelineEntryOut, TimelineOut
from server.db.models import ApprovalAction, ApprovalStep, User


def timeline(session: Session, document_id: int, *, now: dt.datetime) -> TimelineOut:
    """The item's whole history, oldest first, and the steps of its latest round."""
    actor, delegate = aliased(User), aliased(User)
    entries = [
        TimelineEntryOut(
            round=action.round,
            step_no=action.step_no,
            action=ReviewAction(action.action),
            actor_id=action.actor_id,
            actor_name=actor_name,
            opinion=action.opinion,
            delegate_name=delegate_name,
            at=action.at,
            routed_amount=action.routed_amount,
        )
        for action, actor_name, delegate_name in session.execute(
            select(ApprovalAction, actor.display_name, delegate.display_name)
            .join(actor, actor.id == ApprovalAction.actor_id)
            .outerjoin(delegate, delegate.id == ApprovalAction.delegate_id)
            .where(ApprovalAction.document_id == document_id)
            .order_by(ApprovalAction.id)
        )
    ]
    latest = max((entry.round for entry in entries), default=0)
    steps = [
        StepOut(
            round=step.round,
            step_no=step.step_no,
            level=ReviewLevel(step.level),
            status=step.status,
            started_at=step.started_at,
            deadline_at=step.deadline_at,
            yellow_from=step.yellow_from,
            deadline_state=(
                deadline_state(step.yellow_from, step.deadline_at, now)
                if step.status == "active" and step.yellow_from and step.deadline_at
                else None
            ),
            delegate_name=delegate_name,
            actor_name=actor_name,
            acted_at=step.acted_at,
        )
        for step, delegate_name, actor_name in session.execute(
            select(ApprovalStep, delegate.display_name, actor.display_name)
            .outerjoin(delegate, delegate.id == ApprovalStep.delegate_id)
            .outerjoin(actor, actor.id == ApprovalStep.actor_id)
            .where(ApprovalStep.document_id == document_id, ApprovalStep.round == latest)
            .order_by(ApprovalStep.step_no)
        )
    ]
    return TimelineOut(document_id=document_id, entries=entries, steps=steps)
