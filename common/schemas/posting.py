"""Posting (记账) and the cashier's sign-off (出纳签字) as the API shows them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from common.schemas.base import Schema
from common.schemas.money import MoneyOut

# 库存现金, 银行存款, 零余额账户用款额度, 其他货币资金: a voucher with a line on
# one of these (or their sub-accounts) moves money and needs the cashier's
# sign-off before it posts, where the office asks for it.
CASH_AND_BANK_PREFIXES: tuple[str, ...] = ("1001", "1002", "1011", "1021")


def is_cash_or_bank(account_code: str) -> bool:
    return account_code.startswith(CASH_AND_BANK_PREFIXES)


class SignOffWay(StrEnum):
    AUTOMATIC = "automatic"  # at final approval
    MANUAL = "manual"  # by a poster or cashier
    CLOSE = "close"  # by the month's close


class PostingStage(StrEnum):
    """The two lists of the 记账 page."""

    CASHIER = "cashier"  # 待出纳签字
    POST = "post"  # 待记账


class SignOffOut(Schema):
    way: SignOffWay
    user_id: int | None
    user_name: str = Field(description="Empty where the system did it.")
    at: dt.datetime


class PostingIn(Schema):
    """The version the poster or cashier saw: a voucher changed since is refused."""

    version: int = Field(ge=1)


class PostingItemOut(Schema):
    """A voucher waiting for the cashier or the poster."""

    document_id: int
    number: str | None
    doc_date: dt.date
    unit_id: int
    amount: MoneyOut
    summary: str
    maker_name: str
    decided_at: dt.datetime | None
    version: int
    touches_cash: bool
    cashier_signed: bool
    # whether this caller may act on it (not its maker, reviewer or cashier)
    actionable: bool
    reason_code: str = ""
