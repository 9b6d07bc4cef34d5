"""Restore plans (恢复计划): one administrator files, a second approves in
双人复核 (then the server carries it out); the old databases kept after a
restore, which an administrator drops when satisfied. The reports and what a
point-in-time restore can reach come with GET /admin/backups."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from common.schemas.admin_requests import AdminRequestOut
from common.schemas.restores import RestorePlanIn
from server.api.deps import FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.accounts import four_eyes
from server.services.operations import restores

router = api_router(prefix="/admin/restores", tags=["admin"])


@router.post("", response_model=AdminRequestOut, status_code=201)
def file_plan(
    body: RestorePlanIn,
    caller: FreshAdmin,
    session: Transaction,
    request: Request,
    origin: RequestOrigin,
    now: Now,
) -> AdminRequestOut:
    """File a restore plan; it waits for a second administrator (双人复核)."""
    plan = restores.submit(
        session, caller, body, request.app.state.settings.backups, origin=origin, now=now
    )
    return four_eyes.out(session, plan)


@router.delete("/old-databases/{name}", status_code=204)
def drop_old_database(
    name: Annotated[str, Path(max_length=63)],
    caller: FreshAdmin,
    session: Transaction,
    request: Request,
    origin: RequestOrigin,
    now: Now,
) -> None:
    """Drop a database kept aside by a restore (with a fresh code: it is final)."""
    restores.drop_old_database(
        request.app.state.uow.engine, session, caller, name, origin=origin, now=now
    )
