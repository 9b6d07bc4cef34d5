"""Health check, used by clients to show the connection state."""

from __future__ import annotations

from fastapi import Request, Response

from common.schemas.system import HealthOut
from server.api.deps import Transaction
from server.api.retrying_route import api_router
from server.services.operations import system

router = api_router(tags=["system"])


@router.get("/health", response_model=HealthOut)
def health(session: Transaction, request: Request, response: Response) -> HealthOut:
    result = system.health(session)
    maintenance = request.app.state.maintenance.state()
    if maintenance is not None:
        result = result.model_copy(
            update={"status": "error", "maintenance": str(maintenance.get("phase") or "restore")}
        )
    if result.status != "ok":
        response.status_code = 503
    return result
