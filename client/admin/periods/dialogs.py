"""A reason or a note typed before a period or request action is sent."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.widgets.look import set_state

NOTE_MAX = 200  # ReopenIn.reason and DecisionIn.note


class TextDialog(QDialog):
    """One line of text, required (at least two characters, as the server asks)
    or optional. The server checks again; this only saves a round trip."""

    def __init__(
        self,
        *,
        object_name: str,
        title: str,
        prompt: str,
        required: bool,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.required = required
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("dialogText")
        self.text_edit.setMaxLength(NOTE_MAX)
        self.text_edit.setPlaceholderText(placeholder)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        set_state(self.error_label, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        prompt_label = QLabel(prompt)
        prompt_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt_label)
        layout.addWidget(self.text_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        return self.text_edit.text().strip()

    def _accept_if_valid(self) -> None:
        if self.required and len(self.text()) < 2:
            self.error_label.setText(self.tr("请填写至少两个字"))
            self.text_edit.setFocus()
            return
        self.accept()
