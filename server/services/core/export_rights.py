"""导出权限 on the server: who may export what (common/export_rights.py), checked
on every export route, and the administrator's settings of it.

An export of documents is narrowed to what the right covers (the documents one
made, or decided, or the whole unit scope); an export the right does not allow at
all is refused with 403 ``export.not_allowed``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, exists, false, or_, select, text
from sqlalchemy.orm import Session

from common.enums import ReviewAction, Role
from common.errors import DomainError
from common.export_rights import ROLE_DEFAULTS, ExportScope, effective
from common.schemas.export_rights import ExportRightsOut, PersonRightOut, RoleRightOut
from server.db.models import ApprovalAction, Document, ExportRight, User
from server.services.core import audit
from server.services.core.roles import roles_of
from server.services.core.taken_back import taken_back_since

_SETTINGS_LOCK = 0x45585052  # "EXPR": one administrator's change of export rights at a time
DECIDED = [
    action.value
    for action in (
        ReviewAction.APPROVED,
        ReviewAction.REJECTED,
        ReviewAction.RETURNED,
        ReviewAction.DELEGATED,
    )
]


def _role_rights(session: Session) -> dict[Role, ExportScope]:
    rows = session.execute(
        select(ExportRight.role, ExportRight.scope).where(ExportRight.role.is_not(None))
    )
    return {Role(role): ExportScope(scope) for role, scope in rows if role is not None}


def _person_right(session: Session, user_id: int) -> ExportScope | None:
    scope = session.scalar(select(ExportRight.scope).where(ExportRight.user_id == user_id))
    return ExportScope(scope) if scope is not None else None


def rights_of(session: Session, user_id: int) -> frozenset[ExportScope]:
    return effective(
        roles_of(session, user_id), _role_rights(session), _person_right(session, user_id)
    )


def require_some(session: Session, user_id: int) -> frozenset[ExportScope]:
    """The caller's right; 403 when they may export nothing at all."""
    rights = rights_of(session, user_id)
    if not rights:
        raise DomainError("export.not_allowed", status=403)
    return rights


def document_conditions(session: Session, user_id: int) -> list[ColumnElement[bool]]:
    """What of the documents a query finds the caller may export (on top of the
    query's own conditions, unit scope among them)."""
    rights = require_some(session, user_id)
    if ExportScope.UNITS in rights:
        return []
    allowed: list[ColumnElement[bool]] = []
    if ExportScope.OWN in rights:
        allowed.append(Document.maker_id == user_id)
    if ExportScope.DECIDED in rights:
        allowed.append(
            exists().where(
                ApprovalAction.document_id == Document.id,
                ApprovalAction.actor_id == user_id,
                ApprovalAction.action.in_(DECIDED),
                ~taken_back_since(ApprovalAction),
            )
        )
    return [or_(false(), *allowed)]


# -- the administrator's settings --------------------------------------------
def settings(session: Session) -> ExportRightsOut:
    set_for_roles = _role_rights(session)
    roles = [
        RoleRightOut(
            role=role,
            default=ROLE_DEFAULTS[role],
            scope=set_for_roles.get(role, ROLE_DEFAULTS[role]),
            changed=role in set_for_roles,
        )
        for role in Role
    ]
    people = [
        PersonRightOut(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            scope=ExportScope(scope),
        )
        for user, scope in session.execute(
            select(User, ExportRight.scope)
            .join(ExportRight, ExportRight.user_id == User.id)
            .order_by(User.display_name, User.username)
        )
    ]
    return ExportRightsOut(roles=roles, people=people)


def set_right(
    session: Session,
    actor: audit.Actor,
    *,
    role: Role | None = None,
    user_id: int | None = None,
    scope: ExportScope | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExportRightsOut:
    """A role's or a person's right; ``scope`` None goes back to the default.
    Two administrators saving at once queue (else both might insert the row)."""
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SETTINGS_LOCK})
    if user_id is not None and session.get(User, user_id) is None:
        raise DomainError("export_right.unknown_user", status=404, field="user_id")
    where = ExportRight.role == role.value if role is not None else ExportRight.user_id == user_id
    found = session.scalar(select(ExportRight).where(where).with_for_update())
    before = found.scope if found is not None else None
    if scope is None:
        if found is not None:
            session.delete(found)
    elif found is None:
        session.add(
            ExportRight(role=role.value if role else None, user_id=user_id, scope=scope.value)
        )
    else:
        found.scope = scope.value
    session.flush()
    audit.record(
        session,
        actor,
        "export_right.changed",
        origin=origin,
        at=now,
        target_type="role" if role is not None else "user",
        target_id=role.value if role is not None else user_id or 0,
        before={"scope": before},
        after={"scope": scope.value if scope else None},
    )
    return settings(session)
