"""System status (系统状态) and system parameters (系统参数) of the admin console."""

from __future__ import annotations

from fastapi import APIRouter, Request

from common.schemas.backups import RunState
from common.schemas.parameters import ParametersIn, ParametersOut
from common.schemas.system_status import SystemStatusOut
from server.api.deps import AdminAuth, AuditorAuth, Now, RequestOrigin, Transaction
from server.services import system_parameters, system_status

router = APIRouter(prefix="/admin", tags=["admin"])


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
    )


@router.get("/parameters", response_model=ParametersOut)
def parameters(caller: AuditorAuth, session: Transaction) -> ParametersOut:
    """Every parameter with its value, default and limits (auditors read them too)."""
    return system_parameters.listing(session)


@router.put("/parameters", response_model=ParametersOut)
def change_parameters(
    body: ParametersIn, caller: AdminAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> ParametersOut:
    """Change the named parameters, all or none (422 names each bad one)."""
    return system_parameters.update(session, caller, body.values, origin=origin, now=now)
