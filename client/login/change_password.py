"""修改密码: change one's own password at any time (设置 → 修改密码, or from the
warning that it is about to expire).

The policy is the server's (MeOut.password_policy) and is shown live as the new
password is typed; the server checks again and decides, including the history
of earlier passwords, and what it refuses is shown here naming the field.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.login.password_rules import PasswordRules, password_edit
from client.widgets.look import set_state
from common.schemas.auth import MeOut


class ChangePasswordDialog(QDialog):
    """``submitted(current, new)`` once the new password meets the policy twice."""

    submitted = Signal(str, str)

    def __init__(self, me: MeOut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.current_edit = password_edit("currentPassword")
        self.new_edit = password_edit("newPassword")
        self.confirm_edit = password_edit("confirmPassword")
        self.rules = PasswordRules()
        self.rules.policy = me.password_policy
        self.rules.username = me.username
        self.error = QLabel()
        self.error.setObjectName("changePasswordError")
        self.error.setWordWrap(True)
        set_state(self.error, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.check_and_submit)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.new_edit, self.confirm_edit):
            edit.textChanged.connect(self._recheck)
        self.current_edit.returnPressed.connect(self.new_edit.setFocus)
        self.new_edit.returnPressed.connect(self.confirm_edit.setFocus)
        self.confirm_edit.returnPressed.connect(self.check_and_submit)
        self.captions = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        for caption, edit in zip(
            self.captions, (self.current_edit, self.new_edit, self.confirm_edit), strict=True
        ):
            form.addRow(caption, edit)
        form.addRow(self.rules)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._recheck()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("修改密码"))
        for caption, text in zip(
            self.captions,
            (self.tr("当前密码:"), self.tr("新密码:"), self.tr("再次输入新密码:")),
            strict=True,
        ):
            caption.setText(text)

    def fields(self) -> dict[str, QLineEdit]:
        return {"current_password": self.current_edit, "new_password": self.new_edit}

    def _recheck(self) -> bool:
        ok = self.rules.update_for(self.new_edit.text(), self.confirm_edit.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def check_and_submit(self) -> None:
        self.show_error("")
        if not self.current_edit.text():
            self.show_error(self.tr("请输入当前密码"), "current_password")
            return
        if not self._recheck():
            return  # the rules above say what is missing
        self.submitted.emit(self.current_edit.text(), self.new_edit.text())

    def show_error(self, text: str, field: object = None) -> None:
        """An early check's or the server's refusal; the field it names is marked."""
        self.error.setText(text)
        for name, edit in self.fields().items():
            set_state(edit, "marked" if name == field else None)
        marked = self.fields().get(str(field or ""))
        if marked is not None:
            marked.selectAll()
            marked.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
