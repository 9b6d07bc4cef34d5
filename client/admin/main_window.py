"""Main window of the admin console."""

from __future__ import annotations

from client.admin.alerts.alerts_page import AlertsPage
from client.admin.backups.backups_page import BackupsPage
from client.admin.periods.periods_page import PeriodsPage
from client.admin.periods.requests_page import RequestsPage
from client.admin.users.view import UsersView
from client.shell.main_window import ClientContext, ShellWindow
from client.shell.server_page import ServerPage
from common.schemas.auth import MeOut


class AdminWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("adminWindow")
        self.status_page = ServerPage(self.monitor)
        self.add_page("status", lambda: self.tr("系统状态"), self.status_page)
        self.users_page = UsersView(lambda: self.monitor.api, self.login)
        self.add_page("users", lambda: self.tr("用户管理"), self.users_page)
        self.backups_page = BackupsPage(lambda: self.monitor.api, self.login)
        self.add_page("backups", lambda: self.tr("数据备份"), self.backups_page)
        # before 结账管理: that page and 双人复核 stay last, side by side
        self.alerts_page = AlertsPage(lambda: self.monitor.api, self.login)
        self.add_page("alerts", lambda: self.tr("告警"), self.alerts_page)
        self.periods_page = PeriodsPage(lambda: self.monitor.api, self.login)
        self.add_page("periods", lambda: self.tr("结账管理"), self.periods_page)
        self.requests_page = RequestsPage(lambda: self.monitor.api, self.login)
        self.add_page("requests", lambda: self.tr("双人复核"), self.requests_page)
        # a reopening filed on one page is decided on the other
        self.periods_page.changed.connect(self.requests_page.refresh)
        self.requests_page.changed.connect(self.periods_page.refresh)
        self.login.auth.logged_in.connect(self._logged_in)
        self.retranslate()

    def _logged_in(self, me: MeOut) -> None:
        self.users_page.refresh()
        self.periods_page.refresh()
        self.requests_page.refresh()
        self.backups_page.refresh()
        self.alerts_page.refresh()

    def app_title(self) -> str:
        return self.tr("系统管理后台")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "status_page"):
            self.status_page.title.setText(self.tr("系统状态"))
        if hasattr(self, "users_page"):
            self.users_page.retranslate()
        if hasattr(self, "periods_page"):
            self.periods_page.retranslate()
        if hasattr(self, "requests_page"):
            self.requests_page.retranslate()
        if hasattr(self, "backups_page"):
            self.backups_page.retranslate()
        if hasattr(self, "alerts_page"):
            self.alerts_page.retranslate()
