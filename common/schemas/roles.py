"""The roles matrix of the admin console (角色权限): which role has which
permission, as the server enforces it (common/permissions.py)."""

from __future__ import annotations

from common.enums import Role
from common.permissions import Permission
from common.schemas.base import Schema


class RoleHoldersOut(Schema):
    role: Role
    active_users: int  # enabled accounts holding the role (disabled ones act on nothing)


class PermissionRowOut(Schema):
    permission: Permission
    roles: list[Role]  # any of these gives it …
    never_with: list[Role]  # … unless the user also holds one of these (separation of duties)


class RolesMatrixOut(Schema):
    roles: list[RoleHoldersOut]
    permissions: list[PermissionRowOut]
