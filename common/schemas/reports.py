"""Reports (统计报表): computed in SQL on the server, exact to the cent."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from common.schemas.base import Schema


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


class EfficiencyRowOut(Schema):
    """审批效率: decided steps, their average and 90th-percentile time, and the
    share decided after the deadline."""

    key: str
    label: str
    decided: int
    average_hours: float
    p90_hours: float
    overdue_ratio: float
