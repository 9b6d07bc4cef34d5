"""Restore plans (恢复计划) and the old databases a restore keeps aside.

The reports and what a point-in-time restore can reach come with
``api.admin.backups()``; a plan is approved like any four-eyes request
(``api.admin.approve_request``)."""

from __future__ import annotations

from urllib.parse import quote

from client.api.transport import Transport
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.restores import RestorePlanIn


class RestoresApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def file_plan(self, plan: RestorePlanIn) -> AdminRequestOut:
        answer = self._t.request("POST", "/admin/restores", json=plan.model_dump(mode="json"))
        return AdminRequestOut.model_validate(answer)

    def drop_old_database(self, name: str) -> None:
        self._t.request("DELETE", f"/admin/restores/old-databases/{quote(name)}")
