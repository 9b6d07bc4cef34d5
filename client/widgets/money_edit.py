"""An amount field: exact decimals, thousands separators once the user moves on.

The field refuses early what the server would refuse (common.money: at most
13 digits of yuan, i.e. 9,999,999,999,999.99, and two decimals): such a key
press is simply not taken. It only checks; the server decides.
"""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from common.money import MAX_AMOUNT, MoneyError, format_money, to_money

# digits with optional separators, a minus for reversals, at most two decimals
_SHAPE = re.compile(r"-?[0-9,]*(\.[0-9]{0,2})?")
_YUAN_DIGITS = len(str(int(MAX_AMOUNT)))  # 13


class MoneyValidator(QValidator):
    """Acceptable: an amount within the limit; Intermediate: on the way to one
    ("", "-", "12."); Invalid (the key is refused): anything else."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return self.state(text), text, pos

    @staticmethod
    def state(text: str) -> QValidator.State:
        bare = text.strip()
        if not _SHAPE.fullmatch(bare):
            return QValidator.State.Invalid
        yuan = bare.lstrip("-").split(".")[0].replace(",", "")
        if len(yuan.lstrip("0")) > _YUAN_DIGITS:
            return QValidator.State.Invalid
        try:
            to_money(bare)
        except MoneyError:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable


class MoneyEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, allow_negative: bool = False) -> None:
        super().__init__(parent)
        self.setValidator(MoneyValidator(self))
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
