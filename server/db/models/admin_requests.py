"""Administrative acts that take effect only when a second administrator approves
them (DOMAIN.md "Four eyes on administration")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

REQUEST_STATES = "'pending', 'approved', 'refused', 'withdrawn'"


class AdminRequest(Base):
    """One request (e.g. reopen 2026-10) and its decision; at most one pending
    request per act and target."""

    __tablename__ = "admin_requests"
    __table_args__ = (
        CheckConstraint(f"state IN ({REQUEST_STATES})", name="state_known"),
        CheckConstraint(
            "(state = 'pending') = (decided_at IS NULL)",
            name="decided_when_not_pending",
        ),
        CheckConstraint(
            "state NOT IN ('approved', 'refused') OR decided_by <> requested_by", name="two_people"
        ),
        Index(
            "uq_admin_requests_pending",
            "action",
            "target",
            unique=True,
            postgresql_where=text("state = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    reason: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), server_default="pending")
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(String(200))
