"""System status (系统状态) and system parameters (系统参数) of the admin console."""

from __future__ import annotations

from collections.abc import Mapping

from client.api.transport import Transport
from common.schemas.parameters import ParametersIn, ParametersOut, ParameterValue
from common.schemas.system_status import SystemStatusOut


class AdminSystemApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def status(self) -> SystemStatusOut:
        """Database, sessions, backups, disks and versions (auditors and administrators)."""
        return SystemStatusOut.model_validate(self._t.request("GET", "/admin/status"))

    def parameters(self) -> ParametersOut:
        return ParametersOut.model_validate(self._t.request("GET", "/admin/parameters"))

    def save_parameters(self, values: Mapping[str, ParameterValue]) -> ParametersOut:
        """Change the named parameters, all or none; the values after the change.
        A refusal is an ApiError whose params' ``problems`` name each bad value."""
        body = ParametersIn(values=dict(values)).model_dump(mode="json")
        return ParametersOut.model_validate(self._t.request("PUT", "/admin/parameters", json=body))
