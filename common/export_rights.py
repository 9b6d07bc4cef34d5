"""导出权限: export is a right of its own (DOMAIN.md "Query, statistics and export").

By default clerks export only documents they made, reviewers what they decided,
analysts and auditors everything in their unit scope; DOMAIN.md says nothing of
administrators: like auditors (they keep the operation log and may export it),
until an administrator takes it from the role. An administrator may set a
role's right otherwise, or a person's (which then replaces what their roles
give). The server decides on every export route; the clients only hide what
would be refused.

A report (统计报表), as PDF or Excel, needs some right, any of them: its figures
are the totals of everything in the caller's unit scope, which 'own' or
'decided' cannot narrow, and the screen shows them to the caller already
(server/services/exports/report_exports.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from common.enums import Role


class ExportScope(StrEnum):
    NONE = "none"  # no export at all
    OWN = "own"  # documents one made
    DECIDED = "decided"  # documents one approved, rejected, returned or delegated
    UNITS = "units"  # everything in one's unit scope


ROLE_DEFAULTS: dict[Role, ExportScope] = {
    Role.CLERK: ExportScope.OWN,
    Role.REVIEWER: ExportScope.DECIDED,
    Role.ANALYST: ExportScope.UNITS,
    Role.AUDITOR: ExportScope.UNITS,
    Role.ADMIN: ExportScope.UNITS,
    # 记账员 and 出纳 act on vouchers others made and approved: no export of their
    # own until an administrator gives one
    Role.POSTER: ExportScope.NONE,
    Role.CASHIER: ExportScope.NONE,
}


def effective(
    roles: Iterable[Role],
    role_rights: Mapping[Role, ExportScope],
    person: ExportScope | None = None,
) -> frozenset[ExportScope]:
    """What a person may export: their own setting if an administrator made one,
    else what their roles give together (``role_rights`` over the defaults).
    Empty: nothing. UNITS covers the other two."""
    if person is not None:
        given = {person}
    else:
        given = {role_rights.get(role, ROLE_DEFAULTS[role]) for role in roles}
    given.discard(ExportScope.NONE)
    return frozenset({ExportScope.UNITS} if ExportScope.UNITS in given else given)
