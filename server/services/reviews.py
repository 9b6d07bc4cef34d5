"""Review decisions (审核 / 审批): approve, reject, return for correction, delegate.

Separation of duties is checked here, per item, whatever the client shows:
nobody acts on an item they made or on two steps of one item; administrators
never act on business items; a reviewer needs the item's unit in their scope and
a post at or above the step's level over that unit, or the step delegated to
them. Two reviewers deciding at once queue on the document's row lock; the
second finds a newer version and is told someone else has acted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from common.enums import DocumentStatus, ReviewAction, ReviewLevel, Role
from common.errors import DomainError
from common.review_messages import LEVEL_NAMES
from common.schemas.documents import DocumentOut
from common.schemas.reviews import DecisionIn, DelegateIn
from server.db.models import ApprovalAction, ApprovalStep, Document, ReviewerPost
from server.services import audit, posting, scope
from server.services.accounts import roles_of
from server.services.approval_routing import (
    cancel_open_steps,
    open_next,
    record_action,
    unit_and_ancestors,
)
from server.services.documents import document_out, load, record_change, snapshot
from server.services.sessions import Authenticated

UNDER_REVIEW = (DocumentStatus.SUBMITTED.value, DocumentStatus.IN_REVIEW.value)
MIN_REASON = 2  # characters: "不同意" says nothing, but "重复" does; a reason is required


def level_params(level: str) -> dict[str, Any]:
    zh, en = LEVEL_NAMES[level]
    return {"level": level, "level_zh": zh, "level_en": en}


def active_step(session: Session, doc: Document) -> ApprovalStep:
    if doc.status not in UNDER_REVIEW:
        raise DomainError("review.not_open", status=409, status_name=doc.status)
    step = session.scalar(
        select(ApprovalStep)
        .where(ApprovalStep.document_id == doc.id, ApprovalStep.status == "active")
        .execution_options(populate_existing=True)
    )
    assert step is not None, f"document {doc.id} is under review without an open step"
    return step


def has_authority(session: Session, user_id: int, step: ApprovalStep) -> bool:
    """A post at the step's level or above, at the item's unit or a unit above it."""
    needed = ReviewLevel(step.level).rank
    levels = [level.value for level in ReviewLevel if level.rank >= needed]
    ancestors = unit_and_ancestors(step.unit_id)
    return bool(
        session.scalar(
            select(
                exists().where(
                    ReviewerPost.user_id == user_id,
                    ReviewerPost.level.in_(levels),
                    ReviewerPost.unit_id.in_(select(ancestors.c.id)),
                )
            )
        )
    )


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


def refusal(session: Session, user_id: int, doc: Document, step: ApprovalStep) -> str | None:
    """Why ``user_id`` may not act on ``step`` of ``doc``, as an error code; None if they may."""
    roles = set(roles_of(session, user_id))
    if Role.ADMIN in roles:
        return "review.admin_cannot_act"
    if Role.REVIEWER not in roles:
        return "review.not_reviewer"
    if doc.unit_id not in scope.units_in_scope(session, user_id):
        return "document.unit_out_of_scope"
    if doc.maker_id == user_id:
        return "review.own_item"
    if acted_on_another_step(session, user_id, doc, step.step_no):
        return "review.second_step"
    if step.delegate_id is not None:
        return None if step.delegate_id == user_id else "review.no_authority"
    return None if has_authority(session, user_id, step) else "review.no_authority"


def _require_can_act(
    session: Session, auth: Authenticated, doc: Document, step: ApprovalStep
) -> None:
    code = refusal(session, auth.user.id, doc, step)
    if code is not None:
        raise DomainError(code, status=403, **level_params(step.level))


def _require_reason(opinion: str) -> str:
    reason = opinion.strip()
    if len(reason) < MIN_REASON:
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
    doc = load(session, document_id)
    if doc.version != version:  # someone acted since the reviewer read it
        raise DomainError("review.already_decided", status=409, current=doc.version)
    step = active_step(session, doc)
    _require_can_act(session, auth, doc, step)
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
        unfit = target == auth.user.id or refusal(session, target, doc, step) not in (
            None,
            "review.no_authority",
        )
        if unfit or not has_authority(session, target, step):
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
