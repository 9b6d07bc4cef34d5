"""节假日与调休: the working-day calendar the deadlines count by (DOMAIN.md 督办
提醒: two working days per step). Monday to Friday are working days except the
holidays listed here; a weekend day listed as 上班 is worked in exchange.

Each year the State Council publishes the holidays: download the template, type
the list, import it (it replaces the year's entries at once). A preview shows
when a step started at a given moment would be due, with the calendar as saved.
Changes need a fresh authenticator code and are in the operation log; items
already under review keep the deadlines they were given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from client.admin.calendar.day_dialog import DayDialog
from client.admin.calendar.model import DaysModel, kind_text
from client.admin.page_base import AdminPage, ask_yes_no, page_bar, page_title
from client.core.ops import QueryOp
from client.importing.calendar_excel import read_days, write_template
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label
from common.schemas.approval_admin import CalendarDayIn, CalendarDayOut, DeadlinePreviewOut

EXCEL_FILES = "Excel (*.xlsx)"
ACTIONS = ("add", "edit", "remove", "template", "import", "refresh")  # the buttons, in order


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class CalendarPage(AdminPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.message.setObjectName("calendarMessage")
        self._generation = 0
        self.dialog: DayDialog | None = None
        self.title = page_title("calendarTitle")
        self.year = QSpinBox()
        self.year.setObjectName("calendarYear")
        self.year.setRange(2000, 2999)
        self.year.setValue(dt.date.today().year)  # noqa: DTZ011 (the user's year to start with)
        self.year.valueChanged.connect(lambda _: self.refresh())
        self.year_label = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (  # ACTIONS
            ("add", lambda: self.open_dialog()),
            ("edit", self.edit_selected),
            ("remove", self.remove_day),
            ("template", self.choose_template_file),
            ("import", self.choose_import_file),
            ("refresh", lambda: self.refresh()),
        ):
            button = QPushButton()
            button.setObjectName(f"calendar_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = DaysModel()
        self.table = ListTable(self.model, "calendarTable")
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._offer())

        self.preview_box = QGroupBox()
        self.preview_start = QDateTimeEdit(QDateTime.currentDateTime())
        self.preview_start.setObjectName("previewStart")
        self.preview_start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.preview_start.setCalendarPopup(True)
        self.preview_days = QSpinBox()
        self.preview_days.setObjectName("previewDays")
        self.preview_days.setRange(1, 30)
        self.preview_days.setValue(2)
        self.preview_button = QPushButton()
        self.preview_button.setObjectName("calendar_preview")
        self.preview_button.clicked.connect(self.preview)
        self.preview_result = QLabel()
        self.preview_result.setObjectName("previewResult")
        self.preview_result.setWordWrap(True)
        self.preview_labels = [QLabel(), QLabel()]
        preview = QVBoxLayout(self.preview_box)
        for label, widget in zip(
            self.preview_labels, (self.preview_start, self.preview_days), strict=True
        ):
            preview.addWidget(label)
            preview.addWidget(widget)
        preview.addWidget(self.preview_button)
        preview.addWidget(self.preview_result)
        preview.addStretch(1)
        self.last_preview: DeadlinePreviewOut | None = None
        self.hint = hint_label()

        top = page_bar(
            [self.title, self.year_label, self.year],
            [
                self.buttons[key]
                for key in ("add", "edit", "remove", "template", "import", "refresh")
            ],
        )
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.preview_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint)
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()
        self._offer()

    def retranslate(self) -> None:
        self.title.setText(self.tr("节假日与调休"))
        self.year_label.setText(self.tr("年份:"))
        for key, text in (
            ("add", self.tr("新增")),
            ("edit", self.tr("修改")),
            ("remove", self.tr("删除")),
            ("template", self.tr("下载导入模板")),
            ("import", self.tr("从 Excel 导入全年…")),
            ("refresh", self.tr("刷新")),
        ):
            self.buttons[key].setText(text)
        self.table.retranslate()
        self.model.retranslate()
        self.preview_box.setTitle(self.tr("期限预览"))
        self.preview_labels[0].setText(self.tr("开始时间:"))
        self.preview_labels[1].setText(self.tr("工作日数:"))
        self.preview_button.setText(self.tr("预览"))
        self._show_preview()
        self.hint.setText(
            self.tr(
                "周一至周五为工作日,这里列出的“放假”日除外;列为“上班(调休)”的周末按工作日计。"
                "审批期限按工作日计算。每年按国务院公布的节假日安排导入一次。"
                "修改需要重新验证动态口令,并记入操作日志;已在审批中的单据期限不变。"
            )
        )
        if self.dialog is not None:
            self.dialog.retranslate()

    # -- loading ---------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])
        self.message.clear()
        self.last_preview = None
        self._show_preview()
        if self.dialog is not None:
            self.dialog.reject()

    def refresh(self) -> None:
        self._generation += 1
        generation, year = self._generation, self.year.value()

        def loaded(days: list[CalendarDayOut]) -> None:
            if generation == self._generation:
                self.model.set_rows(list(days))
                self._offer()

        self.run(lambda api: api.admin.calendar(year), loaded)

    def _offer(self) -> None:
        chosen = self.table.selected() is not None
        self.buttons["edit"].setEnabled(chosen)
        self.buttons["remove"].setEnabled(chosen)

    # -- one day -----------------------------------------------------------------
    def open_dialog(self, entry: CalendarDayOut | None = None) -> DayDialog | None:
        if self.dialog is not None:
            return self.dialog
        year = entry.day.year if entry is not None else self.year.value()
        dialog = DayDialog(year, entry, self)
        dialog.submitted.connect(lambda day, body: self._save(dialog, day, body))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        self.open_dialog(self.table.selected())

    def _dialog_closed(self, dialog: DayDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _save(self, dialog: DayDialog, day: dt.date, body: CalendarDayIn) -> None:
        def saved(_: None) -> None:
            if self.dialog is dialog:
                dialog.accept()
            self.say(
                self.tr("已保存:{day} {kind} {name}").format(
                    day=day.isoformat(), kind=kind_text(body.is_working), name=body.name
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
        self.run(lambda api: api.admin.set_calendar_day(day, body), saved, failure=refused)

    def remove_day(self) -> None:
        entry = self.table.selected()
        if entry is None:
            return

        def removed(_: None) -> None:
            self.say(self.tr("已删除:{day},恢复为普通日").format(day=entry.day.isoformat()))
            self.refresh()

        self.pending_confirm = ask_yes_no(
            self,
            "removeDayConfirm",
            self.tr("删除节假日"),
            self.tr("删除 {day}({name})?这一天将按普通的周一至周五规则计算。").format(
                day=entry.day.isoformat(), name=entry.name or kind_text(entry.is_working)
            ),
            on_yes=lambda: self.run(
                lambda api: api.admin.set_calendar_day(entry.day, None), removed
            ),
            on_closed=self._confirm_closed,
        )

    def _confirm_closed(self) -> None:
        self.pending_confirm = None

    def _prompt_closed(self) -> None:
        super()._prompt_closed()
        if self.dialog is not None:
            self.dialog.set_busy(False)

    # -- the yearly list ---------------------------------------------------------
    def choose_template_file(self) -> None:
        year = self.year.value()
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存模板"), f"节假日安排-{year}.xlsx", EXCEL_FILES
        )
        if chosen:
            self.save_template(Path(chosen))

    def save_template(self, path: Path) -> None:
        year, language = self.year.value(), self.context.language()
        QueryOp(
            parent=self,
            op=lambda: write_template(path, year, language),
            success=lambda _: self.say(self.tr("模板已保存:{path}").format(path=path)),
            failure=lambda error: self.say_error(str(error)),
        ).run()

    def choose_import_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择全年节假日安排"), "", EXCEL_FILES
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Read the list (off the Qt thread), then ask before replacing the year."""
        year, language = self.year.value(), self.context.language()
        QueryOp(
            parent=self,
            op=lambda: read_days(path, year, language),
            success=lambda days: self._confirm_import(year, days),
            failure=lambda error: self.say_error(str(error)),
        ).run()

    def _confirm_import(self, year: int, days: list[CalendarDayOut]) -> None:
        holidays = sum(not d.is_working for d in days)

        def imported(saved: list[CalendarDayOut]) -> None:
            self.say(
                self.tr("已导入 {year} 年节假日安排,共 {n} 天").format(year=year, n=len(saved))
            )
            if self.year.value() == year:
                self.model.set_rows(list(saved))

        self.pending_confirm = ask_yes_no(
            self,
            "importYearConfirm",
            self.tr("导入全年节假日安排"),
            self.tr(
                "用文件中的 {n} 天(放假 {holidays} 天,调休上班 {working} 天)替换 {year} 年"
                "现有的 {old} 天安排?"
            ).format(
                n=len(days),
                holidays=holidays,
                working=len(days) - holidays,
                year=year,
                old=len(self.model.rows) if self.year.value() == year else "?",
            ),
            on_yes=lambda: self.run(
                lambda api: api.admin.replace_calendar_year(year, days), imported
            ),
            on_closed=self._confirm_closed,
        )

    # -- preview ------------------------------------------------------------------
    def preview(self) -> None:
        start = self.preview_start.dateTime().toPython()
        assert isinstance(start, dt.datetime)
        moment = start.astimezone()  # the user's local time, as typed
        days = self.preview_days.value()

        def shown(answer: DeadlinePreviewOut) -> None:
            self.last_preview = answer
            self._show_preview()

        self.run(lambda api: api.admin.preview_deadline(moment, days), shown)

    def _show_preview(self) -> None:
        answer = self.last_preview
        if answer is None:
            self.preview_result.clear()
            return
        self.preview_result.setText(
            self.tr("{days} 个工作日后截止:{due}\n黄灯提醒自:{yellow}").format(
                days=answer.working_days, due=_shown(answer.due), yellow=_shown(answer.yellow_from)
            )
        )
