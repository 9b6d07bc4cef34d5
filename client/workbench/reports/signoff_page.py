"""报表审核: the saved versions of the statements within the user's scope, each
with its state (待审核, 已审核, 已退回) and whether the books changed since it was
computed (已过期, naming the documents); a version's frozen numbers in the
reports screen's table; 签字 and 退回 (with a reason) for a reviewer who did not
prepare it; its Excel file (written by the server from the saved numbers,
stamped) and its PDF (written here, stamped alike).

Every call runs in the background (PageContext.run); the dialogs are opened,
never executed, so the page goes on meanwhile."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiError
from client.shell.page_context import PageContext
from client.widgets import look
from client.widgets.errors import describe
from client.widgets.local_time import local_time
from client.widgets.look import set_look
from client.widgets.message_line import MessageLine
from client.workbench.reports import report_excel, report_output
from client.workbench.reports.report_output import ShownReport, printed_report
from client.workbench.reports.report_pdf import PrintedReport
from client.workbench.reports.report_spec import Fetched, ReportDefinition
from client.workbench.reports.report_table_model import ReportTableModel
from client.workbench.reports.signoff_parts import ReturnDialog, VersionsModel
from client.workbench.reports.statement_reports import StatementReports
from common.permissions import Permission, granted
from common.schemas.report_versions import (
    ReportVersionDetailOut,
    ReportVersionOut,
    VersionState,
)


class SignOffPage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.setObjectName("signOffPage")
        self.context = context
        self._login = context.login
        self.definitions: dict[str, ReportDefinition] = {
            d.key: d for d in StatementReports(self).definitions()
        }
        self.current: ReportVersionDetailOut | None = None
        self._asked: int | None = None  # the version asked for last (_load)
        self.return_dialog: ReturnDialog | None = None
        self.excel_dialog: QFileDialog | None = None
        self.title = QLabel()
        set_look(self.title, "title")
        self.state_box = QComboBox()
        self.state_box.setObjectName("signoffState")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("signoff_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.versions = VersionsModel({k: d.title() for k, d in self.definitions.items()})
        self.list = QTableView()
        self.list.setObjectName("signoffVersions")
        self.list.setModel(self.versions)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.selectionModel().currentRowChanged.connect(self._chosen)
        self.heading = QLabel()
        self.heading.setObjectName("signoffHeading")
        self.heading.setWordWrap(True)
        set_look(self.heading, "strong")
        self.changes = QLabel()
        self.changes.setObjectName("signoffChanges")
        self.changes.setWordWrap(True)
        self.model = ReportTableModel()
        self.table = QTableView()
        self.table.setObjectName("signoffTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("signoff_sign")
        self.sign_button.clicked.connect(self.sign)
        self.return_button = QPushButton()
        self.return_button.setObjectName("signoff_return")
        self.return_button.clicked.connect(self.ask_return)
        self.excel_button = QPushButton()
        self.excel_button.setObjectName("signoff_excel")
        self.excel_button.clicked.connect(self.choose_excel_file)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("signoff_pdf")
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        self.message = MessageLine("signoffMessage")
        bar = QHBoxLayout()
        bar.addWidget(self.state_box)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.sign_button, self.return_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.pdf_button, self.excel_button):
            actions.addWidget(button)
        below = QWidget()
        detail = QVBoxLayout(below)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(self.heading)
        detail.addWidget(self.changes)
        detail.addLayout(actions)
        detail.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(below)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self.state_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self._login.auth.logged_in.connect(lambda _me: self.refresh())
        self._login.auth.logged_out.connect(self.clear)
        self._enable()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming to the page shows the versions as they are now (a version saved
        on the reports screen meanwhile, a decision taken elsewhere)."""
        super().showEvent(event)
        if self._login.auth.me is not None:
            self.refresh()

    # -- the list -------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("报表审核"))
        current = self.state_box.currentIndex()
        self.state_box.blockSignals(True)
        self.state_box.clear()
        self.state_box.addItem(self.tr("全部"), None)
        for state in VersionState:
            self.state_box.addItem(self.versions.state_text(state), state)
        self.state_box.setCurrentIndex(max(current, 0))
        self.state_box.blockSignals(False)
        self.refresh_button.setText(self.tr("刷新"))
        self.sign_button.setText(self.tr("签字"))
        self.return_button.setText(self.tr("退回…"))
        self.excel_button.setText(self.tr("导出 Excel…"))
        self.pdf_button.setText(self.tr("导出 PDF…"))
        if self.current is not None:
            self._show(self.current)

    def clear(self) -> None:
        self.versions.set_rows([])
        self.current = None
        self.model.clear()
        self.heading.clear()
        self.changes.clear()
        self.message.clear()
        self._enable()

    def refresh(self) -> None:
        state = self.state_box.currentData()
        keep = self.current.id if self.current is not None else None

        def listed(rows: list[ReportVersionOut]) -> None:
            self.versions.set_rows(rows)
            self.list.resizeColumnsToContents()
            self.message.say(self.tr("共 {count} 个版本").format(count=len(rows)))
            ids = [row.id for row in rows]
            if keep in ids:
                self.list.selectRow(ids.index(keep))

        self.context.run(
            self,
            lambda api: api.report_versions.versions(state=state),
            listed,
            say=self.message.say_error,
        )

    def select_version(self, version_id: int) -> None:
        """Show the version (the list's row, if it is listed)."""
        ids = [row.id for row in self.versions.rows]
        if version_id in ids:
            self.list.selectRow(ids.index(version_id))
        else:
            self._load(version_id)

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.versions.row_at(current.row())
        if row is not None:
            self._load(row.id)

    def _load(self, version_id: int) -> None:
        """Only the version asked for last is shown: a reload reselects the row
        that was shown, and its answer may come after a newer choice's."""
        self._asked = version_id

        def loaded(version: ReportVersionDetailOut) -> None:
            if version.id == self._asked:
                self._show(version)

        self.context.run(
            self,
            lambda api: api.report_versions.version(version_id),
            loaded,
            say=self.message.say_error,
        )

    # -- one version ------------------------------------------------------------
    def _show(self, version: ReportVersionDetailOut) -> None:
        self.current = version
        definition = self.definitions[version.report.value]
        self.model.show_rows(
            definition.columns({}),
            version.result.lines,
            levels=[line.indent for line in version.result.lines],
        )
        self.table.resizeColumnsToContents()
        self.heading.setText(f"{definition.title()}  {self.described(version)}")
        self.changes.setText("\n".join(self.stamp(version)))
        look.set_state(self.changes, "error" if version.outdated else None)
        self._enable()

    def described(self, version: ReportVersionDetailOut) -> str:
        scope = self.tr("(含下级)") if version.result.subtree else ""
        return self.tr("单位:{unit}{scope}  期间:{period}  版本 #{id}").format(
            unit=f"{version.unit_code} {version.unit_name}",
            scope=scope,
            period=version.period,
            id=version.id,
        )

    def stamp(self, version: ReportVersionOut) -> list[str]:
        """The version's state in words, as its PDF carries it."""
        lines = [
            self.tr("{who} 于 {when} 编制").format(
                who=version.prepared_by, when=local_time(version.prepared_at)
            )
        ]
        when = local_time(version.decided_at)
        if version.state is VersionState.SIGNED:
            lines.append(
                self.tr("已审核 by {who} at {when}").format(who=version.decided_by, when=when)
            )
        elif version.state is VersionState.RETURNED:
            lines.append(
                self.tr("已退回:{who} 于 {when},原因:{reason}").format(
                    who=version.decided_by, when=when, reason=version.reason
                )
            )
        else:
            lines.append(self.tr("待审核"))
        if version.outdated:
            named = ", ".join(d.number or f"#{d.id}" for d in version.changed_documents)
            parts = [self.tr("变动的单据:{documents}").format(documents=named)] if named else []
            if version.reopened_months:
                months = ", ".join(version.reopened_months)
                parts.append(self.tr("反结账的月份:{months}").format(months=months))
            if version.openings_changed:
                parts.append(self.tr("期初余额已修改"))
            if version.year_end_changed:
                parts.append(self.tr("年结凭证已生成或撤销"))
            if version.layout_changed:
                parts.append(self.tr("报表格式已调整"))
            lines.append(self.tr("已过期:编制后账簿已有变动({what})").format(what=";".join(parts)))
        return lines

    def may_decide(self) -> bool:
        me, version = self._login.auth.me, self.current
        return (
            me is not None
            and version is not None
            and version.state is VersionState.PREPARED
            and granted(me.roles, Permission.REPORT_SIGN)
            and version.prepared_by_id != me.id
        )

    def _enable(self) -> None:
        decide = self.may_decide()
        me = self._login.auth.me
        self.sign_button.setVisible(me is not None and granted(me.roles, Permission.REPORT_SIGN))
        self.return_button.setVisible(self.sign_button.isVisibleTo(self))
        self.sign_button.setEnabled(
            decide and self.current is not None and not self.current.outdated
        )
        self.return_button.setEnabled(decide)
        shown = self.current is not None
        exporting = me is not None and bool(me.export_scopes)
        self.excel_button.setEnabled(shown and exporting)
        self.pdf_button.setEnabled(shown and exporting)

    # -- decisions -------------------------------------------------------------------
    def _decided(self, version: ReportVersionDetailOut) -> None:
        self._show(version)
        words = {VersionState.SIGNED: self.tr("已签字"), VersionState.RETURNED: self.tr("已退回")}
        self.message.say(words.get(version.state, ""))
        self.refresh()

    def sign(self) -> None:
        version = self.current
        if version is None or not self.may_decide():
            return
        self.sign_button.setEnabled(False)
        if not self.context.run(
            self,
            lambda api: api.report_versions.sign(version.id),
            self._decided,
            say=self.message.say_error,
            failure=lambda _error: self._enable(),
        ):
            self._enable()

    def ask_return(self) -> None:
        if self.current is None or not self.may_decide():
            return
        dialog = ReturnDialog(self)
        dialog.reason_given.connect(self._return_with)
        dialog.finished.connect(lambda _result: setattr(self, "return_dialog", None))
        self.return_dialog = dialog
        dialog.open()

    def _return_with(self, reason: str) -> None:
        version, dialog = self.current, self.return_dialog
        if version is None or dialog is None:
            return

        def returned(answer: ReportVersionDetailOut) -> None:
            dialog.accept()
            self._decided(answer)

        def failed(error: Exception) -> bool:
            dialog.set_busy(False)
            field = error.params.get("field") if isinstance(error, ApiError) else None
            dialog.show_error(describe(error), field)
            return True

        self.context.run(
            self,
            lambda api: api.report_versions.return_version(version.id, reason),
            returned,
            failure=failed,
        )

    # -- files ---------------------------------------------------------------------
    def choose_excel_file(self) -> None:
        if self.current is None:
            return
        name = f"{self.definitions[self.current.report.value].title()}-{self.current.id}.xlsx"
        self.excel_dialog = report_excel.ask_target(
            self, self.tr("导出 Excel"), name, self.export_excel
        )
        self.excel_dialog.finished.connect(lambda _result: setattr(self, "excel_dialog", None))

    def export_excel(self, target: Path) -> None:
        """The server writes the version from its saved numbers, stamped."""
        version = self.current
        if version is None:
            return
        self.message.say_plain(self.tr("正在导出 Excel…"))
        self.context.run(
            self,
            lambda api: api.report_versions.export_excel(version.id, target),
            lambda _rows: self.message.say(self.tr("已导出到 {path}").format(path=target)),
            say=lambda text: self.message.say_error(self.tr("导出失败:{error}").format(error=text)),
        )

    def printed(self) -> tuple[ShownReport, PrintedReport] | None:
        """The version on paper: its frozen numbers, headed by its stamp."""
        version, me = self.current, self._login.auth.me
        if version is None:
            return None
        definition = self.definitions[version.report.value]
        shown = ShownReport(
            definition=definition,
            params={},
            described=self.described(version),
            fetched=Fetched(version.result.lines, answer=version.result),
            made_by=f"{me.display_name}({me.username})" if me else "",
            made_at=dt.datetime.now(dt.UTC).astimezone(),
        )
        report = printed_report(shown, self.model, None)
        return shown, dataclasses.replace(report, lines=(*self.stamp(version), *report.lines))

    def choose_pdf_file(self) -> None:
        found = self.printed()
        if found is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出 PDF"), f"{found[1].title}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.export_pdf(Path(name))

    def export_pdf(self, target: Path) -> None:
        found = self.printed()
        if found is None:
            return
        shown, report = found
        report_output.export_pdf(
            self,
            context=self.context,
            shown=shown,
            report=report,
            target=target,
            say=lambda text, error: (self.message.say_error if error else self.message.say)(text),
        )
