"""断号检查: every document number given in a period and series belongs to a live
document (DOMAIN.md). Numbers are given when an item is submitted, under a lock,
and the database refuses to delete a numbered document, so the report should
show no gap; a gap means the database was changed behind the server's back.

For administrators and auditors; the report can be saved as Excel.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QSpinBox

from client.admin.page_base import AdminPage, lay_out_list_page, page_title
from client.core.labels import kind_name, shown
from client.core.ops import QueryOp
from client.shell.page_context import PageContext
from client.widgets import look
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_state
from client.widgets.rows_model import RowsModel
from common.enums import DocumentKind, VoucherType
from common.schemas.documents import NumberGapOut

RECORD_SERIES = {
    "收入": DocumentKind.INCOME,
    "支出": DocumentKind.EXPENDITURE,
    "指标": DocumentKind.QUOTA_ADJUSTMENT,
}
SHOWN_MISSING = 20  # numbers listed in the cell; the rest counted


def series_name(series: str) -> str:
    """'收入' / '记' as the user reads them (Income, General voucher in English)."""
    if series in RECORD_SERIES:
        return kind_name(RECORD_SERIES[series])
    if series in VoucherType._value2member_map_:
        return f"{shown(VoucherType(series))}({series})"
    return series


def missing_text(gap: NumberGapOut) -> str:
    if not gap.missing:
        return QCoreApplication.translate("NumberGaps", "无断号")
    listed = "、".join(f"{gap.series}-{n:04d}" for n in gap.missing[:SHOWN_MISSING])
    more = len(gap.missing) - SHOWN_MISSING
    if more > 0:
        listed += QCoreApplication.translate("NumberGaps", " 等共 {n} 个").format(
            n=len(gap.missing)
        )
    return listed


def cause_text(gap: NumberGapOut) -> str:
    if not gap.missing:
        return ""
    return QCoreApplication.translate(
        "NumberGaps",
        "编号已发出但没有对应单据。已编号单据不能删除,断号说明数据库被绕过服务器修改过,"
        "请核查数据库访问记录。",
    )


class GapsModel(RowsModel[NumberGapOut]):
    COLUMNS = ("period", "series", "last", "missing", "cause")

    def titles(self) -> dict[str, str]:
        return {
            "period": self.tr("期间"),
            "series": self.tr("编号类别"),
            "last": self.tr("已编至"),
            "missing": self.tr("缺号"),
            "cause": self.tr("原因"),
        }

    def text(self, row: NumberGapOut, column: str) -> str:
        if column == "period":
            return f"{row.year}-{row.month:02d}"
        if column == "series":
            return series_name(row.series)
        if column == "last":
            return f"{row.series}-{row.last_number:04d}"
        if column == "missing":
            return missing_text(row)
        return cause_text(row)

    def colour(self, row: NumberGapOut, column: str) -> QColor | None:
        return look.ERROR if row.missing and column == "missing" else None

    def sort_key(self, row: NumberGapOut, column: str) -> object | None:
        if column == "last":
            return row.last_number
        if column == "missing":
            return len(row.missing)
        return None


class NumberGapsPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("gapsMessage")
        self._generation = 0
        self.title = page_title("gapsTitle")
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setObjectName("gapsYear")
        self.year.setRange(2000, 2999)
        self.year.setValue(2000)
        self.year.setSpecialValueText(" ")  # 2000 shown blank: every year
        self.year.valueChanged.connect(lambda _: self.refresh())
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (("export", self.choose_export_file), ("refresh", self.refresh)):
            button = QPushButton()
            button.setObjectName(f"gaps_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = GapsModel()
        self.table = ListTable(self.model, "gapsTable")
        self.summary = QLabel()
        self.summary.setObjectName("gapsSummary")
        self.hint = hint_label()
        lay_out_list_page(
            self,
            left=[self.title, self.year_label, self.year],
            table=self.table,
            actions=[self.buttons["export"], self.buttons["refresh"]],
            message=self.message,
            hint=self.hint,
            above=[self.summary],
        )
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("断号检查"))
        self.year_label.setText(self.tr("年度(空为全部):"))
        self.buttons["export"].setText(self.tr("导出 Excel…"))
        self.buttons["refresh"].setText(self.tr("刷新"))
        self.table.retranslate()
        self.model.retranslate()
        self._show_summary()
        self.hint.setText(
            self.tr(
                "每个期间、每类编号从 1 连续编号;编号在提交时取得,已编号的单据不能删除。"
                "这里列出每个期间每类编号的使用情况,正常情况下没有断号。"
            )
        )

    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self.message.clear()
        self._show_summary()

    def chosen_year(self) -> int | None:
        return None if self.year.value() == self.year.minimum() else self.year.value()

    def refresh(self) -> None:
        self._generation += 1
        generation, year = self._generation, self.chosen_year()

        def loaded(gaps: list[NumberGapOut]) -> None:
            if generation == self._generation:
                self.model.set_rows(list(gaps))
                self._show_summary()

        self.run(lambda api: api.documents.number_gaps(year=year), loaded)

    def gaps(self) -> list[NumberGapOut]:
        return [row for row in self.model.rows if row.missing]

    def _show_summary(self) -> None:
        found = self.gaps()
        set_state(self.summary, "error" if found else "ok")
        if not self.model.rows:
            self.summary.clear()
        elif found:
            missing = sum(len(row.missing) for row in found)
            self.summary.setText(
                self.tr("发现断号:{series} 个编号类别共缺 {n} 个编号").format(
                    series=len(found), n=missing
                )
            )
        else:
            self.summary.setText(
                self.tr("没有断号:{n} 个期间编号类别均连续").format(n=len(self.model.rows))
            )

    # -- Excel ---------------------------------------------------------------------
    def choose_export_file(self) -> None:
        year = self.chosen_year()
        name = f"断号检查-{year}.xlsx" if year else "断号检查.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出断号检查"), name, "Excel (*.xlsx)"
        )
        if chosen:
            self.export(Path(chosen))

    def export(self, path: Path) -> None:
        """The report as shown (every column, in the UI language), off the Qt thread."""
        titles = self.model.titles()
        header = [titles[column] for column in self.model.COLUMNS]
        rows = [[self.model.text(row, c) for c in self.model.COLUMNS] for row in self.model.rows]

        def write() -> None:
            book = Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.append(header)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append(row)
            book.save(path)

        def allowed(_none: None) -> None:  # the right checked and the export logged
            QueryOp(
                parent=self,
                op=write,
                success=lambda _: self.say(self.tr("已导出到 {path}").format(path=path)),
                failure=lambda error: self.say_error(str(error)),
            ).run()

        year = self.chosen_year()
        self.run(
            lambda api: api.reports.log_export(
                self.tr("断号检查"), str(year or ""), len(rows), file_format="xlsx"
            ),
            allowed,
        )
