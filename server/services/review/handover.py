"""Hand-over of a leaver's pending work (离职交接, DOMAIN.md "Leavers").

When someone leaves, an administrator names a successor and their pending work
moves: the open review steps that are theirs alone — delegated to them, or
queued at a level over a unit that nobody but them staffs (a step shared with
colleagues stays in the shared queue) — and the drafts and returned items they
made, which only their maker may edit. A step moves by being delegated to the
successor, so it leaves every other list and appears in theirs; a document moves
by its maker becoming the successor. History is not rewritten: the leaver stays
the author of every earlier action (审批记录, operation log), and each moved item
has a record saying from whom to whom. Each item is checked against the
successor's roles, unit scope, authority and separation of duties; what the
successor cannot take is reported with the reason and left where it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.enums import DocumentKind, DocumentStatus, ReviewAction, ReviewLevel, Role
from common.errors import DomainError
from common.rules.document_actions import EDITABLE
from common.schemas.handover import (
    PendingItemOut,
    PendingKind,
    PendingWorkOut,
    TransferIn,
    TransferOut,
)
from server.db.models import ApprovalAction, ApprovalStep, BudgetUnit, Document, User
from server.services.accounts import accounts
from server.services.accounts.sessions import Authenticated
from server.services.accounts.users import lock_user
from server.services.core import audit, numbering, scope
from server.services.core.roles import roles_of
from server.services.core.working_days import office_today
from server.services.documents.documents import document_out, record_change, snapshot
from server.services.review import authority, notifications, review_lists, reviewer_pool

_EDITABLE = sorted(status.value for status in EDITABLE)
_REVIEWED = (
    ReviewAction.APPROVED.value,
    ReviewAction.REJECTED.value,
    ReviewAction.RETURNED.value,
    ReviewAction.DELEGATED.value,
)
# Why the successor may not act on a step (authority.refusal) → the same said of them.
_STEP_PROBLEMS = {
    "review.admin_cannot_act": "handover.item_admin",
    "review.not_reviewer": "handover.item_not_reviewer",
    "document.unit_out_of_scope": "handover.item_out_of_scope",
    "review.own_item": "handover.item_own_item",
    "review.second_step": "handover.item_second_step",
}


@dataclass(frozen=True)
class _Item:
    doc: Document
    step: ApprovalStep | None
    out: PendingItemOut


def _leaver(session: Session, user_id: int, *, lock: bool) -> User:
    user = lock_user(session, user_id) if lock else session.get(User, user_id)
    if user is None:
        raise DomainError("user.not_found", status=404, user_id=user_id)
    return user


def _successor(session: Session, leaver: User, successor_id: int) -> User:
    """Someone else who can sign in now (disabled or locked accounts hold nothing)."""
    if successor_id == leaver.id:
        raise DomainError("handover.same_user", status=422, field="successor_id")
    successor = session.get(User, successor_id)
    if successor is None:
        raise DomainError(
            "handover.successor_unknown", status=422, field="successor_id", user_id=successor_id
        )
    if not successor.is_active or successor.locked_at is not None:
        raise DomainError("handover.successor_unavailable", status=409, field="successor_id")
    return successor


def _delegated_ids(session: Session, leaver_id: int) -> set[int]:
    return set(
        session.scalars(
            select(ApprovalStep.document_id).where(
                ApprovalStep.status == "active", ApprovalStep.delegate_id == leaver_id
            )
        )
    )


def _candidate_ids(session: Session, leaver: User, now: dt.datetime) -> list[int]:
    """Documents that may hold the leaver's work: steps delegated to them, their
    to-do list, their drafts and returned items."""
    todo = review_lists.whole_todo(session, leaver.id, now=now)
    made = session.scalars(
        select(Document.id).where(
            Document.maker_id == leaver.id,
            Document.status.in_(_EDITABLE),
            Document.deleted_at.is_(None),
        )
    )
    return sorted(_delegated_ids(session, leaver.id) | set(todo) | set(made))


def _lock(session: Session, ids: list[int]) -> list[Document]:
    """The documents locked in id order (reviews lock one document at a time, so
    taking several in a fixed order cannot deadlock with them) and read fresh."""
    if not ids:
        return []
    return list(
        session.scalars(
            select(Document)
            .where(Document.id.in_(ids))
            .order_by(Document.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _open_step(session: Session, doc: Document) -> ApprovalStep | None:
    if doc.status not in authority.UNDER_REVIEW:
        return None
    return session.scalar(
        select(ApprovalStep)
        .where(ApprovalStep.document_id == doc.id, ApprovalStep.status == "active")
        .execution_options(populate_existing=True)
    )


def _holds_step(session: Session, leaver: User, doc: Document, step: ApprovalStep) -> bool:
    """Delegated to the leaver, or queued where nobody but the leaver can take it."""
    if step.delegate_id == leaver.id:
        return True
    if step.delegate_id is not None and reviewer_pool.is_available(session, step.delegate_id):
        return False  # someone else's (the leaver saw it as their stand-in)
    pool = reviewer_pool.eligible(session, doc)
    level = reviewer_pool.queue_level(pool, ReviewLevel(step.level))
    return reviewer_pool.queue_holders(pool, level) == [leaver.id]


def _step_problem(
    session: Session, successor: User, doc: Document, step: ApprovalStep, now: dt.datetime
) -> tuple[str | None, dict[str, Any]]:
    code = authority.refusal(
        session, successor.id, doc, step, today=office_today(now), ignore_delegation=True
    )
    if code is None:
        return None, {}
    problem = _STEP_PROBLEMS.get(code, "handover.item_no_authority")
    return problem, authority.level_params(step.level)


def _document_problem(session: Session, successor: User, doc: Document) -> str | None:
    """Only a clerk enters documents, within their scope, and nobody makes an item
    they reviewed (maker and checker stay two people)."""
    if Role.CLERK not in roles_of(session, successor.id):
        return "handover.item_not_clerk"
    if doc.unit_id not in scope.units_in_scope(session, successor.id):
        return "handover.item_out_of_scope"
    reviewed = session.scalar(
        select(func.count())
        .select_from(ApprovalAction)
        .where(
            ApprovalAction.document_id == doc.id,
            ApprovalAction.actor_id == successor.id,
            ApprovalAction.action.in_(_REVIEWED),
        )
    )
    return "handover.item_reviewed_it" if reviewed else None


def _out(
    session: Session,
    doc: Document,
    step: ApprovalStep | None,
    problem: str | None,
    params: dict[str, Any],
    *,
    leaver_id: int,
) -> PendingItemOut:
    unit = session.get(BudgetUnit, doc.unit_id)
    return PendingItemOut(
        kind=PendingKind.REVIEW_STEP if step is not None else PendingKind.DOCUMENT,
        document_id=doc.id,
        document_kind=DocumentKind(doc.kind),
        number=numbering.display(doc.series, doc.number),
        status=DocumentStatus(doc.status),
        doc_date=doc.doc_date,
        unit_id=doc.unit_id,
        unit_name=unit.name if unit else "",
        amount=doc.amount,
        summary=doc.summary,
        step_no=step.step_no if step else None,
        level=ReviewLevel(step.level) if step else None,
        delegated=step is not None and step.delegate_id == leaver_id,
        problem=problem,
        problem_params=params,
    )


def _items(
    session: Session, leaver: User, successor: User | None, docs: list[Document], now: dt.datetime
) -> list[_Item]:
    found: list[_Item] = []
    for doc in docs:
        problem: str | None = None
        params: dict[str, Any] = {}
        step = _open_step(session, doc)
        if step is not None and _holds_step(session, leaver, doc, step):
            if successor is not None:
                problem, params = _step_problem(session, successor, doc, step, now)
        elif doc.maker_id == leaver.id and doc.status in _EDITABLE and doc.deleted_at is None:
            step = None
            if successor is not None:
                problem = _document_problem(session, successor, doc)
        else:
            continue
        out = _out(session, doc, step, problem, params, leaver_id=leaver.id)
        found.append(_Item(doc, step, out))
    return found


def _in_review(session: Session, leaver_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Document)
            .where(Document.maker_id == leaver_id, Document.status.in_(authority.UNDER_REVIEW))
        )
        or 0
    )


def pending_work(
    session: Session, user_id: int, *, successor_id: int | None, now: dt.datetime
) -> PendingWorkOut:
    """The leaver's pending work; with a successor, whether each item can move."""
    leaver = _leaver(session, user_id, lock=False)
    successor = _successor(session, leaver, successor_id) if successor_id is not None else None
    docs = [
        doc
        for doc in session.scalars(
            select(Document)
            .where(Document.id.in_(_candidate_ids(session, leaver, now)))
            .order_by(Document.id)
        )
    ]
    items = [item.out for item in _items(session, leaver, successor, docs, now)]
    return PendingWorkOut(
        user_id=leaver.id,
        display_name=leaver.display_name,
        successor_id=successor_id,
        review_steps=sum(i.kind is PendingKind.REVIEW_STEP for i in items),
        documents=sum(i.kind is PendingKind.DOCUMENT for i in items),
        in_review=_in_review(session, leaver.id),
        items=items,
    )


