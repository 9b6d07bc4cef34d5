"""期初余额: an administrator enters where a unit's books stand when it starts on
Countersign, account by account, or fills the sheet from Excel (the server
checks the file; nothing is saved until 保存). The sheet must balance, financial
accounts (1–5) and budget accounts (6–8) each on their own, before the unit's
start month closes; once it has, the sheet is read-only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from client.admin.openings.sheet_model import SheetModel
from client.admin.page_base import AdminPage, lay_out_list_page, page_title
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_state
from common.money import format_money
from common.schemas.openings import (
    OpeningBalancesIn,
    OpeningBalancesOut,
    OpeningImportOut,
)
from common.schemas.reference import ReferenceOut

EXCEL_FILES = "Excel (*.xlsx)"


class OpeningBalancesPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("openingsMessage")
        self._generation = 0
        self.reference: ReferenceOut | None = None
        self.sheet: OpeningBalancesOut | None = None
        self.title = page_title("openingsTitle")
        self.unit_label = QLabel()
        self.unit = QComboBox()
        self.unit.setObjectName("openingsUnit")
        self.unit.setMinimumContentsLength(16)
        self.unit.currentIndexChanged.connect(lambda _: self.load_sheet())
        self.start_label = QLabel()
        self.start = QDateEdit()
        self.start.setObjectName("openingsStart")
        self.start.setDisplayFormat("yyyy-MM")
        self.start.setCalendarPopup(False)
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("template", self.choose_template_file),
            ("import", self.choose_import_file),
            ("save", self.save),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"openings_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = SheetModel()
        self.model.edited.connect(self._show_totals)
        self.model.refused.connect(self._refused_amount)
        self.table = ListTable(self.model, "openingsTable", stretch=1)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.state = QLabel()
        self.state.setObjectName("openingsState")
        self.totals = QLabel()
        self.totals.setObjectName("openingsTotals")
        self.hint = hint_label()
        chooser = QWidget()
        row = QHBoxLayout(chooser)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.unit_label, self.unit, self.start_label, self.start):
            row.addWidget(widget)
        row.addStretch(1)
        lay_out_list_page(
            self,
            left=[self.title],
            table=self.table,
            actions=[self.buttons[k] for k in ("template", "import", "save", "refresh")],
            message=self.message,
            hint=self.hint,
            above=[chooser, self.state, self.totals],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("期初余额"))
        self.unit_label.setText(self.tr("单位:"))
        self.start_label.setText(self.tr("启用月份:"))
        self.buttons["template"].setText(self.tr("下载模板…"))
        self.buttons["import"].setText(self.tr("导入 Excel…"))
        self.buttons["save"].setText(self.tr("保存"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.table.retranslate(self.tr("按科目编码或名称筛选…"))
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "录入单位启用本系统时各末级科目的余额(双击金额格编辑),每个科目只填借方或贷方。"
                "财务会计科目(1–5 类)与预算会计科目(6–8 类)须各自借贷平衡,启用月份才能结账;"
                "结账后期初余额不能再修改。"
            )
        )
        self._show_state()
        self._show_totals()

    # -- loading ----------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.reference = None
        self.sheet = None
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.blockSignals(False)
        self.model.set_rows([])
        self.message.clear()
        self._show_state()
        self._show_totals()

    def refresh(self) -> None:
        """Units and accounts, then the chosen unit's sheet."""
        self._generation += 1
        generation = self._generation

        def loaded(reference: ReferenceOut) -> None:
            if generation != self._generation:
                return
            self.reference = reference
            chosen = self.unit.currentData()
            self.unit.blockSignals(True)
            self.unit.clear()
            for unit in sorted(reference.units, key=lambda u: u.code):
                self.unit.addItem(f"{unit.code} {unit.name}", unit.id)
            found = self.unit.findData(chosen)
            self.unit.setCurrentIndex(max(found, 0))
            self.unit.blockSignals(False)
            self.load_sheet()

        self.run(lambda api: api.documents.reference(), loaded)

    def unit_id(self) -> int | None:
        chosen = self.unit.currentData()
        return int(chosen) if chosen is not None else None

    def load_sheet(self) -> None:
        unit_id = self.unit_id()
        if unit_id is None or self.reference is None:
            return
        self._generation += 1
        generation = self._generation

        def loaded(sheet: OpeningBalancesOut) -> None:
            if generation == self._generation:
                self.show_sheet(sheet)

        self.run(lambda api: api.openings.get(unit_id), loaded)

    def show_sheet(self, sheet: OpeningBalancesOut) -> None:
        self.sheet = sheet
        assert self.reference is not None
        amounts = {row.code: (row.debit, row.credit) for row in sheet.rows}
        self.model.read_only = not sheet.editable
        self.model.load(self.reference.accounts, amounts)
        if sheet.start_month is None:  # a suggestion: this month
            today = QDate.currentDate()
            self.start.setDate(QDate(today.year(), today.month(), 1))
        else:
            self.start.setDate(QDate(sheet.start_month.year, sheet.start_month.month, 1))
        self.start.setEnabled(sheet.editable)
        for key in ("import", "save"):
            self.buttons[key].setEnabled(sheet.editable)
        self._show_state()
        self._show_totals()

    # -- what the sheet says ------------------------------------------------------
    def _show_state(self) -> None:
        sheet = self.sheet
        if sheet is None:
            self.state.clear()
            return
        if sheet.start_month is None:
            text = self.tr("尚未录入期初余额")
        else:
            text = self.tr("启用月份 {month},{who} 于 {at} 保存(第 {v} 版)").format(
                month=f"{sheet.start_month:%Y-%m}",
                who=sheet.updated_by,
                at=f"{sheet.updated_at.astimezone():%Y-%m-%d %H:%M}" if sheet.updated_at else "",
                v=sheet.version,
            )
        if not sheet.editable:
            text += self.tr(";启用月份已结账,期初余额只读")
        self.state.setText(text)

    def _show_totals(self) -> None:
        if not self.model.rows:
            self.totals.clear()
            return
        parts, balanced = [], True
        names = {
            "financial": self.tr("财务会计科目"),
            "budget": self.tr("预算会计科目"),
        }
        for group, (debit, credit) in self.model.totals().items():
            ok = debit == credit
            balanced = balanced and ok
            verdict = (
                self.tr("平衡")
                if ok
                else self.tr("差额 {d}").format(d=format_money(debit - credit))
            )
            parts.append(
                self.tr("{group}:借方 {debit},贷方 {credit},{verdict}").format(
                    group=names[group],
                    debit=format_money(debit),
                    credit=format_money(credit),
                    verdict=verdict,
                )
            )
        self.totals.setText(";".join(parts))
        set_state(self.totals, "ok" if balanced else "error")

    def _refused_amount(self, typed: str) -> None:
        self.say_error(self.tr("“{typed}”不是有效金额:不为负,最多两位小数").format(typed=typed))

    # -- saving -------------------------------------------------------------------
    def chosen_start(self) -> dt.date:
        date = self.start.date()
        return dt.date(date.year(), date.month(), 1)

    def save(self) -> None:
        unit_id, sheet = self.unit_id(), self.sheet
        if unit_id is None or sheet is None:
            return
        body = OpeningBalancesIn(
            start_month=self.chosen_start(), version=sheet.version, rows=self.model.entered()
        )

        def saved(result: OpeningBalancesOut) -> None:
            if self.unit_id() == unit_id:  # not if another unit was chosen meanwhile
                self.show_sheet(result)
            self.say(self.tr("期初余额已保存"))

        self.run(lambda api: api.openings.save(unit_id, body), saved)

    # -- Excel ----------------------------------------------------------------------
    def choose_template_file(self) -> None:
        unit_id = self.unit_id()
        if unit_id is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存期初余额模板"), "期初余额.xlsx", EXCEL_FILES
        )
        if chosen:
            self.save_template(Path(chosen))

    def save_template(self, target: Path) -> None:
        unit_id = self.unit_id()
        if unit_id is None:
            return
        self.run(
            lambda api: api.openings.template(unit_id, target),
            lambda _size: self.say(self.tr("模板已保存到 {path}").format(path=target)),
        )

    def choose_import_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的文件"), "", EXCEL_FILES)
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, source: Path) -> None:
        """The server reads and checks the file; its rows replace the sheet on
        screen, for the administrator to look over and save."""
        unit_id = self.unit_id()
        if unit_id is None:
            return
        self.say(self.tr("正在检查文件…"))

        def read(found: OpeningImportOut) -> None:
            if self.unit_id() != unit_id:  # another unit chosen meanwhile: not onto its sheet
                return
            self.model.fill({row.account_code: (row.debit, row.credit) for row in found.rows})
            self.say(
                self.tr("已从文件读入 {n} 个科目的余额,核对无误后请保存").format(n=len(found.rows))
            )

        self.run(lambda api: api.openings.read_file(unit_id, source), read)
