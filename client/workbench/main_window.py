"""Main window of the workbench: home, the three entry screens, 我的单据, review,
查询, 统计报表, and the search box at the top right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog

from client.api import ApiClient
from client.core.changes import Changed
from client.shell.mail_settings import MailSettingsDialog, open_mail_settings
from client.shell.main_window import NOTICE_MS, ClientContext, ShellWindow
from client.shell.tray import WorkTray
from client.widgets.icons import dress_action
from client.workbench.entry.form_base import EntryForm
from client.workbench.entry.my_documents import MyDocumentsView
from client.workbench.entry.quota_adjustment_form import QuotaAdjustmentForm
from client.workbench.entry.record_forms import ExpenditureForm, IncomeForm
from client.workbench.entry.voucher_form import VoucherForm
from client.workbench.global_search import GlobalSearch
from client.workbench.home.home_page import HomePage
from client.workbench.home.notifier import WorkNotifier
from client.workbench.home.work_badge import WorkBadge
from client.workbench.posting.posting_page import PostingPage
from client.workbench.query.query_page import QueryPage
from client.workbench.reports.reports_page import ReportsPage
from client.workbench.reports.signoff_page import SignOffPage
from client.workbench.review.detail_dialog import open_detail_dialog
from client.workbench.review.review_page import ReviewPage
from client.workbench.statements.layout_page import LayoutPage
from common.enums import DocumentKind, NotificationKind
from common.permissions import Permission
from common.schemas.auth import MeOut
from common.schemas.documents import DocumentOut
from common.schemas.posting import PostingStage
from common.schemas.reviews import NotificationOut, TimelineOut
from common.schemas.search import DocumentQuery


class WorkbenchWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("workbenchWindow")
        ctx = self.page_context
        self.reference = ctx.reference
        self.notifier = WorkNotifier(ctx.api, self)
        self.home = HomePage(self.notifier)
        self.add_page("home", lambda: self.tr("工作台首页"), self.home)
        self.badge = WorkBadge(self.notifier)
        self.statusBar().addPermanentWidget(self.badge)
        self.badge.clicked.connect(lambda: self.show_page("home"))
        self.tray = WorkTray(self)  # new notices while the window is minimised or hidden
        self.notifier.arrived.connect(self.tray.notices_arrived)
        self.mail_dialog: MailSettingsDialog | None = None
        self.mail_action = QAction(self)
        self.mail_action.setObjectName("mailSettingsAction")
        self.mail_action.triggered.connect(self.edit_mail_settings)
        self.settings_menu.addAction(self.mail_action)
        self.income_form = IncomeForm(ctx)
        self.expenditure_form = ExpenditureForm(ctx)
        self.voucher_form = VoucherForm(ctx)
        self.quota_form = QuotaAdjustmentForm(ctx)
        enter, decide = Permission.ENTER_DOCUMENTS, Permission.DECIDE_REVIEWS
        self.add_page("income", lambda: self.tr("收入录入"), self.income_form, enter)
        self.add_page("expenditure", lambda: self.tr("支出录入"), self.expenditure_form, enter)
        self.add_page("voucher", lambda: self.tr("凭证录入"), self.voucher_form, enter)
        self.add_page("quota_adjustment", lambda: self.tr("指标调整"), self.quota_form, enter)
        self.my_documents = MyDocumentsView(ctx)
        self.add_page("documents", lambda: self.tr("我的单据"), self.my_documents, enter)
        self.my_documents.edit_requested.connect(self.open_document)
        self.review = ReviewPage(ctx)
        self.add_page("review", lambda: self.tr("审核审批"), self.review, decide)
        self.cashier_page = PostingPage(ctx, PostingStage.CASHIER)
        self.add_page(
            "cashier", lambda: self.tr("出纳签字"), self.cashier_page, Permission.CASHIER_SIGN
        )
        self.posting_page = PostingPage(ctx, PostingStage.POST)
        self.add_page(
            "posting", lambda: self.tr("记账"), self.posting_page, Permission.POST_VOUCHERS
        )
        self.query = QueryPage(ctx)
        self.add_page("query", lambda: self.tr("查询"), self.query)
        self.reports = ReportsPage(ctx)
        self.add_page("reports", lambda: self.tr("统计报表"), self.reports)
        self.layout_page = LayoutPage(ctx)
        self.add_page(
            "statement_layout",
            lambda: self.tr("报表格式"),
            self.layout_page,
            Permission.STATEMENT_LAYOUT,
        )
        self.signoff = SignOffPage(ctx)  # who prepares statements and who signs them
        self.add_page(
            "signoff",
            lambda: self.tr("报表审核"),
            self.signoff,
            (Permission.REPORT_SIGN, Permission.STATEMENT_LAYOUT),
        )
        self.search_box = GlobalSearch(ctx)
        self.menuBar().setCornerWidget(self.search_box, Qt.Corner.TopRightCorner)
        focus_search = QShortcut(QKeySequence("Ctrl+K"), self)
        focus_search.activated.connect(self._focus_search)
        self.search_box.document_chosen.connect(self.show_document)
        self.search_box.filter_chosen.connect(self.open_query)
        self.detail_dialog: QDialog | None = None
        for form in self.entry_forms():
            form.submitted.connect(lambda _doc: self.changes.announce(Changed.DOCUMENTS))
        self.changes.changed.connect(self._changed)
        self.home.open_page.connect(self.show_page)
        self.home.open_list.connect(self.open_review_list)
        self.home.notice_opened.connect(self.open_notice)
        self.notifier.arrived.connect(self._notices_arrived)
        self.notifier.announced.connect(self.maintenance_banner.show_announcements)
        self.login.auth.logged_in.connect(self._logged_in)
        self.login.auth.logged_out.connect(lambda *_: self.notifier.stop())
        self.retranslate()

    def _changed(self, kinds: frozenset[Changed]) -> None:
        """Each screen that shows what changed refreshes; the others wait."""
        if Changed.REVIEWS in kinds:
            self.notifier.poll()  # the home counts follow a decision at once
        if Changed.DOCUMENTS in kinds and "documents" in self.offered_pages():
            self.my_documents.refresh()

    def entry_forms(self) -> tuple[EntryForm, ...]:
        return (self.income_form, self.expenditure_form, self.voucher_form, self.quota_form)

    def unsaved_work(self) -> list[str]:
        forms = self.entry_forms() if hasattr(self, "quota_form") else ()
        return [form.title() for form in forms if form.has_unsaved_input()]

    def drop_unsaved_work(self) -> None:
        for form in self.entry_forms():
            form.drop_unsaved_input()

    def keep_unsaved_work(self) -> None:
        for form in self.entry_forms():
            form.keep_locally()

    def pages_offered(self, keys: list[str]) -> None:
        home: HomePage | None = getattr(self, "home", None)  # None while the shell builds
        if home is not None:
            home.offer(keys)

    def open_review_list(self, which: str, document_id: int | None = None) -> None:
        self.show_page("review")
        self.review.show_list(which, document_id)

    def open_notice(self, notice: NotificationOut) -> None:
        """A decision on my item opens 我的单据 at it; anything else, the review queue."""
        if notice.kind is NotificationKind.DECIDED:
            self.show_page("documents")
            if notice.document_id is not None:
                self.my_documents.refresh(select=notice.document_id)
        else:
            self.open_review_list("todo", notice.document_id)

    def _notices_arrived(self, notices: list[NotificationOut]) -> None:
        self.statusBar().showMessage(notices[-1].text, NOTICE_MS)
        kinds = {notice.kind for notice in notices}
        if kinds & {NotificationKind.NEW_WORK, NotificationKind.DELEGATED}:
            self.review.refresh()
        if NotificationKind.DECIDED in kinds:
            self.my_documents.refresh()

    def open_document(self, document: DocumentOut) -> None:
        """A draft or returned item opens in its own entry screen."""
        forms = {
            DocumentKind.INCOME: ("income", self.income_form),
            DocumentKind.EXPENDITURE: ("expenditure", self.expenditure_form),
            DocumentKind.VOUCHER: ("voucher", self.voucher_form),
            DocumentKind.QUOTA_ADJUSTMENT: ("quota_adjustment", self.quota_form),
        }
        key, form = forms[document.kind]
        form.edit(document)
        self.show_page(key)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def show_document(self, document_id: int) -> None:
        """Any item in scope, read-only with its 审批记录 (from the search box)."""

        def fetch(api: ApiClient) -> tuple[DocumentOut, TimelineOut]:
            return api.documents.get(document_id), api.reviews.timeline(document_id)

        def show(found: tuple[DocumentOut, TimelineOut]) -> None:
            self.detail_dialog = open_detail_dialog(self, self.page_context, *found)

        self.page_context.run(self, fetch, show)

    def open_query(self, query: DocumentQuery) -> None:
        """The query screen with the search box's unit, item or account filled in."""
        self.show_page("query")
        self.query.show_query(query)
        self.query.run()

    def _logged_in(self, _me: MeOut) -> None:
        self.reference.load()
        self.notifier.start()

    def app_title(self) -> str:
        return self.tr("业务工作台")

    def edit_mail_settings(self) -> MailSettingsDialog | None:
        """设置 → 邮件通知: the user's own e-mail notifications."""
        if self.login.auth.me is None or self.mail_dialog is not None:
            return self.mail_dialog
        self.mail_dialog = dialog = open_mail_settings(self.page_context, self)
        dialog.finished.connect(lambda _result: setattr(self, "mail_dialog", None))
        return dialog

    def _user_changed(self, *args: object) -> None:
        super()._user_changed(*args)
        if hasattr(self, "mail_action"):
            self.mail_action.setEnabled(self.login.auth.me is not None)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.tray.hide()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "search_box"):
            self.search_box.retranslate()
        if hasattr(self, "mail_action"):
            self.mail_action.setText(self.tr("邮件通知(&M)…"))
            dress_action(self.mail_action, "mdi6.email-outline")
        if hasattr(self, "badge"):
            self.badge.refresh()
