"""二次核对: a large amount is typed a second time, without looking, before it is sent
(DOMAIN.md: amounts at or above the threshold are entered twice)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from client.widgets.look import set_state
from client.widgets.money_edit import MoneyEdit


class DoubleEntryDialog(QDialog):
    """二次核对: each large amount typed again, compared before anything is sent."""

    def __init__(self, amounts: list[tuple[str, Decimal]], names: list[str], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("doubleEntryDialog")
        self.setWindowTitle(self.tr("大额二次核对"))
        self.expected = [amount for _, amount in amounts]
        self.edits: list[MoneyEdit] = []
        form = QFormLayout()
        for name in names:
            edit = MoneyEdit(self, allow_negative=True)
            edit.setObjectName(f"confirm_{len(self.edits)}")
            self.edits.append(edit)
            form.addRow(self.tr("再次输入{name}:").format(name=name), edit)
        self.error_label = QLabel()
        set_state(self.error_label, "error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("以下金额达到核对标准,请不看原值再输入一遍:")))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def typed(self) -> list[Decimal]:
        return [edit.value() or Decimal("0") for edit in self.edits]

    def _check(self) -> None:
        if self.typed() != self.expected:
            self.error_label.setText(self.tr("两次输入的金额不一致,请核对原始凭据"))
            return
        self.accept()
