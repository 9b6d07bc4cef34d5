"""Server sessions: opaque tokens (stored hashed), idle and absolute expiry, revocation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from common.enums import Role
from common.errors import DomainError
from server.crypto import new_token, token_hash
from server.db.models import User, UserRole, UserSession
from server.services.accounts.users import lock_user
from server.services.core import audit
from server.services.core.audit import Actor, Origin
from server.services.core.params import AuthParameters

_ROLES = (
    select(func.array_agg(UserRole.role))
    .where(UserRole.user_id == User.id)
    .correlate(User)
    .scalar_subquery()
)

# last_seen_at is written at most this often, so reads do not all become writes.
_TOUCH_EVERY = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class Authenticated:
    session: UserSession
    user: User
    # the user's roles, read with the session (None: not read; ask roles_of)
    roles: tuple[Role, ...] | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.user.id, self.user.username)


def issue(
    session: Session, user: User, *, origin: Origin, now: dt.datetime, params: AuthParameters
) -> tuple[str, UserSession]:
    token = new_token()
    row = UserSession(
        token_hash=token_hash(token),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(hours=params.session_absolute_hours),
        code_verified_at=now,
        client_host=origin.host[:255],
        client_address=origin.address[:64],
    )
    session.add(row)
    session.flush()
    return token, row


def authenticate(
    session: Session, token: str | None, *, now: dt.datetime, params: AuthParameters
) -> Authenticated:
    """The live session behind a bearer token, or a 401 naming why not."""
    if not token:
        raise DomainError("auth.not_authenticated", status=401)
    found = session.execute(
        select(UserSession, User, _ROLES)
        .join(User, User.id == UserSession.user_id)
        # the roles in the same round trip: every route asks for a permission next
        .where(UserSession.token_hash == token_hash(token))
    ).one_or_none()
    if found is None or found[0].revoked_at is not None:
        raise DomainError("auth.not_authenticated", status=401)
    row, user, role_names = found
    reason = None
    if now >= row.expires_at:
        reason = "expired_absolute"
    elif now - row.last_seen_at > dt.timedelta(minutes=params.session_idle_minutes):
        reason = "expired_idle"
    elif not user.is_active or user.locked_at is not None:
        reason = "account_unavailable"
    if reason is not None:
        lock_user(session, user.id)  # the account's row before its sessions and the log
        row.revoked_at, row.revoked_reason = now, reason
        audit.record(
            session,
            Actor(user.id, user.username),
            "session.expired",
            origin=Origin(row.client_host, row.client_address),
            at=now,
            target_type="session",
            target_id=row.id,
            after={"reason": reason},
        )
        code = (
            "auth.not_authenticated" if reason == "account_unavailable" else "auth.session_expired"
        )
        raise DomainError(code, status=401, commit=True)
    if now - row.last_seen_at >= _TOUCH_EVERY and _hold_account(session, user.id):
        row.last_seen_at = now
    return Authenticated(row, user, tuple(sorted(Role(name) for name in role_names or ())))


def _hold_account(session: Session, user_id: int) -> bool:
    """Lock the account's row if nobody holds it, before touching its session.

    Whoever ends an account's sessions (lockout, password change, disabling)
    holds the account's row first; a request that locked its session row before
    waiting for the account's row would deadlock with it. The touch is only a
    last-seen time, so when the row is busy it is skipped (the next request
    within the idle timeout makes it). NO KEY UPDATE leaves rows that merely
    refer to the account (documents, sessions) free to be written meanwhile.
    """
    held = session.scalar(
        select(User.id).where(User.id == user_id).with_for_update(key_share=True, skip_locked=True)
    )
    return held is not None


def revoke(session: Session, row: UserSession, *, reason: str, now: dt.datetime) -> None:
    if row.revoked_at is None:
        row.revoked_at, row.revoked_reason = now, reason


def revoke_all(session: Session, user_id: int, *, reason: str, now: dt.datetime) -> int:
    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def require_fresh_code(auth: Authenticated, *, now: dt.datetime, params: AuthParameters) -> None:
    """Backup, restore, role grants and second-factor resets need a recent code."""
    if now - auth.session.code_verified_at > dt.timedelta(minutes=params.fresh_code_minutes):
        raise DomainError("auth.fresh_code_required", status=403)


def active(session: Session, *, now: dt.datetime, user_id: int | None = None) -> list[UserSession]:
    query = select(UserSession).where(
        UserSession.revoked_at.is_(None), UserSession.expires_at > now
    )
    if user_id is not None:
        query = query.where(UserSession.user_id == user_id)
    return list(session.scalars(query.order_by(UserSession.last_seen_at.desc())))


def logout(session: Session, auth: Authenticated, *, origin: Origin, now: dt.datetime) -> None:
    lock_user(session, auth.user.id)  # account row, then session, then the log
    revoke(session, auth.session, reason="logout", now=now)
    audit.record(
        session,
        auth.actor,
        "logout",
        origin=origin,
        at=now,
        target_type="session",
        target_id=auth.session.id,
    )


def screen_locked(
    session: Session, auth: Authenticated, *, origin: Origin, now: dt.datetime
) -> None:
    """The client's idle lock (锁屏) came on: logged like every other lock
    (DOMAIN.md audit), so the log shows when a workstation was left unattended."""
    audit.record(
        session,
        auth.actor,
        "screen.locked",
        origin=origin,
        at=now,
        target_type="session",
        target_id=auth.session.id,
    )
