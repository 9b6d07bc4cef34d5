"""Main window of the admin console."""

from __future__ import annotations

from client.admin.alerts.alerts_page import AlertsPage
from client.admin.approval_rules.rules_page import ApprovalRulesPage
from client.admin.audit_log.audit_log_page import AuditLogPage
from client.admin.backups.backups_page import BackupsPage
from client.admin.parameters.parameters_page import ParametersPage
from client.admin.periods.periods_page import PeriodsPage
from client.admin.periods.requests_page import RequestsPage
from client.admin.reference_data.page import ReferenceDataPage
from client.admin.roles.roles_page import RolesPage
from client.admin.status.status_page import StatusPage
from client.admin.users.view import UsersView
from client.shell.main_window import ClientContext, ShellWindow
from common.schemas.auth import MeOut


class AdminWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("adminWindow")
        self.status_page = StatusPage(self.monitor, lambda: self.monitor.api, self.login)
        self.add_page("status", lambda: self.tr("系统状态"), self.status_page)
        self.users_page = UsersView(lambda: self.monitor.api, self.login)
        self.add_page("users", lambda: self.tr("用户管理"), self.users_page)
        self.backups_page = BackupsPage(lambda: self.monitor.api, self.login)
        self.add_page("backups", lambda: self.tr("数据备份"), self.backups_page)
        # before 结账管理: that page and 双人复核 stay last, side by side
        self.alerts_page = AlertsPage(lambda: self.monitor.api, self.login)
        self.add_page("alerts", lambda: self.tr("告警"), self.alerts_page)
        self.audit_log_page = AuditLogPage(lambda: self.monitor.api, self.login)
        self.add_page("audit_log", lambda: self.tr("操作日志"), self.audit_log_page)
        self.rules_page = ApprovalRulesPage(lambda: self.monitor.api, self.login)
        self.add_page("approval_rules", lambda: self.tr("审批规则"), self.rules_page)
        self.roles_page = RolesPage(lambda: self.monitor.api, self.login)
        self.add_page("roles", lambda: self.tr("角色权限"), self.roles_page)
        self.parameters_page = ParametersPage(lambda: self.monitor.api, self.login)
        self.add_page("parameters", lambda: self.tr("系统参数"), self.parameters_page)
        self.reference_page = ReferenceDataPage(lambda: self.monitor.api, self.login)
        self.add_page("reference_data", lambda: self.tr("基础数据"), self.reference_page)
        self.periods_page = PeriodsPage(lambda: self.monitor.api, self.login)
        self.add_page("periods", lambda: self.tr("结账管理"), self.periods_page)
        self.requests_page = RequestsPage(lambda: self.monitor.api, self.login)
        self.add_page("requests", lambda: self.tr("双人复核"), self.requests_page)
        # a reopening filed on one page is decided on the other
        self.periods_page.changed.connect(self.requests_page.refresh)
        self.requests_page.changed.connect(self.periods_page.refresh)
        # a role grant or a second-factor reset filed on 用户管理 is decided on 双人复核
        self.users_page.changed.connect(self.requests_page.refresh)
        self.requests_page.changed.connect(self.users_page.refresh)
        # a restore plan filed on 数据备份 is approved on 双人复核, which starts it
        self.backups_page.changed.connect(self.requests_page.refresh)
        self.requests_page.changed.connect(self.backups_page.refresh)
        self.requests_page.restore_started.connect(self.backups_page.refresh)
        # a weakening of a security parameter waits on 双人复核 too
        self.parameters_page.changed.connect(self.requests_page.refresh)
        self.requests_page.changed.connect(self.parameters_page.refresh)
        self.login.auth.logged_in.connect(self._logged_in)
        self.retranslate()

    def _logged_in(self, me: MeOut) -> None:
        self.status_page.refresh()
        self.parameters_page.refresh()
        self.users_page.refresh()
        self.periods_page.refresh()
        self.requests_page.refresh()
        self.backups_page.refresh()
        self.alerts_page.refresh()
        self.rules_page.refresh()
        self.roles_page.refresh()
        self.audit_log_page.refresh()
        self.reference_page.refresh()

    def app_title(self) -> str:
        return self.tr("系统管理后台")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "status_page"):
            self.status_page.retranslate()
        if hasattr(self, "parameters_page"):
            self.parameters_page.retranslate()
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
        if hasattr(self, "rules_page"):
            self.rules_page.retranslate()
        if hasattr(self, "roles_page"):
            self.roles_page.retranslate()
        if hasattr(self, "audit_log_page"):
            self.audit_log_page.retranslate()
        if hasattr(self, "reference_page"):
            self.reference_page.retranslate()
