"""The caller's own account: who they are, changing their password, unlocking
the idle screen and re-verifying with a fresh authenticator code.

A wrong password or code counts toward the account lock as a failed login does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.auth import MeOut
from server.crypto import SecretBox
from server.db.models import User
from server.services.accounts import second_factor, sessions
from server.services.accounts.auth import (
    count_failure,
    end_login_tickets,
    refuse_if_locked,
    set_password,
)
from server.services.accounts.login_secrets import refused_if_tampered
from server.services.accounts.passwords import verify_password
from server.services.accounts.sessions import Authenticated
from server.services.accounts.users import get_locked_user
from server.services.core import audit, export_rights
from server.services.core.audit import Origin
from server.services.core.params import auth_parameters
from server.services.core.roles import roles_of, units_of


def me(session: Session, user: User) -> MeOut:
    params = auth_parameters(session)
    return MeOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=roles_of(session, user.id),
        unit_ids=units_of(session, user.id),
        password_expires_at=user.password_changed_at
        + dt.timedelta(days=params.password_policy.max_age_days),
        client_idle_lock_minutes=params.client_idle_lock_minutes,
        password_policy=params.password_policy,
        export_scopes=sorted(export_rights.rights_of(session, user.id)),
    )


def _failed_proof(
    session: Session, auth: Authenticated, *, step: str, origin: Origin, now: dt.datetime
) -> None:
    """A wrong password or code from a logged-in user counts toward the account
    lock like a failed login; at the limit every session of the account ends."""
    user = auth.user
    count_failure(session, user, step=step, origin=origin, now=now, params=auth_parameters(session))
    if user.locked_at is not None:
        sessions.revoke_all(session, user.id, reason="account_locked", now=now)
        refuse_if_locked(user)


def change_own_password(
    session: Session,
    auth: Authenticated,
    *,
    current: str,
    new: str,
    origin: Origin,
    now: dt.datetime,
) -> None:
    """The other sessions of the account end: whoever else knew the old
    password is out."""
    user = get_locked_user(session, auth.user.id)
    if not verify_password(user.password_hash, current):
        _failed_proof(session, auth, step="password_change", origin=origin, now=now)
        raise DomainError(
            "password.wrong_current", status=422, commit=True, field="current_password"
        )
    set_password(session, user, new, params=auth_parameters(session), now=now)
    user.failed_attempts = 0
    for row in sessions.active(session, now=now, user_id=user.id):
        if row.id != auth.session.id:
            sessions.revoke(session, row, reason="password_changed", now=now)
    end_login_tickets(session, user.id, now=now)
    audit.user_event(
        session, user, "password.changed", origin=origin, at=now, after={"forced": False}
    )


def unlock_screen(
    session: Session, auth: Authenticated, *, password: str, origin: Origin, now: dt.datetime
) -> None:
    """The idle lock screen asks for the password again."""
    user = get_locked_user(session, auth.user.id)
    if not verify_password(user.password_hash, password):
        _failed_proof(session, auth, step="screen_unlock", origin=origin, now=now)
        raise DomainError("password.wrong_current", status=422, commit=True, field="password")
    user.failed_attempts = 0
    audit.user_event(session, user, "screen.unlocked", origin=origin, at=now)


def reverify(
    session: Session,
    auth: Authenticated,
    code: str,
    *,
    box: SecretBox,
    origin: Origin,
    now: dt.datetime,
) -> None:
    """A fresh authenticator code for a sensitive action; replayed codes are refused."""
    user = get_locked_user(session, auth.user.id)
    with refused_if_tampered(
        session, user, field="totp_secret", step="reverify", origin=origin, now=now
    ):
        accepted = second_factor.accept_totp(user, code, box=box, now=now)
    if not accepted:
        _failed_proof(session, auth, step="reverify", origin=origin, now=now)
        raise DomainError("auth.reverify_invalid", status=401, commit=True, field="code")
    user.failed_attempts = 0
    auth.session.code_verified_at = now
