"""Account administration (admin console)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from common.enums import Role
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.base import PlainText, Schema


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[Role]
    unit_ids: list[int]
    is_active: bool
    locked: bool
    lock_reason: str | None
    second_factor_enrolled: bool
    must_change_password: bool
    last_login_at: dt.datetime | None
    created_at: dt.datetime
    version: int


class UserCreateIn(Schema):
    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    display_name: str = Field(min_length=1, max_length=100)
    roles: list[Role] = Field(min_length=1)
    unit_ids: list[int] = Field(default_factory=list)
    # Why, for the second administrator when an administrator or auditor role is asked.
    reason: Annotated[PlainText, Field(max_length=200)] = ""


class UserCreatedOut(Schema):
    """The new account and its initial password (shown once). Under four eyes a new
    administrator or auditor is created without that role: ``request`` is the grant
    of it, waiting for a second administrator (the answer is then 202)."""

    user: UserOut
    initial_password: str = Field(description="Shown once; the user must change it.")
    request: AdminRequestOut | None = None


class UserAccessIn(Schema):
    """Roles and unit scope, replaced as a whole; ``version`` guards lost updates."""

    roles: list[Role] = Field(min_length=1)
    unit_ids: list[int]
    version: int
    # Why, for the second administrator when the change waits for approval (four eyes).
    reason: Annotated[PlainText, Field(max_length=200)] = ""


class SecondFactorResetIn(Schema):
    """Why the authenticator is reset (lost phone …), for the approving administrator."""

    reason: Annotated[PlainText, Field(max_length=200)] = ""


class PasswordResetOut(Schema):
    initial_password: str


class SessionInfoOut(Schema):
    id: int
    user_id: int
    username: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    client_host: str
    client_address: str


class AuditVerifyOut(Schema):
    ok: bool
    records: int
    first_bad_id: int | None = None
    reason: str | None = None


class UnitOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None
    is_active: bool
