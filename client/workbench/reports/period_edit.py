"""A statement's period (报表期间): a month, a quarter or a year, written as the
server takes it ('2026-03', '2026-Q1', '2026')."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

FIRST_YEAR, LAST_YEAR = 2000, 2999
MONTH, QUARTER, YEAR = "month", "quarter", "year"


class PeriodEdit(QWidget):
    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.span = QComboBox()
        self.span.setObjectName("periodSpan")
        for value in (MONTH, QUARTER, YEAR):
            self.span.addItem("", value)
        self.year = QSpinBox()
        self.year.setObjectName("periodYear")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(today.year)
        self.part = QComboBox()
        self.part.setObjectName("periodPart")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.span, self.year, self.part):
            layout.addWidget(widget)
        self._month = today.month
        self.span.currentIndexChanged.connect(lambda _: self._fill_parts())
        self.part.currentIndexChanged.connect(lambda _: self._part_chosen())
        self.retranslate()

    def retranslate(self) -> None:
        for index, caption in enumerate((self.tr("月报"), self.tr("季报"), self.tr("年报"))):
            self.span.setItemText(index, caption)
        self._fill_parts()

    def _part_chosen(self) -> None:
        chosen = self.part.currentData()
        if isinstance(chosen, int):
            self._month = chosen

    def _fill_parts(self) -> None:
        """Months or quarters for the chosen span (none for a year), keeping the
        chosen month's place when switching between them."""
        span = self.span.currentData()
        self.part.blockSignals(True)
        self.part.clear()
        if span == MONTH:
            for n in range(1, 13):
                self.part.addItem(self.tr("{n} 月").format(n=n), n)
            self.part.setCurrentIndex(self._month - 1)
        elif span == QUARTER:
            for n in range(1, 5):
                self.part.addItem(self.tr("第 {n} 季度").format(n=n), n * 3 - 2)
            self.part.setCurrentIndex((self._month - 1) // 3)
        self.part.blockSignals(False)
        self.part.setVisible(span != YEAR)

    def period(self) -> str:
        span, year = self.span.currentData(), self.year.value()
        if span == YEAR:
            return str(year)
        first_month = int(self.part.currentData())
        if span == QUARTER:
            return f"{year}-Q{(first_month - 1) // 3 + 1}"
        return f"{year}-{first_month:02d}"

    def set_period(self, period: str) -> None:
        self.year.setValue(int(period[:4]))
        if len(period) == 4:
            span = 2
        elif period[5] == "Q":
            span, self._month = 1, (int(period[6]) - 1) * 3 + 1
        else:
            span, self._month = 0, int(period[5:7])
        self.span.blockSignals(True)
        self.span.setCurrentIndex(span)
        self.span.blockSignals(False)
        self._fill_parts()

    def text(self) -> str:
        parts = [self.span.currentText(), str(self.year.value())]
        if self.part.isVisibleTo(self):
            parts.append(self.part.currentText())
        return " ".join(parts)
