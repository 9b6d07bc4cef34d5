"""年结: after December closes, an administrator looks at the closing entries
the year would get — income and expense into 3301 本期盈余, then 3302 本年盈余分配
and 3001 累计盈余, budget accounts into 8101 / 8201 — and makes them. They are
undone only by reopening December (结账管理, with a second administrator)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox

from client.admin.page_base import AdminPage, ask_yes_no, lay_out_list_page, page_title
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_state
from client.widgets.rows_model import RowsModel
from common.money import format_money
from common.schemas.year_end import YearEndEntryOut, YearEndLineOut, YearEndOut


@dataclass(frozen=True)
class EntryLine:
    entry: YearEndEntryOut
    line: YearEndLineOut
    first: bool  # the entry's first line: the unit, number and summary are shown on it


class EntriesModel(RowsModel[EntryLine]):
    COLUMNS = ("unit", "number", "summary", "account", "debit", "credit")

    def titles(self) -> dict[str, str]:
        return {
            "unit": self.tr("单位"),
            "number": self.tr("凭证号"),
            "summary": self.tr("摘要"),
            "account": self.tr("科目"),
            "debit": self.tr("借方"),
            "credit": self.tr("贷方"),
        }

    def text(self, row: EntryLine, column: str) -> str:
        if column == "unit":
            return f"{row.entry.unit_code} {row.entry.unit_name}" if row.first else ""
        if column == "number":
            return (row.entry.number or self.tr("(预览)")) if row.first else ""
        if column == "summary":
            return row.entry.summary if row.first else ""
        if column == "account":
            return f"{row.line.account_code} {row.line.account_name}"
        amount: Decimal = getattr(row.line, column)
        return format_money(amount) if amount else ""


class YearEndPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("yearEndMessage")
        self._generation = 0
        self.shown: YearEndOut | None = None
        self.title = page_title("yearEndTitle")
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setObjectName("yearEndYear")
        self.year.setRange(2000, 2999)
        self.year.setValue(QDate.currentDate().year() - 1)  # the year just ended
        self.year.valueChanged.connect(lambda _: self.refresh())
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (("close", self.ask_close), ("refresh", self.refresh)):
            button = QPushButton()
            button.setObjectName(f"yearEnd_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = EntriesModel()
        self.table = ListTable(self.model, "yearEndTable", stretch=3)
        self.state = QLabel()
        self.state.setObjectName("yearEndState")
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title, self.year_label, self.year],
            table=self.table,
            actions=[self.buttons["close"], self.buttons["refresh"]],
            message=self.message,
            hint=self.hint,
            above=[self.state],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("年结"))
        self.year_label.setText(self.tr("年度:"))
        self.buttons["close"].setText(self.tr("执行年结…"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.table.retranslate(self.tr("按单位、科目筛选…"))
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "12 月结账后执行:收入、费用结转至本期盈余,再经本年盈余分配转入累计盈余;"
                "预算收入、预算支出结转至财政拨款结转、非财政拨款结转。执行前列出将生成的凭证,"
                "执行后只能通过反结账 12 月(须另一位管理员批准)撤销。"
            )
        )
        self._show_state()

    def clear(self) -> None:
        self._generation += 1
        self.shown = None
        self.model.set_rows([])
        self.message.clear()
        self._show_state()

    def refresh(self) -> None:
        self._generation += 1
        generation, year = self._generation, self.year.value()

        def loaded(found: YearEndOut) -> None:
            if generation == self._generation:
                self.show_year(found)

        self.run(lambda api: api.year_end.show(year), loaded)

    def show_year(self, found: YearEndOut) -> None:
        self.shown = found
        self.model.set_rows(
            [
                EntryLine(entry, line, n == 0)
                for entry in found.entries
                for n, line in enumerate(entry.lines)
            ]
        )
        self.buttons["close"].setEnabled(found.december_closed and not found.done)
        self._show_state()

    def _show_state(self) -> None:
        found = self.shown
        if found is None:
            self.state.clear()
            return
        if found.done:
            at = f"{found.done_at.astimezone():%Y-%m-%d %H:%M}" if found.done_at else ""
            text = self.tr("{year} 年已年结:{who} 于 {at},共 {n} 张结转凭证").format(
                year=found.year, who=found.done_by, at=at, n=len(found.entries)
            )
            set_state(self.state, "ok")
        elif not found.december_closed:
            text = self.tr("{year} 年 12 月尚未结账;以下为按目前账簿将生成的结转凭证(预览)").format(
                year=found.year
            )
            set_state(self.state, "warn")
        else:
            text = self.tr("{year} 年 12 月已结账,可以年结;将生成以下 {n} 张结转凭证").format(
                year=found.year, n=len(found.entries)
            )
            set_state(self.state, None)
        self.state.setText(text)

    def ask_close(self) -> None:
        found = self.shown
        if found is None or found.done or not found.december_closed:
            return
        year = found.year
        self.pending_confirm = ask_yes_no(
            self,
            "yearEndConfirm",
            self.tr("执行年结"),
            self.tr(
                "生成并登记 {year} 年的 {n} 张结转凭证?此后只能通过反结账 {year} 年 12 月撤销。"
            ).format(year=year, n=len(found.entries)),
            on_yes=lambda: self.close_year(year),
            on_closed=self._confirm_closed,
        )

    def close_year(self, year: int) -> None:
        def done(made: YearEndOut) -> None:
            self.show_year(made)
            self.say(self.tr("{year} 年已年结").format(year=year))
            self.context.changes.announce(Changed.PERIODS)

        self.run(lambda api: api.year_end.close(year), done)
