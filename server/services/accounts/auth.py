"""The login flow, one short-lived ticket linking the steps.

- an enrolled user: password → code → (new password, when it must change) → session;
- a user without an authenticator: password → (new password) → enrolment → session.

The second factor always comes before a forced password change, so a stolen
password alone can change nothing. No route but the next step accepts a ticket,
so a half-logged-in user can do nothing else. Consecutive failures at any step
count toward the account lock; refusals are committed (``DomainError(commit=True)``)
so that the count and the audit rows survive the error answer.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.rules.passwords import check_password
from common.schemas.auth import EnrolmentOut, LoginProgressOut, SessionOut, TicketOut
from common.schemas.client_versions import ClientPlatform
from server.crypto import SecretBox, new_token, token_hash
from server.db.models import LoginTicket, PasswordHistory, User
from server.services.accounts import second_factor, sessions
from server.services.accounts.login_secrets import refused_if_tampered
from server.services.accounts.passwords import hash_password, verify_password
from server.services.accounts.users import lock_user, lock_user_named
from server.services.core import audit, client_versions
from server.services.core.audit import Actor, Origin
from server.services.core.params import AuthParameters, auth_parameters

LOCK_REASON = "连续 {n} 次登录失败 / {n} consecutive failed login attempts"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against for unknown users, so they take as long as known ones."""
    return hash_password("countersign timing equaliser")


def end_login_tickets(
    session: Session, user_id: int, *, now: dt.datetime, keep: LoginTicket | None = None
) -> None:
    """Half-finished logins end when the account changes under them (password,
    authenticator, access, lock), so a stale ticket cannot finish a login."""
    query = update(LoginTicket).where(LoginTicket.user_id == user_id, LoginTicket.used_at.is_(None))
    if keep is not None:
        query = query.where(LoginTicket.id != keep.id)
    session.execute(query.values(used_at=now))


def count_failure(
    session: Session,
    user: User,
    *,
    step: str,
    origin: Origin,
    now: dt.datetime,
    params: AuthParameters,
) -> None:
    user.failed_attempts += 1
    audit.user_event(
        session,
        user,
        "login.failed",
        origin=origin,
        at=now,
        after={"step": step, "consecutive_failures": user.failed_attempts},
    )
    if user.failed_attempts >= params.lockout_threshold and user.locked_at is None:
        user.locked_at = now
        user.lock_reason = LOCK_REASON.format(n=user.failed_attempts)
        end_login_tickets(session, user.id, now=now)
        audit.user_event(
            session,
            user,
            "account.locked",
            origin=origin,
            at=now,
            after={"reason": user.lock_reason},
        )


def refuse_if_locked(user: User) -> None:
    if user.locked_at is not None:
        raise DomainError("auth.locked", status=423, commit=True, reason=user.lock_reason or "")


def _must_change_password(user: User, *, now: dt.datetime, params: AuthParameters) -> bool:
    expires = user.password_changed_at + dt.timedelta(days=params.password_policy.max_age_days)
    return user.must_change_password or now >= expires


def _first_step_after_password(user: User, *, now: dt.datetime, params: AuthParameters) -> str:
    if user.totp_secret is not None:
        return "totp"
    return "change_password" if _must_change_password(user, now=now, params=params) else "enroll"


def _ticket_out(token: str, ticket: LoginTicket, params: AuthParameters) -> TicketOut:
    return TicketOut(
        ticket=token,
        next_step=ticket.next_step,
        expires_at=ticket.expires_at,
        password_policy=params.password_policy,
    )


def login_password(
    session: Session,
    *,
    username: str,
    password: str,
    origin: Origin,
    now: dt.datetime,
    client_version: str | None = None,
    client_platform: ClientPlatform | None = None,
) -> TicketOut:
    """Step 1. Unknown user, disabled user and wrong password answer alike, and a
    locked account says so only to someone who knows its password. A client too
    old to be used is refused before the password is looked at (no failure is
    counted: the person did nothing wrong); a merely older one is told."""
    params = auth_parameters(session)
    newer = client_versions.check_at_login(
        session, version=client_version, platform=client_platform, params=params
    )
    user = lock_user_named(session, username)
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)
        audit.record(
            session,
            Actor(None, username.strip()[:64]),
            "login.failed",
            origin=origin,
            at=now,
            after={"step": "password", "reason": "unknown or disabled user"},
        )
        raise DomainError("auth.invalid_credentials", status=401, commit=True)
    if not verify_password(user.password_hash, password):
        count_failure(session, user, step="password", origin=origin, now=now, params=params)
        raise DomainError("auth.invalid_credentials", status=401, commit=True)
    if user.locked_at is not None:
        audit.user_event(session, user, "login.refused_locked", origin=origin, at=now)
        refuse_if_locked(user)
    token = new_token()
    ticket = LoginTicket(
        token_hash=token_hash(token),
        user_id=user.id,
        next_step=_first_step_after_password(user, now=now, params=params),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=params.ticket_minutes),
    )
    session.add(ticket)
    audit.user_event(
        session,
        user,
        "login.password_accepted",
        origin=origin,
        at=now,
        after={"next_step": ticket.next_step},
    )
    session.flush()
    return _ticket_out(token, ticket, params).model_copy(update={"newer_client": newer})


