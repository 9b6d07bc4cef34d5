"""邮件通知 as the API carries them: the SMTP settings (the password goes in,
never out), a user's e-mail choices, and the outbox the console lists."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from common.enums import Language, NotificationKind
from common.schemas.base import PlainText, Schema


class MailSecurity(StrEnum):
    NONE = "none"  # plain SMTP (an office relay on the intranet)
    STARTTLS = "starttls"  # plain, then STARTTLS (port 587)
    TLS = "tls"  # TLS from the first byte (port 465)


class MailState(StrEnum):
    QUEUED = "queued"  # waiting for its (next) attempt
    SENT = "sent"
    FAILED = "failed"  # given up after the last attempt; an administrator may retry


class MailSettingsIn(Schema):
    enabled: bool = False
    host: PlainText = Field(default="", max_length=255)
    port: int = Field(default=25, ge=1, le=65535)
    security: MailSecurity = MailSecurity.NONE
    username: PlainText = Field(default="", max_length=255)
    # None keeps the stored password; "" removes it
    password: str | None = Field(default=None, max_length=255)
    from_address: PlainText = Field(default="", max_length=255)


class MailSettingsOut(Schema):
    enabled: bool
    host: str
    port: int
    security: MailSecurity
    username: str
    password_set: bool  # the password itself never leaves the server
    from_address: str
    updated_at: dt.datetime | None = None


class MailTestIn(Schema):
    to: PlainText = Field(min_length=1, max_length=254)


class NotificationSettingsIn(Schema):
    """A user's e-mail notifications: the address, the switch, the kinds wanted;
    ``language``: the mail's language (the client sends its UI language)."""

    email: PlainText = Field(default="", max_length=254)
    enabled: bool = False
    kinds: list[NotificationKind] = Field(default_factory=lambda: list(NotificationKind))
    language: Language | None = None


class NotificationSettingsOut(Schema):
    email: str
    enabled: bool
    kinds: list[NotificationKind]
    language: Language
    mail_available: bool  # the server's mail is set up and turned on


class MailMessageOut(Schema):
    id: int
    recipient: str
    subject: str
    kind: str
    state: MailState
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    sent_at: dt.datetime | None
    created_at: dt.datetime
