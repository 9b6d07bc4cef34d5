"""The amount field refuses, as the user types, what the server would refuse:
more than 9,999,999,999,999.99 or more than two decimals."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.widgets.money_edit import MoneyEdit


def typed(qtbot: QtBot, keys: str) -> MoneyEdit:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClicks(edit, keys)
    return edit


def test_a_fourteenth_digit_of_yuan_is_not_taken(qtbot: QtBot) -> None:
    edit = typed(qtbot, "99999999999999")  # 14 nines
    assert edit.text() == "9999999999999"
    qtbot.keyClicks(edit, ".995")
    assert edit.text() == "9999999999999.99"
    assert edit.value() == Decimal("9999999999999.99")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # done: shown with separators
    assert edit.text() == "9,999,999,999,999.99"
    assert edit.value() == Decimal("9999999999999.99")


def test_a_third_decimal_and_letters_are_not_taken(qtbot: QtBot) -> None:
    assert typed(qtbot, "1.005").text() == "1.00"
    assert typed(qtbot, "1e300").text() == "1300"
    assert typed(qtbot, "-12.5").value() == Decimal("-12.50")


def test_a_pasted_amount_beyond_the_limit_is_no_amount(qtbot: QtBot) -> None:
    edit = typed(qtbot, "")
    edit.setText("10,000,000,000,000.00")  # not typed: the validator is not asked
    assert edit.value() is None and not edit.hasAcceptableInput()
    edit.setText("NaN")
    assert edit.value() is None and not edit.hasAcceptableInput()