def _open_ticket(
    session: Session, token: str, *, step: str, now: dt.datetime
) -> tuple[LoginTicket, User]:
    """The ticket and its user, both locked: the user's row first, as every login
    step and account change does (they end tickets while holding it), so racing
    steps queue on the user instead of deadlocking on ticket and user rows."""
    hashed = token_hash(token)
    user_id = session.scalar(select(LoginTicket.user_id).where(LoginTicket.token_hash == hashed))
    if user_id is None:
        raise DomainError("auth.ticket_invalid", status=401)
    user = lock_user(session, user_id)
    ticket = session.scalar(
        select(LoginTicket)
        .where(LoginTicket.token_hash == hashed)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if ticket is None or ticket.used_at is not None or now >= ticket.expires_at:
        raise DomainError("auth.ticket_invalid", status=401)
    if user is None or not user.is_active:
        raise DomainError("auth.ticket_invalid", status=401)
    refuse_if_locked(user)
    if ticket.next_step != step:
        raise DomainError("auth.wrong_step", status=409, expected=ticket.next_step)
    return ticket, user


def set_password(
    session: Session, user: User, new_password: str, *, params: AuthParameters, now: dt.datetime
) -> None:
    """Policy, then history: the new password may not be any of the last N."""
    violations = check_password(new_password, username=user.username, policy=params.password_policy)
    if violations:
        first = violations[0]
        raise DomainError(first.code, status=422, field="new_password", **first.params)
    recent = session.scalars(
        select(PasswordHistory.password_hash)
        .where(PasswordHistory.user_id == user.id)
        .order_by(PasswordHistory.id.desc())
        .limit(params.password_policy.history)
    ).all()
    if any(verify_password(old, new_password) for old in [user.password_hash, *recent]):
        raise DomainError(
            "password.reused",
            status=422,
            field="new_password",
            count=params.password_policy.history,
        )
    session.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash, created_at=now))
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    user.must_change_password = False


def change_initial_password(
    session: Session, *, ticket_token: str, new_password: str, origin: Origin, now: dt.datetime
) -> LoginProgressOut:
    """Forced change at first login, after an admin reset, or on expiry.

    An enrolled user reaches this step only after the code step of the same
    ticket, so the login completes here; others go on to enrol.
    """
    params = auth_parameters(session)
    ticket, user = _open_ticket(session, ticket_token, step="change_password", now=now)
    set_password(session, user, new_password, params=params, now=now)
    sessions.revoke_all(session, user.id, reason="password_changed", now=now)
    end_login_tickets(session, user.id, now=now, keep=ticket)
    audit.user_event(
        session, user, "password.changed", origin=origin, at=now, after={"forced": True}
    )
    if user.totp_secret is not None:
        return LoginProgressOut(
            session=_complete(session, ticket, user, origin=origin, now=now, params=params)
        )
    ticket.next_step = "enroll"
    return LoginProgressOut(ticket=_ticket_out(ticket_token, ticket, params))


def _refuse_if_enrolled(user: User) -> None:
    """Enrolment happens once; replacing an authenticator takes an admin reset."""
    if user.totp_secret is not None:
        raise DomainError("auth.already_enrolled", status=409)


def start_enrolment(
    session: Session, *, ticket_token: str, box: SecretBox, now: dt.datetime
) -> EnrolmentOut:
    _ticket, user = _open_ticket(session, ticket_token, step="enroll", now=now)
    _refuse_if_enrolled(user)
    secret = second_factor.new_secret()
    user.totp_pending = box.seal(secret.encode(), user_id=user.id)
    return EnrolmentOut(
        otpauth_uri=second_factor.provisioning_uri(secret, user.username), secret=secret
    )


