"""System status (系统状态) and system parameters (系统参数) of the admin console."""

from __future__ import annotations

from fastapi import Request, Response

from common.schemas.admin_requests import AdminRequestOut
from common.schemas.backups import RunState
from common.schemas.parameters import ParametersIn, ParametersOut
from common.schemas.system_status import SystemStatusOut
from server.api.deps import AuditorAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.operations import system_parameters, system_status

router = api_router(prefix="/admin", tags=["admin"])


@router.get("/status", response_model=SystemStatusOut)
def status(
    caller: AuditorAuth, session: Transaction, request: Request, now: Now
) -> SystemStatusOut:
    """Database size and connections, live sessions, backups, disks, versions."""
    state = request.app.state
    return system_status.status(
        session,
        data_dir=state.settings.data_dir,
        backup_dir=state.settings.backups,
        backup_running=state.backup_runner.current().state is RunState.RUNNING,
        started_at=state.started_at,
        now=now,
        copy_dir=state.settings.backup_copy_dir,
        continuous=state.backup_runner.where.continuous,
    )


@router.get("/parameters", response_model=ParametersOut)
def parameters(caller: AuditorAuth, session: Transaction) -> ParametersOut:
    """Every parameter with its value, default and limits (auditors read them too)."""
    return system_parameters.listing(session)


@router.put(
    "/parameters",
    response_model=ParametersOut | AdminRequestOut,
    responses={202: {"model": AdminRequestOut, "description": "waits for a second administrator"}},
)
def change_parameters(
    body: ParametersIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
    response: Response,
) -> ParametersOut | AdminRequestOut:
    """Change the named parameters, all or none (422 names each bad one); a change
    that weakens a security parameter under four eyes answers 202 with the request
    a second administrator approves."""
    result = system_parameters.update(
        session, caller, body.values, reason=body.reason, origin=origin, now=now
    )
    if isinstance(result, AdminRequestOut):
        response.status_code = 202
    return result
