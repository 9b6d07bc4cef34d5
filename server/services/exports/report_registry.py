"""The registry of the reports that export to Excel: for each report name, its
parameters' schema (common/schemas/report_exports.py), the service function
that computes it — the one the report's route calls, with the same arguments,
so the file's numbers are the screen's — and its layout (report_layouts.py).

A new report is one entry here (and its layout): the route, the job, the file
and the operation log are the same for all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from common.enums import Language
from common.labels import label
from common.permissions import Permission
from common.schemas.report_exports import (
    PARAMETERS,
    BalancesParams,
    DailyOperationsParams,
    DetailLedgerParams,
    EfficiencyParams,
    GeneralLedgerParams,
    ReportName,
    ReportParams,
    StatementParams,
    SummaryParams,
    UsageParams,
)
from common.schemas.statements import StatementKind
from server.services.accounts.sessions import Authenticated
from server.services.core.working_days import office_today
from server.services.exports import report_layouts
from server.services.exports.report_layouts import Laid
from server.services.ledger import activity_reports, ledgers, reports, statements

# session, caller, parameters, the request's time (the office's today: the general
# ledger's months so far)
Compute = Callable[[Session, Authenticated, Any, dt.datetime], Any]
Layout = Callable[[Any, Any, Language], Laid]


@dataclass(frozen=True)
class ReportExport:
    name: ReportName
    schema: type[ReportParams]
    compute: Compute
    layout: Layout
    # a report of the whole system, beyond any unit scope (系统使用情况): the
    # permission its route requires (AuditorAuth); None: every role, in scope
    permission: Permission | None = None

    def title(self, language: Language) -> str:
        """As the screen's list names it (common/labels.py)."""
        return label(self.name, language)

    def parameters(self) -> list[str]:
        return list(self.schema.model_fields)


def _balances(s: Session, auth: Authenticated, p: BalancesParams, _now: dt.datetime) -> Any:
    return ledgers.balances(s, auth, p.date_from, p.date_to, posted_only=p.posted_only)


def _general(s: Session, auth: Authenticated, p: GeneralLedgerParams, now: dt.datetime) -> Any:
    return ledgers.general_ledger(
        s, auth, p.account_id, p.year, today=office_today(now), posted_only=p.posted_only
    )


def _detail(s: Session, auth: Authenticated, p: DetailLedgerParams, _now: dt.datetime) -> Any:
    return ledgers.detail_ledger(
        s, auth, p.account_id, p.date_from, p.date_to, posted_only=p.posted_only
    )


def _summary(s: Session, auth: Authenticated, p: SummaryParams, _now: dt.datetime) -> Any:
    return reports.summary(s, auth, p.date_from, p.date_to, p.by)


def _efficiency(s: Session, auth: Authenticated, p: EfficiencyParams, _now: dt.datetime) -> Any:
    return reports.efficiency(s, auth, p.date_from, p.date_to, p.by)


def _daily(s: Session, auth: Authenticated, p: DailyOperationsParams, _now: dt.datetime) -> Any:
    return activity_reports.daily_operations(s, auth, p.date_from, p.date_to)


def _usage(s: Session, _auth: Authenticated, p: UsageParams, _now: dt.datetime) -> Any:
    return activity_reports.usage(s, p.date_from, p.date_to)


def _statement(kind: StatementKind) -> Compute:
    def compute(s: Session, auth: Authenticated, p: StatementParams, now: dt.datetime) -> Any:
        return statements.statement(
            s,
            auth,
            kind,
            unit_id=p.unit,
            subtree=p.subtree,
            period=p.period,
            posted_only=p.posted_only,
            now=now,
        )

    return compute


REGISTRY: dict[ReportName, ReportExport] = {
    entry.name: entry
    for entry in (
        ReportExport(
            ReportName.BALANCES,
            PARAMETERS[ReportName.BALANCES],
            _balances,
            report_layouts.balances,
        ),
        ReportExport(
            ReportName.GENERAL_LEDGER,
            PARAMETERS[ReportName.GENERAL_LEDGER],
            _general,
            report_layouts.general_ledger,
        ),
        ReportExport(
            ReportName.DETAIL_LEDGER,
            PARAMETERS[ReportName.DETAIL_LEDGER],
            _detail,
            report_layouts.detail_ledger,
        ),
        ReportExport(
            ReportName.SUMMARY,
            PARAMETERS[ReportName.SUMMARY],
            _summary,
            report_layouts.summary,
        ),
        ReportExport(
            ReportName.EFFICIENCY,
            PARAMETERS[ReportName.EFFICIENCY],
            _efficiency,
            report_layouts.efficiency,
        ),
        ReportExport(
            ReportName.DAILY_OPERATIONS,
            PARAMETERS[ReportName.DAILY_OPERATIONS],
            _daily,
            report_layouts.daily_operations,
        ),
        ReportExport(
            ReportName.USAGE,
            PARAMETERS[ReportName.USAGE],
            _usage,
            report_layouts.usage,
            permission=Permission.MONITOR,
        ),
        *(
            ReportExport(
                name,
                PARAMETERS[name],
                _statement(kind),
                report_layouts.statement,
            )
            for name, kind in (
                (ReportName.BALANCE_SHEET, StatementKind.BALANCE_SHEET),
                (ReportName.INCOME_EXPENSE, StatementKind.INCOME_EXPENSE),
                (ReportName.BUDGET_EXECUTION, StatementKind.BUDGET_EXECUTION),
            )
        ),
    )
}
assert set(REGISTRY) == set(ReportName), "every report name has its entry"
