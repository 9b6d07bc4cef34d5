"""邮件通知: the office's SMTP server (one row, kept by administrators), each
user's address and choices, and the outbox the notifications fill in their own
transaction and a background worker empties (server/services/operations/mail_worker.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base

MAIL_SECURITY = "'none', 'starttls', 'tls'"


class MailSettings(Base):
    """The one SMTP server mail goes through (id 1); the password sealed under
    the server's key (server/crypto.py), never readable from the database alone."""

    __tablename__ = "mail_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint(f"security IN ({MAIL_SECURITY})", name="known_security"),
        CheckConstraint("port BETWEEN 1 AND 65535", name="port_range"),
    )

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    host: Mapped[str] = mapped_column(String(255), server_default="")
    port: Mapped[int] = mapped_column(Integer, server_default=text("25"))
    security: Mapped[str] = mapped_column(String(16), server_default="none")
    username: Mapped[str] = mapped_column(String(255), server_default="")
    password_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    from_address: Mapped[str] = mapped_column(String(255), server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MailPreference(Base):
    """A user's e-mail address, their switch and the notification kinds they want
    by e-mail; ``language``: the UI language they last saved it in (their mail's)."""

    __tablename__ = "mail_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(254), server_default="")
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    kinds: Mapped[list[str]] = mapped_column(ARRAY(String(16)), server_default="{}")
    language: Mapped[str] = mapped_column(String(8), server_default="zh_CN")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MailMessage(Base):
    """One e-mail to send: queued (neither sent nor given up), sent, or failed
    after its last attempt (``last_error`` kept). ``next_attempt_at`` is also the
    lease of the worker sending it (a claimed row is pushed ahead first)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index(
            "ix_mail_outbox_due",
            "next_attempt_at",
            postgresql_where=text("sent_at IS NULL AND failed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
