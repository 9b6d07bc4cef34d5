"""The operation log viewer (操作日志): pages of the log and its Excel export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.api.transport import Transport
from common.schemas.audit_log import AuditLogFilters, AuditLogPageOut, AuditLogQuery


def _params(model: AuditLogFilters) -> dict[str, Any]:
    """Only what differs from the defaults travels (the server forbids nothing else)."""
    return {
        key: str(value).lower() if isinstance(value, bool) else value
        for key, value in model.model_dump(mode="json", exclude_defaults=True).items()
    }


class AuditLogApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def page(self, query: AuditLogQuery) -> AuditLogPageOut:
        """One page, newest first (auditors and administrators)."""
        answer = self._t.request("GET", "/admin/audit-log", params=_params(query))
        return AuditLogPageOut.model_validate(answer)

    def export(self, filters: AuditLogFilters, target: Path) -> int:
        """Save what the filters find (the newest 100,000 rows at most) as an .xlsx
        at ``target``; its size in bytes. The server logs the export."""
        return self._t.download(
            "/admin/audit-log/export", target, method="GET", params=_params(filters)
        )
