"""Set one quota's initial amount (年初指标): a unit, a functional and an economic
item picked by code, name or pinyin initials, and the amount."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from client.core.reference import PickEntry
from client.widgets.code_picker import CodePicker
from client.widgets.look import set_state
from client.widgets.money_edit import MoneyEdit
from common.schemas.quotas import QuotaIn, QuotaOut


class QuotaDialog(QDialog):
    """``submitted(QuotaIn)``; an existing quota keeps its unit and items."""

    submitted = Signal(object)

    def __init__(
        self,
        year: int,
        pickers: dict[str, list[PickEntry]],
        entry: QuotaOut | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quotaDialog")
        self.year, self.entry = year, entry
        self.unit = CodePicker()
        self.unit.setObjectName("quotaUnit")
        self.functional = CodePicker()
        self.functional.setObjectName("quotaFunctional")
        self.economic = CodePicker()
        self.economic.setObjectName("quotaEconomic")
        for name, picker in (
            ("unit", self.unit),
            ("functional", self.functional),
            ("economic", self.economic),
        ):
            picker.set_entries(pickers.get(name, []))
        self.amount = MoneyEdit()
        self.amount.setObjectName("quotaAmount")
        self.error = QLabel()
        self.error.setObjectName("quotaDialogError")
        self.error.setWordWrap(True)
        set_state(self.error, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.captions = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for caption, widget in zip(
            self.captions, (self.unit, self.functional, self.economic, self.amount), strict=True
        ):
            form.addRow(caption, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.unit.set_current(entry.unit_id)
            self.functional.set_current(entry.functional_item_id)
            self.economic.set_current(entry.economic_item_id)
            for picker in (self.unit, self.functional, self.economic):
                picker.setEnabled(False)  # another unit or item is another quota
            self.amount.set_value(entry.initial)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("修改 {year} 年年初指标").format(year=self.year)
            if self.entry
            else self.tr("设置 {year} 年年初指标").format(year=self.year)
        )
        for caption, text in zip(
            self.captions,
            (
                self.tr("预算单位:"),
                self.tr("功能分类:"),
                self.tr("经济分类:"),
                self.tr("年初指标:"),
            ),
            strict=True,
        ):
            caption.setText(text)

    def _submit(self) -> None:
        ids = (self.unit.current_id, self.functional.current_id, self.economic.current_id)
        amount = self.amount.value()
        if None in ids or amount is None:
            self.show_error(self.tr("请选择预算单位、功能分类和经济分类,并填写年初指标"))
            return
        unit, functional, economic = ids
        assert unit is not None and functional is not None and economic is not None
        self.submitted.emit(
            QuotaIn(
                year=self.year,
                unit_id=unit,
                functional_item_id=functional,
                economic_item_id=economic,
                amount=amount,
            )
        )

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
