"""The ledger's own records beside the documents: who signed a voucher as
cashier (出纳签字) and who posted it (记账), and how.

Kept apart from ``documents`` because an approved document never changes but
its posting comes later: these rows are only ever added (the server's database
role has no UPDATE or DELETE on them, server/db/roles.py APPEND_ONLY).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

SIGN_OFF_STEPS = "'cashier', 'posting'"
# automatic: at final approval; manual: a poster's 记账; close: posted by the month's close
SIGN_OFF_WAYS = "'automatic', 'manual', 'close'"


class LedgerSignOff(Base):
    """One step of a voucher on its way into the books: the cashier's sign-off
    or its posting. ``user_id`` is empty where the system posted it."""

    __tablename__ = "ledger_sign_offs"
    __table_args__ = (
        CheckConstraint(f"step IN ({SIGN_OFF_STEPS})", name="known_step"),
        CheckConstraint(f"way IN ({SIGN_OFF_WAYS})", name="known_way"),
        CheckConstraint("way = 'manual' OR user_id IS NULL", name="person_only_by_hand"),
        CheckConstraint("way = 'manual' OR step = 'posting'", name="cashier_by_hand"),
    )

    document_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("documents.id", ondelete="RESTRICT"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(16), primary_key=True)
    way: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
