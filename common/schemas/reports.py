"""Reports (统计报表): computed in SQL on the server, exact to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from common.schemas.base import PlainText, Schema


class BalanceRowOut(Schema):
    """科目余额表 line: balances on the account's normal side (a negative opening
    or closing balance is on the other side); parents sum their sub-accounts."""

    account_id: int
    code: str
    name: str
    parent_id: int | None
    normal_side: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal


class SummaryBy(StrEnum):
    UNIT = "unit"
    ITEM = "item"
    MONTH = "month"


class SummaryRowOut(Schema):
    """收支汇总 line: approved income and expenditure of one unit, item or month."""

    key: str
    label: str
    income: Decimal
    expenditure: Decimal
    count: int


class EfficiencyBy(StrEnum):
    REVIEWER = "reviewer"
    UNIT = "unit"
    MONTH = "month"


class EfficiencyRowOut(Schema):
    """审批效率: decided steps, their average and 90th-percentile time, and the
    share decided after the deadline."""

    key: str
    label: str
    decided: int
    average_hours: float
    p90_hours: float
    overdue_ratio: float


class LedgerMonthOut(Schema):
    """One month of the general ledger: the month's debit and credit, the balance
    at its end (normal side) and the year's totals so far (本年累计)."""

    month: int
    debit: Decimal
    credit: Decimal
    closing: Decimal
    year_debit: Decimal
    year_credit: Decimal


class GeneralLedgerOut(Schema):
    """总账 of one account (its sub-accounts included) for a year."""

    account_id: int
    code: str
    name: str
    normal_side: str
    year: int
    opening: Decimal
    months: list[LedgerMonthOut]


class DetailLineOut(Schema):
    """A voucher line of the detail ledger with the balance after it (or a line
    of a year-end closing entry, which is no document: ``document_id`` None)."""

    document_id: int | None
    doc_date: dt.date
    number: str | None
    summary: str
    account_code: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


class DetailLedgerOut(Schema):
    """明细账 of one account (its sub-accounts included) for a date range; at most
    ``DETAIL_LIMIT`` lines, ``truncated`` when there were more."""

    account_id: int
    code: str
    name: str
    normal_side: str
    date_from: dt.date
    date_to: dt.date
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal
    lines: list[DetailLineOut]
    truncated: bool


DETAIL_LIMIT = 5000


class DailyOperationsRowOut(Schema):
    """日常业务量: per day, unit and person, documents entered and submitted and
    review decisions taken."""

    day: dt.date
    unit: str
    person: str
    entered: int
    submitted: int
    decided: int


class UsageRowOut(Schema):
    """系统使用情况 per day: successful and failed logins, people who logged in."""

    day: dt.date
    logins: int
    failed_logins: int
    active_users: int


class ReportExportIn(Schema):
    """A report the client saved as PDF, for the operation log (DOMAIN.md: every
    export is logged with its row count)."""

    report: Annotated[PlainText, Field(min_length=1, max_length=64)]
    parameters: Annotated[PlainText, Field(max_length=500)] = ""
    rows: int = Field(ge=0, le=10_000_000)
    format: Literal["pdf", "xlsx"] = "pdf"  # xlsx: a list the client wrote (断号检查)
