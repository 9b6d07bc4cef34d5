"""Excel exports of the reports (报表导出 Excel): which report, with which parameters.

``POST /api/v1/exports/reports/{report}`` takes the report's parameters as its
body: the same parameters, names and defaults as the report's own route under
/reports (so the file has the very numbers the screen shows), checked by the
schema of :data:`PARAMETERS`. The answer is an export job, followed and fetched
like any other (common/schemas/export_jobs.py).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from common.schemas.base import Schema
from common.schemas.reports import EfficiencyBy, SummaryBy
from common.schemas.statements import PERIOD_PATTERN

YEARS = (2000, 2999)  # what the general ledger accepts (ledgers.general_ledger)


class ReportName(StrEnum):
    """The reports that export to Excel, by the names the export route takes."""

    BALANCES = "balances"  # 科目余额表
    GENERAL_LEDGER = "general_ledger"  # 总账
    DETAIL_LEDGER = "detail_ledger"  # 明细账
    SUMMARY = "summary"  # 收支汇总表
    EFFICIENCY = "efficiency"  # 审批效率
    DAILY_OPERATIONS = "daily_operations"  # 日常业务量
    USAGE = "usage"  # 系统使用情况
    BALANCE_SHEET = "balance_sheet"  # 资产负债表
    INCOME_EXPENSE = "income_expense"  # 收入费用表
    BUDGET_EXECUTION = "budget_execution"  # 预算收入支出表


class DateRangeParams(Schema):
    date_from: dt.date
    date_to: dt.date


class BalancesParams(DateRangeParams):
    posted_only: bool = False  # 仅已记账 (else approved vouchers too, as on screen)


class GeneralLedgerParams(Schema):
    account_id: int
    year: Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]
    posted_only: bool = False


class DetailLedgerParams(DateRangeParams):
    account_id: int
    posted_only: bool = False


class SummaryParams(DateRangeParams):
    by: SummaryBy = SummaryBy.UNIT


class EfficiencyParams(DateRangeParams):
    by: EfficiencyBy = EfficiencyBy.REVIEWER


class DailyOperationsParams(DateRangeParams):
    pass


class UsageParams(DateRangeParams):
    pass


class StatementParams(Schema):
    """As GET /statements/{kind} takes them."""

    unit: int
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)]
    subtree: bool = False
    posted_only: bool = False


ReportParams = (
    BalancesParams
    | GeneralLedgerParams
    | DetailLedgerParams
    | SummaryParams
    | EfficiencyParams
    | DailyOperationsParams
    | UsageParams
    | StatementParams
)

PARAMETERS: dict[ReportName, type[ReportParams]] = {
    ReportName.BALANCES: BalancesParams,
    ReportName.GENERAL_LEDGER: GeneralLedgerParams,
    ReportName.DETAIL_LEDGER: DetailLedgerParams,
    ReportName.SUMMARY: SummaryParams,
    ReportName.EFFICIENCY: EfficiencyParams,
    ReportName.DAILY_OPERATIONS: DailyOperationsParams,
    ReportName.USAGE: UsageParams,
    ReportName.BALANCE_SHEET: StatementParams,
    ReportName.INCOME_EXPENSE: StatementParams,
    ReportName.BUDGET_EXECUTION: StatementParams,
}
