"""What each role (岗位) may do: the one table the server enforces and the admin
console shows (DOMAIN.md "Roles and separation of duties").

The server's checks read this table (server/api/deps.require_permission for the
routes, the review services for who may decide), and GET /admin/roles sends it
as it is, so the matrix an administrator reads cannot drift from what is
enforced. ``never_with`` is separation of duties: a holder of one of those roles
never has the permission, whatever else they hold (an administrator who is also
a reviewer still cannot approve). Unit scope and the per-item rules (not one's
own item, not two steps of one item, within one's authority) come on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from common.enums import Role


class Permission(StrEnum):
    """Rows of the matrix, in the order a reader meets them."""

    ENTER_DOCUMENTS = "documents.enter"  # 录入、修改、提交、收回、删除草稿、冲销、批量导入
    DECIDE_REVIEWS = "reviews.decide"  # 审核通过、驳回、退回、委托
    TAKE_LEAVE = "reviews.absence"  # 休假委托
    QUERY_EXPORT = "documents.query"  # 查询与导出 (within the unit scope)
    REPORTS = "reports.view"  # 统计报表
    MONITOR = "audit.monitor"  # 告警、操作日志校验、断号检查、系统使用情况、角色权限
    ADMINISTER = "system.administer"  # 用户、审批规则与权限、结账、备份、双人复核
    POST_VOUCHERS = "vouchers.post"  # 记账 (where posting is a step of its own)
    CASHIER_SIGN = "vouchers.cashier_sign"  # 出纳签字
    STATEMENT_LAYOUT = "statements.layout"  # 调整报表格式
    REPORT_SIGN = "reports.sign"  # 报表审核: sign a saved report version or return it


@dataclass(frozen=True)
class Grant:
    roles: tuple[Role, ...]
    never_with: tuple[Role, ...] = ()


EVERY_ROLE: tuple[Role, ...] = tuple(Role)
"""Any signed-in user: every account holds at least one role. Routes of these
permissions need only a live session (server/api/deps.CurrentAuth)."""

PERMISSIONS: Mapping[Permission, Grant] = {
    # administrators and auditors never enter or approve business data (DOMAIN.md)
    Permission.ENTER_DOCUMENTS: Grant((Role.CLERK,), never_with=(Role.ADMIN, Role.AUDITOR)),
    Permission.DECIDE_REVIEWS: Grant((Role.REVIEWER,), never_with=(Role.ADMIN, Role.AUDITOR)),
    Permission.TAKE_LEAVE: Grant((Role.REVIEWER,)),
    Permission.QUERY_EXPORT: Grant(EVERY_ROLE),
    Permission.REPORTS: Grant(EVERY_ROLE),
    Permission.MONITOR: Grant((Role.AUDITOR, Role.ADMIN)),
    Permission.ADMINISTER: Grant((Role.ADMIN,)),
    Permission.POST_VOUCHERS: Grant((Role.POSTER,), never_with=(Role.ADMIN, Role.AUDITOR)),
    Permission.CASHIER_SIGN: Grant((Role.CASHIER,), never_with=(Role.ADMIN, Role.AUDITOR)),
    Permission.STATEMENT_LAYOUT: Grant((Role.ANALYST,)),
    # a reviewer signs statements off (报表审核); never the version's own preparer
    # (server/services/exports/report_versions.py), never an administrator or auditor
    Permission.REPORT_SIGN: Grant((Role.REVIEWER,), never_with=(Role.ADMIN, Role.AUDITOR)),
}


def granted(roles: Iterable[Role], permission: Permission) -> bool:
    """Whether a user holding ``roles`` has ``permission``."""
    held = set(roles)
    grant = PERMISSIONS[permission]
    return bool(held & set(grant.roles)) and not held & set(grant.never_with)


def barred(roles: Iterable[Role], permission: Permission) -> bool:
    """Whether ``roles`` include one that separation of duties keeps from ``permission``."""
    return bool(set(roles) & set(PERMISSIONS[permission].never_with))
