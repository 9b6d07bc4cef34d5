"""Opening balances (期初余额): where a unit's books stand when it starts on
Countersign.

``unit_openings`` holds the month the unit's books start and a version (the
admin screen saves the whole sheet at once, refused if someone saved in
between); ``opening_balances`` one row per leaf account with its balance on one
side. They are read beside the ledger's other sources (ledger_sources), never
copied into voucher lines or month totals, and change only while the start
month is open.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base


class UnitOpening(Base):
    """The month a unit's books start; its opening balances stand just before it."""

    __tablename__ = "unit_openings"
    __table_args__ = (CheckConstraint("extract(day FROM start_month) = 1", name="first_of_month"),)

    unit_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("budget_units.id", ondelete="RESTRICT"), primary_key=True
    )
    start_month: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OpeningBalance(Base):
    """One account's opening balance for a unit, on one side (a balance on the
    account's other side is entered on that side)."""

    __tablename__ = "opening_balances"
    __table_args__ = (
        CheckConstraint("debit >= 0 AND credit >= 0", name="not_negative"),
        CheckConstraint("debit = 0 OR credit = 0", name="one_side"),
        CheckConstraint("debit > 0 OR credit > 0", name="not_empty"),
    )

    unit_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("unit_openings.unit_id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("accounts.id", ondelete="RESTRICT"), primary_key=True
    )
    debit: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
    credit: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
