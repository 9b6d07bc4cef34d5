"""The password policy shown live while the user types a new password."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from client.widgets.look import set_state
from common.rules.passwords import PasswordPolicy, check_password


def password_edit(name: str) -> QLineEdit:
    """A password field: typed characters hidden, as long as the server takes."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    return edit


class PasswordRules(QWidget):
    """One line per rule, green when met, red when not; same rules as the server."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = PasswordPolicy()
        self.username = ""
        self._password = ""
        self._labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code in (
            "password.too_short",
            "password.too_long",
            "password.needs_letter",
            "password.needs_digit",
            "password.needs_special",
            "password.contains_username",
            "confirm",
        ):
            label = QLabel()
            label.setObjectName(f"rule_{code}")
            self._labels[code] = label
            layout.addWidget(label)
        self.update_for("", "")

    def texts(self) -> dict[str, str]:
        p = self.policy
        return {
            "password.too_short": self.tr("至少 {n} 个字符").format(n=p.min_length),
            "password.too_long": self.tr("最多 {n} 个字符").format(n=p.max_length),
            "password.needs_letter": self.tr("包含字母"),
            "password.needs_digit": self.tr("包含数字"),
            "password.needs_special": self.tr("包含特殊字符"),
            "password.contains_username": self.tr("不包含用户名"),
            "confirm": self.tr("两次输入一致"),
        }

    def update_for(self, password: str, confirm: str) -> bool:
        """Refresh the marks; True when every rule is met."""
        self._password, self._confirm = password, confirm
        broken = {
            v.code for v in check_password(password, username=self.username, policy=self.policy)
        }
        if not password or password != confirm:
            broken.add("confirm")
        for code, text in self.texts().items():
            ok = code not in broken and bool(password)
            label = self._labels[code]
            label.setText(("✔ " if ok else "✘ ") + text)
            set_state(label, "ok" if ok else "error")
            label.setProperty("met", ok)
        return not broken

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update_for(self._password, getattr(self, "_confirm", ""))
        super().changeEvent(event)