def _move_step(
    session: Session,
    auth: Authenticated,
    item: _Item,
    leaver: User,
    successor: User,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """Delegate the step to the successor: it leaves every other list (and the
    leaver's) and shows in theirs; they are told as of any delegation."""
    doc, step = item.doc, item.step
    assert step is not None
    before = {"step_no": step.step_no, "delegate_id": step.delegate_id}
    step.delegate_id = successor.id
    doc.version += 1  # whoever has the item open learns it changed hands
    doc.updated_at = now
    session.flush()
    audit.record(
        session,
        auth.actor,
        "review_step.transferred",
        origin=origin,
        at=now,
        target_type="document",
        target_id=doc.id,
        before=before,
        after={
            "step_no": step.step_no,
            "delegate_id": successor.id,
            "from_user_id": leaver.id,
            "from_user": leaver.username,
        },
    )
    notifications.delegated(session, doc, successor.id, actor=leaver.display_name, now=now)


def _move_document(
    session: Session,
    auth: Authenticated,
    item: _Item,
    successor: User,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """The successor becomes the maker who edits and submits it; the record keeps
    the maker before (the author of the earlier rounds stays on their actions)."""
    doc = item.doc
    before = snapshot(document_out(session, doc))
    doc.maker_id = successor.id
    doc.version += 1
    doc.updated_at = now
    record_change(session, auth, "document.transferred", doc, origin=origin, now=now, before=before)


def transfer(
    session: Session,
    auth: Authenticated,
    user_id: int,
    body: TransferIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> TransferOut:
    """Move what the successor can take, report the rest, log it, and disable the
    leaver when asked (after the move: a disabled account no longer staffs its
    queues, so its own queued work could not be found any more)."""
    leaver = _leaver(session, user_id, lock=True)
    successor = _successor(session, leaver, body.successor_id)
    docs = _lock(session, _candidate_ids(session, leaver, now))
    moved: list[PendingItemOut] = []
    left: list[PendingItemOut] = []
    for item in _items(session, leaver, successor, docs, now):
        if item.out.problem is not None:
            left.append(item.out)
            continue
        if item.step is not None:
            _move_step(session, auth, item, leaver, successor, origin=origin, now=now)
        else:
            _move_document(session, auth, item, successor, origin=origin, now=now)
        moved.append(item.out)
    audit.record(
        session,
        auth.actor,
        "user.work_transferred",
        origin=origin,
        at=now,
        target_type="user",
        target_id=leaver.id,
        after={
            "successor_id": successor.id,
            "successor": successor.username,
            "review_steps": sum(i.kind is PendingKind.REVIEW_STEP for i in moved),
            "documents": sum(i.kind is PendingKind.DOCUMENT for i in moved),
            "moved": [i.document_id for i in moved],
            "left": [{"document_id": i.document_id, "problem": i.problem} for i in left],
        },
    )
    if body.disable and leaver.is_active:
        user = accounts.disable(session, auth.actor, leaver.id, origin=origin, now=now)
    else:
        user = accounts.user_out(session, leaver)
    return TransferOut(moved=moved, left=left, user=user)
