"""Four eyes on account administration (DOMAIN.md "Four eyes on administration").

Granting the administrator or auditor role — by a change of access or by creating
an account with it — and resetting someone's second factor take effect only when
a second administrator approves (when the parameter four_eyes is on, the default).
The first administrator's change becomes a pending request (four_eyes.submit);
admin_request_actions.approve carries it out in the approving transaction
through :func:`carry_out_grant` or :func:`carry_out_reset`, which check again
that it still applies. Every other change of roles or scope — taking a role
away, clerk, reviewer, analyst, units — stays immediate, as does everything when four eyes is off.

Privileged credentials come from the approver: carrying out a grant of either
role, or the second-factor reset of an account holding one, also resets the
account's password and second factor and ends its sessions, and the new initial
password goes to the approving administrator alone. Otherwise the requester —
who created the account, or reset its password, and so knows it — could log in
as it, enrol an authenticator, and hold a second privileged account once a
colleague approved. For the same reason one administrator alone cannot reset
the password of a privileged account that has not enrolled a second factor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from common.enums import Role
from common.errors import DomainError
from common.schemas.admin import UserAccessIn, UserCreatedOut, UserCreateIn, UserOut
from common.schemas.admin_requests import AdminRequestOut, RequestAction
from server.db.models import AdminRequest, User
from server.services.accounts import accounts, four_eyes
from server.services.accounts.sessions import Authenticated
from server.services.accounts.users import lock_user
from server.services.core import audit
from server.services.core.roles import roles_of

GRANT = RequestAction.USER_GRANT  # a change of access that adds a guarded role
RESET_SECOND_FACTOR = RequestAction.USER_RESET_SECOND_FACTOR

# The roles that read or run everything: granting one needs a second administrator.
GUARDED_ROLES = frozenset({Role.ADMIN, Role.AUDITOR})


def _user(session: Session, user_id: int) -> User:
    user = lock_user(session, user_id)
    if user is None:
        raise DomainError("user.not_found", status=404, user_id=user_id)
    return user


def _who(user: User) -> dict[str, Any]:
    return {"user_id": user.id, "username": user.username, "display_name": user.display_name}


def change_access(
    session: Session,
    auth: Authenticated,
    user_id: int,
    body: UserAccessIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> UserOut | AdminRequestOut:
    """Replace the account's roles and scope now, or — when the change adds the
    administrator or auditor role and four eyes is on — file it as a request (the
    whole change, so it takes effect as one) and answer with the request."""
    user = _user(session, user_id)
    roles, unit_ids = sorted(set(body.roles)), sorted(set(body.unit_ids))
    held = set(roles_of(session, user.id))
    added = sorted(set(roles) - held)
    if not (GUARDED_ROLES & set(added)) or not four_eyes.required(session):
        return accounts.set_access(
            session,
            auth.actor,
            user_id,
            roles=roles,
            unit_ids=unit_ids,
            version=body.version,
            origin=origin,
            now=now,
        )
    accounts.check_access(session, user, roles=roles, unit_ids=unit_ids, version=body.version)
    request = _file_grant(
        session,
        auth,
        user,
        roles=roles,
        unit_ids=unit_ids,
        held=sorted(held),
        reason=body.reason,
        origin=origin,
        now=now,
    )
    return four_eyes.out(session, request)


def _file_grant(
    session: Session,
    auth: Authenticated,
    user: User,
    *,
    roles: list[Role],
    unit_ids: list[int],
    held: list[Role],
    reason: str,
    origin: audit.Origin,
    now: dt.datetime,
) -> AdminRequest:
    """The request that gives ``user`` exactly ``roles`` and ``unit_ids`` once a
    second administrator approves (carried out by :func:`carry_out_grant`)."""
    payload = _who(user) | {
        "roles": [role.value for role in roles],
        "unit_ids": unit_ids,
        "roles_before": [role.value for role in held],
        "added_roles": [role.value for role in sorted(set(roles) - set(held))],
        "version": user.version,
    }
    return four_eyes.submit(
        session,
        auth,
        GRANT,
        str(user.id),
        reason.strip(),
        origin=origin,
        now=now,
        payload=payload,
    )


def create_account(
    session: Session,
    auth: Authenticated,
    body: UserCreateIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> UserCreatedOut:
    """A new account. Asked with the administrator or auditor role under four eyes,
    it is created now without that role (its initial password is shown once, to
    the creator, as for any account, and stops working when the grant is carried
    out) and the grant of the whole asked access is filed as the same request a
    role change files: creating an account is no way around a second administrator."""
    roles, unit_ids = sorted(set(body.roles)), sorted(set(body.unit_ids))
    guarded = GUARDED_ROLES & set(roles)
    now_roles = [r for r in roles if r not in guarded] if four_eyes.required(session) else roles
    created, password = accounts.create(
        session,
        auth.actor,
        username=body.username,
        display_name=body.display_name,
        roles=now_roles,
        unit_ids=unit_ids,
        origin=origin,
        now=now,
    )
    if now_roles == roles:
        return UserCreatedOut(user=created, initial_password=password)
    request = _file_grant(
        session,
        auth,
        _user(session, created.id),
        roles=roles,
        unit_ids=unit_ids,
        held=now_roles,
        reason=body.reason,
        origin=origin,
        now=now,
    )
    return UserCreatedOut(
        user=created, initial_password=password, request=four_eyes.out(session, request)
    )


def reset_password(
    session: Session, auth: Authenticated, user_id: int, *, origin: audit.Origin, now: dt.datetime
) -> str:
    """A new initial password, shown once to the administrator who asked. Under four
    eyes, not for an administrator or auditor account without a second factor:
    whoever knew its password alone would hold the account (409; a second-factor
    reset, approved by a second administrator, issues the password to them)."""
    user = _user(session, user_id)
    privileged = GUARDED_ROLES & set(roles_of(session, user.id))
    if privileged and user.totp_secret is None and four_eyes.required(session):
        raise DomainError(
            "user.privileged_unenrolled", status=409, user_id=user.id, username=user.username
        )
    return accounts.reset_password(session, auth.actor, user_id, origin=origin, now=now)


def _issue_credentials(
    session: Session, approver: Authenticated, user: User, *, origin: audit.Origin, now: dt.datetime
) -> str:
    """A new initial password and no second factor (sessions and login tickets end
    with each reset, both logged): what the person was known by before is gone,
    and the password goes to the approver only."""
    password = accounts.reset_password(session, approver.actor, user.id, origin=origin, now=now)
    accounts.reset_second_factor(session, approver.actor, user.id, origin=origin, now=now)
    return password


def reset_second_factor(
    session: Session,
    auth: Authenticated,
    user_id: int,
    reason: str,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> UserOut | AdminRequestOut:
    """Forget the account's authenticator now, or file the reset as a request when
    four eyes is on: whoever could reset a factor alone could take over an account
    whose password they know."""
    if not four_eyes.required(session):
        return accounts.reset_second_factor(session, auth.actor, user_id, origin=origin, now=now)
    user = _user(session, user_id)
    request = four_eyes.submit(
        session,
        auth,
        RESET_SECOND_FACTOR,
        str(user.id),
        reason.strip(),
        origin=origin,
        now=now,
        payload=_who(user),
    )
    return four_eyes.out(session, request)


def check_requester(session: Session, request: AdminRequest) -> None:
    """At approval the requester must still be an active administrator: an act
    asked by someone since disabled or demoted is not carried out."""
    requester = session.get(User, request.requested_by)
    if (
        requester is None
        or not requester.is_active
        or Role.ADMIN not in roles_of(session, requester.id)
    ):
        raise DomainError("access_request.requester_gone", status=409, id=request.id)


def _still_applies(session: Session, approver: Authenticated, request: AdminRequest) -> User:
    """The checks at approval: the requester is still an active administrator, the
    approver is not the account concerned, and the account still exists."""
    check_requester(session, request)
    user_id = int(request.target)
    if user_id == approver.user.id:
        raise DomainError("access_request.own_account", status=403, id=request.id)
    return _user(session, user_id)


def carry_out_grant(
    session: Session,
    approver: Authenticated,
    request: AdminRequest,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> str:
    """The approved change takes effect as asked — unless the account changed
    since (another change, a disable, a reset): then it was asked about an
    account that no longer exists in that form, and is refused as outdated.
    The answer is the account's new initial password, for the approver alone."""
    user = _still_applies(session, approver, request)
    payload = request.payload
    if user.version != payload["version"]:
        raise DomainError(
            "access_request.outdated", status=409, id=request.id, username=user.username
        )
    accounts.set_access(
        session,
        approver.actor,
        user.id,
        roles=[Role(role) for role in payload["roles"]],
        unit_ids=[int(unit_id) for unit_id in payload["unit_ids"]],
        version=user.version,
        origin=origin,
        now=now,
    )
    return _issue_credentials(session, approver, user, origin=origin, now=now)


def carry_out_reset(
    session: Session,
    approver: Authenticated,
    request: AdminRequest,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> str | None:
    """The approved reset takes effect: the user enrols again at the next login.
    An administrator's or auditor's password is reset with it (the answer, for
    the approver alone): the requester may know the old one."""
    user = _still_applies(session, approver, request)
    if GUARDED_ROLES & set(roles_of(session, user.id)):
        return _issue_credentials(session, approver, user, origin=origin, now=now)
    accounts.reset_second_factor(session, approver.actor, user.id, origin=origin, now=now)
    return None
