"""Words for the status grid: sizes people read at a glance, ages, backup states."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from common.schemas.system_status import BackupState

UNITS = ("B", "KB", "MB", "GB", "TB", "PB")


def human_size(size: int) -> str:
    """1536 → '1.5 KB', 1_541_000_000 → '1.4 GB' (binary units, as disks tools show)."""
    value = float(max(size, 0))
    for unit in UNITS:
        if value < 1024 or unit == UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def duration_text(seconds: int) -> str:
    """'3 天 4 小时', '5 小时 12 分钟', '7 分钟'."""
    minutes = max(seconds, 0) // 60
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return QCoreApplication.translate("Status", "{days} 天 {hours} 小时").format(
            days=days, hours=hours
        )
    if hours:
        return QCoreApplication.translate("Status", "{hours} 小时 {minutes} 分钟").format(
            hours=hours, minutes=minutes
        )
    return QCoreApplication.translate("Status", "{minutes} 分钟").format(minutes=minutes)


def backup_state_name(state: BackupState) -> str:
    return {
        BackupState.VERIFIED: QCoreApplication.translate("Status", "已验证"),
        BackupState.VERIFICATION_FAILED: QCoreApplication.translate("Status", "验证失败"),
        BackupState.NOT_VERIFIED: QCoreApplication.translate("Status", "未验证"),
    }[state]


def ago(now: dt.datetime, moment: dt.datetime) -> str:
    return QCoreApplication.translate("Status", "{age}前").format(
        age=duration_text(int((now - moment).total_seconds()))
    )


def excess_names(excess: list[str]) -> str:
    """What the server's database connection may do beyond its role, in words."""
    names = {
        "superuser": QCoreApplication.translate("Status", "超级用户"),
        "database_owner": QCoreApplication.translate("Status", "数据库属主"),
        "owner_role": QCoreApplication.translate("Status", "可切换为属主角色"),
        "object_owner": QCoreApplication.translate("Status", "数据表属主"),
        "session_replication_role": QCoreApplication.translate("Status", "可关闭触发器"),
    }
    return "、".join(names.get(reason, reason) for reason in excess)