def _wrong_code(
    session: Session,
    ticket: LoginTicket,
    user: User,
    *,
    origin: Origin,
    now: dt.datetime,
    params: AuthParameters,
) -> DomainError:
    ticket.failed_codes += 1
    count_failure(session, user, step="code", origin=origin, now=now, params=params)
    if user.locked_at is not None:
        return DomainError("auth.locked", status=423, commit=True, reason=user.lock_reason or "")
    remaining = params.wrong_codes_per_ticket - ticket.failed_codes
    if remaining <= 0:
        ticket.used_at = now  # the password step starts over
        return DomainError("auth.code_attempts_exhausted", status=401, commit=True)
    return DomainError("auth.code_invalid", status=401, commit=True, remaining=remaining)


def confirm_enrolment(
    session: Session,
    *,
    ticket_token: str,
    code: str,
    box: SecretBox,
    origin: Origin,
    now: dt.datetime,
) -> SessionOut:
    """The first code proves the authenticator works; then the secret takes effect."""
    params = auth_parameters(session)
    ticket, user = _open_ticket(session, ticket_token, step="enroll", now=now)
    _refuse_if_enrolled(user)
    if user.totp_pending is None:
        raise DomainError("auth.no_pending_enrolment", status=409)
    with refused_if_tampered(
        session, user, field="totp_pending", step="enroll", origin=origin, now=now
    ):
        secret = box.open(user.totp_pending, user_id=user.id).decode()
    step = second_factor.matching_step(secret, code, now)
    if step is None:
        raise _wrong_code(session, ticket, user, origin=origin, now=now, params=params)
    user.totp_secret, user.totp_pending, user.totp_last_step = user.totp_pending, None, step
    codes = second_factor.issue_recovery_codes(session, user, box=box)
    end_login_tickets(session, user.id, now=now, keep=ticket)
    audit.user_event(session, user, "second_factor.enrolled", origin=origin, at=now)
    return _complete(
        session, ticket, user, origin=origin, now=now, params=params, recovery_codes=codes
    )


def login_code(
    session: Session,
    *,
    ticket_token: str,
    code: str,
    box: SecretBox,
    origin: Origin,
    now: dt.datetime,
) -> LoginProgressOut:
    """Step 2: a TOTP code, or one of the recovery codes; then the session, or
    the forced password change when the password must change."""
    params = auth_parameters(session)
    ticket, user = _open_ticket(session, ticket_token, step="totp", now=now)
    if second_factor.looks_like_recovery_code(code):
        accepted = second_factor.accept_recovery_code(session, user, code, box=box, now=now)
        if accepted:
            audit.user_event(session, user, "login.recovery_code_used", origin=origin, at=now)
    else:
        with refused_if_tampered(
            session, user, field="totp_secret", step="code", origin=origin, now=now
        ):
            accepted = second_factor.accept_totp(user, code, box=box, now=now)
    if not accepted:
        raise _wrong_code(session, ticket, user, origin=origin, now=now, params=params)
    if _must_change_password(user, now=now, params=params):
        ticket.next_step = "change_password"
        audit.user_event(session, user, "login.code_accepted", origin=origin, at=now)
        return LoginProgressOut(ticket=_ticket_out(ticket_token, ticket, params))
    return LoginProgressOut(
        session=_complete(session, ticket, user, origin=origin, now=now, params=params)
    )


def _complete(
    session: Session,
    ticket: LoginTicket,
    user: User,
    *,
    origin: Origin,
    now: dt.datetime,
    params: AuthParameters,
    recovery_codes: list[str] | None = None,
) -> SessionOut:
    ticket.used_at = now
    user.failed_attempts = 0
    user.last_login_at = now
    token, row = sessions.issue(session, user, origin=origin, now=now, params=params)
    audit.record(
        session,
        Actor(user.id, user.username),
        "login.succeeded",
        origin=origin,
        at=now,
        target_type="session",
        target_id=row.id,
    )
    expires = user.password_changed_at + dt.timedelta(days=params.password_policy.max_age_days)
    days_left = (expires - now).days
    return SessionOut(
        token=token,
        expires_at=row.expires_at,
        idle_timeout_minutes=params.session_idle_minutes,
        recovery_codes=recovery_codes or [],
        password_expires_in_days=days_left
        if days_left <= params.password_policy.warn_days
        else None,
    )
