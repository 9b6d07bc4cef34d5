"""Unit scope (DOMAIN.md "Roles"): the budget units a user may see and act on.

A unit in a user's scope brings its whole subtree with it: the education
bureau's clerk works for the bureau's schools too.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.errors import DomainError
from server.db.models import BudgetUnit, UserUnit


def units_in_scope(session: Session, user_id: int) -> set[int]:
    top = select(BudgetUnit.id).join(UserUnit, UserUnit.unit_id == BudgetUnit.id)
    tree = top.where(UserUnit.user_id == user_id).cte("scope", recursive=True)
    tree = tree.union(select(BudgetUnit.id).join(tree, BudgetUnit.parent_id == tree.c.id))
    return set(session.scalars(select(tree.c.id)))


def require_unit(session: Session, user_id: int, unit_id: int) -> None:
    """403 for a unit outside the scope; the same answer whether or not it exists."""
    if unit_id not in units_in_scope(session, user_id):
        raise DomainError("document.unit_out_of_scope", status=403, field="unit_id")
