"""Creating accounts. Accounts are never hard-deleted (DOMAIN.md, leavers)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.enums import Role
from common.errors import DomainError
from server.db.models import User, UserRole, UserUnit
from server.services.accounts.passwords import generate_initial_password, hash_password

USERNAME_RULE = re.compile(r"^[A-Za-z0-9._-]{3,64}$")


@dataclass(frozen=True)
class CreatedUser:
    id: int
    username: str
    initial_password: str


def lock_user(session: Session, user_id: int) -> User | None:
    """The user's row, locked (SELECT … FOR UPDATE) and re-read from the database.

    ``populate_existing`` matters: an earlier unlocked read in the same session
    would otherwise hand back the cached object with values from before the
    lock was granted, and a racing request's changes would be overwritten.
    """
    return session.scalar(
        select(User)
        .where(User.id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def get_locked_user(session: Session, user_id: int) -> User:
    """The account, row-locked for a change; 404 if there is none."""
    user = lock_user(session, user_id)
    if user is None:
        raise DomainError("user.not_found", status=404, user_id=user_id)
    return user


def lock_user_named(session: Session, username: str) -> User | None:
    """Like :func:`lock_user`, by username (case-insensitive)."""
    return session.scalar(
        select(User)
        .where(func.lower(User.username) == username.strip().lower())
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    roles: Iterable[Role],
    unit_ids: Iterable[int] = (),
    password: str | None = None,
    must_change_password: bool = True,
) -> CreatedUser:
    """Create an account; without ``password`` a random initial one is made and
    returned once, never stored in clear."""
    username = username.strip()
    if not USERNAME_RULE.match(username):
        raise DomainError("user.username_invalid", username=username)
    taken = session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if taken is not None:
        raise DomainError("user.exists", status=409, username=username)
    initial = password if password is not None else generate_initial_password()
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(initial),
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    session.add_all(UserRole(user_id=user.id, role=role.value) for role in set(roles))
    session.add_all(UserUnit(user_id=user.id, unit_id=unit_id) for unit_id in set(unit_ids))
    session.flush()
    return CreatedUser(id=user.id, username=username, initial_password=initial)
