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

from sqlalchemy.orm import Session

from common.enums import DocumentStatus, ReviewAction, ReviewLevel
from common.errors import DomainError
from common.rules.review_reason import is_specific_reason
from common.schemas.documents import DocumentOut
from common.schemas.reviews import DecisionIn, DelegateCandidateOut, DelegateIn
from server.db.models import ApprovalStep, Document, User
from server.services.accounts.sessions import Authenticated
from server.services.budget import quotas
from server.services.core import audit, scope
from server.services.core.working_days import office_today
from server.services.documents.documents import document_out, load_visible, record_change, snapshot
from server.services.ledger import posting
from server.services.review import notifications, reviewer_pool
from server.services.review.approval_routing import cancel_open_steps, open_next, record_action
from server.services.review.attachments_opened import require_opened
from server.services.review.authority import (
    active_step,
    level_params,
    refusal,
    require_can_act,
    require_within_monthly_limit,
)


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
    require_can_act(session, auth, doc, step, now)
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
    """审核通过: on to the next step, or, after the last, approved (and its voucher
    made); refused while the reviewer has not opened every attached file (a parameter)."""

    def apply(doc: Document, step: ApprovalStep) -> None:
        require_opened(session, doc, auth.user.id)
        require_within_monthly_limit(session, auth.user.id, doc, step, now)
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
            quotas.check(session, doc)  # what is left may have gone since submission
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
    """Whom the caller could hand the item's current step to (the 委托 dialog's list).
    A read: the document is not locked (a GET's transaction is read-only)."""
    doc = scope.visible_document(session, auth.user.id, document_id)
    step = active_step(session, doc)
    require_can_act(session, auth, doc, step, now)
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
