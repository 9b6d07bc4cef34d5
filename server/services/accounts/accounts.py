"""Account administration: creating accounts, access, disabling, unlocking, resets,
sessions. The caller's own account is server/services/accounts/own_account.py.

Every change is audited with before/after values in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from common.enums import Role
from common.errors import DomainError
from common.schemas.admin import SessionInfoOut, UnitOut, UserOut
from server.db.models import BudgetUnit, PasswordHistory, User, UserRole, UserSession, UserUnit
from server.services.accounts import second_factor, sessions
from server.services.accounts.auth import (
    end_login_tickets,
)
from server.services.accounts.passwords import (
    generate_initial_password,
    hash_password,
)
from server.services.accounts.users import create_user, get_locked_user
from server.services.core import audit
from server.services.core.audit import Actor, Origin
from server.services.core.roles import roles_of, units_of


def user_out(session: Session, user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=roles_of(session, user.id),
        unit_ids=units_of(session, user.id),
        is_active=user.is_active,
        locked=user.locked_at is not None,
        lock_reason=user.lock_reason,
        second_factor_enrolled=user.totp_secret is not None,
        must_change_password=user.must_change_password,
        last_login_at=user.last_login_at,
        created_at=user.created_at,
        version=user.version,
    )


def _snapshot(session: Session, user: User) -> dict[str, Any]:
    return user_out(session, user).model_dump(
        mode="json", exclude={"created_at", "last_login_at", "version"}
    )


def _logged(
    session: Session,
    actor: Actor,
    action: str,
    user: User,
    *,
    before: dict[str, Any] | None,
    origin: Origin,
    now: dt.datetime,
) -> UserOut:
    """An administrator's change to an account: its row in the operation log,
    with the account before and after, and the account as it now is."""
    audit.record(
        session,
        actor,
        action,
        origin=origin,
        at=now,
        target_type="user",
        target_id=user.id,
        before=before,
        after=_snapshot(session, user),
    )
    return user_out(session, user)

    audit.user_event(session, user, "reverify.succeeded", origin=origin, at=now)


def list_units(session: Session) -> list[UnitOut]:
    """Budget units for scope pickers, in code order (a parent before its children)."""
    units = session.scalars(select(BudgetUnit).order_by(BudgetUnit.code))
    return [
        UnitOut(id=u.id, code=u.code, name=u.name, parent_id=u.parent_id, is_active=u.is_active)
        for u in units
    ]


def list_users(session: Session) -> list[UserOut]:
    users = session.scalars(select(User).order_by(func.lower(User.username)))
    return [user_out(session, u) for u in users]


def _check_units(session: Session, unit_ids: list[int]) -> None:
    known = set(session.scalars(select(BudgetUnit.id).where(BudgetUnit.id.in_(unit_ids))))
    for unit_id in unit_ids:
        if unit_id not in known:
            raise DomainError("user.unit_unknown", status=422, field="unit_ids", unit_id=unit_id)


def create(
    session: Session,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    roles: list[Role],
    unit_ids: list[int],
    origin: Origin,
    now: dt.datetime,
) -> tuple[UserOut, str]:
    _check_units(session, unit_ids)
    created = create_user(
        session, username=username, display_name=display_name, roles=roles, unit_ids=unit_ids
    )
    user = get_locked_user(session, created.id)
    out = _logged(session, actor, "user.created", user, before=None, origin=origin, now=now)
    return out, created.initial_password


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(UserRole)
            .join(User, User.id == UserRole.user_id)
            .where(UserRole.role == Role.ADMIN.value, User.is_active.is_(True))
        )
        or 0
    )


def check_first_admin(session: Session, *, force: bool) -> None:
    """``create-admin`` makes the first administrator, nothing more: once an active
    one exists, administrators are granted in the console with a second
    administrator's approval (four eyes). ``force`` (an operator on the server,
    e.g. the second administrator of a new office or all of them locked out) is
    logged with the account it creates."""
    if not force and _active_admins(session) > 0:
        raise DomainError("user.admin_exists", status=409)


def check_access(
    session: Session, user: User, *, roles: list[Role], unit_ids: list[int], version: int
) -> None:
    """Whether ``roles`` and ``unit_ids`` may replace the account's: the caller read
    the current version, the units exist, and the last active administrator keeps
    the role (a console with no administrator could never be run again)."""
    if user.version != version:
        raise DomainError("user.stale", status=409, user_id=user.id)
    _check_units(session, unit_ids)
    was_admin = Role.ADMIN in roles_of(session, user.id)
    if was_admin and Role.ADMIN not in roles and user.is_active and _active_admins(session) <= 1:
        raise DomainError("user.last_admin", status=409)


def set_access(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    roles: list[Role],
    unit_ids: list[int],
    version: int,
    origin: Origin,
    now: dt.datetime,
) -> UserOut:
    user = get_locked_user(session, user_id)
    check_access(session, user, roles=roles, unit_ids=unit_ids, version=version)
    before = _snapshot(session, user)
    session.execute(delete(UserRole).where(UserRole.user_id == user.id))
    session.execute(delete(UserUnit).where(UserUnit.user_id == user.id))
    session.add_all(UserRole(user_id=user.id, role=r.value) for r in set(roles))
    session.add_all(UserUnit(user_id=user.id, unit_id=u) for u in set(unit_ids))
    user.version += 1  # roles and units are part of the account's version
    end_login_tickets(session, user.id, now=now)
    session.flush()
    return _logged(
        session, actor, "user.access_changed", user, before=before, origin=origin, now=now
    )


def _change(
    session: Session,
    actor: Actor,
    user_id: int,
    action: str,
    *,
    origin: Origin,
    now: dt.datetime,
    revoke_reason: str | None = None,
    apply: Any,
) -> UserOut:
    user = get_locked_user(session, user_id)
    before = _snapshot(session, user)
    apply(user)
    user.version += 1
    end_login_tickets(session, user.id, now=now)
    if revoke_reason is not None:
        sessions.revoke_all(session, user.id, reason=revoke_reason, now=now)
    session.flush()
    return _logged(session, actor, action, user, before=before, origin=origin, now=now)


def disable(
    session: Session, actor: Actor, user_id: int, *, origin: Origin, now: dt.datetime
) -> UserOut:
    """Leavers are disabled, never deleted; their sessions end at once."""
    if actor.id == user_id:
        raise DomainError("user.cannot_disable_self", status=409)
    target = get_locked_user(session, user_id)
    if (
        Role.ADMIN in roles_of(session, user_id)
        and target.is_active
        and _active_admins(session) <= 1
    ):
        raise DomainError("user.last_admin", status=409)

    def apply(user: User) -> None:
        user.is_active, user.disabled_at = False, now

    return _change(
        session,
        actor,
        user_id,
        "user.disabled",
        origin=origin,
        now=now,
        revoke_reason="account_disabled",
        apply=apply,
    )


def enable(
    session: Session, actor: Actor, user_id: int, *, origin: Origin, now: dt.datetime
) -> UserOut:
    def apply(user: User) -> None:
        user.is_active, user.disabled_at = True, None

    return _change(session, actor, user_id, "user.enabled", origin=origin, now=now, apply=apply)


def unlock(
    session: Session, actor: Actor, user_id: int, *, origin: Origin, now: dt.datetime
) -> UserOut:
    def apply(user: User) -> None:
        user.locked_at, user.lock_reason, user.failed_attempts = None, None, 0

    return _change(session, actor, user_id, "user.unlocked", origin=origin, now=now, apply=apply)


def reset_password(
    session: Session, actor: Actor, user_id: int, *, origin: Origin, now: dt.datetime
) -> str:
    """A new initial password, shown once; the user must change it at next login."""
    password = generate_initial_password()

    def apply(user: User) -> None:
        # The old password joins the history: the user may not pick it again.
        session.add(
            PasswordHistory(user_id=user.id, password_hash=user.password_hash, created_at=now)
        )
        user.password_hash = hash_password(password)
        user.password_changed_at = now
        user.must_change_password = True

    _change(
        session,
        actor,
        user_id,
        "user.password_reset",
        origin=origin,
        now=now,
        revoke_reason="password_reset",
        apply=apply,
    )
    return password


def reset_second_factor(
    session: Session, actor: Actor, user_id: int, *, origin: Origin, now: dt.datetime
) -> UserOut:
    """The user enrols a new authenticator at the next login."""

    def apply(user: User) -> None:
        second_factor.forget(session, user)

    return _change(
        session,
        actor,
        user_id,
        "user.second_factor_reset",
        origin=origin,
        now=now,
        revoke_reason="second_factor_reset",
        apply=apply,
    )


def session_infos(
    session: Session, *, now: dt.datetime, user_id: int | None
) -> list[SessionInfoOut]:
    rows = sessions.active(session, now=now, user_id=user_id)
    ids = {r.user_id for r in rows}
    query = select(User.id, User.username).where(User.id.in_(ids))
    names = {user_id: name for user_id, name in session.execute(query)}
    return [
        SessionInfoOut(
            id=r.id,
            user_id=r.user_id,
            username=names[r.user_id],
            created_at=r.created_at,
            last_seen_at=r.last_seen_at,
            expires_at=r.expires_at,
            client_host=r.client_host,
            client_address=r.client_address,
        )
        for r in rows
    ]


def revoke_session(
    session: Session, actor: Actor, session_id: int, *, origin: Origin, now: dt.datetime
) -> None:
    row = session.get(UserSession, session_id, with_for_update=True)
    if row is None:
        raise DomainError("session.not_found", status=404, session_id=session_id)
    sessions.revoke(session, row, reason="revoked_by_admin", now=now)
    audit.record(
        session,
        actor,
        "session.revoked",
        origin=origin,
        at=now,
        target_type="session",
        target_id=session_id,
        after={"user_id": row.user_id},
    )
