"""Statements (会计报表): 资产负债表, 收入费用表, 预算收入支出表, and their
layouts (报表格式) as data."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import Field

from common.schemas.base import PlainText, Schema
from common.schemas.money import MoneyOut


class StatementKind(StrEnum):
    BALANCE_SHEET = "balance-sheet"  # 资产负债表: balances at the period's end
    INCOME_EXPENSE = "income-expense"  # 收入费用表: the period's movements
    BUDGET_EXECUTION = "budget-execution"  # 预算收入支出表: the period's movements


# Which account classes (first digit) each statement reports; an account of them
# with an amount that no line takes is listed as unmapped.
STATEMENT_CLASSES: dict[StatementKind, str] = {
    StatementKind.BALANCE_SHEET: "12345",
    StatementKind.INCOME_EXPENSE: "45",
    StatementKind.BUDGET_EXECUTION: "67",
}

# the years the books are kept for (2000–2999), as the ledgers take them
PERIOD_PATTERN = r"^2[0-9]{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$"
_ANY_PERIOD = r"^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"  # a year earlier may be 1999


def period_range(period: str) -> tuple[dt.date, dt.date]:
    """'2026' (the year), '2026-Q2' (a quarter) or '2026-03' (a month) as its
    first and last day."""
    if not re.fullmatch(_ANY_PERIOD, period) or period[:4] == "0000":
        raise ValueError(period)
    year = int(period[:4])
    if len(period) == 4:
        first_month, months = 1, 12
    elif period[5] == "Q":
        first_month, months = (int(period[6]) - 1) * 3 + 1, 3
    else:
        first_month, months = int(period[5:7]), 1
    first = dt.date(year, first_month, 1)
    after = dt.date(year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


def year_earlier(period: str) -> str:
    return f"{int(period[:4]) - 1}{period[4:]}"


class StatementLineOut(Schema):
    code: str
    label: str
    label_en: str
    indent: int
    is_total: bool
    amount: MoneyOut = Field(description="At the period's end (balance sheet) or in it.")
    prior_amount: MoneyOut = Field(description="The same, for the period a year earlier.")


class StatementOut(Schema):
    kind: StatementKind
    unit_id: int
    unit_code: str
    unit_name: str
    subtree: bool
    period: str
    date_from: dt.date
    date_to: dt.date
    prior_period: str
    posted_only: bool
    lines: list[StatementLineOut]
    balanced: bool | None = Field(
        description="Balance sheet: the last top-level debit line (资产总计) equals the "
        "last top-level credit line (负债和净资产总计), now and a year earlier; else None."
    )
    difference: MoneyOut | None = None
    unmapped: list[str] = Field(
        description="Accounts with an amount that no line of the layout takes."
    )
    generated_at: dt.datetime


class LayoutLineIn(Schema):
    code: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    label: PlainText = Field(min_length=1, max_length=100)
    label_en: PlainText = Field(default="", max_length=150)
    indent: int = Field(default=0, ge=0, le=4)
    side: str = Field(pattern=r"^(debit|credit)$")
    accounts: str = Field(default="", max_length=400, description="Account code prefixes.")
    total_of: str = Field(
        default="", max_length=400, description="Line codes; a leading '-' subtracts."
    )


class LayoutIn(Schema):
    lines: list[LayoutLineIn] = Field(min_length=1, max_length=300)


class LayoutLineOut(LayoutLineIn):
    line_no: int


class LayoutOut(Schema):
    kind: StatementKind
    lines: list[LayoutLineOut]
    updated_by: str = ""
    updated_at: dt.datetime | None = None
