"""Alerts (告警) for administrators and auditors, read from the operation log."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from common.schemas.base import Schema


class AlertKind(StrEnum):
    FAILED_LOGINS = "failed_logins"  # many wrong passwords or codes for one account
    ACCOUNT_LOCKED = "account_locked"
    UNUSUAL_HOUR = "unusual_hour"  # a login at night (office time)
    LARGE_EXPORT = "large_export"
    PERMISSION_CHANGE = "permission_change"  # roles, scope, second factor, rules
    BACKUP = "backup"  # a failed backup or verification, or none verified lately
    SECRET_TAMPERED = "secret_tampered"  # an authenticator secret not sealed for its account
    DATABASE_ROLE = "database_role"  # the server connects as a superuser or owner


class AlertOut(Schema):
    kind: AlertKind
    at: dt.datetime
    subject: str = Field(description="the account, or the backup file")
    details: dict[str, Any] = Field(default_factory=dict)
