"""Review decisions (审核 / 审批): approve, reject, return for correction, delegate.

Separation of duties is checked here, per item, whatever the client shows:
nobody acts on an item they made or on two steps of one item; administrators
never act on business items; a reviewer needs the item's unit in their scope and
a post at or above the step's level over that unit — also when the step was
delegated to them. A step delegated to someone stays theirs, unless they can no
longer sign in (disabled, locked), the delegator takes it back, or the delegate's
stand-in acts while they are away. A post may carry a monthly limit (月度累计限额)
on what its holder approves. Two reviewers deciding at once queue on the
document's row lock; the second finds a newer version and is told someone else
has acted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import Session

from common.document_messages import status_params
from common.enums import DocumentStatus, ReviewAction, ReviewLevel
from common.errors import DomainError
from common.money import format_money
from common.permissions import Permission, barred, granted
from common.review_messages import LEVEL_NAMES
from common.rules.review_reason import is_specific_reason
from common.schemas.documents import DocumentOut
from common.schemas.reviews import DecisionIn, DelegateCandidateOut, DelegateIn
from server.db.models import ApprovalAction, ApprovalStep, Document, ReviewerPost, User
from server.services import audit, notifications, posting, reviewer_pool, scope
from server.services.accounts import roles_of
from server.services.approval_routing import cancel_open_steps, open_next, record_action
from server.services.documents import document_out, load_visible, record_change, snapshot
from server.services.sessions import Authenticated
from server.services.working_days import OFFICE_TZ, office_today

UNDER_REVIEW = (DocumentStatus.SUBMITTED.value, DocumentStatus.IN_REVIEW.value)
_NOT_SPENT = (
    DocumentStatus.DRAFT.value,
    DocumentStatus.REJECTED.value,
    DocumentStatus.RETURNED.value,
)
_MONTHLY_LIMIT_LOCK = 0x4D4C  # "ML": one reviewer's approvals against their limit, in turn


def level_params(level: str) -> dict[str, Any]:
    zh, en = LEVEL_NAMES[level]
    return {"level": level, "level_zh": zh, "level_en": en}


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


def _require_within_monthly_limit(
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


def _require_can_act(
    session: Session, auth: Authenticated, doc: Document, step: ApprovalStep, now: dt.datetime
) -> None:
    code = refusal(session, auth.user.id, doc, step, today=office_today(now))
    if code is not None:
        raise DomainError(code, status=403, **level_params(step.level))


def _require_reason(opinion: str) -> str:
    reason = opinion.strip()
    if not is_specific_reason(reason):
        raise DomainError("review.reason_required", status=422, field="opinion")
    return reason


def _decide(
    session: Session,
    auth: Authenticated,
    document_id: int,
    version: int,
    *,
    audit_action: str,
    origin: audit.Origin,
    now: dt.datetime,
    apply: Callable[[Document, ApprovalStep], None],
) -> DocumentOut:
    doc = load_visible(session, auth, document_id)
    if doc.version != version:  # someone acted since the reviewer read it
        raise DomainError("review.already_decided", status=409, current=doc.version)
    step = active_step(session, doc)
    _require_can_act(session, auth, doc, step, now)
    before = snapshot(document_out(session, doc))
    step.actor_id, step.acted_at = auth.user.id, now
    apply(doc, step)
    return record_change(session, auth, audit_action, doc, origin=origin, now=now, before=before)


def approve(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DecisionIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """审核通过: on to the next step, or, after the last, approved (and its voucher made)."""

    def apply(doc: Document, step: ApprovalStep) -> None:
        _require_within_monthly_limit(session, auth.user.id, doc, step, now)
        step.status = "approved"
        record_action(
            session,
            doc,
            ReviewAction.APPROVED,
            actor_id=auth.user.id,
            now=now,
            step_no=step.step_no,
            opinion=body.opinion.strip(),
        )
        session.flush()
        if open_next(session, doc, step.step_no, now=now):
            doc.status = DocumentStatus.IN_REVIEW.value
            doc.version += 1
            doc.updated_at = now
        else:
            posting.approve(session, doc, now=now)
            notifications.decided(
                session,
                doc,
                ReviewAction.APPROVED,
                actor=auth.user.display_name,
                opinion=body.opinion.strip(),
                now=now,
            )

    return _decide(
        session,
        auth,
        document_id,
        body.version,
        audit_action="document.approved",
        origin=origin,
        now=now,
        apply=apply,
    )


def _end_round(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DecisionIn,
    *,
    action: ReviewAction,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    reason = _require_reason(body.opinion)

    def apply(doc: Document, step: ApprovalStep) -> None:
        step.status = action.value
        record_action(
            session,
            doc,
            action,
            actor_id=auth.user.id,
            now=now,
            step_no=step.step_no,
            opinion=reason,
        )
        session.flush()
        cancel_open_steps(session, doc)
        doc.status = action.value  # rejected / returned
        doc.decided_at = now
        doc.version += 1
        doc.updated_at = now
        notifications.decided(
            session, doc, action, actor=auth.user.display_name, opinion=reason, now=now
        )

    return _decide(
        session,
        auth,
        document_id,
        body.version,
        audit_action=f"document.{action.value}",
        origin=origin,
        now=now,
        apply=apply,
    )


def reject(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DecisionIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """审核不通过: the item ends here, with the reason kept on its timeline."""
    return _end_round(
        session, auth, document_id, body, action=ReviewAction.REJECTED, origin=origin, now=now
    )


def return_for_correction(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DecisionIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """退回修改: back to the maker with what to correct; resubmitting starts a new round."""
    return _end_round(
        session, auth, document_id, body, action=ReviewAction.RETURNED, origin=origin, now=now
    )


def delegate(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DelegateIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """委托: hand the current step to another reviewer who could act on it themselves."""

    def apply(doc: Document, step: ApprovalStep) -> None:
        step.actor_id, step.acted_at = None, None  # handing on is not deciding
        target = body.to_user_id
        unfit = target == auth.user.id or (
            refusal(session, target, doc, step, today=office_today(now), ignore_delegation=True)
            is not None
        )
        if unfit:
            raise DomainError(
                "review.delegate_unfit", status=422, field="to_user_id", **level_params(step.level)
            )
        step.delegate_id = target
        record_action(
            session,
            doc,
            ReviewAction.DELEGATED,
            actor_id=auth.user.id,
            now=now,
            step_no=step.step_no,
            opinion=body.opinion.strip(),
            delegate_id=target,
        )
        notifications.delegated(session, doc, target, actor=auth.user.display_name, now=now)
        doc.status = DocumentStatus.IN_REVIEW.value  # a reviewer has acted: no recall now
        doc.version += 1
        doc.updated_at = now

    return _decide(
        session,
        auth,
        document_id,
        body.version,
        audit_action="document.delegated",
        origin=origin,
        now=now,
        apply=apply,
    )


def delegate_candidates(
    session: Session, auth: Authenticated, document_id: int, *, now: dt.datetime
) -> list[DelegateCandidateOut]:
    """Whom the caller could hand the item's current step to (the 委托 dialog's list)."""
    doc = load_visible(session, auth, document_id)
    step = active_step(session, doc)
    _require_can_act(session, auth, doc, step, now)
    needed = ReviewLevel(step.level)
    pool = reviewer_pool.eligible(session, doc)
    found = []
    for user_id, levels in pool.items():
        if user_id == auth.user.id or not reviewer_pool.may_act_at(pool, user_id, needed):
            continue
        user = session.get(User, user_id)
        assert user is not None
        highest = max(levels, key=lambda level: level.rank)
        found.append(
            DelegateCandidateOut(user_id=user_id, display_name=user.display_name, level=highest)
        )
    return sorted(found, key=lambda c: (c.level.rank, c.display_name))
