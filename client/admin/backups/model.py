"""The backups table and what the page says about them: how fresh the newest
good backup is, what a run is doing (the server sends codes: 'backup', 'verify',
'manual', 'schedule', 'restore'; a restore's phases are in restore_model.py)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from client.admin.periods.names import when
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.schemas.backups import BackupOut, BackupRunOut, RunState

_Index = QModelIndex | QPersistentModelIndex

STALE_AFTER = dt.timedelta(hours=36)
"""A nightly backup that failed once is tolerated; two missed nights are not."""

MB = 1024 * 1024


class Verification(StrEnum):
    VERIFIED = "verified"
    FAILED = "failed"
    UNVERIFIED = "unverified"  # not yet checked, or the check never finished


def verification(backup: BackupOut) -> Verification:
    if backup.verified:
        return Verification.VERIFIED
    if backup.verification_failed:
        return Verification.FAILED
    return Verification.UNVERIFIED


def verification_name(state: Verification) -> str:
    return {
        Verification.VERIFIED: QCoreApplication.translate("Backups", "已验证"),
        Verification.FAILED: QCoreApplication.translate("Backups", "验证失败"),
        Verification.UNVERIFIED: QCoreApplication.translate("Backups", "未验证"),
    }[state]


def size_text(size: int) -> str:
    """Megabytes with two decimals; a tiny file does not read as empty."""
    if 0 < size < MB // 100:
        return "< 0.01"
    return f"{size / MB:,.2f}"


def newest_verified(backups: list[BackupOut]) -> BackupOut | None:
    """Only a verified backup counts: an unverified one may not restore."""
    good = [b for b in backups if b.verified]
    return max(good, key=lambda b: b.taken_at) if good else None


def is_stale(backups: list[BackupOut], now: dt.datetime) -> bool:
    """No verified backup, or the newest is older than ``STALE_AFTER``."""
    newest = newest_verified(backups)
    return newest is None or now - newest.taken_at > STALE_AFTER


def age_text(age: dt.timedelta) -> str:
    hours = max(int(age.total_seconds() // 3600), 0)
    if hours < 1:
        return QCoreApplication.translate("Backups", "不到 1 小时")
    if hours < 48:
        return QCoreApplication.translate("Backups", "{hours} 小时").format(hours=hours)
    return QCoreApplication.translate("Backups", "{days} 天 {hours} 小时").format(
        days=hours // 24, hours=hours % 24
    )


def run_state_text(run: BackupRunOut) -> str:
    """What the run is doing now, or how it ended."""
    if run.state is RunState.RUNNING:
        if run.phase == "verify":
            return QCoreApplication.translate("Backups", "正在验证…")
        return QCoreApplication.translate("Backups", "正在备份…")
    if run.state is RunState.DONE:
        return QCoreApplication.translate("Backups", "已完成,验证通过")
    if run.state is RunState.FAILED:
        return QCoreApplication.translate("Backups", "失败")
    return QCoreApplication.translate("Backups", "服务器启动以来尚未备份")


def trigger_name(trigger: str | None) -> str:
    names = {
        "manual": QCoreApplication.translate("Backups", "手动"),
        "schedule": QCoreApplication.translate("Backups", "每日定时"),
        "restore": QCoreApplication.translate("Backups", "恢复"),
    }
    return names.get(trigger or "", trigger or "—")


def run_state(run: BackupRunOut) -> str | None:
    """The look of a run's state (resources/styles/countersign.qss)."""
    return {RunState.DONE: "ok", RunState.FAILED: "error"}.get(run.state)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


Named = TypeVar("Named", bound=_Named)


class FilesModel(RowsModel[Named]):
    """Files and databases by name, their size in a right-aligned "size" column."""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and index.isValid()
            and self.COLUMNS[index.column()] == "size"
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def find(self, name: str) -> int:
        for number, row in enumerate(self.rows):
            if row.name == name:
                return number
        return -1


class BackupsModel(FilesModel[BackupOut]):
    """Newest first, as the server sends them."""

    COLUMNS = ("taken_at", "name", "size", "state")

    def titles(self) -> dict[str, str]:
        return {
            "taken_at": self.tr("时间"),
            "name": self.tr("文件名"),
            "size": self.tr("大小(MB)"),
            "state": self.tr("状态"),
        }

    def sort_key(self, row: BackupOut, column: str) -> object | None:
        return row.bytes if column == "size" else None

    def text(self, row: BackupOut, column: str) -> str:
        if column == "taken_at":
            return when(row.taken_at)
        if column == "name":
            return row.name
        if column == "size":
            return size_text(row.bytes)
        if column == "state":
            return verification_name(verification(row))
        return ""

    def colour(self, row: BackupOut, column: str) -> QColor | None:
        if column != "state":
            return None
        return {Verification.VERIFIED: look.OK, Verification.FAILED: look.ERROR}.get(
            verification(row), look.WARN
        )

    def report(self, row: BackupOut) -> str:
        """The verification report in words (the state cell's tooltip)."""
        if row.verified_at is None:
            return self.tr("尚未验证")
        checked = self.tr("{at} 验证").format(at=when(row.verified_at))
        if not row.problems:
            return self.tr("{checked}:校验和、试恢复、行数、账务合计与日志链均一致").format(
                checked=checked
            )
        return "\n".join([checked + ":", *(f"• {problem}" for problem in row.problems)])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and self.COLUMNS[index.column()] == "state"
        ):
            return self.report(self.rows[index.row()])
        return super().data(index, role)
