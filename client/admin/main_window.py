"""Main window of the admin console."""

from __future__ import annotations

from client.admin.alerts.alerts_page import AlertsPage
from client.admin.announcements.page import AnnouncementsPage
from client.admin.approval_rules.rules_page import ApprovalRulesPage
from client.admin.audit_log.audit_log_page import AuditLogPage
from client.admin.backups.backups_page import BackupsPage
from client.admin.calendar.page import CalendarPage
from client.admin.client_versions.page import ClientVersionsPage
from client.admin.export_rights.page import ExportRightsPage
from client.admin.faq.page import FaqPage
from client.admin.feedback.page import FeedbackPage
from client.admin.mail.page import MailPage
from client.admin.number_gaps.page import NumberGapsPage
from client.admin.openings.page import OpeningBalancesPage
from client.admin.parameters.parameters_page import ParametersPage
from client.admin.periods.periods_page import PeriodsPage
from client.admin.periods.requests_page import RequestsPage
from client.admin.quotas.page import QuotasPage
from client.admin.reference_data.page import ReferenceDataPage
from client.admin.reviewer_posts.page import ReviewerPostsPage
from client.admin.roles.roles_page import RolesPage
from client.admin.status.status_page import StatusPage
from client.admin.users.view import UsersView
from client.admin.year_end.page import YearEndPage
from client.core.changes import Changed
from client.shell.main_window import ClientContext, Refreshes, ShellWindow
from common.permissions import Permission
from common.schemas.auth import MeOut


class AdminWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("adminWindow")
        self.status_page = StatusPage(self.monitor, self.page_context)
        self.add_page("status", lambda: self.tr("系统状态"), self.status_page)
        self.users_page = UsersView(self.page_context)
        self.add_page("users", lambda: self.tr("用户管理"), self.users_page)
        self.backups_page = BackupsPage(self.page_context)
        self.add_page("backups", lambda: self.tr("数据备份"), self.backups_page)
        # before 结账管理: that page and 双人复核 stay last, side by side
        self.alerts_page = AlertsPage(self.page_context)
        self.add_page("alerts", lambda: self.tr("告警"), self.alerts_page)
        self.audit_log_page = AuditLogPage(self.page_context)
        self.add_page("audit_log", lambda: self.tr("操作日志"), self.audit_log_page)
        self.rules_page = ApprovalRulesPage(self.page_context)
        self.add_page("approval_rules", lambda: self.tr("审批规则"), self.rules_page)
        self.posts_page = ReviewerPostsPage(self.page_context)
        self.add_page("reviewer_posts", lambda: self.tr("审批岗位"), self.posts_page)
        self.users_page.add_post_requested.connect(self._add_post_for)
        self.calendar_page = CalendarPage(self.page_context)
        self.add_page("calendar", lambda: self.tr("节假日与调休"), self.calendar_page)
        self.gaps_page = NumberGapsPage(self.page_context)
        self.add_page("number_gaps", lambda: self.tr("断号检查"), self.gaps_page)
        self.export_rights_page = ExportRightsPage(self.page_context)
        self.add_page("export_rights", lambda: self.tr("导出权限"), self.export_rights_page)
        self.roles_page = RolesPage(self.page_context)
        self.add_page("roles", lambda: self.tr("角色权限"), self.roles_page)
        self.parameters_page = ParametersPage(self.page_context)
        self.add_page("parameters", lambda: self.tr("系统参数"), self.parameters_page)
        self.client_versions_page = ClientVersionsPage(self.page_context)
        self.add_page(
            "client_versions",
            lambda: self.tr("客户端版本"),
            self.client_versions_page,
            needs=Permission.ADMINISTER,
        )
        self.announcements_page = AnnouncementsPage(self.page_context)
        self.add_page("announcements", lambda: self.tr("公告"), self.announcements_page)
        self.faq_page = FaqPage(self.page_context)
        self.add_page(
            "faq", lambda: self.tr("常见问题"), self.faq_page, needs=Permission.ADMINISTER
        )
        self.feedback_page = FeedbackPage(self.page_context)
        self.add_page(
            "feedback",
            lambda: self.tr("问题反馈"),
            self.feedback_page,
            needs=Permission.ADMINISTER,
        )
        self.mail_page = MailPage(self.page_context)
        self.add_page("mail", lambda: self.tr("邮件通知"), self.mail_page)
        self.reference_page = ReferenceDataPage(self.page_context)
        self.add_page("reference_data", lambda: self.tr("基础数据"), self.reference_page)
        self.openings_page = OpeningBalancesPage(self.page_context)
        self.add_page(
            "opening_balances",
            lambda: self.tr("期初余额"),
            self.openings_page,
            needs=Permission.ADMINISTER,
        )
        self.quotas_page = QuotasPage(self.page_context)
        self.add_page("quotas", lambda: self.tr("预算指标"), self.quotas_page)
        self.year_end_page = YearEndPage(self.page_context)
        self.add_page("year_end", lambda: self.tr("年结"), self.year_end_page)
        self.periods_page = PeriodsPage(self.page_context)
        self.add_page("periods", lambda: self.tr("结账管理"), self.periods_page)
        self.requests_page = RequestsPage(self.page_context)
        self.add_page("requests", lambda: self.tr("双人复核"), self.requests_page)
        self.changes.changed.connect(self._changed)
        self.login.auth.logged_in.connect(self._logged_in)
        self.retranslate()

    def _changed(self, kinds: frozenset[Changed]) -> None:
        """A request filed on one page is decided on 双人复核, and the decision
        changes the page it came from: each page that shows a changed kind refreshes."""
        for kind, page in (
            (Changed.REQUESTS, self.requests_page),
            (Changed.PERIODS, self.periods_page),
            (Changed.PERIODS, self.year_end_page),  # December closed or reopened
            (Changed.USERS, self.users_page),
            (Changed.USERS, self.posts_page),  # a reviewer granted or a post changed
            (Changed.BACKUPS, self.backups_page),
            (Changed.PARAMETERS, self.parameters_page),
            (Changed.PARAMETERS, self.client_versions_page),  # the minimum version
        ):
            if kind in kinds:
                page.refresh()

    def _logged_in(self, me: MeOut) -> None:
        for page in self.pages:
            if isinstance(page.widget, Refreshes):
                page.widget.refresh()

    def _add_post_for(self, user_id: int) -> None:
        self.show_page("reviewer_posts")
        self.posts_page.add_post_for(user_id)

    def app_title(self) -> str:
        return self.tr("系统管理后台")
