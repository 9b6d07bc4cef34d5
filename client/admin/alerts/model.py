"""The alerts table: each alert the server found, in words (the server sends
codes and a details dict: 'failed_logins' with failures and minutes,
'unusual_hour' with the office hour, 'large_export' with rows, ...)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from client.admin.periods.names import when
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.schemas.alerts import AlertKind, AlertOut

SERIOUS = frozenset(
    {
        AlertKind.FAILED_LOGINS,
        AlertKind.ACCOUNT_LOCKED,
        AlertKind.BACKUP,
        AlertKind.SECRET_TAMPERED,
        AlertKind.DATABASE_ROLE,
    }
)
"""Someone may be guessing a password or writing to the database behind the
server's back, or the data may not be recoverable."""


def kind_name(kind: AlertKind) -> str:
    return {
        AlertKind.FAILED_LOGINS: QCoreApplication.translate("Alerts", "多次登录失败"),
        AlertKind.ACCOUNT_LOCKED: QCoreApplication.translate("Alerts", "账号被锁定"),
        AlertKind.UNUSUAL_HOUR: QCoreApplication.translate("Alerts", "非工作时间登录"),
        AlertKind.LARGE_EXPORT: QCoreApplication.translate("Alerts", "大批量导出"),
        AlertKind.PERMISSION_CHANGE: QCoreApplication.translate("Alerts", "权限变更"),
        AlertKind.BACKUP: QCoreApplication.translate("Alerts", "备份异常"),
        AlertKind.SECRET_TAMPERED: QCoreApplication.translate("Alerts", "动态口令密钥被篡改"),
        AlertKind.DATABASE_ROLE: QCoreApplication.translate("Alerts", "数据库连接权限过大"),
    }[kind]


def permission_action_name(action: str) -> str:
    """A permission change in words; an action this client does not know, as sent."""
    names = {
        "user.created": QCoreApplication.translate("Alerts", "新建用户"),
        "user.access_changed": QCoreApplication.translate("Alerts", "修改角色或数据范围"),
        "user.second_factor_reset": QCoreApplication.translate("Alerts", "重置动态验证码"),
        "user.password_reset": QCoreApplication.translate("Alerts", "重置密码"),
        "user.enabled": QCoreApplication.translate("Alerts", "启用账号"),
        "approval_rule.created": QCoreApplication.translate("Alerts", "新建审批规则"),
        "approval_rule.changed": QCoreApplication.translate("Alerts", "修改审批规则"),
        "admin_request.approved": QCoreApplication.translate("Alerts", "批准双人复核申请"),
        "parameter.changed": QCoreApplication.translate("Alerts", "修改系统参数"),
        "restore.old_dropped": QCoreApplication.translate("Alerts", "删除恢复前保留的旧数据库"),
    }
    return names.get(action, action)


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def explain(alert: AlertOut) -> str:
    """One sentence from the alert's details; what is missing is left out."""
    d = alert.details
    by = str(d.get("by") or "")
    if alert.kind is AlertKind.FAILED_LOGINS:
        return QCoreApplication.translate("Alerts", "{minutes} 分钟内登录失败 {n} 次").format(
            minutes=d.get("within_minutes", 15), n=_number(d.get("failures", "?"))
        )
    if alert.kind is AlertKind.ACCOUNT_LOCKED:
        failures = _failures_in(str(d.get("reason") or ""))
        if failures is not None:
            return QCoreApplication.translate("Alerts", "连续 {n} 次登录失败后被锁定").format(
                n=failures
            )
        return QCoreApplication.translate("Alerts", "账号已被锁定,需管理员解锁")
    if alert.kind is AlertKind.UNUSUAL_HOUR:
        return QCoreApplication.translate("Alerts", "{hour} 点登录").format(
            hour=d.get("office_hour", "?")
        )
    if alert.kind is AlertKind.LARGE_EXPORT:
        return QCoreApplication.translate("Alerts", "导出 {rows} 行").format(
            rows=_number(d.get("rows", "?"))
        )
    if alert.kind is AlertKind.SECRET_TAMPERED:
        return QCoreApplication.translate(
            "Alerts",
            "数据库中该账号的动态口令密钥不属于它(可能从其他账号复制),登录已拒绝;请核查数据库访问并重置其动态口令",
        )
    if alert.kind is AlertKind.DATABASE_ROLE:
        return QCoreApplication.translate(
            "Alerts",
            "服务器以超级用户/属主角色连接数据库,可绕过操作日志和审批记录的保护;"
            "请按 README“数据库角色”改用 countersign_app",
        )
    if alert.kind is AlertKind.PERMISSION_CHANGE:
        return QCoreApplication.translate("Alerts", "由 {by} 执行:{action}").format(
            by=by or "—", action=permission_action_name(str(d.get("action") or ""))
        )
    return _backup_text(d)


