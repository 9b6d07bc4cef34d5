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
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from common.enums import DocumentStatus, ReviewAction, ReviewLevel
from common.rules.deadlines import deadline_state
from common.schemas.reviews import (
    ReviewCountsOut,
    ReviewItemOut,
)
from server.db.models import (
    ApprovalAction,
    ApprovalStep,
    BudgetUnit,
    Document,
    ReviewerAbsence,
    ReviewerPost,
    User,
)
from server.services.core import scope
from server.services.core.keyset import Keyset
from server.services.core.taken_back import taken_back_since
from server.services.core.unit_tree import level_rank, subtree, units_below
from server.services.core.working_days import office_today
from server.services.documents.documents import listed_fields
from server.services.review.reviewer_pool import (
    decider_posts,
    may_decide_on,
    posts_covering,
)

_ME = bindparam("me", type_=BigInteger)
_TODAY = bindparam("today", type_=Date)
_NOW = bindparam("now", type_=DateTime(timezone=True))
_LIMIT = bindparam("limit", type_=Integer)
_ACTED = [
    action.value
    for action in (
        ReviewAction.APPROVED,
        ReviewAction.REJECTED,
        ReviewAction.RETURNED,
        ReviewAction.DELEGATED,
    )
]
_OPEN = [DocumentStatus.SUBMITTED.value, DocumentStatus.IN_REVIEW.value]

# My scope's units, whom I stand in for today, the (unit, level) pairs my posts
# and theirs cover, and every post held by someone who may decide, walked down to
# each unit it covers.
_SCOPE_UNITS = units_below(scope.scope_roots(_ME), name="scope_units")
_STANDING_FOR = (
    select(ReviewerAbsence.user_id)
    .where(
        ReviewerAbsence.delegate_id == _ME,
        ReviewerAbsence.cancelled_at.is_(None),
        _TODAY.between(ReviewerAbsence.starts_on, ReviewerAbsence.ends_on),
    )
    .cte("standing_for")
)
_COVERED = subtree(
    select(ReviewerPost.unit_id, ReviewerPost.level).where(
        or_(ReviewerPost.user_id == _ME, ReviewerPost.user_id.in_(select(_STANDING_FOR.c.user_id)))
    ),
    node=BudgetUnit.id,
    parent=BudgetUnit.parent_id,
    name="covered",
)
_STAFFED = subtree(
    decider_posts(), node=BudgetUnit.id, parent=BudgetUnit.parent_id, name="staffed"
).prefix_with("MATERIALIZED")

_step, _doc, _maker = ApprovalStep, Document, aliased(User, name="maker")


_rank = level_rank


def _may_decide(user: SQLColumnExpression[int]) -> list[ColumnElement[bool]]:
    return may_decide_on(user, document=_doc.id, maker=_doc.maker_id, round_=_doc.review_round)


def _held() -> ColumnElement[bool]:
    """The step is in its delegate's hands while the delegate can sign in and still
    holds the authority for it; otherwise it is back in the queue."""
    return and_(
        _step.delegate_id.is_not(None),
        exists().where(
            _STAFFED.c.user_id == _step.delegate_id,
            _STAFFED.c.unit_id == _step.unit_id,
            _rank(_STAFFED.c.level) >= _rank(_step.level),
        ),
    )


def _queued_for_me() -> ColumnElement[bool]:
    """Queued at a level I hold over the unit; or at a lower level that nobody who
    may decide on it holds there any more (they left, were locked, lost the post),
    so it rises to the next level up that is staffed."""
    staffed = _STAFFED.c
    return exists().where(
        _COVERED.c.unit_id == _step.unit_id,
        or_(
            _COVERED.c.level == _step.queue_level,
            and_(
                _rank(_COVERED.c.level) > _rank(_step.queue_level),
                ~exists()
                .where(
                    staffed.unit_id == _step.unit_id,
                    *_may_decide(staffed.user_id),
                    _rank(staffed.level) >= _rank(_step.queue_level),
                    _rank(staffed.level) < _rank(_COVERED.c.level),
                )
                .correlate_except(_STAFFED),
            ),
        ),
    )


