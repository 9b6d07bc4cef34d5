"""Year-end closing entries (年结): the generated vouchers that close income and
expense into 3301 → 3302 → 3001 and budget income and expenditure into their 8xxx
carry-over accounts, dated 31 December.

They are not documents: they are made after December closes, never edited, and
deleted only when December is reopened (server/services/ledger/year_end.py).
The ledger reads them beside its other sources (ledger_sources.movements_sql).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

YEAR_END_STEPS = "'surplus', 'distribution', 'accumulated', 'budget'"


class YearEndEntry(Base):
    """One generated closing voucher of a unit's year."""

    __tablename__ = "year_end_entries"
    __table_args__ = (
        UniqueConstraint("year", "unit_id", "step", name="uq_year_end_entries_year_unit_step"),
        UniqueConstraint("year", "number", name="uq_year_end_entries_year_number"),
        CheckConstraint(f"step IN ({YEAR_END_STEPS})", name="known_step"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("budget_units.id", ondelete="RESTRICT"))
    step: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(Integer)
    closing_date: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(200))
    made_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class YearEndLine(Base):
    __tablename__ = "year_end_lines"
    __table_args__ = (
        CheckConstraint("debit >= 0 AND credit >= 0", name="not_negative"),
        CheckConstraint("(debit = 0) <> (credit = 0)", name="one_side"),
    )

    entry_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("year_end_entries.id", ondelete="CASCADE"), primary_key=True
    )
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="RESTRICT"))
    debit: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
    credit: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
