"""People a user may filter queries by (maker, reviewer): active clerks and
reviewers whose unit scope touches the caller's — colleagues in the same units
and the reviewers above them. Never the whole user list, which is the
administrators' to see, and never the administrators' or auditors' accounts
(a list of their user names would invite locking them out)."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from common.enums import Role
from common.schemas.search import PersonOut
from server.db.models import BudgetUnit, User, UserRole, UserUnit
from server.services.accounts.sessions import Authenticated
from server.services.core import scope

SHOWN = 30
WORKING_ROLES = (Role.CLERK.value, Role.REVIEWER.value)


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


def _visible(session: Session, auth: Authenticated) -> Select[User]:
    units = _units_and_above(session, scope.units_in_scope(session, auth.user.id))
    workers = select(UserRole.user_id).where(UserRole.role.in_(WORKING_ROLES))
    return select(User).where(
        User.is_active,
        User.id.in_(select(UserUnit.user_id).where(UserUnit.unit_id.in_(sorted(units)))),
        User.id.in_(workers),
    )


def people(session: Session, auth: Authenticated, text: str) -> list[PersonOut]:
    query = _visible(session, auth).order_by(User.username).limit(SHOWN)
    text = text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(or_(User.username.ilike(pattern), User.display_name.ilike(pattern)))
    return [
        PersonOut(id=user.id, username=user.username, display_name=user.display_name)
        for user in session.scalars(query)
    ]


def names(session: Session, auth: Authenticated, user_ids: list[int]) -> dict[int, str]:
    """Display names of those of ``user_ids`` the caller may know of."""
    query = _visible(session, auth).where(User.id.in_(user_ids))
    return {user.id: user.display_name for user in session.scalars(query)}
