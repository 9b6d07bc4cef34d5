"""常见问题: what administrators answer once for everyone
(server/services/operations/faq.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base


class FaqEntry(Base):
    __tablename__ = "faq_entries"
    __table_args__ = (Index("ix_faq_entries_language", "language", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(40)), server_default="{}")
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
