"""The reviewers' lists (待办 / 进行中 / 已办), their counts, and an item's timeline.

To do: open steps queued at a level the reviewer holds over the item's unit (a
post covers its unit and everything below it), or delegated to them, or either of
those for a reviewer who is away and named them as stand-in; a step delegated to
someone who can no longer sign in goes back to the queue. Never their own items,
never an item whose other step they approved, only units in their scope.
In progress: items they acted on that are still open. Done: items they acted on
that have ended. Each row carries its deadline's traffic light.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    CTE,
    BigInteger,
    BindParameter,
    Date,
    TextualSelect,
    bindparam,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased

from common.enums import ReviewAction, ReviewLevel
from common.rules.deadlines import deadline_state
from common.schemas.reviews import (
    ReviewCountsOut,
    ReviewItemOut,
    StepOut,
    TimelineEntryOut,
    TimelineOut,
)
from server.db.models import (
    ApprovalAction,
    ApprovalStep,
    BudgetUnit,
    ReviewerAbsence,
    ReviewerPost,
    User,
)
from server.services.core import scope
from server.services.core.unit_tree import level_rank, subtree, units_below
from server.services.core.working_days import office_today
from server.services.documents.documents import listed_fields
from server.services.review.reviewer_pool import decider_posts

_ME = bindparam("me", type_=BigInteger)


def _scope_and_posts() -> list[CTE]:
    """The CTEs the lists' SQL names: my scope's units, whom I stand in for today,
    the (unit, level) pairs my posts and theirs cover, and every post held by
    someone who may decide, walked down to each unit it covers."""
    scope_units = units_below(scope.scope_roots(_ME), name="scope_units")
    today = bindparam("today", type_=Date)
    standing_for = (
        select(ReviewerAbsence.user_id)
        .where(
            ReviewerAbsence.delegate_id == _ME,
            ReviewerAbsence.cancelled_at.is_(None),
            today.between(ReviewerAbsence.starts_on, ReviewerAbsence.ends_on),
        )
        .cte("standing_for")
    )
    mine = select(ReviewerPost.unit_id, ReviewerPost.level).where(
        or_(ReviewerPost.user_id == _ME, ReviewerPost.user_id.in_(select(standing_for.c.user_id)))
    )
    covered = subtree(mine, node=BudgetUnit.id, parent=BudgetUnit.parent_id, name="covered")
    staffed = subtree(
        decider_posts(), node=BudgetUnit.id, parent=BudgetUnit.parent_id, name="staffed"
    ).prefix_with("MATERIALIZED")
    return [scope_units, standing_for, covered, staffed]


def _with_scope(sql: str, *binds: BindParameter[Any]) -> TextualSelect:
    """The lists' text SQL under a WITH of :func:`_scope_and_posts` (Core renders it)."""
    return text(sql).bindparams(*binds).columns().add_cte(*_scope_and_posts())


def _rank(column: str) -> str:
    """ReviewLevel.rank of a column of the text SQL below (unit_tree.level_rank)."""
    rank = level_rank(literal_column(column))
    return str(rank.compile(compile_kwargs={"literal_binds": True}))


# The step is in its delegate's hands while the delegate can sign in and still
# holds the authority for it; otherwise it is back in the queue.
_HELD = f"""(s.delegate_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM staffed st
     WHERE st.user_id = s.delegate_id AND st.unit_id = s.unit_id
       AND {_rank("st.level")} >= {_rank("s.level")}))"""

# Queued at a level I hold over the unit; or at a lower level that nobody who can
# act holds there any more (they left, were locked, lost the post), so it rises
# to the next level up that is staffed.
_QUEUED_FOR_ME = f"""EXISTS (
    SELECT 1 FROM covered c
     WHERE c.unit_id = s.unit_id
       AND (c.level = s.queue_level
            OR ({_rank("c.level")} > {_rank("s.queue_level")}
                AND NOT EXISTS (
                    SELECT 1 FROM staffed st
                     WHERE st.unit_id = s.unit_id AND st.user_id <> d.maker_id
                       AND {_rank("st.level")} >= {_rank("s.queue_level")}
                       AND {_rank("st.level")} < {_rank("c.level")}))))"""

_ROW = """
SELECT d.id AS document_id, d.kind, d.status, d.series, d.number, d.doc_date, d.unit_id,
       d.amount, d.summary, d.counterparty, d.version, d.submitted_at,
       m.display_name AS maker_name,
       s.step_no, s.level, s.started_at, s.yellow_from, s.deadline_at, s.delegate_id,
       (SELECT count(*) FROM approval_steps t
         WHERE t.document_id = d.id AND t.round = d.review_round) AS steps
"""

