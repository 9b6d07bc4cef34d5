"""The shape of every dialog that edits a record: a form of named fields, a line
for the early checks' and the server's refusals (naming the field, which is
marked), and OK/Cancel, OK greyed while the server is asked."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from client.widgets.look import set_state


class FieldsDialog(QDialog):
    """Subclasses give ``fields()`` (name → widget, the names the server's errors
    use) and connect ``buttons.accepted`` to their own check."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.error = QLabel()
        self.error.setObjectName(f"{name}Error")
        self.error.setWordWrap(True)
        set_state(self.error, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.rejected.connect(self.reject)

    def fields(self) -> dict[str, QWidget]:
        raise NotImplementedError

    def field_widget(self, field: str) -> QWidget | None:
        """The widget a server's field path names ('monthly_limit', '0.unit_id')."""
        return self.fields().get(field.split(".")[-1].split("[")[0])

    def show_error(self, text: str, field: object = None) -> None:
        self.error.setText(text)
        widget = self.field_widget(str(field or ""))
        if widget is not None:
            set_state(widget, "marked")
            widget.setFocus()

    def clear_errors(self) -> None:
        self.error.clear()
        for widget in self.fields().values():
            set_state(widget, None)

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
