"""The run box of the 数据备份 page: the backup or restore in progress, or the
last one and how it ended (the server keeps only the latest run in memory)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QProgressBar

from client.admin.backups.model import run_state, run_state_text, trigger_name
from client.admin.backups.restore_model import (
    is_restore,
    phase_name,
    restore_state_text,
    source_text,
)
from client.admin.periods.names import restore_target_name, when
from client.widgets.look import set_look, set_state
from common.schemas.backups import BackupRunOut, RunState
from common.schemas.restores import RestoreReportOut

# where each field sits: grid row, column, columns its value spans
_FIELDS = {
    "state": (0, 0, 1),
    "trigger": (0, 2, 1),
    "started_at": (1, 0, 1),
    "finished_at": (1, 2, 1),
    "phase": (2, 0, 1),  # a restore's
    "plan": (2, 2, 1),
    "backup": (3, 0, 3),
    "source": (4, 0, 1),
    "old": (4, 2, 1),
    "problems": (5, 0, 3),
    "removed": (6, 0, 3),
}


class RunBox(QGroupBox):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("backupRun")
        self.grid = grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key, (row, column, span) in _FIELDS.items():
            label, value = QLabel(), QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setObjectName(f"backupRun_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key], self.values[key] = label, value
            grid.addWidget(label, row, column)
            grid.addWidget(value, row, column + 1, 1, span)
        set_state(self.values["problems"], "error")
        set_look(self.values["phase"], "strong")
        self.progress = QProgressBar()
        self.progress.setObjectName("backupProgress")
        self.progress.setRange(0, 0)  # the server reports phases, not percentages
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        grid.addWidget(self.progress, len(_FIELDS), 0, 1, 4)
        self._shown: tuple[BackupRunOut | None, RestoreReportOut | None, str | None] = (
            None,
            None,
            None,
        )

    def retranslate(self) -> None:
        names = {
            "state": self.tr("状态:"),
            "trigger": self.tr("方式:"),
            "started_at": self.tr("开始时间:"),
            "finished_at": self.tr("结束时间:"),
            "phase": self.tr("阶段:"),
            "plan": self.tr("恢复计划:"),
            "backup": self.tr("备份文件:"),
            "source": self.tr("来源:"),
            "old": self.tr("原数据库保留为:"),
            "problems": self.tr("问题:"),
            "removed": self.tr("按保留规则删除:"),
        }
        for key, text in names.items():
            self.labels[key].setText(text)
        for column in (0, 2):  # the values stay put as fields come and go
            labels = [self.labels[k] for k, at in _FIELDS.items() if at[1] == column]
            widest = max(label.sizeHint().width() for label in labels)
            self.grid.setColumnMinimumWidth(column, widest)
        run, report, target = self._shown
        self.show_run(run, report=report, plan_target=target)

    def show_run(
        self,
        run: BackupRunOut | None,
        *,
        report: RestoreReportOut | None = None,
        plan_target: str | None = None,
    ) -> None:
        """``report``: a finished restore's; ``plan_target``: the plan's target as
        filed, known while the plan waited (a running restore has no report yet)."""
        self._shown = (run, report, plan_target)
        running = run is not None and run.state is RunState.RUNNING
        self.setVisible(run is not None)
        self.progress.setVisible(running)
        if run is None:
            for value in self.values.values():
                value.clear()
            self._show_rows(set())
            return
        self._show_common(run)
        if is_restore(run):
            self._show_restore(run, report, plan_target)
            return
        self.setTitle(self.tr("正在进行的备份") if running else self.tr("最近一次备份"))
        self.values["state"].setText(run_state_text(run))
        self.values["backup"].setText(run.backup or "—")
        if run.state is RunState.DONE:
            removed = "\n".join(run.removed) if run.removed else self.tr("无")
        else:
            removed = ""
        self.values["removed"].setText(removed)
        shown = {"state"}
        if run.started_at is not None:
            shown |= {"trigger", "started_at"}
        if run.backup:
            shown.add("backup")
        if run.finished_at is not None:
            shown.add("finished_at")
        if run.problems:
            shown.add("problems")
        if run.state is RunState.DONE:
            shown.add("removed")
        self._show_rows(shown)

    def _show_common(self, run: BackupRunOut) -> None:
        set_state(self.values["state"], run_state(run))
        self.values["trigger"].setText(trigger_name(run.trigger))
        self.values["started_at"].setText(when(run.started_at))
        self.values["finished_at"].setText(when(run.finished_at))
        self.values["problems"].setText("\n".join(f"• {p}" for p in run.problems))

    def _show_restore(
        self, run: BackupRunOut, report: RestoreReportOut | None, plan_target: str | None
    ) -> None:
        """A restore: its phase, its plan and where it came from; once done, the
        old database it kept aside."""
        running = run.state is RunState.RUNNING
        self.setTitle(self.tr("正在进行的恢复") if running else self.tr("最近一次恢复"))
        self.values["state"].setText(restore_state_text(run))
        self.values["phase"].setText(phase_name(run.phase))
        self.values["plan"].setText(self.tr("编号 {id}").format(id=run.plan_id or "—"))
        if report is not None:
            source = source_text(report.source, report.backup, report.target_time)
        else:
            source = restore_target_name(plan_target) if plan_target else ""
        self.values["source"].setText(source)
        old = report.old_database if report is not None and report.ok else None
        self.values["old"].setText(old or "")
        shown = {"state", "trigger", "started_at", "phase", "plan"}
        if run.finished_at is not None:
            shown.add("finished_at")
        if source:
            shown.add("source")
        if old:
            shown.add("old")
        if run.problems:
            shown.add("problems")
        self._show_rows(shown)

    def _show_rows(self, keys: set[str]) -> None:
        for key in _FIELDS:
            self.labels[key].setVisible(key in keys)
            self.values[key].setVisible(key in keys)
