"""Routing (审批流转): which route a submitted document takes, and its steps.

The first active approval rule, in priority order, whose document kind, amount
range and unit (the rule's unit covers its subtree) match the document gives
the steps. Amounts are compared by size, so a red reversal needs the same
authority as the item it reverses. Each submission starts a new round; the
first step is open at once, the others wait their turn. Opening a step fixes its
deadline, the start of its yellow light and whose list it is queued in, and
tells those reviewers.

Splitting (拆分规避): a payment cut into pieces to stay under a limit is routed
as one. The sum of the maker's look-alike items (same kind and counterparty,
dates within 30 days, submitted or approved) chooses the rule when it would
choose a different one than the item alone; the sum is kept on the timeline.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.orm import Session

from common.enums import DocumentStatus, ReviewAction, ReviewLevel
from common.errors import DomainError
from server.db.models import ApprovalAction, ApprovalRule, ApprovalStep, Document
from server.services.core.working_days import Deadline, deadline_after, office_today
from server.services.review import notifications, reviewer_pool
from server.services.review.reviewer_pool import unit_and_ancestors

OPEN_STEPS = ("active", "waiting")
_SPLITTING_LOCK = 0x5350  # "SP": one maker's submissions meet the splitting check in turn
SPLIT_WINDOW = dt.timedelta(days=30)
_COUNTED_STATUSES = (
    DocumentStatus.SUBMITTED.value,
    DocumentStatus.IN_REVIEW.value,
    DocumentStatus.APPROVED.value,
    DocumentStatus.POSTED.value,
)


def rule_for(session: Session, doc: Document, size: Decimal | None = None) -> ApprovalRule:
    """The rule for ``doc`` (or for ``doc`` as if its size were ``size``)."""
    size = abs(doc.amount) if size is None else size
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


def counterparty_key(name: str) -> str:
    """A counterparty as compared for splitting: full-width folded (NFKC), case,
    spaces and punctuation ignored, so "某某科技 有限公司." is "某某科技有限公司"."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def look_alike_total(session: Session, doc: Document) -> Decimal:
    """The item's size plus its look-alikes' (拆分规避); just its size if it has none.

    Look-alikes are the maker's items of the same kind for the same counterparty
    dated within 30 days, under review or approved; a red reversal among them
    counts with its minus sign, so an item reversed and entered again is not
    counted twice. The maker's submissions take turns here, so two pieces sent at
    once still see each other."""
    size = abs(doc.amount)
    key = counterparty_key(doc.counterparty)
    if not key or doc.reverses_id is not None:
        return size
    session.execute(
        text("SELECT pg_advisory_xact_lock(:space, :maker)"),
        {"space": _SPLITTING_LOCK, "maker": doc.maker_id},
    )
    candidates = session.execute(
        select(Document.counterparty, Document.amount).where(
            Document.id != doc.id,
            Document.maker_id == doc.maker_id,
            Document.kind == doc.kind,
            Document.deleted_at.is_(None),
            Document.status.in_(_COUNTED_STATUSES),
            Document.doc_date.between(doc.doc_date - SPLIT_WINDOW, doc.doc_date + SPLIT_WINDOW),
        )
    )
    others = sum(
        (amount for name, amount in candidates if counterparty_key(name) == key), Decimal(0)
    )
    return size + max(others, Decimal(0))


def route(
    session: Session,
    doc: Document,
    *,
    actor_id: int,
    now: dt.datetime,
    round_begun: bool = False,
) -> None:
    """Start a new round of review for a document just submitted (``round_begun``:
    the caller already counted the round on a document it is inserting)."""
    rule = rule_for(session, doc)
    total = look_alike_total(session, doc)
    routed_amount: Decimal | None = None
    if total > abs(doc.amount):
        combined = rule_for(session, doc, total)
        if combined.id != rule.id:
            rule, routed_amount = combined, total
    if not round_begun:
        doc.review_round += 1
    steps = [
        ApprovalStep(
            document_id=doc.id,
            round=doc.review_round,
            step_no=step_no,
            rule_id=rule.id,
            level=step["level"],
            unit_id=doc.unit_id,
            status="waiting",
            deadline=step["deadline"],
        )
        for step_no, step in enumerate(rule.steps, start=1)
    ]
    # the first step is inserted open (one UPDATE fewer than opening it after)
    pool = reviewer_pool.eligible(session, doc)
    _start(steps[0], pool, deadline_after(session, now, steps[0].deadline), now=now)
    session.add_all(steps)
    record_action(
        session,
        doc,
        ReviewAction.SUBMITTED,
        actor_id=actor_id,
        now=now,
        routed_amount=routed_amount,
    )
    session.flush()
    notifications.new_work(
        session, doc, readers(session, doc, steps[0], now=now, pool=pool), now=now
    )


def _start(
    step: ApprovalStep, pool: reviewer_pool.Pool, deadline: Deadline, *, now: dt.datetime
) -> None:
    step.status = "active"
    step.started_at = now
    step.deadline_at, step.yellow_from = deadline.due, deadline.yellow_from
    step.queue_level = reviewer_pool.queue_level(pool, ReviewLevel(step.level)).value


def open_step(session: Session, doc: Document, step: ApprovalStep, *, now: dt.datetime) -> None:
    """Start ``step``'s clock, queue it, and tell the reviewers who will see it."""
    deadline = deadline_after(session, now, step.deadline)
    pool = reviewer_pool.eligible(session, doc)
    _start(step, pool, deadline, now=now)
    notifications.new_work(session, doc, readers(session, doc, step, now=now, pool=pool), now=now)


def readers(
    session: Session,
    doc: Document,
    step: ApprovalStep,
    *,
    now: dt.datetime,
    pool: reviewer_pool.Pool | None = None,
) -> list[int]:
    """Whose to-do list shows the open ``step``: its delegate (while they can still
    act on it) or the holders of its queue level, each replaced by their stand-in
    while away."""
    pool = reviewer_pool.eligible(session, doc) if pool is None else pool
    needed = ReviewLevel(step.level)
    delegate = step.delegate_id
    if delegate is not None and reviewer_pool.may_act_at(pool, delegate, needed):
        holders = [delegate]
    else:  # the queue, risen to the next staffed level if its holders left
        queued = reviewer_pool.queue_level(pool, ReviewLevel(step.queue_level or step.level))
        holders = reviewer_pool.queue_holders(pool, queued)
    away = reviewer_pool.stand_ins(session, holders, office_today(now))
    return sorted({away.get(user, user) for user in holders})


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
    open_step(session, doc, step, now=now)
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
    routed_amount: Decimal | None = None,
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
            routed_amount=routed_amount,
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
