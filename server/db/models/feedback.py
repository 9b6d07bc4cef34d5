"""问题反馈: what users report from the client and what administrators answer
(server/services/operations/feedback.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

FEEDBACK_STATES = "'open', 'answered', 'closed'"


class FeedbackReport(Base):
    __tablename__ = "feedback_reports"
    __table_args__ = (
        CheckConstraint(f"state IN ({FEEDBACK_STATES})", name="known_state"),
        CheckConstraint("(state = 'closed') = (closed_at IS NOT NULL)", name="closed_when_closed"),
        Index("ix_feedback_reports_user", "user_id", "id"),
        Index("ix_feedback_reports_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    description: Mapped[str] = mapped_column(Text)
    screen: Mapped[str] = mapped_column(String(64), server_default="")
    client_version: Mapped[str] = mapped_column(String(32), server_default="")
    screenshot: Mapped[bytes | None] = mapped_column(LargeBinary)
    log: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), server_default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class FeedbackReply(Base):
    """An administrator's answer; kept, never edited (the user was told it)."""

    __tablename__ = "feedback_replies"
    __table_args__ = (Index("ix_feedback_replies_report", "feedback_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback_reports.id", ondelete="RESTRICT"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
