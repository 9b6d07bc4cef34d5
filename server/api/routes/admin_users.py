"""Account administration for the admin console (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from common.schemas.admin import (
    PasswordResetOut,
    SecondFactorResetIn,
    SessionInfoOut,
    UnitOut,
    UserAccessIn,
    UserCreatedOut,
    UserCreateIn,
    UserOut,
)
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.handover import PendingWorkOut, TransferIn, TransferOut
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.accounts import accounts, guarded_access
from server.services.review import handover

router = api_router(prefix="/admin", tags=["admin"])


@router.get("/units", response_model=list[UnitOut])
def list_units(caller: AdminAuth, session: Transaction) -> list[UnitOut]:
    return accounts.list_units(session)


@router.get("/users", response_model=list[UserOut])
def list_users(caller: AdminAuth, session: Transaction) -> list[UserOut]:
    return accounts.list_users(session)


@router.post(
    "/users",
    response_model=UserCreatedOut,
    status_code=201,
    responses={202: {"model": UserCreatedOut, "description": "the role waits for approval"}},
)
def create_user(
    body: UserCreateIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
    response: Response,
) -> UserCreatedOut:
    """A new account (201). Asked with the administrator or auditor role under four
    eyes: 202, the account exists without that role and ``request`` is its grant,
    which a second administrator approves."""
    created = guarded_access.create_account(session, caller, body, origin=origin, now=now)
    if created.request is not None:
        response.status_code = 202
    return created


@router.put(
    "/users/{user_id}/access",
    response_model=UserOut | AdminRequestOut,
    responses={202: {"model": AdminRequestOut, "description": "waits for a second administrator"}},
)
def set_access(
    user_id: int,
    body: UserAccessIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
    response: Response,
) -> UserOut | AdminRequestOut:
    """Roles and scope now; a grant of the administrator or auditor role under four
    eyes answers 202 with the request a second administrator approves."""
    result = guarded_access.change_access(session, caller, user_id, body, origin=origin, now=now)
    return _accepted_if_request(result, response)


@router.post("/users/{user_id}/disable", response_model=UserOut)
def disable(
    user_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    return accounts.disable(session, caller.actor, user_id, origin=origin, now=now)


@router.post("/users/{user_id}/enable", response_model=UserOut)
def enable(
    user_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    return accounts.enable(session, caller.actor, user_id, origin=origin, now=now)


@router.post("/users/{user_id}/unlock", response_model=UserOut)
def unlock(
    user_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> UserOut:
    return accounts.unlock(session, caller.actor, user_id, origin=origin, now=now)


@router.post("/users/{user_id}/reset-password", response_model=PasswordResetOut)
def reset_password(
    user_id: int, caller: FreshAdmin, session: Transaction, origin: RequestOrigin, now: Now
) -> PasswordResetOut:
    """A new initial password, shown once; refused (409) under four eyes for an
    administrator or auditor without a second factor."""
    password = guarded_access.reset_password(session, caller, user_id, origin=origin, now=now)
    return PasswordResetOut(initial_password=password)


@router.post(
    "/users/{user_id}/reset-second-factor",
    response_model=UserOut | AdminRequestOut,
    responses={202: {"model": AdminRequestOut, "description": "waits for a second administrator"}},
)
def reset_second_factor(
    user_id: int,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
    response: Response,
    body: SecondFactorResetIn | None = None,
) -> UserOut | AdminRequestOut:
    """Under four eyes the reset waits for a second administrator (202)."""
    reason = body.reason if body is not None else ""
    result = guarded_access.reset_second_factor(
        session, caller, user_id, reason, origin=origin, now=now
    )
    return _accepted_if_request(result, response)


def _accepted_if_request(
    result: UserOut | AdminRequestOut, response: Response
) -> UserOut | AdminRequestOut:
    if isinstance(result, AdminRequestOut):
        response.status_code = 202
    return result


@router.get("/users/{user_id}/pending-work", response_model=PendingWorkOut)
def pending_work(
    user_id: int,
    caller: AdminAuth,
    session: Transaction,
    now: Now,
    successor_id: Annotated[int | None, Query(ge=1)] = None,
) -> PendingWorkOut:
    """A leaver's pending work; with ``successor_id``, what that user could take."""
    return handover.pending_work(session, user_id, successor_id=successor_id, now=now)


@router.post("/users/{user_id}/transfer", response_model=TransferOut)
def transfer(
    user_id: int,
    body: TransferIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> TransferOut:
    """离职交接: move the leaver's pending work to the successor (and disable them)."""
    return handover.transfer(session, caller, user_id, body, origin=origin, now=now)


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
