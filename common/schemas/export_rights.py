"""The export rights the console shows and sets (common/export_rights.py)."""

from __future__ import annotations

from common.enums import Role
from common.export_rights import ExportScope
from common.schemas.base import Schema


class ExportRightIn(Schema):
    """A role's or a person's right; None goes back to the default (the role's
    default, or for a person what their roles give)."""

    scope: ExportScope | None = None


class RoleRightOut(Schema):
    role: Role
    default: ExportScope
    scope: ExportScope  # in force: the administrator's setting, or the default
    changed: bool


class PersonRightOut(Schema):
    user_id: int
    username: str
    display_name: str
    scope: ExportScope


class ExportRightsOut(Schema):
    roles: list[RoleRightOut]
    people: list[PersonRightOut]
