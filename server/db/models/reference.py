"""Reference data: chart of accounts, budget classifications, fiscal periods, and the
mapping from approved records to the accounts of the vouchers they produce."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base


class Account(Base):
    """会计科目. A tree by code; only leaves take entries; each has a normal side."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]{4,16}$'", name="code_format"),
        CheckConstraint("normal_side IN ('debit', 'credit')", name="normal_side"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), index=True
    )
    normal_side: Mapped[str] = mapped_column(String(6))
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")


class BudgetItem(Base):
    """收入分类 / 支出功能分类 / 支出经济分类, one table, told apart by ``kind``."""

    __tablename__ = "budget_items"
    __table_args__ = (
        UniqueConstraint("kind", "code", name="uq_budget_items_kind_code"),
        CheckConstraint("kind IN ('income', 'functional', 'economic')", name="kind"),
        CheckConstraint("code ~ '^[0-9]{3,16}$'", name="code_format"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_items.id", ondelete="RESTRICT"), index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")


class FiscalPeriod(Base):
    """A month (会计期间). Created open on first use; closing forbids entries in it."""

    __tablename__ = "fiscal_periods"
    __table_args__ = (
        UniqueConstraint("year", "month", name="uq_fiscal_periods_year_month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint("year BETWEEN 2000 AND 2999", name="year_range"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    is_closed: Mapped[bool] = mapped_column(Boolean, server_default="false")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class PostingRule(Base):
    """Which accounts the voucher of an approved record debits and credits.

    The most specific rule wins: the longest ``item_prefix`` that the record's
    income item (or economic item) code starts with, a rule naming the payment
    method before one that does not. The administrator maintains the table.
    """

    __tablename__ = "posting_rules"
    __table_args__ = (
        UniqueConstraint(
            "document_kind", "item_prefix", "payment_method", name="uq_posting_rules_match"
        ),
        CheckConstraint("document_kind IN ('income', 'expenditure')", name="document_kind"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_kind: Mapped[str] = mapped_column(String(16))
    item_prefix: Mapped[str] = mapped_column(String(16), server_default="")
    payment_method: Mapped[str] = mapped_column(String(16), server_default="")
    debit_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="RESTRICT"))
    credit_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="RESTRICT"))
    # an inactive rule matches nothing; kept so the history of what was used stays readable
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")
