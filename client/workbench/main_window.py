"""Main window of the workbench: home, the three entry screens, 我的单据, review."""

from __future__ import annotations

from client.shell.main_window import ClientContext, ShellWindow
from client.shell.server_page import ServerPage
from client.workbench.entry.my_documents import MyDocumentsView
from client.workbench.entry.record_forms import ExpenditureForm, IncomeForm
from client.workbench.entry.reference import ReferenceCache
from client.workbench.entry.voucher_form import VoucherForm
from client.workbench.review.review_page import ReviewPage
from common.enums import DocumentKind
from common.schemas.auth import MeOut
from common.schemas.documents import DocumentOut


class WorkbenchWindow(ShellWindow):
    def __init__(self, context: ClientContext) -> None:
        super().__init__(context)
        self.setObjectName("workbenchWindow")
        self.home = ServerPage(self.monitor)
        self.add_page("home", lambda: self.tr("工作台首页"), self.home)
        self.reference = ReferenceCache(lambda: self.monitor.api, self)
        self.income_form = IncomeForm(lambda: self.monitor.api, self.login, self.reference)
        self.expenditure_form = ExpenditureForm(
            lambda: self.monitor.api, self.login, self.reference
        )
        self.voucher_form = VoucherForm(lambda: self.monitor.api, self.login, self.reference)
        self.add_page("income", lambda: self.tr("收入录入"), self.income_form)
        self.add_page("expenditure", lambda: self.tr("支出录入"), self.expenditure_form)
        self.add_page("voucher", lambda: self.tr("凭证录入"), self.voucher_form)
        self.my_documents = MyDocumentsView(lambda: self.monitor.api, self.login)
        self.add_page("documents", lambda: self.tr("我的单据"), self.my_documents)
        self.my_documents.edit_requested.connect(self.open_document)
        self.review = ReviewPage(lambda: self.monitor.api, self.login, self.reference)
        self.add_page("review", lambda: self.tr("审核审批"), self.review)
        for form in (self.income_form, self.expenditure_form, self.voucher_form):
            form.submitted.connect(lambda _doc: self.my_documents.refresh())
        self.login.auth.logged_in.connect(self._logged_in)
        self.retranslate()

    def open_document(self, document: DocumentOut) -> None:
        """A draft or returned item opens in its own entry screen."""
        forms = {
            DocumentKind.INCOME: ("income", self.income_form),
            DocumentKind.EXPENDITURE: ("expenditure", self.expenditure_form),
            DocumentKind.VOUCHER: ("voucher", self.voucher_form),
        }
        key, form = forms[document.kind]
        form.edit(document)
        self.show_page(key)

    def _logged_in(self, _me: MeOut) -> None:
        self.reference.load()

    def app_title(self) -> str:
        return self.tr("业务工作台")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "home"):
            self.home.title.setText(self.tr("工作台首页"))
