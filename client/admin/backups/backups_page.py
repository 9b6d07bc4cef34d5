"""数据备份: the server's backups with their verification, the run in progress,
and 数据恢复 below them (restore_panel.py).

A run backs up, verifies the file by a test restore into a scratch database,
then applies retention; the nightly run does the same (DOMAIN.md "Backup and
restore"). The page warns when no verified backup is younger than 36 hours,
since an unverified backup may not restore. While a run is in progress the page
asks the server again every second, in the background and only while it is on
screen; nobody else tells it when the run ends. A restore is such a run too
(trigger 'restore', phases prepare … switch): the server answers this page during
the maintenance it runs in, and while a restore plan waits for its second
administrator the page asks every few seconds, so it notices the approval and
follows the restore to its end.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from client.admin.backups.key_box import KeyBox
from client.admin.backups.model import (
    STALE_AFTER,
    BackupsModel,
    age_text,
    is_stale,
    newest_verified,
)
from client.admin.backups.restore_model import (
    is_restore,
    pending_plans,
    plan_of,
    report_of,
    restore_ended_text,
    restore_running,
)
from client.admin.backups.restore_panel import RestorePanel
from client.admin.backups.run_box import RunBox
from client.admin.page_base import AdminPage, page_title
from client.admin.periods.names import when
from client.api import ApiClient, ApiError
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_state
from common.schemas.admin_requests import AdminRequestOut, RequestState
from common.schemas.backups import BackupOut, BackupRunOut, BackupsOut, RunState
from common.schemas.system_status import BackupKeyOut

POLL_MS = 1000
PENDING_POLL_MS = 3000  # a restore plan waits for its approval: notice it starting


Loaded = tuple[BackupsOut, list[AdminRequestOut] | None, BackupKeyOut | None]


def _load(api: ApiClient) -> Loaded:
    """The backups with the run, the restore plans waiting and the backup key's
    export (not asked while a restore runs: the server answers only this page
    during maintenance)."""
    answer = api.admin.backups()
    if restore_running(answer.run):
        return answer, None, None
    try:
        requests = api.admin.requests(RequestState.PENDING)
        key = api.admin_system.backup_key()
    except ApiError as error:
        if error.code != "system.maintenance":
            raise
        return answer, None, None
    return answer, pending_plans(requests), key


class BackupsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        login = context.login
        self.message.setObjectName("backupsMessage")
        self._generation = 0
        self.run_status: BackupRunOut | None = None
        self.answer: BackupsOut | None = None
        self.stale = False
        # plans this page saw waiting, by id: it tells how they end
        self._awaited: dict[int, AdminRequestOut] = {}
        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("backupsPoll")
        self.poll_timer.setSingleShot(True)  # restarted by each answer: never two at once
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.refresh)
        self.pending_poll_ms = PENDING_POLL_MS

        self.title = page_title("backupsTitle")
        self.back_up_button = QPushButton()
        self.back_up_button.setObjectName("backups_now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("backups_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.freshness = QLabel()
        self.freshness.setObjectName("backupsFreshness")
        self.freshness.setWordWrap(True)
        self.key_box = KeyBox()
        self.key_box.confirm.connect(self.confirm_key)

        self.model = BackupsModel()
        name_column = BackupsModel.COLUMNS.index("name")  # the file name takes the room
        self.table = ListTable(self.model, "backupsTable", stretch=name_column)
        self.table.horizontalHeader().setMinimumSectionSize(80)

        self.run_box = RunBox()
        self.run_values = self.run_box.values
        self.progress = self.run_box.progress
        self.hint = hint_label("backupsHint")

        self.restore_panel = RestorePanel(
            self, backups=lambda: list(self.model.rows), selected_backup=self.selected_backup
        )
        self.restore_panel.filed.connect(self._plan_filed)
        self.restore_panel.dropped.connect(lambda _name: self.refresh())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.restore_panel.update_buttons()
        )

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.table.count_label)
        top.addWidget(self.table.filter_edit)
        top.addWidget(self.back_up_button)
        top.addWidget(self.refresh_button)
        backups = QSplitter(Qt.Orientation.Vertical)
        backups.setObjectName("backupsSplit")
        backups.addWidget(self.table)
        backups.addWidget(self.restore_panel)
        backups.setStretchFactor(0, 2)
        backups.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.freshness)
        layout.addWidget(self.key_box)
        layout.addWidget(self.message)
        layout.addWidget(self.run_box)
        layout.addWidget(backups, 1)
        layout.addWidget(self.hint)
        login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("数据备份"))
        self.back_up_button.setText(self.tr("立即备份"))
        self.refresh_button.setText(self.tr("刷新"))
        self.table.retranslate()
        self.hint.setText(
            self.tr(
                "每次备份完成后都会在临时数据库中试恢复并核对行数与账务合计;"
                "验证通过后按保留规则清理旧备份。每日定时备份同样如此。"
            )
        )
        self.run_box.retranslate()
        self.key_box.retranslate()
        self.model.retranslate()
        self.restore_panel.retranslate()
        self._show_run(self.run_status)
        self.show_freshness()

    # -- loading -------------------------------------------------------------
    def clear(self) -> None:
        """Logged out: stop asking, and nothing of the last view stays on screen."""
        self._generation += 1
        self.poll_timer.stop()
        self.run_status = self.answer = None
        self._awaited.clear()
        self.model.set_rows([])
        self.restore_panel.clear()
        self.key_box.show_state(None)
        self.message.clear()
        self._show_run(None)
        self.show_freshness()

    def refresh(self) -> None:
        """The list, the run and the restores in one background call; an older
        answer is dropped. A failure while following a restore (the database
        being switched under the server) is asked again."""
        self.poll_timer.stop()
        self._generation += 1
        generation = self._generation

        def loaded(answer: Loaded) -> None:
            if generation == self._generation:
                self._got(*answer)

        def failed(_error: Exception) -> None:
            if generation == self._generation and self._following():
                self._poll(POLL_MS)

        self.run(_load, loaded, failure=failed)

    def _got(
        self, answer: BackupsOut, pending: list[AdminRequestOut] | None, key: BackupKeyOut | None
    ) -> None:
        before = self.run_status
        if key is not None:
            self.key_box.show_state(key)
        self.answer = answer
        chosen = self.selected_backup()
        self.model.set_rows(list(answer.backups))
        if chosen is not None:
            self.select_backup(chosen.name)
        if pending is not None:
            # refused or withdrawn plans are forgotten; the restore running is not
            restoring = {answer.run.plan_id} if is_restore(answer.run) else set()
            kept = {i: plan for i, plan in self._awaited.items() if i in restoring}
            self._awaited = kept | {plan.id: plan for plan in pending}
        self._show_run(answer.run)
        running = answer.run.state is RunState.RUNNING
        self.restore_panel.show_state(answer.restores, pending, busy=running)
        if (before is not None and before.state is RunState.RUNNING) or self._awaited_ended():
            self._say_how_it_ended(answer.run)
        self.show_freshness()
        self._poll_if_running()

    def _awaited_ended(self) -> bool:
        run = self.run_status
        ended = run is not None and run.state is not RunState.RUNNING
        return ended and is_restore(run) and plan_of(self._awaited, run) is not None

    def _following(self) -> bool:
        """A run in progress, or a restore plan that may start any moment."""
        running = self.run_status is not None and self.run_status.state is RunState.RUNNING
        return running or bool(self.restore_panel.pending)

    def _poll_if_running(self) -> None:
        """Ask again in a second while a run is in progress and the page is seen;
        every few seconds while a restore plan waits for approval."""
        if self.run_status is not None and self.run_status.state is RunState.RUNNING:
            self._poll(POLL_MS)
        elif self.restore_panel.pending:
            self._poll(self.pending_poll_ms)

    def _poll(self, interval: int) -> None:
        if self.isVisible() and self._login.auth.me is not None:
            self.poll_timer.start(interval)

    def hideEvent(self, event: QHideEvent) -> None:
        """Another page, the lock screen or a minimised window: no more polling
        (showing the page again refreshes and polls if still running)."""
        self.poll_timer.stop()
        super().hideEvent(event)

    def selected_backup(self) -> BackupOut | None:
        return self.table.selected()

    def select_backup(self, name: str) -> None:
        self.table.select_where(lambda backup: backup.name == name)

    def _plan_filed(self, request: AdminRequestOut) -> None:
        """The plan waits in 双人复核 (that page refreshes); this one watches for
        its approval."""
        self._awaited[request.id] = request
        self.context.changes.announce(Changed.REQUESTS)
        self.refresh()

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

    def confirm_key(self) -> None:
        """The exported key is kept offline (a fresh code is asked for if needed)."""

        def confirmed(state: BackupKeyOut) -> None:
            self.key_box.show_state(state)
            self.say(self.tr("已确认备份密钥离线保存"))

        self.run(lambda api: api.admin_system.confirm_backup_key(), confirmed)

    # -- showing -------------------------------------------------------------
    def _say_how_it_ended(self, run: BackupRunOut) -> None:
        if is_restore(run):
            self._awaited.pop(run.plan_id or 0, None)
            reports = self.answer.restores.reports if self.answer and self.answer.restores else []
            text = restore_ended_text(run, report_of(reports, run))
            if run.state is RunState.DONE:
                self.say(text)
            elif run.state is RunState.FAILED:
                self.say_error(text)
            self.context.changes.announce(Changed.REQUESTS)  # the restored database has its own
        elif run.state is RunState.DONE:
            self.say(self.tr("备份完成,验证通过:{name}").format(name=run.backup or ""))
        elif run.state is RunState.FAILED:
            self.say_error(self.tr("备份失败,问题见“最近一次备份”"))

    def _show_run(self, run: BackupRunOut | None) -> None:
        self.run_status = run
        running = run is not None and run.state is RunState.RUNNING
        # nothing to start before the server said whether one is running
        self.back_up_button.setEnabled(run is not None and not running)
        reports = self.answer.restores.reports if self.answer and self.answer.restores else []
        report = report_of(reports, run) if is_restore(run) else None
        waiting = plan_of(self._awaited, run) if is_restore(run) else None
        self.run_box.show_run(
            run, report=report, plan_target=waiting.target if waiting is not None else None
        )

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
        set_state(self.freshness, "alarm" if self.stale else "settled")
