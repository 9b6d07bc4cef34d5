"""Who a user is in the organisation: the roles they hold and the units they
belong to. Every area asks this (permissions, review levels, pickers), so it
lives in core and reads the two link tables only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.enums import Role
from server.db.models import UserRole, UserUnit


def roles_of(session: Session, user_id: int) -> list[Role]:
    rows = session.scalars(select(UserRole.role).where(UserRole.user_id == user_id))
    return sorted(Role(r) for r in rows)


def units_of(session: Session, user_id: int) -> list[int]:
    return sorted(session.scalars(select(UserUnit.unit_id).where(UserUnit.user_id == user_id)))
