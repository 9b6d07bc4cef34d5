"""After a decision: a reviewer takes back an approval (收回审批) while the next
step has not acted on it, and an overdue item is urged (督办) by its maker or by a
reviewer whose post is above the step's.

Both are entries of the item's approval record and of the operation log; the
maker is told of a taken-back approval, the reviewers who see the step of an
urging.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import DocumentStatus, ReviewAction, ReviewLevel
from common.errors import DomainError
from common.schemas.documents import DocumentOut
from common.schemas.reviews import DecisionIn, UrgeIn
from server.db.models import ApprovalAction, ApprovalStep, Document
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.documents.documents import document_out, load_visible, record_change, snapshot
from server.services.review import notifications, reviewer_pool
from server.services.review.approval_routing import readers, record_action
from server.services.review.authority import active_step


def _step(session: Session, doc: Document, step_no: int) -> ApprovalStep | None:
    return session.scalar(
        select(ApprovalStep).where(
            ApprovalStep.document_id == doc.id,
            ApprovalStep.round == doc.review_round,
            ApprovalStep.step_no == step_no,
        )
    )


def _acted_on(session: Session, doc: Document, step: ApprovalStep) -> bool:
    """Has anyone approved, refused, returned or handed on ``step``?"""
    decided = [a.value for a in (ReviewAction.APPROVED, ReviewAction.REJECTED,
                                 ReviewAction.RETURNED, ReviewAction.DELEGATED)]  # fmt: skip
    return (
        step.delegate_id is not None
        or session.scalar(
            select(ApprovalAction.id).where(
                ApprovalAction.document_id == doc.id,
                ApprovalAction.round == doc.review_round,
                ApprovalAction.step_no == step.step_no,
                ApprovalAction.action.in_(decided),
            )
        )
        is not None
    )


def take_back(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: DecisionIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """收回审批: my approval of the step before the open one goes back to my list,
    as long as the open step is untouched; the item's final approval cannot be
    taken back (its voucher is made)."""
    doc = load_visible(session, auth, document_id)
    if doc.status != DocumentStatus.IN_REVIEW.value:
        raise DomainError("review.take_back_too_late", status=409)
    following = active_step(session, doc)
    mine = _step(session, doc, following.step_no - 1)
    if mine is None or mine.status != "approved" or mine.actor_id != auth.user.id:
        raise DomainError("review.not_your_approval", status=403)
    if _acted_on(session, doc, following):
        raise DomainError("review.take_back_too_late", status=409)
    if doc.version != body.version:  # too late says more, so it is checked first
        raise DomainError("review.already_decided", status=409, current=doc.version)
    before = snapshot(document_out(session, doc))
    following.status = "waiting"
    following.started_at = following.yellow_from = following.deadline_at = None
    following.queue_level = following.due_notified_at = None
    session.flush()  # one open step at a time: the later one closes first
    mine.status, mine.actor_id, mine.acted_at = "active", None, None
    opinion = body.opinion.strip()
    record_action(
        session,
        doc,
        ReviewAction.TAKEN_BACK,
        actor_id=auth.user.id,
        now=now,
        step_no=mine.step_no,
        opinion=opinion,
    )
    doc.version += 1
    doc.updated_at = now
    notifications.decided(
        session,
        doc,
        ReviewAction.TAKEN_BACK,
        actor=auth.user.display_name,
        opinion=opinion,
        now=now,
    )
    return record_change(
        session, auth, "document.taken_back", doc, origin=origin, now=now, before=before
    )


URGE_HOURS = 4
URGE_INTERVAL = dt.timedelta(hours=URGE_HOURS)  # one reminder per person and step in this time


def _above(level: ReviewLevel) -> ReviewLevel | None:
    higher = [held for held in ReviewLevel if held.rank > level.rank]
    return min(higher, key=lambda held: held.rank) if higher else None


def urge(
    session: Session,
    auth: Authenticated,
    document_id: int,
    body: UrgeIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> DocumentOut:
    """督办: the reviewers who see an overdue step are reminded, in red, by the
    item's maker or by someone holding a post above the step's over its unit."""
    doc = load_visible(session, auth, document_id)
    step = active_step(session, doc)
    if step.deadline_at is None or step.deadline_at > now:
        raise DomainError("review.not_overdue", status=409)
    higher = _above(ReviewLevel(step.level))
    superior = higher is not None and bool(
        reviewer_pool.posts_covering(session, auth.user.id, higher, doc.unit_id)
    )
    if doc.maker_id != auth.user.id and not superior:
        raise DomainError("review.may_not_urge", status=403)
    urged_lately = session.scalar(
        select(ApprovalAction.id).where(
            ApprovalAction.document_id == doc.id,
            ApprovalAction.round == doc.review_round,
            ApprovalAction.step_no == step.step_no,
            ApprovalAction.actor_id == auth.user.id,
            ApprovalAction.action == ReviewAction.URGED.value,
            ApprovalAction.at > now - URGE_INTERVAL,
        )
    )
    if urged_lately is not None:  # a reminder, not a flood of them
        raise DomainError("review.urged_recently", status=429, hours=URGE_HOURS)
    record_action(
        session,
        doc,
        ReviewAction.URGED,
        actor_id=auth.user.id,
        now=now,
        step_no=step.step_no,
        opinion=body.opinion.strip(),
    )
    notifications.urged(
        session,
        doc,
        readers(session, doc, step, now=now),
        actor=auth.user.display_name,
        opinion=body.opinion.strip(),
        now=now,
    )
    audit.record(
        session,
        auth.actor,
        "document.urged",
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        after={"step_no": step.step_no, "opinion": body.opinion.strip()},
    )
    return document_out(session, doc)
