"""The operation log table: one row per record as the server keeps it, newest
first, with the next pages appended below; and the chain check in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from client.core.i18n import current_language
from client.widgets.rows_model import RowsModel
from common.audit_words import change_lines, target_words
from common.labels import action_label
from common.schemas.admin import AuditVerifyOut
from common.schemas.audit_log import AuditLogEntryOut

_Index = QModelIndex | QPersistentModelIndex
DETAILS_SHOWN = 200  # characters of the details in the cell; the tooltip has them all


def moment(at: dt.datetime) -> str:
    """Local time on screen, to the second (the server keeps UTC)."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def details_text(row: AuditLogEntryOut, separator: str = "; ") -> str:
    """What changed, one "字段: 旧值 → 新值" a field (common/audit_words.py)."""
    return separator.join(change_lines(row.before, row.after, current_language()))


def chain_text(report: AuditVerifyOut) -> str:
    """The chain check as the auditor reads it; the broken record by its number."""
    if report.ok:
        return QCoreApplication.translate("AuditLog", "日志链完整,共 {n} 条记录").format(
            n=f"{report.records:,}"
        )
    reasons = {
        "link to the previous record is broken": QCoreApplication.translate(
            "AuditLog", "与上一条记录的链接不符"
        ),
        "content does not match its hash": QCoreApplication.translate(
            "AuditLog", "记录内容与其哈希值不符,记录已被改动"
        ),
    }
    reason = reasons.get(report.reason or "", report.reason or "")
    return QCoreApplication.translate("AuditLog", "日志链在第 {id} 条记录处断裂:{reason}").format(
        id=report.first_bad_id, reason=reason
    )


class AuditLogModel(RowsModel[AuditLogEntryOut]):
    """Newest first, as the server sends them; ``append`` adds the next page."""

    COLUMNS = ("at", "actor", "action", "target", "source", "details")

    def titles(self) -> dict[str, str]:
        return {
            "at": self.tr("时间"),
            "actor": self.tr("操作人"),
            "action": self.tr("操作"),
            "target": self.tr("对象"),
            "source": self.tr("来源/IP"),
            "details": self.tr("详情"),
        }

    def text(self, row: AuditLogEntryOut, column: str) -> str:
        if column == "at":
            return moment(row.at)
        if column == "actor":
            return row.actor_name
        if column == "action":
            return action_label(row.action, current_language())
        if column == "target":
            return target_words(row.target_type, row.target_id, current_language()) or "—"
        if column == "source":
            return " / ".join(part for part in (row.client_host, row.client_address) if part) or "—"
        if column == "details":
            shown = details_text(row)
            return shown if len(shown) <= DETAILS_SHOWN else shown[:DETAILS_SHOWN] + "…"
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            row = self.rows[index.row()]
            number = self.tr("记录编号 {id}").format(id=row.id) + f" · {row.action}"
            if self.COLUMNS[index.column()] == "details":
                return f"{number}\n{details_text(row, separator=chr(10))}"
            return number
        return super().data(index, role)
