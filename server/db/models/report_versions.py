"""Report versions (报表审核): a statement as the server computed it, saved with
the ledger it was computed from, and the reviewer's decision on it
(server/services/exports/report_versions.py).

Both tables are append-only for the server's database role (server/db/roles.py
APPEND_ONLY): a saved version is never changed, a decision is a row of its own
(one per version), so a signed version's numbers and signer cannot be rewritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Identity, Index, String
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

DECISIONS = "'signed', 'returned'"


class ReportVersion(Base):
    """One saved run: ``result`` is the answer exactly as the report's route
    gives it (numbers as strings); ``basis`` says which ledger it was computed
    from (the units, the date ranges, the ids of the ledger's documents, the
    closed months, the opening balances' versions), ``fingerprint`` its digest."""

    __tablename__ = "report_versions"
    __table_args__ = (
        Index("ix_report_versions_report_id", "report", "id"),
        Index("ix_report_versions_units", "units", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    report: Mapped[str] = mapped_column(String(32))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    unit_id: Mapped[int] = mapped_column(ForeignKey("budget_units.id", ondelete="RESTRICT"))
    units: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))
    fingerprint: Mapped[str] = mapped_column(String(64))
    basis: Mapped[dict[str, Any]] = mapped_column(JSONB)
    prepared_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    prepared_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReportVersionDecision(Base):
    """The reviewer's decision: signed (签字), or returned (退回) with a reason."""

    __tablename__ = "report_version_decisions"
    __table_args__ = (
        CheckConstraint(f"decision IN ({DECISIONS})", name="known_decision"),
        CheckConstraint("decision = 'signed' OR btrim(reason) <> ''", name="return_has_reason"),
    )

    version_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("report_versions.id", ondelete="RESTRICT"), primary_key=True
    )
    decision: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(500), server_default="")
