"""System parameters with their defaults (DOMAIN.md); the admin console edits them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.rules.client_versions import NO_MINIMUM
from common.rules.passwords import PasswordPolicy
from common.schemas.base import Schema
from common.schemas.client_versions import VersionText
from server.db.models import SystemParameter


class AuthParameters(Schema):
    """The limits are what an administrator may set (系统参数, server/services/
    system_parameters.py): wide enough for any office, narrow enough that no
    value makes logging in impossible or guessing easy."""

    password_policy: PasswordPolicy = PasswordPolicy()
    lockout_threshold: int = Field(default=5, ge=3, le=20)
    wrong_codes_per_ticket: int = Field(default=5, ge=1, le=10)
    ticket_minutes: int = Field(default=5, ge=1, le=30)
    client_idle_lock_minutes: int = Field(default=10, ge=1, le=240)
    session_idle_minutes: int = Field(default=30, ge=5, le=720)
    session_absolute_hours: int = Field(default=12, ge=1, le=72)
    fresh_code_minutes: int = Field(default=5, ge=1, le=60)
    # 最低客户端版本: an older client is refused at login and offered the installer
    min_client_version: VersionText = NO_MINIMUM


class DocumentParameters(Schema):
    double_entry_threshold: Decimal = Field(  # 二次核对
        default=Decimal("100000.00"),
        ge=Decimal("0.01"),
        le=Decimal("1000000000.00"),
        decimal_places=2,
    )
    duplicate_window_days: int = Field(default=30, ge=1, le=366)  # 判重
    # 附件: the largest file accepted (MB of 2^20 bytes), and whether a reviewer
    # must have opened every attachment of a document before approving it
    attachment_max_mb: int = Field(default=20, ge=1, le=100)
    attachments_opened_before_approval: bool = True
    # 记账: at final approval (False), or a poster's step of its own (True), then
    # after the cashier's sign-off (出纳签字) on vouchers touching cash or bank
    separate_posting: bool = False
    cashier_sign_off: bool = True
    # 预算指标: an expenditure over what is left of its unit×item quota for the
    # year is refused at submission and at final approval (only where a quota is
    # set, unless quota_required: then an expenditure without a quota is refused)
    quota_check: bool = True
    quota_required: bool = False


class AdminParameters(Schema):
    four_eyes: bool = True  # 双人复核: reopening a period etc. needs a second administrator
    backup_keep_daily: int = Field(default=7, ge=1, le=366)  # 保留策略
    backup_keep_weekly: int = Field(default=4, ge=1, le=520)
    # an export of this many rows or more is an alert (告警)
    alert_export_rows: int = Field(default=10_000, ge=1, le=10_000_000)
    backup_daily_at: str = Field(default="02:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")


ParameterSet = TypeVar("ParameterSet", AuthParameters, DocumentParameters, AdminParameters)
PARAMETER_SETS: tuple[type[Schema], ...] = (AuthParameters, DocumentParameters, AdminParameters)


_CACHE_KEY = "countersign.parameters"


def _stored(session: Session) -> dict[str, Any]:
    """All stored parameters, read once per transaction (a request reads them
    several times: authentication, then the business rules)."""
    cached: dict[str, Any] | None = session.info.get(_CACHE_KEY)
    if cached is None:
        cached = {row.key: row.value for row in session.scalars(select(SystemParameter))}
        session.info[_CACHE_KEY] = cached
    return cached


def _load(session: Session, model: type[ParameterSet]) -> ParameterSet:
    stored = _stored(session)
    return model.model_validate({k: v for k, v in stored.items() if k in model.model_fields})


def auth_parameters(session: Session) -> AuthParameters:
    return _load(session, AuthParameters)


def document_parameters(session: Session) -> DocumentParameters:
    return _load(session, DocumentParameters)


def admin_parameters(session: Session) -> AdminParameters:
    return _load(session, AdminParameters)


def forget(session: Session) -> None:
    """Read the stored parameters afresh (another transaction may have changed
    them since this one first read them)."""
    session.info.pop(_CACHE_KEY, None)


def set_parameter(session: Session, key: str, value: Any) -> None:
    model = next((m for m in PARAMETER_SETS if key in m.model_fields), None)
    if model is None:
        raise KeyError(key)
    checked = model.model_validate({key: value})  # refuse a value of the wrong shape
    value = checked.model_dump(mode="json")[key]
    session.info.pop(_CACHE_KEY, None)
    row = session.get(SystemParameter, key)
    if row is None:
        session.add(SystemParameter(key=key, value=value))
    else:
        row.value = value
    session.flush()
