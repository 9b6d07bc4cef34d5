"""The login dialog: password, then whatever the server asks next.

Steps (the server decides which): change the initial or expired password, enrol
an authenticator (QR code + secret, then a code, then ten recovery codes shown
once), or type the current code — or a recovery code instead. Every call runs in
the background; the dialog only shows results.

A client older than the server's minimum version is refused at the password
step: the dialog says so and offers 下载新版本 (update_offer.py). A merely older
one logs in; ``newer_client`` keeps what the server offered, to be told after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.core.i18n import LANGUAGE_NAMES, current_language
from client.core.ops import QueryOp
from client.login.password_rules import PasswordRules, password_edit
from client.login.qr import qr_pixmap
from client.login.update_offer import UpdateOffer
from client.widgets.errors import describe
from client.widgets.look import set_state
from common.enums import Language
from common.schemas.auth import EnrolmentOut, LoginProgressOut, MeOut, SessionOut, TicketOut
from common.schemas.client_versions import PublishedInstallerOut

CLIENT_TOO_OLD = "auth.client_too_old"


class LoginDialog(QDialog):
    STEP_CREDENTIALS, STEP_PASSWORD, STEP_ENROL, STEP_RECOVERY, STEP_CODE = range(5)
    language_chosen = Signal(object)  # Language: the window switches and remembers it

    def __init__(
        self, api: ApiClient, *, server_url: str, username: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setModal(True)
        self.setMinimumWidth(460)
        self.api = api
        self.server_url = server_url
        self.ticket: TicketOut | None = None
        self.session: SessionOut | None = None
        self.me: MeOut | None = None
        self.newer_client: PublishedInstallerOut | None = None
        self._busy = False

        self.steps = QStackedWidget()
        self.steps.addWidget(self._credentials_page(username))
        self.steps.addWidget(self._password_page())
        self.steps.addWidget(self._enrol_page())
        self.steps.addWidget(self._recovery_page())
        self.steps.addWidget(self._code_page())
        self.steps.currentChanged.connect(self._fit_to_step)
        self.error_label = QLabel()
        self.error_label.setObjectName("loginError")
        self.error_label.setWordWrap(True)
        set_state(self.error_label, "error")
        self.language = QComboBox()
        self.language.setObjectName("loginLanguage")
        for language, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, language.value)  # Qt hands enums back as plain str
        self.language.setCurrentIndex(self.language.findData(current_language().value))
        self.language.currentIndexChanged.connect(
            lambda _: self.language_chosen.emit(Language(self.language.currentData()))
        )
        self.language_caption = QLabel()
        self.update_offer = UpdateOffer(api, self)
        chooser = QHBoxLayout()
        chooser.addStretch(1)
        chooser.addWidget(self.language_caption)
        chooser.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.steps)
        layout.addWidget(self.error_label)
        layout.addWidget(self.update_offer)
        self.retranslate()
        self._fit_to_step(self.STEP_CREDENTIALS)
        (self.password_edit if username else self.username_edit).setFocus()

    def _fit_to_step(self, index: int) -> None:
        """Size the dialog to the step shown, not to the tallest step."""
        for i in range(self.steps.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.steps.widget(i)
            assert page is not None
            page.setSizePolicy(policy, policy)
        self.steps.adjustSize()
        self.adjustSize()

    # -- pages -------------------------------------------------------------
    def _credentials_page(self, username: str) -> QWidget:
        page = QWidget()
        self.server_label = QLabel()
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        self.password_edit = password_edit("password")
        self.login_button = QPushButton()
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.submit_credentials)
        self.login_button.clicked.connect(self.submit_credentials)
        form = QFormLayout(page)
        self.username_caption, self.password_caption = QLabel(), QLabel()
        form.addRow(self.server_label)
        form.addRow(self.username_caption, self.username_edit)
        form.addRow(self.password_caption, self.password_edit)
        form.addRow(self.login_button)
        return page

    def _password_page(self) -> QWidget:
        page = QWidget()
        self.password_intro = QLabel()
        self.password_intro.setWordWrap(True)
        self.new_password_edit = password_edit("newPassword")
        self.confirm_password_edit = password_edit("confirmPassword")
        self.rules = PasswordRules()
        self.change_button = QPushButton()
        self.change_button.setObjectName("changePasswordButton")
        for edit in (self.new_password_edit, self.confirm_password_edit):
            edit.textChanged.connect(self._rules_changed)
        self.new_password_edit.returnPressed.connect(self.confirm_password_edit.setFocus)
        self.confirm_password_edit.returnPressed.connect(self.submit_new_password)
        self.change_button.clicked.connect(self.submit_new_password)
        form = QFormLayout(page)
        self.new_caption, self.confirm_caption = QLabel(), QLabel()
        form.addRow(self.password_intro)
        form.addRow(self.new_caption, self.new_password_edit)
        form.addRow(self.confirm_caption, self.confirm_password_edit)
        form.addRow(self.rules)
        form.addRow(self.change_button)
        return page

    def _enrol_page(self) -> QWidget:
        page = QWidget()
        self.enrol_intro = QLabel()
        self.enrol_intro.setWordWrap(True)
        self.qr_label = QLabel()
        self.qr_label.setObjectName("qrCode")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("totpSecret")
        self.secret_edit.setReadOnly(True)
        self.enrol_code_edit = QLineEdit()
        self.enrol_code_edit.setObjectName("enrolCode")
        self.enrol_code_edit.setMaxLength(6)
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_code_edit.returnPressed.connect(self.submit_enrolment)
        self.enrol_button.clicked.connect(self.submit_enrolment)
        form = QFormLayout(page)
        self.secret_caption, self.enrol_code_caption = QLabel(), QLabel()
        form.addRow(self.enrol_intro)
        form.addRow(self.qr_label)
        form.addRow(self.secret_caption, self.secret_edit)
        form.addRow(self.enrol_code_caption, self.enrol_code_edit)
        form.addRow(self.enrol_button)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.recovery_intro = QLabel()
        self.recovery_intro.setWordWrap(True)
        self.recovery_view = QPlainTextEdit()
        self.recovery_view.setObjectName("recoveryCodes")
        self.recovery_view.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyRecoveryCodes")
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.recovery_view.toPlainText())
        )
        self.saved_button = QPushButton()
        self.saved_button.setObjectName("recoverySaved")
        self.saved_button.clicked.connect(self._finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.saved_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.recovery_intro)
        layout.addWidget(self.recovery_view)
        layout.addLayout(buttons)
        return page

    def _code_page(self) -> QWidget:
        page = QWidget()
        self.code_intro = QLabel()
        self.code_intro.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("totpCode")
        self.use_recovery = QCheckBox()
        self.use_recovery.setObjectName("useRecoveryCode")
        self.use_recovery.toggled.connect(self._recovery_toggled)
        self.code_button = QPushButton()
        self.code_button.setObjectName("codeButton")
        self.code_edit.returnPressed.connect(self.submit_code)
        self.code_button.clicked.connect(self.submit_code)
        form = QFormLayout(page)
        self.code_caption = QLabel()
        form.addRow(self.code_intro)
        form.addRow(self.code_caption, self.code_edit)
        form.addRow(self.use_recovery)
        form.addRow(self.code_button)
        return page

    # -- texts -------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("登录 Countersign"))
        self.language_caption.setText("语言 / Language:")  # readable whichever is on
        self.server_label.setText(self.tr("服务器:{url}").format(url=self.server_url))
        self.username_caption.setText(self.tr("用户名:"))
        self.password_caption.setText(self.tr("密码:"))
        self.login_button.setText(self.tr("登录"))
        self.password_intro.setText(
            self.tr("请设置新密码(首次登录、密码被重置或已过期时必须修改)。")
        )
        self.new_caption.setText(self.tr("新密码:"))
        self.confirm_caption.setText(self.tr("确认新密码:"))
        self.change_button.setText(self.tr("修改密码"))
        self.enrol_intro.setText(
            self.tr(
                "请用手机上的身份验证器(动态口令)应用扫描二维码,"
                "或手工输入下面的密钥,然后输入应用显示的 6 位动态口令。"
            )
        )
        self.secret_caption.setText(self.tr("密钥:"))
        self.enrol_code_caption.setText(self.tr("动态口令:"))
        self.enrol_button.setText(self.tr("确认绑定"))
        self.recovery_intro.setText(
            self.tr(
                "以下 10 个恢复码只显示这一次。每个恢复码只能使用一次,"
                "可在手机不在身边时代替动态口令。请抄写或打印后妥善保管。"
            )
        )
        self.copy_button.setText(self.tr("复制"))
        self.saved_button.setText(self.tr("我已妥善保存,继续"))
        self._recovery_toggled(self.use_recovery.isChecked())
        self.use_recovery.setText(self.tr("改用恢复码"))
        self.code_button.setText(self.tr("验证"))
        self.update_offer.retranslate()
        self._rules_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- actions -----------------------------------------------------------
    def _call(self, op: Callable[[], Any], success: Callable[[Any], None]) -> None:
        if self._busy:
            return
        self._busy = True
        self.steps.setEnabled(False)
        self.error_label.clear()

        def done(result: Any) -> None:
            self._busy = False
            self.steps.setEnabled(True)
            success(result)

        def failed(error: Exception) -> None:
            self._busy = False
            self.steps.setEnabled(True)
            self.error_label.setText(describe(error))
            if getattr(error, "code", "") == CLIENT_TOO_OLD:
                self.update_offer.offer(getattr(error, "params", {}).get("installer"))
                self.adjustSize()
            if getattr(error, "code", "") in (
                "auth.ticket_invalid",
                "auth.code_attempts_exhausted",
                "auth.locked",
            ):
                self._restart()

        QueryOp(parent=self, op=op, success=done, failure=failed).run()

    def submit_credentials(self) -> None:
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        if not username or not password:
            self.error_label.setText(self.tr("请输入用户名和密码"))
            return
        self._call(lambda: self.api.auth.login(username, password), self._next_step)

    def _next_step(self, ticket: TicketOut) -> None:
        self.ticket = ticket
        if ticket.newer_client is not None:  # only the password step's ticket says
            self.newer_client = ticket.newer_client
        self.password_edit.clear()
        if ticket.next_step == "change_password":
            self.rules.policy = ticket.password_policy
            self.rules.username = self.username_edit.text().strip()
            self._rules_changed()
            self.steps.setCurrentIndex(self.STEP_PASSWORD)
            self.new_password_edit.setFocus()
        elif ticket.next_step == "enroll":
            self.steps.setCurrentIndex(self.STEP_ENROL)
            self._call(lambda: self.api.auth.start_enrolment(ticket.ticket), self._show_enrolment)
        else:
            self.steps.setCurrentIndex(self.STEP_CODE)
            self.code_edit.setFocus()

    def _rules_changed(self) -> None:
        ok = self.rules.update_for(self.new_password_edit.text(), self.confirm_password_edit.text())
        self.change_button.setEnabled(ok)

    def submit_new_password(self) -> None:
        if self.ticket is None or not self.change_button.isEnabled():
            return
        ticket, new = self.ticket.ticket, self.new_password_edit.text()
        self._call(lambda: self.api.auth.set_initial_password(ticket, new), self._progress)

    def _show_enrolment(self, enrolment: EnrolmentOut) -> None:
        self.qr_label.setPixmap(qr_pixmap(enrolment.otpauth_uri))
        self.secret_edit.setText(enrolment.secret)
        self.enrol_code_edit.setFocus()

    def submit_enrolment(self) -> None:
        if self.ticket is None:
            return
        ticket, code = self.ticket.ticket, self.enrol_code_edit.text().strip()
        self._call(lambda: self.api.auth.confirm_enrolment(ticket, code), self._enrolled)

    def _enrolled(self, session: SessionOut) -> None:
        self.session = session
        self.recovery_view.setPlainText("\n".join(session.recovery_codes))
        self.steps.setCurrentIndex(self.STEP_RECOVERY)
        self.saved_button.setFocus()

    def _recovery_toggled(self, recovery: bool) -> None:
        self.code_edit.clear()
        self.code_edit.setMaxLength(11 if recovery else 6)
        self.code_edit.setPlaceholderText("XXXXX-XXXXX" if recovery else "123456")
        self.code_caption.setText(self.tr("恢复码:") if recovery else self.tr("动态口令:"))
        self.code_intro.setText(
            self.tr("输入一个尚未用过的恢复码。")
            if recovery
            else self.tr("输入身份验证器应用当前显示的 6 位动态口令。")
        )

    def submit_code(self) -> None:
        if self.ticket is None:
            return
        ticket, code = self.ticket.ticket, self.code_edit.text().strip()
        self._call(lambda: self.api.auth.submit_code(ticket, code), self._progress)

    def _progress(self, progress: LoginProgressOut) -> None:
        if progress.ticket is not None:
            self._next_step(progress.ticket)
            return
        assert progress.session is not None
        self.session = progress.session
        self._finish()

    def _finish(self) -> None:
        self._call(self.api.auth.me, self._have_me)

    def _have_me(self, me: MeOut) -> None:
        self.me = me
        self.accept()

    def _restart(self) -> None:
        """The server ended the pending login: back to the password step."""
        self.ticket = None
        for edit in (self.password_edit, self.code_edit, self.enrol_code_edit):
            edit.clear()
        self.steps.setCurrentIndex(self.STEP_CREDENTIALS)
        self.password_edit.setFocus()
