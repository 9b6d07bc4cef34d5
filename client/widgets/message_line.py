"""A page's message line: what just happened, or what the server refused.

Every page says things the same way, so the look (the stylesheet's
``[state="ok"]`` and ``[state="error"]``) and the behaviour (a new message
replaces the old one, an error never keeps a success's words) live here once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu

from client.widgets.look import set_state, state_of


class MessageLine(QLabel):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def say(self, text: str) -> None:
        set_state(self, "ok")
        self.setText(text)

    def say_error(self, text: str) -> None:
        set_state(self, "error")
        self.setText(text)

    def say_warning(self, text: str) -> None:
        set_state(self, "warn")
        self.setText(text)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copy the words; on an error, also report it (问题反馈) from right here."""
        menu = QMenu(self)
        copy = menu.addAction(self.tr("复制"))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.text()))
        report = getattr(self.window(), "report_problem", None)
        if state_of(self) == "error" and callable(report):
            menu.addAction(self.tr("问题反馈…"), report)
        menu.exec(event.globalPos())

    def say_plain(self, text: str) -> None:
        """Progress or a neutral note, neither success nor failure."""
        set_state(self, None)
        self.setText(text)
