"""Ask before an act that cannot simply be taken back (红字冲销, 撤回, 停用):
a non-modal question, so the event loop keeps running and tests can answer it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget, *, name: str, title: str, text: str, then: Callable[[], object]
) -> QMessageBox:
    """Cancel is the default button; ``then`` runs only on Yes. The box is
    returned so the caller keeps it alive while it is open."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName(name)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def answered(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            then()

    box.finished.connect(answered)
    box.open()
    return box
