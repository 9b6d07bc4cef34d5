"""数据备份: the server's backups with their verification, and the run in progress.

A run backs up, verifies the file by a test restore into a scratch database,
then applies retention; the nightly run does the same (DOMAIN.md "Backup and
restore"). The page warns when no verified backup is younger than 36 hours,
since an unverified backup may not restore. While a run is in progress the page
asks the server again every second, in the background and only while it is on
screen; nobody else tells it when the run ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from client.admin.backups.model import (
    STALE_AFTER,
    BackupsModel,
    age_text,
    is_stale,
    newest_verified,
    run_colour,
    run_state_text,
    trigger_name,
)
from client.admin.periods.names import when
from client.admin.periods.page_base import ERROR_STYLE, AdminPage, list_table
from client.api import ApiClient, ApiError
from client.login.controller import LoginController
from common.schemas.backups import BackupOut, BackupRunOut, BackupsOut, RunState

POLL_MS = 1000

# where each field of the run box sits: grid row, column, columns its value spans
_RUN_FIELDS = {
    "state": (0, 0, 1),
    "trigger": (0, 2, 1),
    "started_at": (1, 0, 1),
    "finished_at": (1, 2, 1),
    "backup": (2, 0, 3),
    "problems": (3, 0, 3),
    "removed": (4, 0, 3),
}
_WARNING_STYLE = (
    "QLabel { color: #c0392b; background: #fdedec; border: 1px solid #f5b7b1;"
    " border-radius: 4px; padding: 6px; }"
)
_FRESH_STYLE = "QLabel { color: #1e8449; border: 1px solid transparent; padding: 6px; }"


class BackupsPage(AdminPage):
    def __init__(self, api: Callable[[], ApiClient | None], login: LoginController) -> None:
        super().__init__(api, login)
        self.message.setObjectName("backupsMessage")
        self._generation = 0
        self.run_status: BackupRunOut | None = None
        self.stale = False
        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("backupsPoll")
        self.poll_timer.setSingleShot(True)  # restarted by each answer: never two at once
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.refresh)

        self.title = QLabel()
        self.title.setObjectName("backupsTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.back_up_button = QPushButton()
        self.back_up_button.setObjectName("backups_now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("backups_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.freshness = QLabel()
        self.freshness.setObjectName("backupsFreshness")
        self.freshness.setWordWrap(True)

        self.model = BackupsModel()
        self.table = list_table(self.model, "backupsTable")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)  # the file name takes the room instead
        header.setMinimumSectionSize(80)
        header.setSectionResizeMode(
            BackupsModel.COLUMNS.index("name"), QHeaderView.ResizeMode.Stretch
        )

        self.run_box = QGroupBox()
        self.run_box.setObjectName("backupRun")
        self.run_grid = grid = QGridLayout(self.run_box)
        grid.setHorizontalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.run_labels: dict[str, QLabel] = {}
        self.run_values: dict[str, QLabel] = {}
        for key, (row, column, span) in _RUN_FIELDS.items():
            label, value = QLabel(), QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setObjectName(f"backupRun_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.run_labels[key], self.run_values[key] = label, value
            grid.addWidget(label, row, column)
            grid.addWidget(value, row, column + 1, 1, span)
        self.run_values["problems"].setStyleSheet(ERROR_STYLE)
        self.progress = QProgressBar()
        self.progress.setObjectName("backupProgress")
        self.progress.setRange(0, 0)  # the server reports phases, not percentages
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        grid.addWidget(self.progress, len(_RUN_FIELDS), 0, 1, 4)
        self.hint = QLabel()
        self.hint.setObjectName("backupsHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #7f8c8d")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.back_up_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.freshness)
        layout.addWidget(self.message)
        layout.addWidget(self.run_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("数据备份"))
        self.back_up_button.setText(self.tr("立即备份"))
        self.refresh_button.setText(self.tr("刷新"))
        self.hint.setText(
            self.tr(
                "每次备份完成后都会在临时数据库中试恢复并核对行数与账务合计;"
                "验证通过后按保留规则清理旧备份。每日定时备份同样如此。"
            )
        )
        names = {
            "state": self.tr("状态:"),
            "trigger": self.tr("方式:"),
            "started_at": self.tr("开始时间:"),
            "finished_at": self.tr("结束时间:"),
            "backup": self.tr("备份文件:"),
            "problems": self.tr("问题:"),
            "removed": self.tr("按保留规则删除:"),
        }
        for key, text in names.items():
            self.run_labels[key].setText(text)
        for column in (0, 2):  # the values stay put as fields come and go
            labels = [self.run_labels[k] for k, at in _RUN_FIELDS.items() if at[1] == column]
            widest = max(label.sizeHint().width() for label in labels)
            self.run_grid.setColumnMinimumWidth(column, widest)
        self.model.retranslate()
        self._show_run(self.run_status)
        self.show_freshness()

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: stop asking, and nothing of the last view stays on screen."""
        self._generation += 1
        self.poll_timer.stop()
        self.run_status = None
        self.model.set_rows([])
        self.message.clear()
        self._show_run(None)
        self.show_freshness()

    def refresh(self) -> None:
        """The list and the run in one background call; an older answer is dropped."""
        self.poll_timer.stop()
        self._generation += 1
        generation = self._generation

        def loaded(answer: BackupsOut) -> None:
            if generation == self._generation:
                self._got(answer)

        self.run(lambda api: api.admin.backups(), loaded)

    def _got(self, answer: BackupsOut) -> None:
        before = self.run_status
        self.model.set_rows(list(answer.backups))
        self._show_run(answer.run)
        if before is not None and before.state is RunState.RUNNING:
            self._say_how_it_ended(answer.run)
        self.show_freshness()
        self._poll_if_running()

    def _poll_if_running(self) -> None:
        """Ask again in a second while a run is in progress and the page is seen."""
        running = self.run_status is not None and self.run_status.state is RunState.RUNNING
        if running and self.isVisible() and self._login.auth.me is not None:
            self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Another page, the lock screen or a minimised window: no more polling
        (showing the page again refreshes and polls if still running)."""
        self.poll_timer.stop()
        super().hideEvent(event)

    # -- acting --------------------------------------------------------------
    def back_up_now(self) -> None:
        """Start a run on the server; it answers at once and the page follows it."""
        self._generation += 1  # a list asked for before this start is out of date
        self.poll_timer.stop()
        self.back_up_button.setEnabled(False)
        self.message.clear()

        def started(run: BackupRunOut) -> None:
            self.say(self.tr("备份已开始"))
            self._show_run(run)
            self._poll_if_running()

        def refused(error: Exception) -> None:
            # one already running (started elsewhere or by the schedule): follow it
            if isinstance(error, ApiError) and error.code == "backup.running":
                self.refresh()
            else:
                self._show_run(self.run_status)

        if not self.run(lambda api: api.admin.back_up_now(), started, failure=refused):
            self._show_run(self.run_status)  # not connected: nothing was started

    # -- showing -------------------------------------------------------------
    def _say_how_it_ended(self, run: BackupRunOut) -> None:
        if run.state is RunState.DONE:
            self.say(self.tr("备份完成,验证通过:{name}").format(name=run.backup or ""))
        elif run.state is RunState.FAILED:
            self.say_error(self.tr("备份失败,问题见“最近一次备份”"))

    def _show_run(self, run: BackupRunOut | None) -> None:
        self.run_status = run
        running = run is not None and run.state is RunState.RUNNING
        self.run_box.setVisible(run is not None)
        self.progress.setVisible(running)
        # nothing to start before the server said whether one is running
        self.back_up_button.setEnabled(run is not None and not running)
        if run is None:
            for value in self.run_values.values():
                value.clear()
            self._show_rows(set())
            return
        started = run.started_at is not None
        self.run_box.setTitle(self.tr("正在进行的备份") if running else self.tr("最近一次备份"))
        state = self.run_values["state"]
        state.setText(run_state_text(run))
        colour = run_colour(run)
        state.setStyleSheet(f"color: {colour}; font-weight: bold" if colour else "")
        self.run_values["trigger"].setText(trigger_name(run.trigger))
        self.run_values["started_at"].setText(when(run.started_at))
        self.run_values["finished_at"].setText(when(run.finished_at))
        self.run_values["backup"].setText(run.backup or "—")
        self.run_values["problems"].setText("\n".join(f"• {p}" for p in run.problems))
        if run.state is RunState.DONE:
            removed = "\n".join(run.removed) if run.removed else self.tr("无")
        else:
            removed = ""
        self.run_values["removed"].setText(removed)
        shown = {"state"}
        if started:
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

    def _show_rows(self, keys: set[str]) -> None:
        for key in _RUN_FIELDS:
            self.run_labels[key].setVisible(key in keys)
            self.run_values[key].setVisible(key in keys)

    def show_freshness(self, now: dt.datetime | None = None) -> None:
        """The age of the newest verified backup; a warning when there is none
        younger than 36 hours. Nothing before the first answer."""
        backups: list[BackupOut] = self.model.rows
        if self.run_status is None:
            self.stale = False
            self.freshness.clear()
            self.freshness.setVisible(False)
            return
        now = now or dt.datetime.now(dt.UTC)
        self.freshness.setVisible(True)
        newest = newest_verified(backups)
        self.stale = is_stale(backups, now)
        if newest is None:
            text = self.tr("警告:没有验证通过的备份。请立即备份,并检查每日定时备份是否正常。")
        else:
            text = self.tr("最近一次验证通过的备份:{at}({age}前)").format(
                at=when(newest.taken_at), age=age_text(now - newest.taken_at)
            )
            if self.stale:
                hours = int(STALE_AFTER.total_seconds() // 3600)
                text = self.tr("警告:{text},已超过 {hours} 小时。").format(text=text, hours=hours)
        self.freshness.setText(text)
        self.freshness.setStyleSheet(_WARNING_STYLE if self.stale else _FRESH_STYLE)
