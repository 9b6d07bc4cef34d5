"""System parameters with their defaults (DOMAIN.md); the admin console edits them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.rules.passwords import PasswordPolicy
from common.schemas.base import Schema
from server.db.models import SystemParameter


class AuthParameters(Schema):
    password_policy: PasswordPolicy = PasswordPolicy()
    lockout_threshold: int = 5
    wrong_codes_per_ticket: int = 5
    ticket_minutes: int = 5
    client_idle_lock_minutes: int = 10
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    fresh_code_minutes: int = 5


def auth_parameters(session: Session) -> AuthParameters:
    stored: dict[str, Any] = {
        row.key: row.value
        for row in session.scalars(
            select(SystemParameter).where(SystemParameter.key.in_(AuthParameters.model_fields))
        )
    }
    return AuthParameters.model_validate(stored)


def set_parameter(session: Session, key: str, value: Any) -> None:
    if key not in AuthParameters.model_fields:
        raise KeyError(key)
    AuthParameters.model_validate({key: value})  # refuse a value of the wrong shape
    row = session.get(SystemParameter, key)
    if row is None:
        session.add(SystemParameter(key=key, value=value))
    else:
        row.value = value
    session.flush()
