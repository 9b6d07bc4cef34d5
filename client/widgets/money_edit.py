"""An amount field: exact decimals, thousands separators once the user moves on."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from common.money import MoneyError, format_money, to_money

# digits with optional separators, a minus for reversals, at most two decimals
_PATTERN = QRegularExpression(r"^-?[0-9,]{0,19}(\.[0-9]{0,2})?$")


class MoneyEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, allow_negative: bool = False) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(_PATTERN, self))
        self.setAlignment(self.alignment().AlignRight)
        self.setPlaceholderText("0.00")
        self.allow_negative = allow_negative
        self.editingFinished.connect(self._tidy)

    def value(self) -> Decimal | None:
        """The amount typed, or None when the field is empty or not an amount."""
        text = self.text().strip()
        if not text:
            return None
        try:
            return to_money(text)
        except MoneyError:
            return None

    def set_value(self, amount: Decimal | None) -> None:
        self.setText("" if amount is None or amount == 0 else format_money(amount))

    def _tidy(self) -> None:
        amount = self.value()
        if amount is not None:
            self.setText(format_money(amount) if amount != 0 else "")
