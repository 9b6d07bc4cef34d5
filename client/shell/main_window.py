"""The frame both desktop apps share: menu, navigation, pages, connection status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.api import CertificateChanged
from client.core import recent_log
from client.core.changes import ChangeBus
from client.core.connection import ConnectionMonitor, NeedsTrust
from client.core.i18n import LANGUAGE_NAMES, current_language, install_language
from client.core.reference import ReferenceCache
from client.core.settings import ClientSettings, SettingsStore
from client.feedback.feedback_dialog import FeedbackDialog
from client.help.help_window import HelpWindow
from client.help.manual import contents
from client.login.controller import LoginController
from client.login.idle_lock import LockScreen
from client.shell.maintenance_banner import MaintenanceBanner
from client.shell.newer_client import NewerClientNotice
from client.shell.own_password import OwnPassword
from client.shell.page_context import PageContext
from client.shell.server_page import ServerInfoPanel
from client.shell.status import ConnectionStatus
from client.widgets.connection_dialog import ConnectionDialog
from client.widgets.icons import dress, dress_action, page_icon
from client.widgets.look import apply_look
from client.widgets.trust_dialog import TrustCertificateDialog
from common.enums import Language, Role
from common.permissions import Permission, granted
from common.schemas.faq import FaqOut
from common.version import __version__

NOTICE_MS = 15_000  # how long a message stays in the status bar


@dataclass
class ClientContext:
    """What a window needs from outside; built once by client.app."""

    settings: ClientSettings
    store: SettingsStore
    monitor: ConnectionMonitor


@runtime_checkable
class Retranslates(Protocol):
    """A page that puts its words on again; the window calls it on a language change
    (pages do not listen for LanguageChange themselves, so none is forgotten)."""

    def retranslate(self) -> None: ...


@runtime_checkable
class Refreshes(Protocol):
    """A page that loads what it shows from the server (again after a login)."""

    def refresh(self) -> object: ...


@dataclass(frozen=True)
class Page:
    """A page of the navigation; ``needs`` is the permission (common/permissions.py,
    the server's own table) without which it is not offered at all (several: any
    one of them)."""

    key: str
    title: Callable[[], str]
    widget: QWidget
    needs: Permission | tuple[Permission, ...] | None = None

    def offered_to(self, roles: list[Role] | None) -> bool:
        if self.needs is None:
            return True
        needs = self.needs if isinstance(self.needs, tuple) else (self.needs,)
        return roles is not None and any(granted(roles, need) for need in needs)


class ShellWindow(QMainWindow):
    """Subclasses add their pages with ``add_page`` and name themselves in ``app_title``."""

    def __init__(self, context: ClientContext) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_look(app)
        self.context = context
        self.monitor = context.monitor
        self.pages: list[Page] = []
        self.close_question: QMessageBox | None = None
        self.server_dialog: QDialog | None = None
        self.server_info: ServerInfoPanel | None = None
        self.close_answered = False
        self.quit_requested = False  # 文件 → 退出, or the title bar's close button
        self.trust_dialog: TrustCertificateDialog | None = None
        self.feedback_dialog: FeedbackDialog | None = None
        recent_log.install()  # a problem report may carry the last lines
        self.certificate_alert: QMessageBox | None = None
        self.help_window: HelpWindow | None = None
        # the administrators' FAQ, searched with the manual: entries
        # {id, question, answer, tags, language}, from what the window last fetched
        self.help_faq: Callable[[], Iterable[Mapping[str, object]]] | None = None

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setMinimumWidth(160)
        self.navigation.setMaximumWidth(240)
        self.stack = QStackedWidget()
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.lock_screen = LockScreen()
        self.central = QStackedWidget()
        self.work_area = splitter
        self.central.addWidget(splitter)
        self.central.addWidget(self.lock_screen)
        self.maintenance_banner = MaintenanceBanner()  # fed by the workbench's notifier
        outer = QWidget()
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.maintenance_banner)
        column.addWidget(self.central, 1)
        self.setCentralWidget(outer)

        self.user_label = QLabel()
        self.user_label.setObjectName("currentUser")
        self.connection_status = ConnectionStatus(self.monitor)
        self.newer_client = NewerClientNotice(lambda: self.monitor.api)
        self.statusBar().addPermanentWidget(self.newer_client)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.connection_status)
        self.login = LoginController(self)
        self.login.newer_client.connect(self.newer_client.offer)
        self.changes = ChangeBus(self)
        self.page_context = PageContext(
            api=lambda: self.monitor.api,
            login=self.login,
            changes=self.changes,
            reference=ReferenceCache(lambda: self.monitor.api, self),  # the workbench loads it
            tell=lambda text: self.statusBar().showMessage(text, NOTICE_MS),
            settings=context.settings,
            save_settings=lambda: context.store.save(context.settings),
        )
        self.login.auth.logged_in.connect(self._user_changed)
        self.login.auth.logged_out.connect(self._user_changed)
        self.faq_entries: list[FaqOut] = []  # the FAQ of my language, for the manual's search
        self.help_faq = lambda: [entry.model_dump(mode="json") for entry in self.faq_entries]
        self.login.auth.logged_in.connect(lambda *_: self.load_faq())
        self.lock_screen.unlock_requested.connect(self.login.unlock)
        self.lock_screen.logout_requested.connect(self.login.logout)
        self._build_menus()
        self.monitor.trust_required.connect(self._ask_trust)
        self.monitor.certificate_changed.connect(self._refuse_changed_certificate)
        self.resize(1100, 720)

    # -- to override -------------------------------------------------------
    def app_title(self) -> str:
        raise NotImplementedError

    # -- pages -------------------------------------------------------------
    def add_page(
        self,
        key: str,
        title: Callable[[], str],
        widget: QWidget,
        needs: Permission | tuple[Permission, ...] | None = None,
    ) -> None:
        widget.setObjectName(f"page_{key}")
        self.pages.append(Page(key, title, widget, needs))
        item = QListWidgetItem(page_icon(key), title())
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.navigation.addItem(item)
        self.stack.addWidget(widget)
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)

    def show_page(self, key: str) -> bool:
        """Go to the page; False (and stay) when it is not offered to this user."""
        for row, page in enumerate(self.pages):
            if page.key == key:
                if self.navigation.item(row).isHidden():
                    return False
                self.navigation.setCurrentRow(row)
                return True
        raise KeyError(key)

    def offered_pages(self) -> list[str]:
        return [
            page.key
            for row, page in enumerate(self.pages)
            if not self.navigation.item(row).isHidden()
        ]

    def _offer_pages(self, roles: list[Role] | None) -> None:
        """Only the pages the user's roles allow are in the navigation."""
        for row, page in enumerate(self.pages):
            self.navigation.item(row).setHidden(not page.offered_to(roles))
        current = self.navigation.currentRow()
        if current < 0 or self.navigation.item(current).isHidden():
            visible = [
                row for row in range(len(self.pages)) if not self.navigation.item(row).isHidden()
            ]
            if visible:
                self.navigation.setCurrentRow(visible[0])
        self.pages_offered(self.offered_pages())

    def pages_offered(self, keys: list[str]) -> None:
        """Subclasses shape the rest of the window (shortcuts, tiles) to ``keys``."""

    # -- menus -------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.connection_action = QAction(self)
        self.connection_action.triggered.connect(self.edit_connection)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.login.lock)
        self.logout_action = QAction(self)
        self.logout_action.triggered.connect(self.login.logout)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit_by_user)
        self.file_menu.addAction(self.connection_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.logout_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[Language, QAction] = {}
        for language, label in LANGUAGE_NAMES.items():
            action = QAction(label, self, checkable=True)
            action.setChecked(self.context.settings.language is language)
            action.triggered.connect(lambda _=False, lang=language: self.set_language(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[language] = action

        self.own_password = OwnPassword(self, self.page_context)
        self.login.password_expiring.connect(self.own_password.offer)
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.own_password.change)
        self.settings_menu.addAction(self.password_action)
        self.scanner_action = QAction(self)
        self.scanner_action.triggered.connect(self.choose_scanner_folder)
        self.settings_menu.addAction(self.scanner_action)

        self.help_menu = bar.addMenu("")
        self.feedback_action = QAction(self)
        self.feedback_action.triggered.connect(self.report_problem)
        self.help_menu.addAction(self.feedback_action)
        self.manual_action = QAction(self)
        self.manual_action.setObjectName("manualAction")
        self.manual_action.triggered.connect(lambda: self.open_manual(None))
        self.help_menu.addAction(self.manual_action)
        self.screen_help_action = QAction(self)
        self.screen_help_action.setObjectName("screenHelpAction")
        self.screen_help_action.setShortcut(QKeySequence("F1"))
        self.screen_help_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.screen_help_action.triggered.connect(lambda: self.open_manual(self.current_screen()))
        self.help_menu.addAction(self.screen_help_action)
        self.addAction(self.screen_help_action)  # F1 also while the menu bar is hidden
        self.help_menu.addSeparator()
        self.server_action = QAction(self)
        self.server_action.triggered.connect(self.show_server_info)
        self.help_menu.addAction(self.server_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(f"{self.app_title()} — Countersign")
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.connection_action.setText(self.tr("连接设置(&C)…"))
        self.quit_action.setText(self.tr("退出(&X)"))
        self.lock_action.setText(self.tr("锁屏(&L)"))
        self.logout_action.setText(self.tr("退出登录(&O)"))
        self.settings_menu.setTitle(self.tr("设置(&S)"))
        self.language_menu.setTitle(self.tr("语言 / Language"))
        self.password_action.setText(self.tr("修改密码(&P)…"))
        self.scanner_action.setText(self.tr("扫描文件夹(&D)…"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.about_action.setText(self.tr("关于 Countersign(&A)"))
        self.server_action.setText(self.tr("服务器信息(&I)…"))
        self.feedback_action.setText(self.tr("问题反馈(&R)…"))
        self.manual_action.setText(self.tr("使用手册(&M)"))
        self.screen_help_action.setText(self.tr("本页帮助(&H)"))
        if self.help_window is not None:
            self.help_window.set_language(current_language().value)
        for row, page in enumerate(self.pages):
            self.navigation.item(row).setText(page.title())
            if isinstance(page.widget, Retranslates):
                page.widget.retranslate()
        for action, name in (
            (self.connection_action, "mdi6.lan-connect"),
            (self.lock_action, "mdi6.lock-outline"),
            (self.logout_action, "mdi6.logout"),
            (self.quit_action, "mdi6.exit-to-app"),
            (self.server_action, "mdi6.server-security"),
            (self.about_action, "mdi6.information-outline"),
            (self.feedback_action, "mdi6.message-alert-outline"),
            (self.manual_action, "mdi6.book-open-page-variant-outline"),
            (self.screen_help_action, "mdi6.help-circle-outline"),
            (self.password_action, "mdi6.form-textbox-password"),
            (self.scanner_action, "mdi6.scanner"),
        ):
            dress_action(action, name)
        dress(self)
        self._user_changed()

    def _user_changed(self, *_: object) -> None:
        me = self.login.auth.me
        self.user_label.setText(
            self.tr("用户:{name}({username})").format(name=me.display_name, username=me.username)
            if me
            else self.tr("未登录")
        )
        self.logout_action.setEnabled(me is not None)
        self.password_action.setEnabled(me is not None)
        self.lock_action.setEnabled(me is not None)
        self._offer_pages(me.roles if me else None)

    def show_lock_screen(self, locked: bool) -> None:
        """Hide (not destroy) the work area, so nothing typed is lost."""
        self.central.setCurrentWidget(self.lock_screen if locked else self.work_area)
        self.menuBar().setEnabled(not locked)
        if locked:
            self.lock_screen.reset()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            # pages are retranslated above; parts that follow LanguageChange
            # themselves (filter bar, badge, lock screen) get it in no set order:
            # the tooltips follow their new words once all have them
            QTimer.singleShot(0, self, lambda: dress(self))
        super().changeEvent(event)

    def set_language(self, language: Language) -> None:
        if self.context.settings.language is language:
            return
        self.monitor.set_language(language)
        install_language(language)  # Qt sends LanguageChange to every widget
        self.language_actions[language].setChecked(True)
        self.monitor.check_now()  # fresh texts from the server
        self.load_faq()  # the FAQ of the new language

    # -- connection --------------------------------------------------------
    def edit_connection(self) -> None:
        provisioned = self.monitor.provisioning
        if provisioned is not None:  # IT set this computer up: not the user's choice
            QMessageBox.information(
                self,
                self.tr("连接设置"),
                self.tr("本机已由系统管理员设定为连接 {url},并只信任其证书。").format(
                    url=provisioned.address.url
                ),
            )
            return
        settings = self.context.settings
        pin = settings.pin_for(self.monitor.address)
        dialog = ConnectionDialog(settings.server_url, pin.fingerprint if pin else None, self)
        dialog.accepted.connect(
            lambda: self.monitor.change_server(
                dialog.url_edit.text(), forget_pin=dialog.forget_box.isChecked()
            )
        )
        dialog.open()

    def _ask_trust(self, request: NeedsTrust) -> None:
        if self.trust_dialog is not None:
            return
        certificate = request.certificate
        dialog = TrustCertificateDialog(request.address.url, certificate, self)
        self.trust_dialog = dialog

        def finished(result: int) -> None:
            self.trust_dialog = None
            dialog.deleteLater()
            if result == TrustCertificateDialog.DialogCode.Accepted:
                self.monitor.trust(request.address, certificate)
            else:
                self.monitor.decline()

        dialog.finished.connect(finished)
        dialog.open()

    def _refuse_changed_certificate(self, error: CertificateChanged) -> None:
        text = self.tr(
            "服务器 {address} 出示的证书与本机已信任的证书不同,连接已被拒绝。\n"
            "这可能是有人冒充服务器。请联系系统管理员核实。\n\n"
            "已信任的指纹:\n{expected}\n\n服务器出示的指纹:\n{presented}\n\n"
        ).format(address=error.address, expected=error.expected, presented=error.presented)
        if self.monitor.provisioning is not None:  # IT's setting: only IT can change it
            text += self.tr("本机的服务器设置由系统管理员统一配置,请联系系统管理员处理。")
        else:
            text += self.tr(
                "若管理员确认更换了证书,请在“文件 → 连接设置”中清除已信任的证书后重新连接。"
            )
        alert = QMessageBox(
            QMessageBox.Icon.Critical, self.tr("服务器证书已变化"), text, parent=self
        )
        alert.setObjectName("certificateChangedAlert")
        alert.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.certificate_alert = alert
        alert.open()

    def choose_scanner_folder(self) -> None:
        """Where this computer's scanner writes its files: 从扫描文件夹添加 offers
        the new ones (entry screens)."""
        settings = self.context.settings
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("选择扫描仪保存文件的文件夹"), settings.scanner_folder
        )
        if chosen and chosen != settings.scanner_folder:
            settings.scanner_folder = chosen
            settings.scanner_offered_until = 0.0  # a new folder: everything in it is new
            self.context.store.save(settings)

    def show_server_info(self) -> None:
        """Address, certificate fingerprint, versions, database: for the
        administrator on the telephone, not on everyone's home screen."""
        if self.server_dialog is None:
            dialog = QDialog(self)
            dialog.setObjectName("serverInfoDialog")
            dialog.setWindowTitle(self.tr("服务器信息"))
            self.server_info = ServerInfoPanel(self.monitor, dialog)
            layout = QVBoxLayout(dialog)
            layout.addWidget(self.server_info)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
            buttons.rejected.connect(dialog.reject)
            layout.addWidget(buttons)
            self.server_dialog = dialog
        self.server_dialog.open()

    def report_problem(self) -> FeedbackDialog | None:
        """问题反馈 from any screen (Help menu, an error's context menu, the crash
        dialog): the window is pictured first, as the user sees it. Only signed
        in: the report is theirs, and the answer comes to their messages."""
        if self.login.auth.me is None or self.login.locked:
            self.statusBar().showMessage(self.tr("请先登录,再发送问题反馈"), NOTICE_MS)
            return None
        picture = self.grab()
        self.feedback_dialog = FeedbackDialog(
            self, self.page_context, self.current_screen(), picture
        )
        self.feedback_dialog.open()
        return self.feedback_dialog

    def current_screen(self) -> str:
        """The navigation key of the page in hand ("login" before anyone logs in)."""
        if self.login.auth.me is None:
            return "login"
        row = self.navigation.currentRow()
        return self.pages[row].key if 0 <= row < len(self.pages) else "login"

    def load_faq(self) -> None:
        """The administrators' FAQ in my language, fetched after login and after a
        language change; the manual's search takes it in (an open help window too)."""

        def loaded(found: list[FaqOut]) -> None:
            self.faq_entries = found
            if self.help_window is not None and self.help_faq is not None:
                self.help_window.set_faq(self.help_faq())

        if self.login.auth.me is not None:
            self.page_context.run(self, lambda api: api.faq.for_me(), loaded)

    def open_manual(self, screen: str | None) -> HelpWindow:
        """The manual at the page of ``screen`` (F1), or at its first page."""
        if self.help_window is None:
            self.help_window = HelpWindow(current_language().value, self)
        window = self.help_window
        window.set_language(current_language().value)
        if self.help_faq is not None:
            window.set_faq(self.help_faq())
        if screen is None:
            window.show_page(contents().first_page())
        else:
            window.show_screen(screen)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于 Countersign"),
            self.tr("Countersign {version}\n国库会计数据集中系统客户端").format(
                version=__version__
            ),
        )

    def _ask_before_closing(self, unsaved: list[str]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("有未保存的输入"),
            self.tr(
                "{screens}有尚未保存到服务器的输入。\n\n"
                "保留:关闭,输入保存在本机,下次登录时恢复;放弃:关闭并丢弃这些输入。"
            ).format(screens="、".join(unsaved)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("closeUnsaved")
        keep = box.addButton(self.tr("保留并关闭"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(self.tr("放弃并关闭"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.close_question = box

        def answered(_result: int) -> None:
            self.close_question = None
            chosen = box.clickedButton()
            if chosen is drop:
                self.drop_unsaved_work()
            elif chosen is keep:
                self.keep_unsaved_work()
            if chosen in (keep, drop):
                self.close_answered = True
                self.close()

        box.finished.connect(answered)
        box.open()

    def quit_by_user(self) -> None:
        self.quit_requested = True
        self.close()

    def unsaved_work(self) -> list[str]:
        """Screens with typing not yet saved to the server (subclasses say)."""
        return []

    def drop_unsaved_work(self) -> None:
        """Forget that typing, here and in this computer's kept copies."""

    def keep_unsaved_work(self) -> None:
        """Keep that typing on this computer, up to the last key, for the next login."""

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the client logs out (DOMAIN.md); the window is hidden first.
        Unsaved typing is asked about first: kept on this computer for the next
        login, dropped, or the window stays open."""
        asked_by_user = event.spontaneous() or self.quit_requested  # not a close() from code
        unsaved = self.unsaved_work() if asked_by_user and not self.close_answered else []
        self.quit_requested = False
        if unsaved:
            event.ignore()
            self._ask_before_closing(unsaved)
            return
        self.hide()
        self.login.idle.stop()
        self.login.logout_now()
        self.monitor.stop()
        super().closeEvent(event)
