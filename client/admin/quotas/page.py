"""预算指标: each unit's yearly quota per functional × economic item (DOMAIN.md
"Budget quotas"). The administrator sets the year's initial quotas one by one or
imports them from Excel (the whole file or nothing; each problem named by row,
column and rule); adjustments during the year (追加 / 调减) are documents the
units' clerks enter and reviewers approve, shown here as they count. Every change
needs a fresh authenticator code and is in the operation log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from client.admin.page_base import AdminPage, page_bar, page_title
from client.admin.quotas.model import QuotasModel
from client.admin.quotas.quota_dialog import QuotaDialog
from client.api import ApiError
from client.core.ops import QueryOp
from client.core.reference import PickEntry
from client.importing.quota_excel import read_rows, write_template
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label
from common.document_messages import field_name
from common.enums import ItemKind, Language
from common.errors import render_message
from common.schemas.quotas import QuotaImportIn, QuotaImportOut, QuotaImportRowIn, QuotaIn, QuotaOut
from common.schemas.reference import ReferenceOut

EXCEL_FILES = "Excel (*.xlsx)"
ACTIONS = ("add", "edit", "template", "import", "refresh")  # the buttons, in order


def problem_lines(error: ApiError, language: Language) -> list[str]:
    """A refused import's problems, one line each: row, column, the broken rule."""
    chinese = language is Language.ZH_CN
    lines = []
    for problem in error.params.get("problems", []):
        column = field_name(str(problem.get("column", "")), language)
        rule = render_message(str(problem.get("code", "")), problem.get("params", {}), language)
        row = problem.get("row")
        lines.append(f"第 {row} 行“{column}”:{rule}" if chinese else f"Row {row}, {column}: {rule}")
    return lines


class QuotasPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("quotasMessage")
        self._generation = 0
        self.dialog: QuotaDialog | None = None
        self.pickers: dict[str, list[PickEntry]] = {}
        self.title = page_title("quotasTitle")
        self.year = QSpinBox()
        self.year.setObjectName("quotasYear")
        self.year.setRange(2000, 2999)
        self.year.setValue(dt.date.today().year)  # noqa: DTZ011 (the user's year to start with)
        self.year.valueChanged.connect(lambda _: self.refresh())
        self.year_label = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (  # ACTIONS
            ("add", lambda: self.open_dialog()),
            ("edit", self.edit_selected),
            ("template", self.choose_template_file),
            ("import", self.choose_import_file),
            ("refresh", lambda: self.refresh()),
        ):
            button = QPushButton()
            button.setObjectName(f"quotas_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = QuotasModel()
        self.table = ListTable(self.model, "quotasTable")
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._offer())
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("quotaProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(140)
        self.problems.hide()
        self.hint = hint_label()
        layout = QVBoxLayout(self)
        layout.addLayout(
            page_bar(
                [self.title, self.year_label, self.year],
                [self.table.count_label, *(self.buttons[key] for key in ACTIONS)],
            )
        )
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._offer()

    def retranslate(self) -> None:
        self.title.setText(self.tr("预算指标"))
        self.year_label.setText(self.tr("年度:"))
        for key, text in (
            ("add", self.tr("设置指标…")),
            ("edit", self.tr("修改年初指标…")),
            ("template", self.tr("下载导入模板")),
            ("import", self.tr("从 Excel 导入…")),
            ("refresh", self.tr("刷新")),
        ):
            self.buttons[key].setText(text)
        self.table.retranslate()
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "每个预算单位按功能分类和经济分类设置年度指标。年中追加、调减由单位录入"
                "“指标调整单”,审核通过后计入指标。超出剩余指标(指标-已用-审核中)的支出"
                "在提交和终审时被拒绝。修改需要重新验证动态口令,并记入操作日志。"
            )
        )
        if self.dialog is not None:
            self.dialog.retranslate()

    # -- loading ---------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self.message.clear()
        self.problems.clear()
        self.problems.hide()
        self.pickers = {}
        if self.dialog is not None:
            self.dialog.reject()

    def refresh(self) -> None:
        self._generation += 1
        generation, year = self._generation, self.year.value()

        def loaded(rows: list[QuotaOut]) -> None:
            if generation == self._generation:
                self.model.set_rows(list(rows))
                self._offer()

        self.run(lambda api: api.quotas.list_quotas(year), loaded)
        if not self.pickers:
            self.run(lambda api: api.documents.reference(), self._got_reference)

    def _got_reference(self, data: ReferenceOut) -> None:
        self.pickers = {
            "unit": [PickEntry(u.id, u.code, u.name, u.is_active) for u in data.units],
            "functional": [
                PickEntry(i.id, i.code, i.name, i.usable)
                for i in data.items
                if i.kind is ItemKind.FUNCTIONAL
            ],
            "economic": [
                PickEntry(i.id, i.code, i.name, i.usable)
                for i in data.items
                if i.kind is ItemKind.ECONOMIC
            ],
        }

    def _offer(self) -> None:
        self.buttons["edit"].setEnabled(self.table.selected() is not None)

    # -- one quota -----------------------------------------------------------------
    def open_dialog(self, entry: QuotaOut | None = None) -> QuotaDialog | None:
        if self.dialog is not None:
            return self.dialog
        year = entry.year if entry is not None else self.year.value()
        dialog = QuotaDialog(year, self.pickers, entry, self)
        dialog.submitted.connect(lambda body: self._save(dialog, body))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        self.open_dialog(self.table.selected())

    def _dialog_closed(self, dialog: QuotaDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _save(self, dialog: QuotaDialog, body: QuotaIn) -> None:
        def saved(row: QuotaOut) -> None:
            if self.dialog is dialog:
                dialog.accept()
            self.say(
                self.tr("已保存:{unit} {functional}/{economic} 年初指标 {amount} 元").format(
                    unit=row.unit_name,
                    functional=row.functional_code,
                    economic=row.economic_code,
                    amount=f"{row.initial:,.2f}",
                )
            )
            self.refresh()

        def refused(error: Exception) -> bool:
            if self.dialog is not dialog:
                return False
            dialog.set_busy(False)
            dialog.show_error(describe(error))
            return True

        dialog.set_busy(True)
        self.run(lambda api: api.quotas.set_quota(body), saved, failure=refused)

    def _prompt_closed(self) -> None:
        super()._prompt_closed()
        if self.dialog is not None:
            self.dialog.set_busy(False)

    # -- the Excel file ------------------------------------------------------------
    def choose_template_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存模板"), f"预算指标-{self.year.value()}.xlsx", EXCEL_FILES
        )
        if chosen:
            self.save_template(Path(chosen))

    def save_template(self, path: Path) -> None:
        language = self.context.language()
        QueryOp(
            parent=self,
            op=lambda: write_template(path, language),
            success=lambda _: self.say(self.tr("模板已保存:{path}").format(path=path)),
            failure=lambda error: self.say_error(str(error)),
        ).run()

    def choose_import_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择预算指标文件"), "", EXCEL_FILES)
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Read the file off the Qt thread, then send every row to the server."""
        year, language = self.year.value(), self.context.language()
        self.problems.clear()
        self.problems.hide()
        QueryOp(
            parent=self,
            op=lambda: read_rows(path, language),
            success=lambda rows: self._send(year, rows),
            failure=lambda error: self.say_error(str(error)),
        ).run()

    def _send(self, year: int, rows: list[QuotaImportRowIn]) -> None:
        def imported(answer: QuotaImportOut) -> None:
            self.say(
                self.tr("已导入 {year} 年预算指标 {rows} 行,其中 {changed} 行有变化").format(
                    year=year, rows=answer.rows, changed=answer.changed
                )
            )
            if self.year.value() == year:
                self.refresh()

        def refused(error: Exception) -> bool:
            if not (isinstance(error, ApiError) and error.code == "quota.import_rejected"):
                return False
            self.say_error(describe(error))
            self.problems.setPlainText("\n".join(problem_lines(error, self.context.language())))
            self.problems.show()
            return True

        body = QuotaImportIn(year=year, rows=rows)
        self.run(lambda api: api.quotas.import_quotas(body), imported, failure=refused)