def _failures_in(reason: str) -> int | None:
    """The count in the server's lock reason ('连续 5 次登录失败 / ...')."""
    words = reason.split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else None


def _backup_text(d: dict[str, Any]) -> str:
    if d.get("problem") == "no_recent_verified_backup":
        return QCoreApplication.translate("Alerts", "{hours} 小时内没有验证通过的备份").format(
            hours=d.get("hours", 36)
        )
    if d.get("problem") == "archiving_failing":
        return QCoreApplication.translate(
            "Alerts", "日志归档持续失败 {n} 次:按时间点恢复失去保障,请检查归档磁盘"
        ).format(n=d.get("failures", 0))
    if d.get("action") == "restore.failed":
        problems = d.get("problems") or []
        text = QCoreApplication.translate("Alerts", "数据恢复失败,原数据库未改动")
        return f"{text}:{';'.join(map(str, problems))}" if problems else text
    if d.get("action") == "backup.base_failed":
        error = str(d.get("error") or "")
        text = QCoreApplication.translate("Alerts", "基础备份失败")
        return f"{text}:{error}" if error else text
    if d.get("action") == "backup.offsite_failed":
        error = str(d.get("error") or "")
        text = QCoreApplication.translate("Alerts", "复制到第二存放位置失败")
        return f"{text}:{error}" if error else text
    if d.get("action") == "backup.verify_failed":
        problems = d.get("problems") or []
        text = QCoreApplication.translate("Alerts", "备份验证失败")
        return f"{text}:{';'.join(map(str, problems))}" if problems else text
    error = str(d.get("error") or "")
    text = QCoreApplication.translate("Alerts", "备份失败")
    return f"{text}:{error}" if error else text


def counts_text(alerts: list[AlertOut]) -> str:
    """'多次登录失败 2 · 账号被锁定 1 · …' in the order of the kinds; none at all says so."""
    counted = Counter(alert.kind for alert in alerts)
    if not counted:
        return QCoreApplication.translate("Alerts", "没有告警")
    parts = [
        QCoreApplication.translate("Alerts", "{kind} {n} 条").format(
            kind=kind_name(kind), n=counted[kind]
        )
        for kind in AlertKind
        if counted[kind]
    ]
    return QCoreApplication.translate("Alerts", "共 {n} 条:").format(n=len(alerts)) + " · ".join(
        parts
    )


class AlertsModel(RowsModel[AlertOut]):
    """Newest first, as the server sends them."""

    COLUMNS = ("at", "kind", "subject", "details")

    def titles(self) -> dict[str, str]:
        return {
            "at": self.tr("时间"),
            "kind": self.tr("类别"),
            "subject": self.tr("对象"),
            "details": self.tr("说明"),
        }

    def set_rows(self, rows: list[AlertOut]) -> None:
        super().set_rows(sorted(rows, key=lambda alert: alert.at, reverse=True))

    def text(self, row: AlertOut, column: str) -> str:
        if column == "at":
            return when(row.at)
        if column == "kind":
            return kind_name(row.kind)
        if column == "subject":
            return row.subject or "—"
        if column == "details":
            return explain(row)
        return ""

    def colour(self, row: AlertOut, column: str) -> QColor | None:
        return look.ERROR if row.kind in SERIOUS else None

    def find(self, kind: AlertKind, subject: str) -> int:
        for number, row in enumerate(self.rows):
            if row.kind is kind and row.subject == subject:
                return number
        return -1
