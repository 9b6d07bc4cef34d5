"""导出权限 for the admin console: each role's right and the people set apart."""

from __future__ import annotations

from common.enums import Role
from common.schemas.export_rights import ExportRightIn, ExportRightsOut
from server.api.deps import AdminAuth, FreshAdmin, Now, RequestOrigin, Transaction
from server.api.retrying_route import api_router
from server.services.core import export_rights

router = api_router(prefix="/admin/export-rights", tags=["admin"])


@router.get("", response_model=ExportRightsOut)
def show(caller: AdminAuth, session: Transaction) -> ExportRightsOut:
    return export_rights.settings(session)


@router.put("/roles/{role}", response_model=ExportRightsOut)
def set_role(
    role: Role,
    body: ExportRightIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> ExportRightsOut:
    """A role's right; no scope: back to the default (DOMAIN.md)."""
    return export_rights.set_right(
        session, caller.actor, role=role, scope=body.scope, origin=origin, now=now
    )


@router.put("/users/{user_id}", response_model=ExportRightsOut)
def set_person(
    user_id: int,
    body: ExportRightIn,
    caller: FreshAdmin,
    session: Transaction,
    origin: RequestOrigin,
    now: Now,
) -> ExportRightsOut:
    """A person's right over what their roles give; no scope: their roles' again."""
    return export_rights.set_right(
        session, caller.actor, user_id=user_id, scope=body.scope, origin=origin, now=now
    )
