"""The names people know the roles (岗位) by."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from common.enums import Role


def role_name(role: Role) -> str:
    names = {
        Role.CLERK: QCoreApplication.translate("Roles", "业务操作员"),
        Role.REVIEWER: QCoreApplication.translate("Roles", "审核员"),
        Role.ANALYST: QCoreApplication.translate("Roles", "统计分析员"),
        Role.ADMIN: QCoreApplication.translate("Roles", "系统管理员"),
        Role.AUDITOR: QCoreApplication.translate("Roles", "审计员"),
        Role.POSTER: QCoreApplication.translate("Roles", "记账员"),
        Role.CASHIER: QCoreApplication.translate("Roles", "出纳"),
    }
    return names[role]
