"""System parameters (系统参数) as the admin console reads and changes them.

Each parameter has a flat key: the password policy's fields are addressed as
``password_policy.min_length`` and so on, the others by their own name.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StrictBool, StrictInt, StrictStr

from common.schemas.base import PlainText, Schema

# strict members: a JSON true stays a bool and 1 an int (never "1" or True for 1)
ParameterValue = StrictBool | StrictInt | StrictStr


class ParameterKind(StrEnum):
    INTEGER = "integer"
    BOOLEAN = "boolean"
    MONEY = "money"  # text, two decimals
    TIME = "time"  # HH:MM, office time
    VERSION = "version"  # a client version, "1.2.0"


class ParameterGroup(StrEnum):
    PASSWORD = "password"  # 密码策略
    LOCKOUT = "lockout"  # 登录锁定
    IDLE = "idle"  # 空闲锁定
    THRESHOLDS = "thresholds"  # 阈值
    BACKUP = "backup"  # 备份计划与保留
    FOUR_EYES = "four_eyes"  # 双人复核
    CLIENT = "client"  # 客户端版本
    POSTING = "posting"  # 记账
    QUOTAS = "quotas"  # 预算指标


class ParameterOut(Schema):
    key: str
    group: ParameterGroup
    kind: ParameterKind
    value: ParameterValue
    default: ParameterValue
    minimum: Decimal | None = None
    maximum: Decimal | None = None


class ParametersOut(Schema):
    parameters: list[ParameterOut]


class ParametersIn(Schema):
    """Only the parameters to change; the others keep their values."""

    values: dict[str, ParameterValue] = Field(min_length=1, max_length=100)
    # Why, for the second administrator when the change weakens a security parameter.
    reason: Annotated[PlainText, Field(max_length=200)] = ""


class ParameterProblem(Schema):
    """One refused value: an error code of common.errors with its parameters."""

    field: str
    code: str
    params: dict[str, Any] = Field(default_factory=dict)
