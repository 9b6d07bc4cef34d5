"""休假委托: a reviewer going on leave names a stand-in for a date range.

While the absence runs, the items in the absent reviewer's to-do list (and the
items delegated to them) also show in the stand-in's, and new work notifies the
stand-in. The stand-in acts on their own authority, so they must hold at least
the absent reviewer's level over each of the absent reviewer's posts; the rules
of separation of duties apply to them as to anyone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import ReviewLevel
from common.errors import DomainError
from common.permissions import Permission, granted
from common.schemas.reviews import AbsenceIn, AbsenceOut, StandInOut
from server.db.models import ReviewerAbsence, ReviewerPost, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit, scope
from server.services.core.roles import roles_of
from server.services.review import reviewer_pool


def _covers(session: Session, user_id: int, post: ReviewerPost) -> bool:
    """``user_id`` holds ``post``'s level or higher at its unit or above it."""
    return bool(
        reviewer_pool.posts_covering(session, user_id, ReviewLevel(post.level), post.unit_id)
    )


def _fit_stand_in(session: Session, absent_id: int, stand_in_id: int) -> bool:
    if stand_in_id == absent_id or not reviewer_pool.is_available(session, stand_in_id):
        return False
    if not granted(roles_of(session, stand_in_id), Permission.DECIDE_REVIEWS):
        return False
    posts = list(session.scalars(select(ReviewerPost).where(ReviewerPost.user_id == absent_id)))
    in_scope = scope.units_in_scope(session, stand_in_id)  # or the items would reach no one
    return all(post.unit_id in in_scope and _covers(session, stand_in_id, post) for post in posts)


def _out(session: Session, absence: ReviewerAbsence) -> AbsenceOut:
    stand_in = session.get(User, absence.delegate_id)
    return AbsenceOut(
        id=absence.id,
        user_id=absence.user_id,
        delegate_id=absence.delegate_id,
        delegate_name=stand_in.display_name if stand_in else "",
        starts_on=absence.starts_on,
        ends_on=absence.ends_on,
        reason=absence.reason,
        cancelled=absence.cancelled_at is not None,
    )


def create(
    session: Session,
    auth: Authenticated,
    body: AbsenceIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AbsenceOut:
    me = auth.user.id
    if not granted(roles_of(session, me), Permission.TAKE_LEAVE):
        raise DomainError("review.not_reviewer", status=403)
    if body.ends_on < body.starts_on:
        raise DomainError("absence.dates", status=422, field="ends_on")
    if not _fit_stand_in(session, me, body.delegate_id):
        raise DomainError("absence.delegate_unfit", status=422, field="delegate_id")
    session.execute(  # two absences filed at once must not both pass the overlap check
        select(User.id).where(User.id == me).with_for_update()
    )
    overlapping = session.scalar(
        select(ReviewerAbsence.id).where(
            ReviewerAbsence.user_id == me,
            ReviewerAbsence.cancelled_at.is_(None),
            ReviewerAbsence.starts_on <= body.ends_on,
            ReviewerAbsence.ends_on >= body.starts_on,
        )
    )
    if overlapping is not None:
        raise DomainError("absence.overlaps", status=409)
    absence = ReviewerAbsence(
        user_id=me,
        delegate_id=body.delegate_id,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        reason=body.reason.strip(),
    )
    session.add(absence)
    session.flush()
    out = _out(session, absence)
    audit.record(
        session,
        auth.actor,
        "review.absence_filed",
        origin=origin,
        at=now,
        target_type="absence",
        target_id=absence.id,
        after=out.model_dump(mode="json"),
    )
    return out


def mine(session: Session, user_id: int) -> list[AbsenceOut]:
    """My absences and the ones I stand in for, newest first."""
    rows = session.scalars(
        select(ReviewerAbsence)
        .where((ReviewerAbsence.user_id == user_id) | (ReviewerAbsence.delegate_id == user_id))
        .order_by(ReviewerAbsence.starts_on.desc(), ReviewerAbsence.id.desc())
    )
    return [_out(session, absence) for absence in rows]


def cancel(
    session: Session,
    auth: Authenticated,
    absence_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AbsenceOut:
    absence = session.get(ReviewerAbsence, absence_id, with_for_update=True)
    if absence is None or absence.user_id != auth.user.id:
        raise DomainError("absence.not_found", status=404)
    if absence.cancelled_at is None:
        absence.cancelled_at = now
        audit.record(
            session,
            auth.actor,
            "review.absence_cancelled",
            origin=origin,
            at=now,
            target_type="absence",
            target_id=absence.id,
        )
    return _out(session, absence)


def stand_ins(session: Session, auth: Authenticated) -> list[StandInOut]:
    """Who could stand in for me (the people an absence may name), by name."""
    me = auth.user.id
    if not granted(roles_of(session, me), Permission.TAKE_LEAVE):
        raise DomainError("review.not_reviewer", status=403)
    holders = session.scalars(
        select(User)
        .where(User.id != me, User.id.in_(select(ReviewerPost.user_id)))
        .order_by(User.display_name, User.username)
    )
    return [
        StandInOut(user_id=user.id, display_name=user.display_name, username=user.username)
        for user in holders
        if _fit_stand_in(session, me, user.id)
    ]
