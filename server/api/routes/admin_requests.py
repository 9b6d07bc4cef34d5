"""Four-eyes requests (双人复核): list, approve, refuse, withdraw."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from common.schemas.admin_requests import AdminRequestOut, DecisionIn, RequestState
from common.schemas.restores import RESTORE_PLAN
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.accounts import four_eyes
from server.services.admin import admin_request_actions

router = api_router(prefix="/admin/requests", tags=["admin"])

RequestId = Annotated[int, Path(ge=1)]


@router.get("", response_model=list[AdminRequestOut])
def listing(
    caller: AdminAuth, session: Transaction, state: RequestState | None = None
) -> list[AdminRequestOut]:
    """The latest requests, newest first; ``state=pending`` for the ones waiting."""
    return four_eyes.listing(session, state)


@router.post("/{request_id}/approve", response_model=AdminRequestOut)
def approve(
    request_id: RequestId,
    body: DecisionIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
    request: Request,
) -> AdminRequestOut:
    """A second administrator, with a fresh code, approves; the act takes effect
    (a restore plan starts once this approval is committed). An approved grant of
    administrator or auditor answers with the account's new initial password."""
    approved = admin_request_actions.approve(
        session, caller, request_id, body.note, origin=origin, now=now
    )
    if approved.action == RESTORE_PLAN:
        request.app.state.backup_runner.restore(approved.id, caller.actor, origin)
    return approved


@router.post("/{request_id}/refuse", response_model=AdminRequestOut)
def refuse(
    request_id: RequestId,
    body: DecisionIn,
    caller: AdminAuth,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> AdminRequestOut:
    request = four_eyes.decide(
        session, caller, request_id, approve=False, note=body.note, origin=origin, now=now
    )
    return four_eyes.out(session, request)


@router.post("/{request_id}/withdraw", response_model=AdminRequestOut)
def withdraw(
    request_id: RequestId, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> AdminRequestOut:
    request = four_eyes.withdraw(session, caller, request_id, origin=origin, now=now)
    return four_eyes.out(session, request)
