"""The restore plan (恢复计划) an administrator files: what to restore and why.

A plan restores a full backup file, or the database as it was at a moment (a
base backup with the archived log replayed up to it; 最新 = as late as the
archive goes). It only files the plan: a second administrator approves it in
双人复核 and then the server carries it out. The checks here save a round trip
(a reason, a file, a moment inside what the archive covers); the server checks
again and its refusal is shown as it sends it.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.admin.backups.model import Verification, verification, verification_name
from client.admin.backups.restore_model import coverage_text, has_coverage
from client.admin.periods.names import when
from client.widgets.look import set_state
from common.schemas.backups import BackupOut
from common.schemas.restores import CoverageOut, RestorePlanIn, RestoreSource

REASON_MAX = 200  # RestorePlanIn.reason


def _to_qt(moment: dt.datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(math.ceil(moment.timestamp()))


def _from_qt(moment: QDateTime) -> dt.datetime:
    """Aware UTC: the edit shows local time, the server keeps UTC."""
    return dt.datetime.fromtimestamp(moment.toSecsSinceEpoch(), dt.UTC)


class RestoreDialog(QDialog):
    """Emits ``plan_ready`` with a checked plan; stays open (buttons off) until
    the page calls ``filed()`` or ``refused(...)`` with the server's answer."""

    plan_ready = Signal(object)  # RestorePlanIn

    def __init__(
        self,
        *,
        source: RestoreSource,
        backups: list[BackupOut],
        selected: str | None,
        coverage: CoverageOut | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setMinimumWidth(520)
        self.source = source
        self.coverage = coverage

        self.backup_combo = QComboBox()
        self.backup_combo.setObjectName("restoreBackup")
        self.time_edit = QDateTimeEdit()
        self.time_edit.setObjectName("restoreTime")
        self.time_edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.time_edit.setCalendarPopup(True)
        self.latest_check = QCheckBox()
        self.latest_check.setObjectName("restoreLatest")
        self.latest_check.toggled.connect(lambda on: self.time_edit.setEnabled(not on))
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("restoreCoverage")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("restoreReason")
        self.reason_edit.setMaxLength(REASON_MAX)
        self.warning = QLabel()
        self.warning.setObjectName("restoreWarning")
        self.warning.setWordWrap(True)
        set_state(self.warning, "warn")
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        set_state(self.error_label, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        self.source_label, self.reason_label = QLabel(), QLabel()
        if source is RestoreSource.BACKUP:
            for backup in backups:
                self.backup_combo.addItem("", backup.name)
            self._backups = backups
            at = self.backup_combo.findData(selected) if selected else -1
            self.backup_combo.setCurrentIndex(max(at, 0))
            form.addRow(self.source_label, self.backup_combo)
        else:
            self._backups = []
            if coverage is not None and coverage.earliest is not None:
                self.time_edit.setMinimumDateTime(_to_qt(coverage.earliest))
            self.time_edit.setMaximumDateTime(QDateTime.currentDateTime())
            self.time_edit.setDateTime(
                _to_qt(coverage.latest)
                if coverage is not None and coverage.latest is not None
                else QDateTime.currentDateTime()
            )
            moment = QHBoxLayout()
            moment.addWidget(self.time_edit, 1)
            moment.addWidget(self.latest_check)
            form.addRow(self.source_label, moment)
            form.addRow(QLabel(), self.coverage_label)
        form.addRow(self.reason_label, self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        backup = self.source is RestoreSource.BACKUP
        self.setWindowTitle(self.tr("从备份恢复") if backup else self.tr("按时间点恢复"))
        self.source_label.setText(self.tr("备份文件:") if backup else self.tr("恢复到:"))
        self.reason_label.setText(self.tr("恢复原因:"))
        self.reason_edit.setPlaceholderText(self.tr("必填,例如:误删本月凭证,恢复到昨晚"))
        self.latest_check.setText(self.tr("最新"))
        self.latest_check.setToolTip(self.tr("恢复到日志归档所及的最后时刻"))
        self.coverage_label.setText(coverage_text(self.coverage))
        for index, row in enumerate(self._backups):
            state = verification(row)
            mark = "✔ " if state is Verification.VERIFIED else ""
            self.backup_combo.setItemText(
                index,
                self.tr("{mark}{name}({at},{state})").format(
                    mark=mark, name=row.name, at=when(row.taken_at), state=verification_name(state)
                ),
            )
        self.warning.setText(
            self.tr(
                "提交后须由另一位管理员在“双人复核”中批准才会执行。执行时系统进入维护模式,"
                "其他用户暂停使用;数据恢复到新数据库并核对无误后才替换当前数据库,"
                "当前数据库改名保留,直到管理员删除。"
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("提交恢复计划"))

    # -- checking and sending --------------------------------------------------
    def plan(self) -> RestorePlanIn | None:
        """The plan as typed, or None after showing what is missing."""
        reason = self.reason_edit.text().strip()
        if self.source is RestoreSource.BACKUP:
            name = self.backup_combo.currentData()
            if not name:
                return self._missing(self.backup_combo, self.tr("请选择要恢复的备份文件"))
            chosen = next(b for b in self._backups if b.name == name)
            if verification(chosen) is Verification.FAILED:
                return self._missing(
                    self.backup_combo, self.tr("这个备份未通过验证,不能用于恢复,请另选一个")
                )
            target: dt.datetime | None = None
        else:
            name = None
            if not has_coverage(self.coverage):
                return self._missing(self.time_edit, coverage_text(self.coverage))
            target = None if self.latest_check.isChecked() else _from_qt(self.time_edit.dateTime())
            if target is not None and not self._inside(target):
                return self._missing(self.time_edit, self._range_text())
        if len(reason) < 2:
            return self._missing(self.reason_edit, self.tr("请填写恢复原因(至少 2 个字)"))
        source = self.source
        return RestorePlanIn(source=source, backup=name, target_time=target, reason=reason)

    def _inside(self, target: dt.datetime) -> bool:
        earliest = self.coverage.earliest if self.coverage else None
        return earliest is not None and earliest <= target <= dt.datetime.now(dt.UTC)

    def _range_text(self) -> str:
        earliest = self.coverage.earliest if self.coverage else None
        return self.tr("恢复时间点须在 {earliest} 与现在之间").format(
            earliest=self.time_edit.minimumDateTime().toString("yyyy-MM-dd HH:mm:ss")
            if earliest
            else "—"
        )

    def _missing(self, widget: QWidget, text: str) -> RestorePlanIn | None:
        """Say what is missing at ``widget``; None: no plan."""
        self.error_label.setText(text)
        widget.setFocus()
        return None

    def submit(self) -> None:
        plan = self.plan()
        if plan is None:
            return
        self.error_label.clear()
        self.buttons.setEnabled(False)  # one plan per click
        self.plan_ready.emit(plan)

    def refused(self, text: str, field: str | None = None) -> None:
        """The server's refusal, in its words; the field it names gets the focus."""
        self.buttons.setEnabled(True)
        self.error_label.setText(text)
        widget = {
            "reason": self.reason_edit,
            "backup": self.backup_combo,
            "target_time": self.time_edit,
        }.get(field or "")
        if widget is not None:
            widget.setFocus()

    def filed(self) -> None:
        self.accept()