def _todo_where() -> list[ColumnElement[bool]]:
    mine_or_stood_in = or_(
        _step.delegate_id == _ME, _step.delegate_id.in_(select(_STANDING_FOR.c.user_id))
    )
    return [
        _step.status == "active",
        _doc.unit_id.in_(select(_SCOPE_UNITS.c.id)),
        *_may_decide(_ME),
        case((_held(), mine_or_stood_in), else_=_queued_for_me()),
    ]


def _rows() -> Select[*tuple[Any, ...]]:
    other = aliased(ApprovalStep, name="other")
    steps = (
        select(func.count())
        .where(other.document_id == _doc.id, other.round == _doc.review_round)
        .scalar_subquery()
    )
    return select(
        _doc.id.label("document_id"),
        _doc.kind,
        _doc.status,
        _doc.series,
        _doc.number,
        _doc.doc_date,
        _doc.unit_id,
        _doc.amount,
        _doc.summary,
        _doc.counterparty,
        _doc.version,
        _doc.submitted_at,
        _maker.display_name.label("maker_name"),
        _step.step_no,
        _step.level,
        _step.started_at,
        _step.yellow_from,
        _step.deadline_at,
        _step.delegate_id,
        steps.label("steps"),
        _doc.updated_at,
    )


def _todo_from(statement: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    return (
        statement.select_from(_step)
        .join(_doc, _doc.id == _step.document_id)
        .join(_maker, _maker.id == _doc.maker_id)
        .where(*_todo_where())
    )


def _mine_from(statement: Select[*tuple[Any, ...]], open_: bool) -> Select[*tuple[Any, ...]]:
    acted = select(ApprovalAction.document_id).where(
        ApprovalAction.actor_id == _ME,
        ApprovalAction.action.in_(_ACTED),
        ~taken_back_since(ApprovalAction),  # back on my to-do list, not 进行中
    )
    is_open = _doc.status.in_(_OPEN)
    return (
        statement.select_from(_doc)
        .join(_maker, _maker.id == _doc.maker_id)
        .outerjoin(_step, and_(_step.document_id == _doc.id, _step.status == "active"))
        .where(
            _doc.id.in_(acted),
            is_open if open_ else ~is_open,
            _doc.unit_id.in_(select(_SCOPE_UNITS.c.id)),
        )
    )


_TODO_ORDER = Keyset("todo", _step.deadline_at, _doc.id, False, row_id="document_id")
_ACTED_ORDER = Keyset("acted", _doc.updated_at, _doc.id, True, row_id="document_id")


def _pages(statement: Select[*tuple[Any, ...]], order: Keyset) -> tuple[Any, Any]:
    """The first page and the pages after a token, one row more than asked (to
    know whether another page follows). The first page carries the whole list's
    size in each row (one scan, not a second query); later pages count apart."""
    page = statement.order_by(*order.order()).limit(_LIMIT + 1)
    first = page.add_columns(func.count().over().label("whole"))
    return first, page.where(order.after())


_TODO = _pages(_todo_from(_rows()), _TODO_ORDER)
_COUNTS = _todo_from(
    select(
        func.count().label("todo"),
        func.count().filter(_step.deadline_at < _NOW).label("overdue"),
    )
)
_IN_PROGRESS, _DONE = (_pages(_mine_from(_rows(), open_), _ACTED_ORDER) for open_ in (True, False))
_COUNT_OPEN, _COUNT_DONE = (_mine_from(select(func.count()), open_) for open_ in (True, False))
_COUNT_TODO = _todo_from(select(func.count()))
_MINE_ANYWAY = _todo_from(select(_doc.id))


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


@dataclass(frozen=True)
class ItemPage:
    """A page of a list, the list's whole size, and the token of the next page."""

    rows: list[ReviewItemOut]
    total: int
    next: str | None


def _page(
    session: Session,
    statements: tuple[Any, Any],
    order: Keyset,
    total: Any,
    user_id: int,
    *,
    now: dt.datetime,
    limit: int,
    after: str | None,
) -> ItemPage:
    first, later = statements
    params = _params(user_id, now, limit=limit)
    found = session.execute(
        first if after is None else later,
        params | (order.params(after) if after is not None else {}),
    ).all()
    shown = found[:limit]
    following = order.token_after(shown[-1]) if shown and len(found) > limit else None
    if after is None:  # the first page counted the list as it went (an empty one is 0)
        whole = found[0].whole if found else 0
    else:
        whole = session.execute(total, _params(user_id, now)).scalar_one()
    return ItemPage(rows=[_item(row, now) for row in shown], total=whole, next=following)


def todo(
    session: Session, user_id: int, *, now: dt.datetime, limit: int, after: str | None = None
) -> ItemPage:
    page = _page(
        session, _TODO, _TODO_ORDER, _COUNT_TODO, user_id, now=now, limit=limit, after=after
    )
    return replace(page, rows=_on_behalf(session, user_id, now, page.rows))


def _on_behalf(
    session: Session, user_id: int, now: dt.datetime, items: list[ReviewItemOut]
) -> list[ReviewItemOut]:
    """代办: an item on my list only because I stand in for someone away today names
    that person. Mine anyway is what my list holds with nobody away (the day
    before any absence: the stand-in part of the query then finds no one)."""
    today = office_today(now)
    standing_for = (
        select(ReviewerAbsence.user_id, User.display_name)
        .join(User, User.id == ReviewerAbsence.user_id)
        .where(
            ReviewerAbsence.delegate_id == user_id,
            ReviewerAbsence.cancelled_at.is_(None),
            ReviewerAbsence.starts_on <= today,
            ReviewerAbsence.ends_on >= today,
        )
    )
    away: dict[int, str] = {absent: name for absent, name in session.execute(standing_for)}
    if not away or not items:
        return items
    ids = [item.document_id for item in items]
    nobody_away = _params(user_id, now) | {"today": dt.date.min}
    mine = set(session.scalars(_MINE_ANYWAY.where(_doc.id.in_(ids)), nobody_away))
    active = select(ApprovalStep.document_id, ApprovalStep.delegate_id).where(
        ApprovalStep.document_id.in_(ids), ApprovalStep.status == "active"
    )
    held: dict[int, int | None] = {doc: holder for doc, holder in session.execute(active)}
    marked = []
    for item in items:
        whom: str | None = None
        if item.document_id not in mine:
            holder = held.get(item.document_id)
            if holder in away:
                whom = away[holder]
            elif item.level is not None:
                covering = (
                    name
                    for absent, name in away.items()
                    if posts_covering(session, absent, item.level, item.unit_id)
                )
                whom = next(covering, "、".join(away.values()))
        marked.append(item.model_copy(update={"on_behalf_of": whom}) if whom else item)
    return marked


def whole_todo(session: Session, user_id: int, *, now: dt.datetime) -> list[int]:
    """Every document of the to-do list, page by page (a handover takes them all)."""
    ids: list[int] = []
    after: str | None = None
    while True:
        page = todo(session, user_id, now=now, limit=1000, after=after)
        ids += [item.document_id for item in page.rows]
        if page.next is None:
            return ids
        after = page.next


def in_progress(
    session: Session, user_id: int, *, now: dt.datetime, limit: int, after: str | None = None
) -> ItemPage:
    return _page(
        session, _IN_PROGRESS, _ACTED_ORDER, _COUNT_OPEN, user_id, now=now, limit=limit, after=after
    )


def done(
    session: Session, user_id: int, *, now: dt.datetime, limit: int, after: str | None = None
) -> ItemPage:
    return _page(
        session, _DONE, _ACTED_ORDER, _COUNT_DONE, user_id, now=now, limit=limit, after=after
    )


def counts(session: Session, user_id: int, *, now: dt.datetime) -> ReviewCountsOut:
    todo_row = session.execute(_COUNTS, _params(user_id, now)).one()
    acted = _params(user_id, now)
    return ReviewCountsOut(
        todo=todo_row.todo,
        in_progress=session.execute(_COUNT_OPEN, acted).scalar_one(),
        done=session.execute(_COUNT_DONE, acted).scalar_one(),
        overdue=todo_row.overdue,
    )
