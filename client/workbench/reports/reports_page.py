"""统计报表: choose a report and its parameters, run it, read the table and the
chart, export the shown report to PDF or Excel or print it.

The page is generic: every report is an entry of ``ReportCatalog`` (its name,
parameters, columns, chart and fetch call); a report meant for some roles only
(系统使用情况: auditors and administrators) is offered to them only. Every call
runs in the background; the server computes the figures within the user's unit
scope. Export and print use the report as it was shown (its parameters, who ran
it and when), not what the parameter widgets say now. A PDF once written is
reported to the server for the operation log with its number of data rows
(DOMAIN.md: every export is logged with its row count); an Excel file is
written by the server as an export job (report_excel.py), which logs it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiError
from client.core.reference import PickEntry
from client.shell.page_context import PageContext
from client.widgets.look import set_look
from client.widgets.message_line import MessageLine
from client.workbench.reports import report_excel, report_output, report_pdf
from client.workbench.reports.report_chart import ReportChart
from client.workbench.reports.report_output import ShownReport, printed_report
from client.workbench.reports.report_params import ParameterPanel
from client.workbench.reports.report_pdf import PrintedReport
from client.workbench.reports.report_registry import ReportCatalog
from client.workbench.reports.report_spec import ColumnKind, Fetched, ReportDefinition
from client.workbench.reports.report_table_model import ReportTableModel
from common.enums import Role
from common.schemas.auth import MeOut
from common.schemas.report_versions import ReportVersionDetailOut

MONEY_WIDTH = 120  # a money column is never narrower (¥ 99,999,999.99 fits)
TEXT_WIDTH = 320  # a long 摘要 is cut short on screen (its tooltip and the PDF show it all)
PADDING = 16


class ReportsPage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.setObjectName("reportsPage")
        self.context = context
        self._login = login = context.login
        self.catalog = ReportCatalog(self)
        self.definitions = self.catalog.definitions()
        self.by_key = {definition.key: definition for definition in self.definitions}
        self.shown: ShownReport | None = None
        self.busy = False
        self.generation = 0  # only the latest run is shown
        self.preview_dialog: QWidget | None = None
        self.saved_version: ReportVersionDetailOut | None = None  # the last one saved here
        today = QDate.currentDate().toPython()  # the user's calendar day
        assert isinstance(today, dt.date)
        self.title = QLabel()
        set_look(self.title, "title")
        self.report_caption = QLabel()
        self.report_combo = QComboBox()
        self.report_combo.setObjectName("reportKind")
        self.panels = {d.key: ParameterPanel(d.parameters, today) for d in self.definitions}
        self.run_button = QPushButton()
        self.run_button.setObjectName("reportRun")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        for keys in ("F5", "Ctrl+Return", "Ctrl+Enter"):  # run without leaving the keyboard
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.run)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("reportPdf")
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        self.excel_button = QPushButton()
        self.excel_button.setObjectName("reportExcel")
        self.excel_button.clicked.connect(self.choose_excel_file)
        self.excel_dialog: QFileDialog | None = None  # where to save, while it is open
        self.excel_progress: QProgressDialog | None = None
        self.version_button = QPushButton()
        self.version_button.setObjectName("reportSaveVersion")
        self.version_button.clicked.connect(self.save_version)
        self.print_button = QPushButton()
        self.print_button.setObjectName("reportPrint")
        self.print_button.clicked.connect(self.print_preview)
        bar = QHBoxLayout()
        bar.addWidget(self.report_caption)
        bar.addWidget(self.report_combo)
        bar.addSpacing(12)
        for panel in self.panels.values():  # only the chosen report's panel is shown
            bar.addWidget(panel)
            panel.hide()
        bar.addWidget(self.run_button)
        bar.addWidget(self.version_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.excel_button)
        bar.addWidget(self.print_button)
        self.offer([])
        self.report_combo.currentIndexChanged.connect(lambda _index: self._switched())
        self.heading = QLabel()
        self.heading.setObjectName("reportHeading")
        set_look(self.heading, "strong")
        self.message = MessageLine("reportMessage")
        self.model = ReportTableModel()
        self.table = QTableView()
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.chart = ReportChart()
        self.chart.setObjectName("reportChart")
        self.chart.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self._enable_output()
        self.reference = context.reference  # the ledgers' account picker
        self.reference.loaded.connect(self._accounts_loaded)
        self._accounts_loaded()
        login.auth.logged_in.connect(self._logged_in)
        login.auth.logged_out.connect(self.clear)
        if login.auth.me is not None:
            self._logged_in(login.auth.me)
        self.retranslate()

    # -- the chosen report ----------------------------------------------------
    @property
    def panel(self) -> ParameterPanel:
        return self.panels[self.definition().key]

    def definition(self) -> ReportDefinition:
        return self.by_key[self.report_combo.currentData()]

    def offered(self) -> list[str]:
        """The keys of the reports in the list, in its order."""
        return [self.report_combo.itemData(i) for i in range(self.report_combo.count())]

    def choose(self, key: str) -> None:
        self.report_combo.setCurrentIndex(self.report_combo.findData(key))

    def _report_chosen(self) -> None:
        chosen = self.panel
        for panel in self.panels.values():
            if panel is not chosen and not panel.isHidden():
                chosen.take_values_from(panel)
                panel.hide()
        chosen.show()
        key = self.report_combo.currentData()  # only a statement is saved for sign-off
        self.version_button.setVisible(key in report_excel.VERSIONED_KEYS)

    def _switched(self) -> None:
        """The user chose another report: the last one's figures leave with it."""
        self._report_chosen()
        self._drop_shown()

    def _drop_shown(self) -> None:
        self.generation += 1  # an answer still on its way is dropped
        self._finished()
        self.shown = None
        self.model.clear()
        self.chart.set_data(None)
        self.chart.hide()
        self.heading.clear()
        self.message.clear()
        self._enable_output()

    def offer(self, roles: Sequence[Role]) -> None:
        """List the reports the user's roles may run (the server would refuse the
        others: better not to offer them than to answer 403); keep the chosen one
        if it still is."""
        current = self.report_combo.currentData()
        with QSignalBlocker(self.report_combo):
            self.report_combo.clear()
            for definition in self.definitions:
                if definition.offered_to(roles):
                    self.report_combo.addItem(definition.title(), definition.key)
            self.report_combo.setCurrentIndex(max(self.report_combo.findData(current), 0))
        self._report_chosen()

    def _logged_in(self, me: MeOut) -> None:
        self.offer(me.roles)
        self.pdf_button.setVisible(bool(me.export_scopes))  # 导出权限
        self.excel_button.setVisible(bool(me.export_scopes))
        self._accounts_loaded()  # the statements' units are the user's scope

    def _accounts_loaded(self) -> None:
        """Every account, parents and retired ones too: a ledger is read at any level
        and for any year (the entry screens offer only the usable leaves)."""
        data = self.reference.data
        if data is None:
            return
        entries = [PickEntry(a.id, a.code, a.name) for a in data.accounts]
        me = self._login.auth.me
        units = self.reference.units(set(me.unit_ids) if me is not None else set())
        for panel in self.panels.values():
            panel.set_accounts(entries)
            panel.set_units(units)

    def retranslate(self) -> None:
        self.title.setText(self.tr("统计报表"))
        self.report_caption.setText(self.tr("报表"))
        for index, key in enumerate(self.offered()):
            self.report_combo.setItemText(index, self.by_key[key].title())
        for panel in self.panels.values():
            panel.retranslate()
        self.run_button.setText(self.tr("运行"))
        self.pdf_button.setText(self.tr("导出 PDF…"))
        self.excel_button.setText(self.tr("导出 Excel…"))
        self.print_button.setText(self.tr("打印…"))
        self.version_button.setText(self.tr("保存版本"))
        if self.shown is not None:  # headers, 合计 and series names in the new language
            self._display(self.shown)

    def clear(self) -> None:
        """After logout nothing of the last user's scope stays on screen."""
        self._drop_shown()
        for panel in self.panels.values():
            panel.clear_marks()
        self.offer([])  # the next user's roles decide what is offered
        self._enable_output()

    # -- running ------------------------------------------------------------------
    def run(self) -> None:
        if self.context.api() is None or self.busy:
            return
        definition, panel = self.definition(), self.panel
        params, described = panel.values(), panel.describe()
        panel.clear_marks()
        missing = panel.missing()
        if missing is not None:  # an account to choose: no need to ask the server
            message = self.tr("请选择{what}").format(what=panel.captions[missing].text())
            panel.mark(missing, message)
            panel.editors[missing].setFocus()
            self.message.say_error(message)
            return
        self.busy = True
        self.run_button.setEnabled(False)
        self.generation += 1
        generation = self.generation
        self.message.say_plain(self.tr("正在统计…"))

        def arrived(fetched: Fetched) -> None:
            if generation != self.generation:
                return
            self._finished()
            me = self._login.auth.me
            shown = ShownReport(
                definition=definition,
                params=params,
                described=described,
                fetched=fetched,
                made_by=f"{me.display_name}({me.username})" if me else "",
                made_at=dt.datetime.now(dt.UTC).astimezone(),
            )
            self._display(shown)
            count = self.tr("共 {count} 行").format(count=len(fetched.rows))
            note = definition.note(fetched)
            if note:  # a detail ledger cut short
                self.message.say_warning(f"{count}    {note}")
            else:
                self.message.say(count)

        def failed(error: Exception) -> bool:
            if generation != self.generation:
                return True  # a later run's answer counts
            self._finished()
            return self._field_refused(error, panel)

        if not self.context.run(
            self,
            lambda api: definition.fetch(api, params),
            arrived,
            say=self.message.say_error,
            failure=failed,
        ):
            self._finished()

    def _finished(self) -> None:
        self.busy = False
        self.run_button.setEnabled(True)

    def _display(self, shown: ShownReport) -> None:
        self.shown = shown
        definition, fetched = shown.definition, shown.fetched
        self.model.show_rows(
            definition.columns(shown.params),
            fetched.rows,
            first=fetched.first,
            levels=definition.levels(fetched.rows) if definition.levels else None,
            total=definition.totals(fetched) if definition.totals else None,
        )
        data = definition.chart(shown.params, fetched)
        self.chart.set_data(data)
        self.chart.setVisible(data is not None)
        self.heading.setText(f"{definition.title()}  {shown.described}")
        self._fit_columns()
        self._share_room()
        self._enable_output()

    def _fit_columns(self) -> None:
        """Wide enough for the figures and the headers, money never cramped, a long
        summary cut short."""
        self.table.resizeColumnsToContents()
        for column, spec in enumerate(self.model.columns):
            width = self.table.columnWidth(column) + PADDING
            if spec.kind is ColumnKind.MONEY:
                width = max(width, MONEY_WIDTH)
            else:
                width = min(width, TEXT_WIDTH)
            self.table.setColumnWidth(column, width)

    def _share_room(self) -> None:
        """A short table leaves the room to the chart; a long one takes up to 60%."""
        if self.chart.isHidden():
            return
        total = sum(self.splitter.sizes())
        rows = self.model.rowCount() + 1  # and the header
        wanted = rows * self.table.verticalHeader().defaultSectionSize() + 2 * PADDING
        table = max(min(wanted, int(total * 0.6)), int(total * 0.25))
        self.splitter.setSizes([table, total - table])

    def _enable_output(self) -> None:
        ready = self.shown is not None
        self.pdf_button.setEnabled(ready)
        self.excel_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        self.version_button.setEnabled(report_excel.can_save_version(self.shown))
        self.version_button.setVisible(
            self.shown is None or report_excel.can_save_version(self.shown)
        )

    # -- export and print -------------------------------------------------------
    def printed(self) -> PrintedReport | None:
        """The shown report for paper, as the table and the chart show it."""
        if self.shown is None:
            return None
        return printed_report(self.shown, self.model, self.chart.data)

    def choose_pdf_file(self) -> None:
        report = self.printed()
        if report is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出 PDF"), f"{report.title}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.export_pdf(Path(name))

    def export_pdf(self, target: Path) -> None:
        """Write the PDF in the background (the chart image is drawn here first),
        then have it logged with its number of data rows."""
        report, shown = self.printed(), self.shown
        if report is None or shown is None:
            return
        report_output.export_pdf(
            self,
            context=self.context,
            shown=shown,
            report=report,
            target=target,
            say=lambda text, error: (self.message.say_error if error else self.message.say)(text),
        )

    def choose_excel_file(self) -> None:
        """Ask where to save (a dialog shown, not executed: the page goes on), then
        export the shown report as it was asked for."""
        if self.shown is None:
            return
        self.excel_dialog = report_excel.ask_target(
            self, self.tr("导出 Excel"), f"{self.shown.definition.title()}.xlsx", self.export_excel
        )
        self.excel_dialog.finished.connect(lambda _result: setattr(self, "excel_dialog", None))

    def export_excel(self, target: Path) -> None:
        """The server writes the shown report as an Excel export job; its progress
        shows in a dialog that can cancel it; the file lands at ``target``."""
        if self.shown is None:
            return
        self.excel_progress = report_excel.export_excel(
            self,
            context=self.context,
            shown=self.shown,
            target=target,
            say=lambda text, error: (self.message.say_error if error else self.message.say)(text),
        )

    def save_version(self) -> None:
        """保存版本: the shown statement, saved by the server for sign-off."""
        if self.shown is None or not report_excel.can_save_version(self.shown):
            return
        self.version_button.setEnabled(False)
        report_excel.save_version(
            self,
            context=self.context,
            shown=self.shown,
            say=lambda text, error: (self.message.say_error if error else self.message.say)(text),
            saved=lambda version: setattr(self, "saved_version", version),
        )
        self._enable_output()

    def print_preview(self) -> None:
        report = self.printed()
        if report is not None:
            self.preview_dialog = report_pdf.preview(self, report)

    # -- messages -------------------------------------------------------------------
    def _field_refused(self, error: Exception, panel: ParameterPanel) -> bool:
        """A parameter the server refused is marked with its message too (the
        message line says it as for any refusal)."""
        if isinstance(error, ApiError) and "field" in error.params:
            fields = error.params.get("fields") or [error.params["field"]]
            for field in fields:
                panel.mark(str(field), error.message)
        return False
