"""Alerts (告警) for administrators and auditors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from common.schemas.alerts import AlertOut
from server.api.deps import AuditorAuth, Now, Transaction
from server.api.retrying_route import api_router
from server.services.operations import alerts

router = api_router(prefix="/admin/alerts", tags=["admin"])


@router.get("", response_model=list[AlertOut])
def listing(
    caller: AuditorAuth,
    session: Transaction,
    request: Request,
    now: Now,
    days: Annotated[int, Query(ge=1, le=90)] = 7,
) -> list[AlertOut]:
    """The last ``days`` days' alerts, newest first."""
    folder = request.app.state.settings.backups
    return alerts.alerts(session, folder, now=now, days=days)