_TODO_WHERE_TEMPLATE = """
  FROM approval_steps s
  JOIN documents d ON d.id = s.document_id
  JOIN users m ON m.id = d.maker_id
 WHERE s.status = 'active'
   AND d.maker_id <> :me
   AND d.unit_id IN (SELECT id FROM scope_units)
   AND CASE WHEN {held}
            THEN s.delegate_id = :me OR s.delegate_id IN (SELECT user_id FROM standing_for)
            ELSE {queued} END
   AND NOT EXISTS (SELECT 1 FROM approval_actions a
                    WHERE a.document_id = d.id AND a.round = d.review_round
                      AND a.actor_id = :me AND a.action = 'approved')
"""

_TODO_WHERE = _TODO_WHERE_TEMPLATE.format(held=_HELD, queued=_QUEUED_FOR_ME)
_TODO = _with_scope(_ROW + _TODO_WHERE + " ORDER BY s.deadline_at, d.id LIMIT :limit")

_MINE = """
  FROM documents d
  JOIN users m ON m.id = d.maker_id
  LEFT JOIN approval_steps s ON s.document_id = d.id AND s.status = 'active'
 WHERE d.id IN (SELECT a.document_id FROM approval_actions a
                 WHERE a.actor_id = :me AND a.action IN :acted)
   AND d.status {open} IN ('submitted', 'in_review')
   AND d.unit_id IN (SELECT id FROM scope_units)
"""
_ACTED = ("approved", "rejected", "returned", "delegated")


def _mine(open_: bool) -> TextualSelect:
    where = _MINE.format(open="" if open_ else "NOT")
    order = " ORDER BY d.updated_at DESC, d.id DESC LIMIT :limit"
    return _with_scope(_ROW + where + order, bindparam("acted", expanding=True))


def _count_mine(open_: bool) -> TextualSelect:
    where = _MINE.format(open="" if open_ else "NOT")
    return _with_scope("SELECT count(*)" + where, bindparam("acted", expanding=True))


_IN_PROGRESS, _DONE = _mine(True), _mine(False)
_COUNT_OPEN, _COUNT_DONE = _count_mine(True), _count_mine(False)

_COUNTS = _with_scope(
    "SELECT count(*) AS todo, count(*) FILTER (WHERE s.deadline_at < :now) AS overdue" + _TODO_WHERE
)


def _item(row: Any, now: dt.datetime) -> ReviewItemOut:
    light = (
        deadline_state(row.yellow_from, row.deadline_at, now)
        if row.yellow_from is not None and row.deadline_at is not None
        else None
    )
    return ReviewItemOut(
        document_id=row.document_id,
        **listed_fields(row),
        maker_name=row.maker_name,
        submitted_at=row.submitted_at,
        step_no=row.step_no,
        steps=row.steps if row.step_no is not None else None,
        level=ReviewLevel(row.level) if row.level else None,
        started_at=row.started_at,
        yellow_from=row.yellow_from,
        deadline_at=row.deadline_at,
        deadline_state=light,
        delegated=row.delegate_id is not None,
    )


def _params(user_id: int, now: dt.datetime, **more: Any) -> dict[str, Any]:
    return {"me": user_id, "today": office_today(now), "now": now, **more}


def todo(session: Session, user_id: int, *, now: dt.datetime, limit: int) -> list[ReviewItemOut]:
    rows = session.execute(_TODO, _params(user_id, now, limit=limit))
    return [_item(row, now) for row in rows]


def in_progress(
    session: Session, user_id: int, *, now: dt.datetime, limit: int
) -> list[ReviewItemOut]:
    rows = session.execute(_IN_PROGRESS, _params(user_id, now, limit=limit, acted=_ACTED))
    return [_item(row, now) for row in rows]


def done(session: Session, user_id: int, *, now: dt.datetime, limit: int) -> list[ReviewItemOut]:
    rows = session.execute(_DONE, _params(user_id, now, limit=limit, acted=_ACTED))
    return [_item(row, now) for row in rows]


def counts(session: Session, user_id: int, *, now: dt.datetime) -> ReviewCountsOut:
    todo_row = session.execute(_COUNTS, _params(user_id, now)).one()
    acted = _params(user_id, now, acted=_ACTED)
    return ReviewCountsOut(
        todo=todo_row.todo,
        in_progress=session.execute(_COUNT_OPEN, acted).scalar_one(),
        done=session.execute(_COUNT_DONE, acted).scalar_one(),
        overdue=todo_row.overdue,
    )


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
