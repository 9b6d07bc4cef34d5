"""People a user may filter queries by (maker, reviewer): those whose unit scope
touches the caller's — colleagues in the same units and the reviewers above
them — never the whole user list, which is the administrators' to see."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from common.schemas.search import PersonOut
from server.db.models import BudgetUnit, User, UserUnit
from server.services import scope
from server.services.sessions import Authenticated

SHOWN = 30


def _units_and_above(session: Session, units: set[int]) -> set[int]:
    """The units and every unit above them (a reviewer of the city sees a school's items)."""
    found = set(units)
    frontier = set(units)
    while frontier:
        parents = {
            parent
            for parent in session.scalars(
                select(BudgetUnit.parent_id).where(BudgetUnit.id.in_(frontier))
            )
            if parent is not None
        }
        frontier = parents - found
        found |= frontier
    return found


def people(session: Session, auth: Authenticated, text: str) -> list[PersonOut]:
    units = _units_and_above(session, scope.units_in_scope(session, auth.user.id))
    query = (
        select(User)
        .where(
            User.id.in_(select(UserUnit.user_id).where(UserUnit.unit_id.in_(sorted(units)))),
        )
        .order_by(User.username)
        .limit(SHOWN)
    )
    text = text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(or_(User.username.ilike(pattern), User.display_name.ilike(pattern)))
    return [
        PersonOut(id=user.id, username=user.username, display_name=user.display_name)
        for user in session.scalars(query)
    ]
