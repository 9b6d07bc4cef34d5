"""System status (系统状态) and system parameters (系统参数) of the admin console."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import TypeAdapter

from client.api.transport import Transport
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.parameters import ParametersIn, ParametersOut, ParameterValue
from common.schemas.system_status import BackupKeyOut, SystemStatusOut

_SAVED: TypeAdapter[ParametersOut | AdminRequestOut] = TypeAdapter(ParametersOut | AdminRequestOut)


class AdminSystemApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def status(self) -> SystemStatusOut:
        """Database, sessions, backups, disks and versions (auditors and administrators)."""
        return SystemStatusOut.model_validate(self._t.request("GET", "/admin/status"))

    def parameters(self) -> ParametersOut:
        return ParametersOut.model_validate(self._t.request("GET", "/admin/parameters"))

    def save_parameters(
        self, values: Mapping[str, ParameterValue], *, reason: str = ""
    ) -> ParametersOut | AdminRequestOut:
        """Change the named parameters, all or none; the values after the change —
        or, for a change that weakens a security parameter under four eyes, the
        request waiting for a second administrator. A refusal is an ApiError whose
        params' ``problems`` name each bad value."""
        body = ParametersIn(values=dict(values), reason=reason).model_dump(mode="json")
        return _SAVED.validate_python(self._t.request("PUT", "/admin/parameters", json=body))

    def backup_key(self) -> BackupKeyOut:
        """The backup key's export state (the console warns until it is confirmed)."""
        return BackupKeyOut.model_validate(self._t.request("GET", "/admin/backups/key"))

    def confirm_backup_key(self) -> BackupKeyOut:
        """Confirm the exported backup key is kept offline (needs a fresh code)."""
        return BackupKeyOut.model_validate(self._t.request("POST", "/admin/backups/key/confirm"))
