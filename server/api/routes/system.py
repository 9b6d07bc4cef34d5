"""Health check, used by clients to show the connection state."""

from __future__ import annotations

from fastapi import APIRouter, Response

from common.schemas.system import HealthOut
from server.api.deps import Transaction
from server.services import system

router = APIRouter(tags=["system"])


@router.get("/health", response_model=HealthOut)
def health(session: Transaction, response: Response) -> HealthOut:
    result = system.health(session)
    if result.status != "ok":
        response.status_code = 503
    return result
