"""The one-time display of an initial password (a new account, a reset, or the
credentials an approved grant issues to its approver): the server never shows
it again, so the box keeps the text selectable for copying."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def show_initial_password(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Open (non-modally) and return the box; the caller keeps it for tests."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setObjectName("initialPasswordBox")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box
