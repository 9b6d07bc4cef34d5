"""The operation log table: one row per record as the server keeps it, newest
first, with the next pages appended below; and the chain check in words."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from client.admin.periods.models import RowsModel
from common.schemas.admin import AuditVerifyOut
from common.schemas.audit_log import AuditLogEntryOut

_Index = QModelIndex | QPersistentModelIndex
DETAILS_SHOWN = 200  # characters of the details in the cell; the tooltip has them all


def moment(at: dt.datetime) -> str:
    """Local time on screen, to the second (the server keeps UTC)."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _compact(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def details_text(row: AuditLogEntryOut) -> str:
    """'变更前 {…} → 变更后 {…}', or only the side the record has."""
    before_label = QCoreApplication.translate("AuditLog", "变更前")
    after_label = QCoreApplication.translate("AuditLog", "变更后")
    if row.before is not None and row.after is not None:
        return f"{before_label} {_compact(row.before)} → {after_label} {_compact(row.after)}"
    if row.before is not None:
        return f"{before_label} {_compact(row.before)}"
    if row.after is not None:
        return _compact(row.after)
    return ""


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

    def append(self, rows: list[AuditLogEntryOut]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows = self.rows + rows
        self.endInsertRows()

    def text(self, row: AuditLogEntryOut, column: str) -> str:
        if column == "at":
            return moment(row.at)
        if column == "actor":
            return row.actor_name
        if column == "action":
            return row.action
        if column == "target":
            return f"{row.target_type} {row.target_id}".strip() or "—"
        if column == "source":
            return " / ".join(part for part in (row.client_host, row.client_address) if part) or "—"
        if column == "details":
            shown = details_text(row)
            return shown if len(shown) <= DETAILS_SHOWN else shown[:DETAILS_SHOWN] + "…"
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            row = self.rows[index.row()]
            number = self.tr("记录编号 {id}").format(id=row.id)
            if self.COLUMNS[index.column()] == "details":
                return f"{number}\n{details_text(row)}"
            return number
        return super().data(index, role)
