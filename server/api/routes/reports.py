"""Reports (统计报表) within the caller's unit scope (server/services/ledger/reports.py)."""

from __future__ import annotations

import datetime as dt

from common.schemas.quotas import QuotaOut
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
from server.api.deps import AuditorAuth, CurrentAuth, Now, ReplicaRead, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.budget import quota_report
from server.services.core.working_days import OFFICE_TZ
from server.services.exports import exports
from server.services.ledger import activity_reports, ledgers, reports

router = api_router(prefix="/reports", tags=["reports"])


@router.get("/quotas", response_model=list[QuotaOut])
def quotas(
    year: int,
    caller: CurrentAuth,
    session: ReplicaRead,
    unit: int | None = None,
    subtree: bool = True,
) -> list[QuotaOut]:
    """预算指标执行情况: quota (initial + approved adjustments), used, in review and
    left per unit and item, within the caller's unit scope."""
    return quota_report.report(session, caller, year, unit_id=unit, subtree=subtree)


@router.get("/balances", response_model=list[BalanceRowOut])
def balances(
    date_from: dt.date,
    date_to: dt.date,
    caller: CurrentAuth,
    session: ReplicaRead,
    posted_only: bool = False,
) -> list[BalanceRowOut]:
    """科目余额表: opening, period debit and credit, closing; parents rolled up;
    approved vouchers too unless ``posted_only`` (已记账 only)."""
    return ledgers.balances(session, caller, date_from, date_to, posted_only=posted_only)


@router.get("/general-ledger", response_model=GeneralLedgerOut)
def general_ledger(
    account_id: int,
    year: int,
    caller: CurrentAuth,
    session: ReplicaRead,
    now: Now,
    posted_only: bool = False,
) -> GeneralLedgerOut:
    """总账 of an account for a year: opening, each month, the year so far."""
    today = now.astimezone(OFFICE_TZ).date()
    return ledgers.general_ledger(
        session, caller, account_id, year, today=today, posted_only=posted_only
    )


@router.get("/detail-ledger", response_model=DetailLedgerOut)
def detail_ledger(
    account_id: int,
    date_from: dt.date,
    date_to: dt.date,
    caller: CurrentAuth,
    session: ReplicaRead,
    posted_only: bool = False,
) -> DetailLedgerOut:
    """明细账 of an account: opening, each line with the balance after it, totals."""
    return ledgers.detail_ledger(
        session, caller, account_id, date_from, date_to, posted_only=posted_only
    )


@router.get("/daily-operations", response_model=list[DailyOperationsRowOut])
def daily_operations(
    date_from: dt.date, date_to: dt.date, caller: CurrentAuth, session: ReplicaRead
) -> list[DailyOperationsRowOut]:
    """日常业务量 per day, unit and person."""
    return activity_reports.daily_operations(session, caller, date_from, date_to)


@router.get("/usage", response_model=list[UsageRowOut])
def usage(
    date_from: dt.date, date_to: dt.date, caller: AuditorAuth, session: ReplicaRead
) -> list[UsageRowOut]:
    """系统使用情况 per day (the whole system: auditors and administrators)."""
    return activity_reports.usage(session, date_from, date_to)


@router.get("/summary", response_model=list[SummaryRowOut])
def summary(
    date_from: dt.date,
    date_to: dt.date,
    caller: CurrentAuth,
    session: ReplicaRead,
    by: SummaryBy = SummaryBy.UNIT,
) -> list[SummaryRowOut]:
    """收支汇总 by unit, item or month."""
    return reports.summary(session, caller, date_from, date_to, by)


@router.get("/approval-efficiency", response_model=list[EfficiencyRowOut])
def efficiency(
    date_from: dt.date,
    date_to: dt.date,
    caller: CurrentAuth,
    session: ReplicaRead,
    by: EfficiencyBy = EfficiencyBy.REVIEWER,
) -> list[EfficiencyRowOut]:
    """审批效率 by reviewer or unit."""
    return reports.efficiency(session, caller, date_from, date_to, by)


@router.post("/exported", status_code=204)
def exported(
    body: ReportExportIn, caller: CurrentAuth, session: Transaction, origin: RequestOrigin, now: Now
) -> None:
    """The client saved a report as PDF: into the operation log with its row count."""
    exports.log_report_export(session, caller.actor, body, origin=origin, now=now)
