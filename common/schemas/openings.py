"""Opening balances (期初余额) as the admin console edits them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Base64Bytes, Field

from common.schemas.base import Schema
from common.schemas.money import Money, MoneyOut

# 1–5 financial accounting (资产, 负债, 净资产, 收入, 费用), 6–8 budget accounting
# (预算收入, 预算支出, 预算结余): each group balances on its own.
FINANCIAL_CLASSES = "12345"
BUDGET_CLASSES = "678"
MAX_OPENING_ROWS = 5000


def account_group(code: str) -> str:
    """ "financial" or "budget", by the account class (the code's first digit)."""
    return "budget" if code[:1] in BUDGET_CLASSES else "financial"


class OpeningRowIn(Schema):
    account_code: str = Field(min_length=4, max_length=16, pattern=r"^[0-9]+$")
    debit: Money = Decimal("0.00")
    credit: Money = Decimal("0.00")


class OpeningBalancesIn(Schema):
    """The whole sheet: what is not listed has no opening balance."""

    start_month: dt.date = Field(description="The first day of the unit's first month.")
    version: int = Field(ge=0, description="As last read; 0 where none was saved yet.")
    rows: list[OpeningRowIn] = Field(max_length=MAX_OPENING_ROWS)


class OpeningRowOut(Schema):
    account_id: int
    code: str
    name: str
    normal_side: str
    debit: MoneyOut
    credit: MoneyOut


class GroupTotalsOut(Schema):
    """Debits and credits of one group of accounts; balanced when equal."""

    debit: MoneyOut
    credit: MoneyOut
    balanced: bool


class OpeningBalancesOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    start_month: dt.date | None = Field(description="None until first saved.")
    version: int
    editable: bool = Field(description="False once the start month is closed.")
    rows: list[OpeningRowOut]
    financial: GroupTotalsOut
    budget: GroupTotalsOut
    updated_by: str = ""
    updated_at: dt.datetime | None = None


class OpeningImportIn(Schema):
    file: Base64Bytes = Field(description="The .xlsx file: 科目编码, 借方余额, 贷方余额.")


class OpeningImportOut(Schema):
    """The file's rows, checked, for the screen to show before it is saved."""

    rows: list[OpeningRowIn]
