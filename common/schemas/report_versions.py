"""Report versions (报表审核): a statement saved as the server computed it, then
signed off by a reviewer or returned with a reason.

``POST /api/v1/report-versions`` takes a report's name and its parameters, as
the report's Excel export takes them (common/schemas/report_exports.py); the
server computes the report with the screen's own service function and keeps
the answer. A signed version never changes; it reads ``outdated`` once the
ledger of its period and units changed since it was computed, naming the
documents that came into the books (or left them) since.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from common.enums import DocumentStatus
from common.schemas.base import PlainText, Schema
from common.schemas.report_exports import ReportName
from common.schemas.statements import StatementOut


class VersionState(StrEnum):
    PREPARED = "prepared"  # 待审核: saved, waiting for a reviewer
    SIGNED = "signed"  # 已审核: signed off, frozen
    RETURNED = "returned"  # 已退回: sent back with a reason


# The reports that are saved and signed off: the statements (会计报表).
VERSIONED_REPORTS: tuple[ReportName, ...] = (
    ReportName.BALANCE_SHEET,
    ReportName.INCOME_EXPENSE,
    ReportName.BUDGET_EXECUTION,
)


class ReportVersionIn(Schema):
    report: str = Field(max_length=32, description="A name of VERSIONED_REPORTS.")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="As the report's Excel export takes them."
    )


class ReturnIn(Schema):
    reason: PlainText = Field(default="", max_length=500)


class ChangedDocumentOut(Schema):
    """A document of the version's units and period whose place in the books
    changed since the version was computed (approved, posted, reversed...)."""

    id: int
    number: str | None
    status: DocumentStatus
    doc_date: dt.date
    summary: str = ""


class ReportVersionOut(Schema):
    id: int
    report: ReportName
    parameters: dict[str, Any]
    unit_id: int
    unit_code: str
    unit_name: str
    period: str
    state: VersionState
    prepared_by_id: int
    prepared_by: str
    prepared_at: dt.datetime
    decided_by_id: int | None = None
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    reason: str = ""
    fingerprint: str
    documents: int = Field(description="Ledger documents it was computed from.")
    outdated: bool = Field(description="The ledger of its units and period changed since.")
    changed_documents: list[ChangedDocumentOut] = Field(default_factory=list)
    openings_changed: bool = False
    reopened_months: list[str] = Field(
        default_factory=list, description="Months closed when it was computed, open now."
    )
    year_end_changed: bool = Field(
        default=False, description="Year-end closing entries in its reach made or undone since."
    )
    layout_changed: bool = Field(default=False, description="The statement's layout changed.")


class ReportVersionDetailOut(ReportVersionOut):
    result: StatementOut = Field(description="The answer as computed when it was saved.")
