"""Login, second factor, sessions and the caller's own account."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from common.enums import Role
from common.export_rights import ExportScope
from common.rules.passwords import PasswordPolicy
from common.schemas.base import Schema
from common.schemas.client_versions import ClientPlatform, PublishedInstallerOut, VersionText

LoginStep = Literal["change_password", "enroll", "totp"]


class LoginIn(Schema):
    """The client states its version and platform: one older than the minimum
    (系统参数) is refused with the installer to download (a client that states
    none — a script — is not checked; the version is the client's word, not a
    security boundary)."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    client_version: VersionText | None = None
    client_platform: ClientPlatform | None = None


class TicketOut(Schema):
    """The password step passed; ``next_step`` says what the user must do next."""

    ticket: str
    next_step: LoginStep
    expires_at: dt.datetime
    password_policy: PasswordPolicy
    newer_client: PublishedInstallerOut | None = Field(
        default=None, description="A newer installer for the client's platform: it is told."
    )


class TicketIn(Schema):
    ticket: str = Field(min_length=20, max_length=200)


class InitialPasswordIn(TicketIn):
    new_password: str = Field(min_length=1, max_length=1024)


class EnrolmentOut(Schema):
    """Shown once at enrolment: scan the URI as a QR code or type the secret."""

    otpauth_uri: str
    secret: str


class CodeIn(TicketIn):
    """A six-digit authenticator code, or one of the recovery codes instead."""

    code: str = Field(min_length=6, max_length=32)


class SessionOut(Schema):
    token: str
    expires_at: dt.datetime
    idle_timeout_minutes: int
    recovery_codes: list[str] = Field(
        default_factory=list, description="Only right after enrolment, shown once."
    )
    password_expires_in_days: int | None = Field(
        default=None, description="Set when the warning period has begun."
    )


class LoginProgressOut(Schema):
    """After a step: either the next step's ticket, or the session when done.

    An enrolled user whose password must change proves the second factor first
    (password, code, new password), so a stolen password alone changes nothing.
    """

    ticket: TicketOut | None = None
    session: SessionOut | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> LoginProgressOut:
        if (self.ticket is None) == (self.session is None):
            raise ValueError("exactly one of ticket and session")
        return self


class PasswordChangeIn(Schema):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class UnlockIn(Schema):
    password: str = Field(min_length=1, max_length=1024)


class ReverifyIn(Schema):
    code: str = Field(min_length=6, max_length=32)


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[Role]
    unit_ids: list[int]
    password_expires_at: dt.datetime
    client_idle_lock_minutes: int
    password_policy: PasswordPolicy
    export_scopes: list[ExportScope] = Field(default_factory=list)  # 导出权限; empty: none
