"""Refuses requests while the server is in maintenance (server/services/maintenance.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from common.version import API_PREFIX
from server.api.errors import error_response
from server.services.maintenance import MaintenanceGate

# Still answered during maintenance: the health check (clients show the state)
# and the backup page (the restore's progress).
OPEN = frozenset({("GET", f"{API_PREFIX}/health"), ("GET", f"{API_PREFIX}/admin/backups")})


class MaintenanceMiddleware:
    def __init__(self, app: ASGIApp, gate: MaintenanceGate) -> None:
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"], scope["path"]) in OPEN:
            await self.app(scope, receive, send)
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
