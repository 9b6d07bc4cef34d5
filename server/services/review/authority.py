"""Who may act on a review step, checked per item whatever the client shows:
not the item's maker, not someone who acted on another step of it, a reviewer
with the item's unit in scope and a post at or above the step's level over that
unit (also when the step was delegated to them), unless the step is delegated
away; and within a post's monthly limit (月度累计限额) on what its holder approves.

The decisions themselves are server/services/review/reviews.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.enums import DocumentStatus, ReviewAction, ReviewLevel
from common.errors import DomainError
from common.money import format_money
from common.permissions import Permission, barred, granted
from server.db.models import ApprovalAction, ApprovalStep, Document, ReviewerPost
from server.services.accounts.sessions import Authenticated
from server.services.core import scope
from server.services.core.roles import roles_of
from server.services.core.taken_back import taken_back_since
from server.services.core.working_days import OFFICE_TZ, office_today
from server.services.review import reviewer_pool

UNDER_REVIEW = (DocumentStatus.SUBMITTED.value, DocumentStatus.IN_REVIEW.value)
_NOT_SPENT = (
    DocumentStatus.DRAFT.value,
    DocumentStatus.REJECTED.value,
    DocumentStatus.RETURNED.value,
)
_MONTHLY_LIMIT_LOCK = 0x4D4C  # "ML": one reviewer's approvals against their limit, in turn


def level_params(level: str) -> dict[str, Any]:
    return {"level": level, "level_words": f"words.review_level.{level}"}


def active_step(session: Session, doc: Document) -> ApprovalStep:
    if doc.status not in UNDER_REVIEW:
        raise DomainError("review.not_open", status=409, **status_params(doc.status))
    step = session.scalar(
        select(ApprovalStep)
        .where(ApprovalStep.document_id == doc.id, ApprovalStep.status == "active")
        .execution_options(populate_existing=True)
    )
    if step is None:  # only an item submitted before routing existed could be here
        raise DomainError("review.no_open_step", status=409)
    return step


def _authority_posts(session: Session, user_id: int, step: ApprovalStep) -> list[ReviewerPost]:
    return reviewer_pool.posts_covering(session, user_id, ReviewLevel(step.level), step.unit_id)


def has_authority(session: Session, user_id: int, step: ApprovalStep) -> bool:
    return bool(_authority_posts(session, user_id, step))


def acted_on_another_step(session: Session, user_id: int, doc: Document, step_no: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    ApprovalAction.document_id == doc.id,
                    ApprovalAction.round == doc.review_round,
                    ApprovalAction.actor_id == user_id,
                    ApprovalAction.action == ReviewAction.APPROVED.value,
                    ApprovalAction.step_no != step_no,
                    ~taken_back_since(ApprovalAction),
                )
            )
        )
    )


def delegated_away(
    session: Session, user_id: int, doc: Document, step: ApprovalStep, today: dt.date
) -> bool:
    """The step is delegated to someone else who still holds it."""
    delegate = step.delegate_id
    if delegate is None or delegate == user_id:
        return False
    if not reviewer_pool.is_available(session, delegate) or not has_authority(
        session, delegate, step
    ):
        return False  # a delegate who cannot act any more must not strand the item
    if reviewer_pool.stand_ins(session, [delegate], today).get(delegate) == user_id:
        return False  # the delegate is away and named this user as stand-in
    delegator = session.scalar(
        select(ApprovalAction.actor_id)
        .where(
            ApprovalAction.document_id == doc.id,
            ApprovalAction.round == doc.review_round,
            ApprovalAction.step_no == step.step_no,
            ApprovalAction.action == ReviewAction.DELEGATED.value,
        )
        .order_by(ApprovalAction.id.desc())
        .limit(1)
    )
    return delegator != user_id  # the delegator may take it back


def refusal(
    session: Session,
    user_id: int,
    doc: Document,
    step: ApprovalStep,
    *,
    today: dt.date,
    ignore_delegation: bool = False,
) -> str | None:
    """Why ``user_id`` may not act on ``step`` of ``doc``, as an error code; None if they may."""
    if not reviewer_pool.is_available(session, user_id):
        return "review.no_authority"
    roles = roles_of(session, user_id)
    if barred(roles, Permission.DECIDE_REVIEWS):
        return "review.admin_cannot_act"
    if not granted(roles, Permission.DECIDE_REVIEWS):
        return "review.not_reviewer"
    if doc.unit_id not in scope.units_in_scope(session, user_id):
        return "document.unit_out_of_scope"
    if doc.maker_id == user_id:
        return "review.own_item"
    if acted_on_another_step(session, user_id, doc, step.step_no):
        return "review.second_step"
    if not ignore_delegation and delegated_away(session, user_id, doc, step, today):
        return "review.delegated_to_other"
    return None if has_authority(session, user_id, step) else "review.no_authority"


def _month_start(now: dt.datetime) -> dt.datetime:
    local = now.astimezone(OFFICE_TZ)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def require_within_monthly_limit(
    session: Session, user_id: int, doc: Document, step: ApprovalStep, now: dt.datetime
) -> None:
    """月度累计限额: if every post giving the authority has a monthly limit, what the
    reviewer approved this month plus this item must stay within the largest. Each
    item counts once however many rounds it took, and not once rejected or sent back;
    the reviewer's approvals queue on a lock so two at once cannot both fit."""
    limits = [post.monthly_limit for post in _authority_posts(session, user_id, step)]
    if not limits or any(limit is None for limit in limits):
        return
    limit = max(limit for limit in limits if limit is not None)
    session.execute(
        text("SELECT pg_advisory_xact_lock(:space, :user)"),
        {"space": _MONTHLY_LIMIT_LOCK, "user": user_id},
    )
    approved_by_me = (
        select(ApprovalAction.id)
        .where(
            ApprovalAction.document_id == Document.id,
            ApprovalAction.actor_id == user_id,
            ApprovalAction.action == ReviewAction.APPROVED.value,
            ~taken_back_since(ApprovalAction),
            ApprovalAction.at >= _month_start(now),
        )
        .exists()
    )
    used = Decimal(
        session.scalar(
            select(func.coalesce(func.sum(func.abs(Document.amount)), 0)).where(
                approved_by_me,
                Document.id != doc.id,
                Document.status.not_in(_NOT_SPENT),
            )
        )
        or 0
    )
    if used + abs(doc.amount) > limit:
        raise DomainError(
            "review.monthly_limit", status=403, limit=format_money(limit), used=format_money(used)
        )


def require_can_act(
    session: Session, auth: Authenticated, doc: Document, step: ApprovalStep, now: dt.datetime
) -> None:
    code = refusal(session, auth.user.id, doc, step, today=office_today(now))
    if code is not None:
        raise DomainError(code, status=403, **level_params(step.level))
