"""One day of the calendar: a holiday, or a weekend day worked in exchange."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.admin.calendar.model import kind_text
from client.widgets.look import set_state
from common.schemas.approval_admin import CalendarDayIn, CalendarDayOut


class DayDialog(QDialog):
    """``submitted(date, CalendarDayIn)``."""

    submitted = Signal(object, object)

    def __init__(
        self, year: int, entry: CalendarDayOut | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dayDialog")
        self.entry = entry
        self.date = QDateEdit()
        self.date.setObjectName("calendarDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        self.kind = QComboBox()
        self.kind.setObjectName("calendarKind")
        self.kind.addItem("", False)
        self.kind.addItem("", True)
        self.name = QLineEdit()
        self.name.setObjectName("calendarName")
        self.name.setMaxLength(100)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_state(self.error, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.captions = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        for caption, widget in zip(self.captions, (self.date, self.kind, self.name), strict=True):
            form.addRow(caption, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.date.setDate(QDate(entry.day.year, entry.day.month, entry.day.day))
            self.date.setEnabled(False)  # another day is another entry
            self.kind.setCurrentIndex(1 if entry.is_working else 0)
            self.name.setText(entry.name)
        else:
            self.date.setDate(QDate(year, 1, 1))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("修改节假日") if self.entry else self.tr("新增节假日"))
        for caption, text in zip(
            self.captions, (self.tr("日期:"), self.tr("类型:"), self.tr("名称:")), strict=True
        ):
            caption.setText(text)
        self.kind.setItemText(0, kind_text(False))
        self.kind.setItemText(1, kind_text(True))
        self.name.setPlaceholderText(self.tr("如:国庆节"))

    def chosen_day(self) -> dt.date:
        picked = self.date.date()
        return dt.date(picked.year(), picked.month(), picked.day())

    def _submit(self) -> None:
        body = CalendarDayIn(
            is_working=bool(self.kind.currentData()), name=self.name.text().strip()
        )
        self.submitted.emit(self.chosen_day(), body)

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
