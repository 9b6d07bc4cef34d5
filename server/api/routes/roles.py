"""角色权限: the roles matrix, for administrators and auditors."""

from __future__ import annotations

from common.schemas.roles import RolesMatrixOut
from server.api.deps import AuditorAuth, Transaction
from server.api.retrying_route import api_router
from server.services.accounts import roles_matrix

router = api_router(prefix="/admin", tags=["admin"])


@router.get("/roles", response_model=RolesMatrixOut)
def roles(caller: AuditorAuth, session: Transaction) -> RolesMatrixOut:
    """Each role with its holders, each permission with the roles that give it."""
    return roles_matrix.matrix(session)
