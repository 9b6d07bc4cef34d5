"""修改密码 in both windows: 设置 → 修改密码, and the offer to change it when the
login says it expires soon."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox

from client.api import ApiError
from client.login.change_password import ChangePasswordDialog
from client.shell.page_context import PageContext
from client.widgets.confirm import confirm
from client.widgets.errors import describe


class OwnPassword(QObject):
    """The dialog (one at a time) and the expiry question, for one window."""

    def __init__(self, window: QMainWindow, context: PageContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.dialog: ChangePasswordDialog | None = None
        self.question: QMessageBox | None = None

    def change(self) -> ChangePasswordDialog | None:
        """Old password, the new one twice, the policy shown live; the server decides."""
        me = self.context.login.auth.me
        if me is None or self.dialog is not None:
            return self.dialog
        dialog = ChangePasswordDialog(me, self.window)
        self.dialog = dialog

        def submitted(current: str, new: str) -> None:
            def changed(_: None) -> None:
                dialog.accept()
                self.context.tell(self.tr("密码已修改"))

            def refused(error: Exception) -> bool:
                dialog.set_busy(False)
                field = error.params.get("field") if isinstance(error, ApiError) else None
                dialog.show_error(describe(error), field)
                return True  # said in the dialog, where the user is typing

            dialog.set_busy(True)
            self.context.run(
                dialog, lambda api: api.auth.change_password(current, new), changed, failure=refused
            )

        def closed(_: int) -> None:
            self.dialog = None
            dialog.deleteLater()

        dialog.submitted.connect(submitted)
        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def offer(self, days: int) -> None:
        """The password expires soon: said in the status bar, and offered at once."""
        text = self.tr("密码将在 {days} 天后过期,请及时修改").format(days=days)
        self.window.statusBar().showMessage(text)
        self.question = confirm(
            self.window,
            name="passwordExpiring",
            title=self.tr("密码即将过期"),
            text=text + self.tr("。现在修改吗?"),
            then=self.change,
        )
