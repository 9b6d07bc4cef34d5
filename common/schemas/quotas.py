"""Budget quotas (预算指标): a unit's yearly quota per functional × economic item,
as administrators set and import them and as the quota report shows them.

A quota's amount is the year's initial quota (年初指标); approved adjustments
(追加 / 调减, documents of their own) move it. ``used`` is what approved and
posted expenditures of the year took; ``in_review`` what submitted ones ask for;
``left`` = quota − used − in review.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from common.schemas.base import Schema
from common.schemas.documents import QuotaAdjustmentIn
from common.schemas.money import Money, MoneyOut

Year = Annotated[int, Field(ge=2000, le=2999)]
Code = Annotated[str, Field(max_length=40)]
Cell = Annotated[str, Field(max_length=200)]
MAX_QUOTA_ROWS = 10_000


class QuotaIn(Schema):
    """Set the year's initial quota of a unit for a functional × economic item."""

    year: Year
    unit_id: int
    functional_item_id: int
    economic_item_id: int
    amount: Money = Field(description="年初指标, zero or more.")


class QuotaOut(Schema):
    """A quota with what moved it and what it has been used for."""

    id: int
    year: int
    unit_id: int
    unit_code: str
    unit_name: str
    functional_item_id: int
    functional_code: str
    functional_name: str
    economic_item_id: int
    economic_code: str
    economic_name: str
    initial: MoneyOut = Field(description="年初指标")
    increased: MoneyOut = Field(description="approved 追加")
    decreased: MoneyOut = Field(description="approved 调减")
    quota: MoneyOut = Field(description="initial + increased − decreased")
    used: MoneyOut = Field(description="approved and posted expenditures of the year")
    in_review: MoneyOut = Field(description="submitted expenditures, not yet decided")
    left: MoneyOut = Field(description="quota − used − in review")


class QuotaAdjustmentSubmitIn(Schema):
    """POST /quota-adjustments: a new 追加 / 调减, saved and submitted at once."""

    draft: QuotaAdjustmentIn
    confirmed_amounts: list[Money] = Field(
        default_factory=list, description="Large amounts typed a second time (二次核对)."
    )


class QuotaImportRowIn(Schema):
    """A row of the quota file as the console read it: codes and the amount as text,
    so the server judges every cell and names the row, field and rule."""

    row: int = Field(ge=1, description="The row number in the file.")
    unit_code: Code
    functional_code: Code
    economic_code: Code
    amount: Cell


class QuotaImportIn(Schema):
    """A whole file: every row valid, or nothing saved."""

    year: Year
    rows: list[QuotaImportRowIn] = Field(max_length=MAX_QUOTA_ROWS)


class QuotaImportOut(Schema):
    rows: int
    changed: int = Field(description="Rows whose initial quota was new or different.")


def quota_left(quota: Decimal, used: Decimal, in_review: Decimal) -> Decimal:
    """剩余指标: the quota less what is used and what is asked for."""
    return quota - used - in_review
