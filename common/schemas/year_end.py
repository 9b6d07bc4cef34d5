"""Year-end (年结) as the admin console shows it: the closing entries a year
would get (before it is done) or got (after)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from common.schemas.base import Schema
from common.schemas.money import MoneyOut


class YearEndStep(StrEnum):
    SURPLUS = "surplus"  # 收入、费用 → 3301 本期盈余
    DISTRIBUTION = "distribution"  # 3301 → 3302 本年盈余分配
    ACCUMULATED = "accumulated"  # 3302 → 3001 累计盈余
    BUDGET = "budget"  # 预算收入、预算支出 → 8101 / 8201 结转


class YearEndLineOut(Schema):
    account_id: int
    account_code: str
    account_name: str
    debit: MoneyOut
    credit: MoneyOut


class YearEndEntryOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    step: YearEndStep
    number: str = Field(description="结-0001 once made; empty in a preview.")
    closing_date: dt.date
    summary: str
    lines: list[YearEndLineOut]


class YearEndOut(Schema):
    year: int
    december_closed: bool
    done: bool
    done_by: str = ""
    done_at: dt.datetime | None = None
    entries: list[YearEndEntryOut] = Field(
        description="What year-end makes (a preview) or made (done)."
    )
