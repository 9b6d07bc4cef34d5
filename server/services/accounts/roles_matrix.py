"""The roles matrix (角色权限) for the admin console: the permissions table the
server enforces, sent as it is, with how many enabled accounts hold each role."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.enums import Role
from common.permissions import PERMISSIONS
from common.schemas.roles import PermissionRowOut, RoleHoldersOut, RolesMatrixOut
from server.db.models import User, UserRole


def matrix(session: Session) -> RolesMatrixOut:
    rows = session.execute(
        select(UserRole.role, func.count())
        .join(User, User.id == UserRole.user_id)
        .where(User.is_active)
        .group_by(UserRole.role)
    )
    counted: dict[str, int] = {role: count for role, count in rows}
    return RolesMatrixOut(
        roles=[RoleHoldersOut(role=role, active_users=counted.get(role.value, 0)) for role in Role],
        permissions=[
            PermissionRowOut(
                permission=permission, roles=list(grant.roles), never_with=list(grant.never_with)
            )
            for permission, grant in PERMISSIONS.items()
        ],
    )
