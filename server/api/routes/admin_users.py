"""Account administration for the admin console (administrators only)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from common.schemas.admin import (
    PasswordResetOut,
    SessionInfoOut,
    UnitOut,
    UserAccessIn,
    UserCreatedOut,
    UserCreateIn,
    UserOut,
)
from server.api.deps import AdminAuth, Now, RequestOrigin, Transaction
from server.services import accounts, sessions
from server.services.params import auth_parameters

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/units", response_model=list[UnitOut])
def list_units(caller: AdminAuth, session: Transaction) -> list[UnitOut]:
    return accounts.list_units(session)


@router.get("/users", response_model=list[UserOut])
def list_users(caller: AdminAuth, session: Transaction) -> list[UserOut]:
    return accounts.list_users(session)


@router.post("/users", response_model=UserCreatedOut, status_code=201)
def create_user(
    body: UserCreateIn, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> UserCreatedOut:
    user, password = accounts.create(
        session,
        caller.actor,
        username=body.username,
        display_name=body.display_name,
        roles=body.roles,
        unit_ids=body.unit_ids,
        origin=origin,
        now=now,
    )
    return UserCreatedOut(user=user, initial_password=password)


@router.put("/users/{user_id}/access", response_model=UserOut)
def set_access(
    user_id: int,
    body: UserAccessIn,
    caller: AdminAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> UserOut:
    sessions.require_fresh_code(caller, now=now, params=auth_parameters(session))
    return accounts.set_access(
        session,
        caller.actor,
        user_id,
        roles=body.roles,
        unit_ids=body.unit_ids,
        version=body.version,
        origin=origin,
        now=now,
    )


@router.post("/users/{user_id}/disable", response_model=UserOut)
def disable(
    user_id: int, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    return accounts.disable(session, caller.actor, user_id, origin=origin, now=now)


@router.post("/users/{user_id}/enable", response_model=UserOut)
def enable(
    user_id: int, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    return accounts.enable(session, caller.actor, user_id, origin=origin, now=now)


@router.post("/users/{user_id}/unlock", response_model=UserOut)
def unlock(
    user_id: int, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    return accounts.unlock(session, caller.actor, user_id, origin=origin, now=now)


@router.post("/users/{user_id}/reset-password", response_model=PasswordResetOut)
def reset_password(
    user_id: int, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> PasswordResetOut:
    sessions.require_fresh_code(caller, now=now, params=auth_parameters(session))
    password = accounts.reset_password(session, caller.actor, user_id, origin=origin, now=now)
    return PasswordResetOut(initial_password=password)


@router.post("/users/{user_id}/reset-second-factor", response_model=UserOut)
def reset_second_factor(
    user_id: int, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    sessions.require_fresh_code(caller, now=now, params=auth_parameters(session))
    return accounts.reset_second_factor(session, caller.actor, user_id, origin=origin, now=now)


@router.get("/sessions", response_model=list[SessionInfoOut])
def list_sessions(
    caller: AdminAuth, session: Transaction, now: Now, user_id: int | None = None
) -> list[SessionInfoOut]:
    return accounts.session_infos(session, now=now, user_id=user_id)


@router.delete("/sessions/{session_id}", status_code=204)
def revoke_session(
    session_id: int, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> Response:
    accounts.revoke_session(session, caller.actor, session_id, origin=origin, now=now)
    return Response(status_code=204)
