"""Backups (数据备份) for administrators: the list with each one's state, and a
backup now (it is verified and retention applied, as the nightly one is)."""

from __future__ import annotations

from fastapi import Request

from common.schemas.backups import BackupRunOut, BackupsOut
from server.api.deps import AdminAuth, FreshAdmin, RequestOrigin
from server.api.retrying_route import api_router
from server.services.operations import restores
from server.services.operations.backup_runs import BackupRunner

router = api_router(prefix="/admin/backups", tags=["admin"])


def _runner(request: Request) -> BackupRunner:
    runner: BackupRunner = request.app.state.backup_runner
    return runner


@router.get("", response_model=BackupsOut)
def listing(caller: AdminAuth, request: Request) -> BackupsOut:
    """The backups, the run in progress (a restore's too: this answers during
    maintenance) and what the restore screen needs."""
    runner = _runner(request)
    return BackupsOut(
        run=runner.current(),
        backups=runner.listing(),
        restores=restores.overview(request.app.state.settings.backups, runner.engine),
    )


@router.post("", response_model=BackupRunOut, status_code=202)
def back_up_now(caller: FreshAdmin, request: Request, origin: RequestOrigin) -> BackupRunOut:
    """Start a backup; follow it with GET (``run``)."""
    return _runner(request).start(caller.actor, trigger="manual", origin=origin)
