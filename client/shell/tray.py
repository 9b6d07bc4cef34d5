"""The system-tray icon: while the window is minimised or hidden, new
notifications pop up from the tray (QSystemTrayIcon.showMessage); a click on
the icon or the message brings the window back.

What to say is decided by :class:`TrayDecision`, a plain object the tests drive
with real notifications (an offscreen session has no tray); whether there is a
tray at all is asked in one place, :func:`tray_available`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from common.schemas.reviews import NotificationOut

MESSAGE_MS = 10_000


def tray_available() -> bool:
    """Whether this desktop shows tray icons (never under QT_QPA_PLATFORM=offscreen)."""
    return QSystemTrayIcon.isSystemTrayAvailable()


def in_view(window: QMainWindow) -> bool:
    """The user sees the window: shown and not minimised."""
    return window.isVisible() and not window.isMinimized()


@dataclass(frozen=True)
class TrayMessage:
    title: str
    text: str


class TrayDecision(QObject):
    """What the tray says when notices arrive: nothing while the window is in
    view (the window shows them itself); else the newest notice, headed by how
    many came."""

    def message(
        self, notices: list[NotificationOut], *, window_in_view: bool
    ) -> TrayMessage | None:
        if window_in_view or not notices:
            return None
        newest = max(notices, key=lambda notice: notice.id)
        if len(notices) == 1:
            title = self.tr("Countersign 新消息")
        else:
            title = self.tr("Countersign:{count} 条新消息").format(count=len(notices))
        return TrayMessage(title, newest.text)


class WorkTray(QObject):
    """The window's tray icon (None where there is no tray) and its messages."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.decision = TrayDecision(self)
        self.last: TrayMessage | None = None  # what was last shown (or would have been)
        self.icon: QSystemTrayIcon | None = None
        if tray_available():
            app = QApplication.instance()
            icon = window.windowIcon()
            if icon.isNull() and isinstance(app, QApplication):
                icon = app.windowIcon()
            self.icon = QSystemTrayIcon(icon, self)
            self.icon.setToolTip("Countersign")
            self.icon.activated.connect(lambda _reason: self.restore())
            self.icon.messageClicked.connect(self.restore)
            self.icon.show()

    def notices_arrived(self, notices: list[NotificationOut]) -> TrayMessage | None:
        """Shown from the tray while the window is out of view; what was said."""
        said = self.decision.message(notices, window_in_view=in_view(self.window))
        if said is not None:
            self.last = said
            if self.icon is not None:
                self.icon.showMessage(
                    said.title, said.text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS
                )
        return said

    def restore(self) -> None:
        """The window back in front, as it was before it was minimised."""
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
