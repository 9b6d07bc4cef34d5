"""Report versions (报表审核): save a statement as a version, read versions,
sign one off or return it, and export one to Excel as it was saved."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path

from client.api import export_jobs
from client.api.transport import Transport
from common.schemas.export_jobs import ExportJobOut
from common.schemas.report_exports import ReportName
from common.schemas.report_versions import (
    ReportVersionDetailOut,
    ReportVersionIn,
    ReportVersionOut,
    ReturnIn,
    VersionState,
)


class ReportVersionsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def prepare(
        self,
        report: ReportName,
        parameters: Mapping[str, object],
        *,
        idempotency_key: str | None = None,
    ) -> ReportVersionDetailOut:
        """The server computes the report now, as on screen, and saves it; one
        key per user action (a retry with it never saves a second version)."""
        body = ReportVersionIn(report=report.value, parameters=dict(parameters))
        answer = self._t.request(
            "POST",
            "/report-versions",
            json=body.model_dump(mode="json"),
            idempotency_key=idempotency_key or str(uuid.uuid4()),
        )
        return ReportVersionDetailOut.model_validate(answer)

    def versions(
        self, *, report: ReportName | None = None, state: VersionState | None = None
    ) -> list[ReportVersionOut]:
        params = {}
        if report is not None:
            params["report"] = report.value
        if state is not None:
            params["state"] = state.value
        answer = self._t.request("GET", "/report-versions", params=params)
        return [ReportVersionOut.model_validate(row) for row in answer]

    def version(self, version_id: int) -> ReportVersionDetailOut:
        return ReportVersionDetailOut.model_validate(
            self._t.request("GET", f"/report-versions/{version_id}")
        )

    def sign(self, version_id: int) -> ReportVersionDetailOut:
        return ReportVersionDetailOut.model_validate(
            self._t.request("POST", f"/report-versions/{version_id}/sign")
        )

    def return_version(self, version_id: int, reason: str) -> ReportVersionDetailOut:
        body = ReturnIn(reason=reason).model_dump(mode="json")
        return ReportVersionDetailOut.model_validate(
            self._t.request("POST", f"/report-versions/{version_id}/return", json=body)
        )

    def start_excel(self, version_id: int) -> ExportJobOut:
        answer = self._t.request("POST", f"/exports/report-versions/{version_id}")
        return ExportJobOut.model_validate(answer)

    def export_excel(
        self,
        version_id: int,
        target: Path,
        *,
        progress: export_jobs.Progress | None = None,
        poll_seconds: float = export_jobs.POLL_SECONDS,
    ) -> int:
        """Save the version as an .xlsx at ``target``, from its saved numbers."""
        job = self.start_excel(version_id)
        return export_jobs.follow(
            self._t, job, target, progress=progress, poll_seconds=poll_seconds
        )
