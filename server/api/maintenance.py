"""Refuses requests while the server is in maintenance
(server/services/operations/maintenance.py): checked against the process's
copy of the shared state, so a request costs no query for it; the requests it
lets in are counted for the drain."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from common.schemas.system import HealthOut
from common.version import API_PREFIX, __version__
from server.api.errors import error_response
from server.services.operations.maintenance import MaintenanceGate

# Still answered during maintenance: the health check (clients show the state)
# and the backup page (the restore's progress).
OPEN = frozenset({("GET", f"{API_PREFIX}/health"), ("GET", f"{API_PREFIX}/admin/backups")})


class MaintenanceMiddleware:
    def __init__(self, app: ASGIApp, gate: MaintenanceGate) -> None:
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (scope["method"], scope["path"]) in OPEN:
            if not self.gate.switching():
                await self.app(scope, receive, send)
            elif scope["path"].endswith("/health"):
                await _switching_health()(scope, receive, send)
            else:
                await error_response(
                    Request(scope), 503, "system.maintenance", {"phase": "switch"}
                )(scope, receive, send)
            return
        if not self.gate.begin_request():
            state = self.gate.state() or {}
            response = error_response(
                Request(scope), 503, "system.maintenance", {"phase": state.get("phase", "")}
            )
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.end_request()


def _switching_health() -> JSONResponse:
    """The health check's answer while the databases are renamed (no query)."""
    body = HealthOut(
        status="error",
        database="unavailable",
        version=__version__,
        server_time=dt.datetime.now(dt.UTC).isoformat(),
        maintenance="switch",
    )
    return JSONResponse(status_code=503, content=body.model_dump(mode="json", by_alias=True))
