"""Reports (统计报表): the ledger reports (balance table, general and detail
ledgers), income and expenditure summary, approval efficiency, daily operations
and system usage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from pydantic import TypeAdapter

from client.api import export_jobs
from client.api.transport import Transport
from common.schemas.export_jobs import ExportJobOut
from common.schemas.report_exports import PARAMETERS, ReportName
from common.schemas.reports import (
    BalanceRowOut,
    DailyOperationsRowOut,
    DetailLedgerOut,
    EfficiencyBy,
    EfficiencyRowOut,
    GeneralLedgerOut,
    ReportExportIn,
    SummaryBy,
    SummaryRowOut,
    UsageRowOut,
)

_BALANCES = TypeAdapter(list[BalanceRowOut])
_SUMMARY = TypeAdapter(list[SummaryRowOut])
_EFFICIENCY = TypeAdapter(list[EfficiencyRowOut])
_DAILY = TypeAdapter(list[DailyOperationsRowOut])
_USAGE = TypeAdapter(list[UsageRowOut])


def _span(date_from: dt.date, date_to: dt.date) -> dict[str, str]:
    return {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}


def _posted(posted_only: bool) -> dict[str, str]:
    """已记账 only, or approved vouchers too (the server's default)."""
    return {"posted_only": "true"} if posted_only else {}


class ReportsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def balances(
        self, date_from: dt.date, date_to: dt.date, *, posted_only: bool = False
    ) -> list[BalanceRowOut]:
        params = {**_span(date_from, date_to), **_posted(posted_only)}
        answer = self._t.request("GET", "/reports/balances", params=params)
        return _BALANCES.validate_python(answer)

    def summary(
        self, date_from: dt.date, date_to: dt.date, by: SummaryBy = SummaryBy.UNIT
    ) -> list[SummaryRowOut]:
        params = {**_span(date_from, date_to), "by": by.value}
        return _SUMMARY.validate_python(self._t.request("GET", "/reports/summary", params=params))

    def efficiency(
        self, date_from: dt.date, date_to: dt.date, by: EfficiencyBy = EfficiencyBy.REVIEWER
    ) -> list[EfficiencyRowOut]:
        params = {**_span(date_from, date_to), "by": by.value}
        answer = self._t.request("GET", "/reports/approval-efficiency", params=params)
        return _EFFICIENCY.validate_python(answer)

    def general_ledger(
        self, account_id: int, year: int, *, posted_only: bool = False
    ) -> GeneralLedgerOut:
        params = {"account_id": str(account_id), "year": str(year), **_posted(posted_only)}
        answer = self._t.request("GET", "/reports/general-ledger", params=params)
        return GeneralLedgerOut.model_validate(answer)

    def detail_ledger(
        self, account_id: int, date_from: dt.date, date_to: dt.date, *, posted_only: bool = False
    ) -> DetailLedgerOut:
        params = {
            **_span(date_from, date_to),
            "account_id": str(account_id),
            **_posted(posted_only),
        }
        answer = self._t.request("GET", "/reports/detail-ledger", params=params)
        return DetailLedgerOut.model_validate(answer)

    def daily_operations(self, date_from: dt.date, date_to: dt.date) -> list[DailyOperationsRowOut]:
        params = _span(date_from, date_to)
        answer = self._t.request("GET", "/reports/daily-operations", params=params)
        return _DAILY.validate_python(answer)

    def usage(self, date_from: dt.date, date_to: dt.date) -> list[UsageRowOut]:
        answer = self._t.request("GET", "/reports/usage", params=_span(date_from, date_to))
        return _USAGE.validate_python(answer)

    def log_export(
        self, report: str, parameters: str, rows: int, *, file_format: str = "pdf"
    ) -> None:
        """Before saving a report the client writes itself: the server checks the
        export right (403 ``export.not_allowed``) and logs it."""
        body = ReportExportIn.model_validate(
            {"report": report, "parameters": parameters, "rows": rows, "format": file_format}
        )
        self._t.request("POST", "/reports/exported", json=body.model_dump(mode="json"))

    def start_excel(self, report: ReportName, parameters: Mapping[str, object]) -> ExportJobOut:
        """Queue the report's Excel export (the server checks the parameters, the
        export right and the scope, and answers at once)."""
        body = PARAMETERS[report].model_validate(dict(parameters)).model_dump(mode="json")
        answer = self._t.request("POST", f"/exports/reports/{report.value}", json=body)
        return ExportJobOut.model_validate(answer)

    def export_excel(
        self,
        report: ReportName,
        parameters: Mapping[str, object],
        target: Path,
        *,
        progress: export_jobs.Progress | None = None,
        poll_seconds: float = export_jobs.POLL_SECONDS,
    ) -> int:
        """Save the report as an .xlsx at ``target`` (the server writes it as an
        export job, laid out as on screen); its number of data rows. ``progress``
        may return False to cancel."""
        job = self.start_excel(report, parameters)
        return export_jobs.follow(
            self._t, job, target, progress=progress, poll_seconds=poll_seconds
        )
