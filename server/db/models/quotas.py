"""Budget quotas (预算指标, DOMAIN.md "Budget quotas").

One row per year, unit and functional × economic item: the year's initial quota
as the administrator set it. Adjustments (追加 / 调减) are documents of their own
(kind ``quota_adjustment``) and are summed with the expenditures when a quota is
read, so a row never holds a running balance that could drift from its sources.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base


class BudgetQuota(Base):
    __tablename__ = "budget_quotas"
    __table_args__ = (
        UniqueConstraint(
            "year", "unit_id", "functional_item_id", "economic_item_id", name="uq_budget_quotas_key"
        ),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2999", name="year_range"),
        Index("ix_budget_quotas_unit_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("budget_units.id", ondelete="RESTRICT"))
    functional_item_id: Mapped[int] = mapped_column(
        ForeignKey("budget_items.id", ondelete="RESTRICT")
    )
    economic_item_id: Mapped[int] = mapped_column(
        ForeignKey("budget_items.id", ondelete="RESTRICT")
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
