"""数据恢复, the lower half of the 数据备份 page (DOMAIN.md "Backup and restore").

What a point-in-time restore can reach, the restore plans waiting for a second
administrator, the verification report of every restore (rows, ledger totals,
the operation log's chain) and the old databases restores kept aside. Filing a
plan only asks: the server carries it out once another administrator approves
it in 双人复核, and the page above follows it in its run box. Dropping an old
database is final, so it is confirmed and the server asks for a fresh code.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.admin.backups.restore_dialog import RestoreDialog
from client.admin.backups.restore_model import (
    OldDatabasesModel,
    ReportsModel,
    coverage_text,
    has_coverage,
)
from client.admin.page_base import AdminPage, ask_yes_no, list_table
from client.admin.periods.names import restore_target_name, when
from client.api import ApiError
from client.widgets.errors import describe
from client.widgets.look import set_state
from common.schemas.admin_requests import AdminRequestOut
from common.schemas.backups import BackupOut
from common.schemas.restores import OldDatabaseOut, RestorePlanIn, RestoreSource, RestoresOut


class RestorePanel(QGroupBox):
    """Shown and driven by the 数据备份 page (``page``), which fetches for it."""

    filed = Signal(object)  # AdminRequestOut: a plan now waits in 双人复核
    dropped = Signal(str)  # an old database is gone

    def __init__(
        self,
        page: AdminPage,
        *,
        backups: Callable[[], list[BackupOut]],
        selected_backup: Callable[[], BackupOut | None],
    ) -> None:
        super().__init__()
        self.setObjectName("restorePanel")
        self._page = page
        self._backups = backups
        self._selected_backup = selected_backup
        self.restores: RestoresOut | None = None
        self.pending: list[AdminRequestOut] = []
        self.busy = True  # a run in progress (or no answer yet): nothing to start
        self.pending_dialog: RestoreDialog | None = None
        self.pending_confirm: QMessageBox | None = None

        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("restoreCoverageLine")
        self.coverage_label.setWordWrap(True)
        self.from_backup_button = QPushButton()
        self.from_backup_button.setObjectName("restore_from_backup")
        self.from_backup_button.clicked.connect(lambda: self.open_dialog(RestoreSource.BACKUP))
        self.point_button = QPushButton()
        self.point_button.setObjectName("restore_point_in_time")
        self.point_button.clicked.connect(lambda: self.open_dialog(RestoreSource.POINT_IN_TIME))
        self.pending_label = QLabel()
        self.pending_label.setObjectName("restorePending")
        self.pending_label.setWordWrap(True)
        set_state(self.pending_label, "pending")
        self.pending_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reports = ReportsModel()
        self.reports_table = list_table(self.reports, "restoreReports")
        header = self.reports_table.horizontalHeader()
        header.setStretchLastSection(False)  # the old database's long name takes the room
        header.setSectionResizeMode(
            ReportsModel.COLUMNS.index("old"), QHeaderView.ResizeMode.Stretch
        )
        self.reports_title = QLabel()
        self.old = OldDatabasesModel()
        self.old_table = list_table(self.old, "oldDatabases")
        self.old_table.horizontalHeader().setStretchLastSection(False)
        self.old_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.old_table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.old_title = QLabel()
        self.drop_button = QPushButton()
        self.drop_button.setObjectName("restore_drop_old")
        self.drop_button.clicked.connect(self.ask_drop)

        top = QHBoxLayout()
        top.addWidget(self.coverage_label, 1)
        top.addWidget(self.from_backup_button)
        top.addWidget(self.point_button)
        reports = QWidget()
        reports_layout = QVBoxLayout(reports)
        reports_layout.setContentsMargins(0, 0, 0, 0)
        reports_layout.addWidget(self.reports_title)
        reports_layout.addWidget(self.reports_table, 1)
        old = QWidget()
        old_layout = QVBoxLayout(old)
        old_layout.setContentsMargins(0, 0, 0, 0)
        old_layout.addWidget(self.old_title)
        old_row = QHBoxLayout()
        old_row.addWidget(self.old_table, 1)
        old_row.addWidget(self.drop_button, 0, Qt.AlignmentFlag.AlignTop)
        old_layout.addLayout(old_row, 1)
        split = QSplitter(Qt.Orientation.Vertical)  # the reports need the width
        split.addWidget(reports)
        split.addWidget(old)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pending_label)
        layout.addWidget(split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("数据恢复"))
        self.from_backup_button.setText(self.tr("从所选备份恢复…"))
        self.point_button.setText(self.tr("按时间点恢复…"))
        self.reports_title.setText(self.tr("恢复报告(核对结果)"))
        self.old_title.setText(self.tr("恢复前的旧数据库(保留备查)"))
        self.drop_button.setText(self.tr("删除旧数据库"))
        self.reports.retranslate()
        self.old.retranslate()
        self._show_text()

    # -- showing ---------------------------------------------------------------
    def show_state(
        self, restores: RestoresOut | None, pending: list[AdminRequestOut] | None, *, busy: bool
    ) -> None:
        """The server's answer; ``pending`` None keeps the last known plans (the
        list of requests is not answered during maintenance)."""
        self.restores = restores
        if pending is not None:
            self.pending = pending
        self.busy = busy
        chosen = self.selected_old()
        kept = list(restores.old_databases) if restores else []
        self.reports.set_reports(list(restores.reports) if restores else [], {o.name for o in kept})
        self.old.set_rows(kept)
        if chosen is not None and (at := self.old.find(chosen.name)) >= 0:
            self.old_table.selectRow(at)
        self._show_text()
        self.update_buttons()

    def clear(self) -> None:
        self.pending = []
        self.show_state(None, [], busy=True)

    def _show_text(self) -> None:
        self.coverage_label.setText(coverage_text(self.restores.coverage) if self.restores else "")
        waiting = self.tr(
            "恢复计划 {id}({target},{who} 于 {at} 提交,原因:{reason})"
            "等待另一位管理员在“双人复核”中批准"
        )
        lines = [
            waiting.format(
                id=plan.id,
                target=restore_target_name(plan.target),
                who=plan.requested_by,
                at=when(plan.requested_at),
                reason=plan.reason,
            )
            for plan in self.pending
        ]
        self.pending_label.setText("\n".join(lines))
        self.pending_label.setVisible(bool(lines))

    def update_buttons(self) -> None:
        ready = self.restores is not None and not self.busy
        self.from_backup_button.setEnabled(ready and self._selected_backup() is not None)
        coverage = self.restores.coverage if self.restores else None
        self.point_button.setEnabled(ready and has_coverage(coverage))
        self.drop_button.setEnabled(ready and self.selected_old() is not None)

    def selected_old(self) -> OldDatabaseOut | None:
        rows = self.old_table.selectionModel().selectedRows()
        return self.old.row_at(rows[0].row()) if rows else None

    # -- filing a plan -----------------------------------------------------------
    def open_dialog(self, source: RestoreSource) -> None:
        chosen = self._selected_backup()
        dialog = RestoreDialog(
            source=source,
            backups=self._backups(),
            selected=chosen.name if chosen else None,
            coverage=self.restores.coverage if self.restores else None,
            parent=self,
        )
        self.pending_dialog = dialog

        def closed(_: int) -> None:
            self.pending_dialog = None
            dialog.deleteLater()

        dialog.plan_ready.connect(lambda plan: self._file(dialog, plan))
        dialog.finished.connect(closed)
        dialog.open()

    def _file(self, dialog: RestoreDialog, plan: RestorePlanIn) -> None:
        def done(request: AdminRequestOut) -> None:
            dialog.filed()
            self._page.say(
                self.tr(
                    "恢复计划已提交(申请编号 {id}),须由另一位管理员在“双人复核”中批准后执行"
                ).format(id=request.id)
            )
            self.filed.emit(request)

        def refused(error: Exception) -> None:
            field = error.params.get("field") if isinstance(error, ApiError) else None
            dialog.refused(describe(error), field)

        self._page.message.clear()
        if not self._page.run(lambda api: api.restores.file_plan(plan), done, failure=refused):
            dialog.refused(self.tr("尚未连接服务器"))

    # -- dropping an old database ------------------------------------------------
    def ask_drop(self) -> None:
        old = self.selected_old()
        if old is None:
            return
        name = old.name
        self.pending_confirm = ask_yes_no(
            self,
            "confirmDropOld",
            self.tr("删除旧数据库"),
            self.tr(
                "删除恢复前保留的旧数据库 {name}?删除后无法找回;"
                "请先确认恢复后的数据无误。需要输入动态口令。"
            ).format(name=name),
            on_yes=lambda: self._drop(name),
            on_closed=lambda: setattr(self, "pending_confirm", None),
            icon=QMessageBox.Icon.Warning,
        )

    def _drop(self, name: str) -> None:
        def done(_: object) -> None:
            self._page.say(self.tr("已删除旧数据库 {name}").format(name=name))
            self.dropped.emit(name)

        self._page.message.clear()
        self._page.run(lambda api: api.restores.drop_old_database(name), done)
