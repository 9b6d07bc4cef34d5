"""Main window of the workbench."""

from __future__ import annotations

from client.shell.main_window import ClientContext, ShellWindow
from client.shell.server_page import ServerPage


class WorkbenchWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("workbenchWindow")
        self.home = ServerPage(self.monitor)
        self.add_page("home", lambda: self.tr("工作台首页"), self.home)
        self.retranslate()

    def app_title(self) -> str:
        return self.tr("业务工作台")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "home"):
            self.home.title.setText(self.tr("工作台首页"))
