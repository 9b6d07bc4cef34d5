"""Main window of the admin console."""

from __future__ import annotations

from client.shell.main_window import ClientContext, ShellWindow
from client.shell.server_page import ServerPage


class AdminWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("adminWindow")
        self.status_page = ServerPage(self.monitor)
        self.add_page("status", lambda: self.tr("系统状态"), self.status_page)
        self.retranslate()

    def app_title(self) -> str:
        return self.tr("系统管理后台")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "status_page"):
            self.status_page.title.setText(self.tr("系统状态"))
