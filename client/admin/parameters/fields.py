"""One editor per parameter: its caption, the widget for its kind, the allowed
range and default, and a line for what the server refused in it.

Numbers are typed, not spun: the server holds the limits and says which one a
value breaks, by name, next to the field (a spin box would silently clamp)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QRegularExpression, QTime
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QTimeEdit, QWidget

from client.admin.parameters.names import parameter_hint, parameter_name
from client.widgets.look import hint_label, set_state
from common.money import MoneyError, format_money, to_money
from common.schemas.parameters import ParameterKind, ParameterOut, ParameterValue

TIME_FORMAT = "HH:mm"


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class ParameterField:
    def __init__(self, parameter: ParameterOut, on_edit: Callable[[ParameterField], None]) -> None:
        self.key = parameter.key
        self.kind = parameter.kind
        self.parameter = parameter
        self.caption = QLabel()
        self.hint = hint_label(f"hint_{self.key}")
        self.error = QLabel()
        self.error.setObjectName(f"error_{self.key}")
        self.error.setWordWrap(True)
        set_state(self.error, "error")
        self.error.setVisible(False)
        self.widget: QWidget = self._editor(lambda: on_edit(self))
        self.widget.setObjectName(f"param_{self.key}")
        self.caption.setBuddy(self.widget)
        self.set_value(parameter.value)

    def _editor(self, edited: Callable[[], None]) -> QWidget:
        if self.kind is ParameterKind.BOOLEAN:
            box = QCheckBox()
            box.toggled.connect(lambda _: edited())
            return box
        if self.kind is ParameterKind.TIME:
            time = QTimeEdit()
            time.setDisplayFormat(TIME_FORMAT)
            time.timeChanged.connect(lambda _: edited())
            return time
        line = QLineEdit()
        pattern = {
            ParameterKind.INTEGER: r"\d{0,10}",
            ParameterKind.VERSION: r"[0-9A-Za-z.+!-]{0,32}",
        }.get(self.kind, r"[\d,]{0,16}(\.\d{0,2})?")
        line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), line))
        line.setMaximumWidth(160)
        line.textEdited.connect(lambda _: edited())
        return line

    # -- the value ---------------------------------------------------------------
    def value(self) -> ParameterValue:
        """What is on screen, as the server takes it; the server judges it."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QTimeEdit):
            return widget.time().toString(TIME_FORMAT)
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if self.kind is ParameterKind.INTEGER and text.isdigit():
            return int(text)
        return text

    def set_value(self, value: ParameterValue) -> None:
        widget = self.widget
        widget.blockSignals(True)
        try:
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QTimeEdit):
                widget.setTime(QTime.fromString(str(value), TIME_FORMAT))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
        finally:
            widget.blockSignals(False)

    def changed(self) -> bool:
        """Differs from the server's value (an amount by its value: 100000 is 100000.00)."""
        now, before = self.value(), self.parameter.value
        if self.kind is ParameterKind.MONEY:
            try:
                return to_money(str(now)) != to_money(str(before))
            except MoneyError:
                return True
        return now != before or type(now) is not type(before)

    def load(self, parameter: ParameterOut) -> None:
        """The server's value (after a refresh or a save); edits are gone."""
        self.parameter = parameter
        self.set_value(parameter.value)
        self.show_error("")
        self.retranslate()

    def set_editable(self, editable: bool) -> None:
        self.widget.setEnabled(editable)

    # -- words -------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def retranslate(self) -> None:
        self.caption.setText(parameter_name(self.key) + ":")
        if isinstance(self.widget, QCheckBox):
            self.widget.setText(QCoreApplication.translate("Parameters", "是"))
        parts = []
        low, high, default = self.parameter.minimum, self.parameter.maximum, self.parameter.default
        if low is not None and high is not None:
            money = self.kind is ParameterKind.MONEY
            parts.append(
                QCoreApplication.translate("Parameters", "范围 {low} 到 {high}").format(
                    low=format_money(low) if money else _number(low),
                    high=format_money(high) if money else _number(high),
                )
            )
        if self.kind is ParameterKind.BOOLEAN:
            shown = (
                QCoreApplication.translate("Parameters", "是")
                if default
                else QCoreApplication.translate("Parameters", "否")
            )
        elif self.kind is ParameterKind.MONEY:
            shown = format_money(Decimal(str(default)))
        else:
            shown = str(default)
        parts.append(QCoreApplication.translate("Parameters", "默认 {value}").format(value=shown))
        if hint := parameter_hint(self.key):
            parts.append(hint)
        self.hint.setText(";".join(parts))
