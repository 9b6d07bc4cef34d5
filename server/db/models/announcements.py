"""公告: what administrators announce to every user for a while — a general
notice, a maintenance window or an upgrade (server/services/operations/announcements.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Identity, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

ANNOUNCEMENT_KINDS = "'general', 'maintenance', 'upgrade'"


class Announcement(Base):
    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint(f"kind IN ({ANNOUNCEMENT_KINDS})", name="known_kind"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "begins_at IS NULL OR (begins_at >= starts_at AND begins_at < ends_at)",
            name="begins_within",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, server_default="")
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # maintenance: when the work begins (between starts_at and ends_at)
    begins_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
