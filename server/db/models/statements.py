"""Statement layouts (报表格式): which lines a statement has and which accounts
or lines each adds up, as data an analyst can change without code
(server/services/ledger/statement_layouts.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

STATEMENT_KINDS = "'balance-sheet', 'income-expense', 'budget-execution'"


class StatementLayoutLine(Base):
    """One line: either the accounts it sums (code prefixes, each account's
    balance or movement counted on the line's ``side``) or the lines it totals
    (codes, a leading '-' subtracts)."""

    __tablename__ = "statement_layout_lines"
    __table_args__ = (
        UniqueConstraint("kind", "code", name="uq_statement_layout_lines_kind_code"),
        UniqueConstraint("kind", "line_no", name="uq_statement_layout_lines_kind_line_no"),
        CheckConstraint(f"kind IN ({STATEMENT_KINDS})", name="known_kind"),
        CheckConstraint("side IN ('debit', 'credit')", name="side"),
        CheckConstraint("accounts = '' OR total_of = ''", name="accounts_or_total"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    line_no: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(150), server_default="")
    indent: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    side: Mapped[str] = mapped_column(String(6))
    accounts: Mapped[str] = mapped_column(String(400), server_default="")
    total_of: Mapped[str] = mapped_column(String(400), server_default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
