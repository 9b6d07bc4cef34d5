"""Idle lock (锁屏): after N minutes without input the window hides its data.

The lock screen asks for the password again (checked by the server, counting
toward the account lock). The hidden widgets are kept as they were, so a
half-typed form is still there after unlocking.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.widgets.look import set_look, set_state

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input anywhere."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._interval_ms = 0
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def start(self, minutes: float) -> None:
        self._interval_ms = max(1, int(minutes * 60_000))
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._interval_ms = 0
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._interval_ms and event.type() in _INPUT_EVENTS:
            self._timer.start(self._interval_ms)
        return False


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # password
    logout_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.title = QLabel()
        set_look(self.title, "title")
        self.hint = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self._unlock)
        self.logout_button = QPushButton()
        self.logout_button.setObjectName("lockLogout")
        self.logout_button.clicked.connect(self.logout_requested)
        self.error_label = QLabel()
        self.error_label.setObjectName("unlockError")
        set_state(self.error_label, "error")
        self.error_label.setWordWrap(True)
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.hint)
        box.addWidget(self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.logout_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        box.addLayout(buttons)
        box.addWidget(self.error_label)
        centre = QWidget()
        centre.setMaximumWidth(420)
        centre.setLayout(box)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(centre, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("已锁屏"))
        self.hint.setText(self.tr("长时间未操作,为保护数据已锁定。请输入密码解锁。"))
        self.unlock_button.setText(self.tr("解锁"))
        self.logout_button.setText(self.tr("退出登录"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset(self) -> None:
        self.password_edit.clear()
        self.error_label.clear()
        self.setEnabled(True)
        self.password_edit.setFocus()

    def _unlock(self) -> None:
        if self.password_edit.text():
            self.setEnabled(False)
            self.unlock_requested.emit(self.password_edit.text())
