"""Who is logged in to a window: login, resume after a crash, logout, idle lock.

Once the connection is up the controller resumes the session kept in the keyring
(a client that crashed) or opens the login dialog. A session the server no longer
accepts (idle or absolute expiry, revoked) brings the login dialog back over the
window, whose widgets — and whatever was typed in them — stay as they are.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient
from client.core.connection import ConnectionState
from client.core.ops import QueryOp
from client.core.session import AuthState, SecretStore
from client.login.idle_lock import IdleWatcher
from client.login.login_dialog import LoginDialog
from client.widgets.errors import describe, is_session_lost
from common.schemas.auth import MeOut

if TYPE_CHECKING:
    from client.shell.main_window import ShellWindow

log = logging.getLogger(__name__)


class LoginController(QObject):
    password_expiring = Signal(int)  # days left: the window offers 修改密码
    newer_client = Signal(object)  # PublishedInstallerOut: the window tells of it

    def __init__(self, window: ShellWindow) -> None:
        super().__init__(window)
        self.window = window
        self.monitor = window.monitor
        self.auth = AuthState(self)
        self.dialog: LoginDialog | None = None
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.locked = False
        self._resuming = False
        self.monitor.state_changed.connect(self._connection_changed)
        self.auth.session_lost.connect(self._session_lost)

    @property
    def secrets(self) -> SecretStore:
        return SecretStore(self.monitor.address)

    def _connection_changed(self, state: ConnectionState) -> None:
        if state is ConnectionState.CONNECTED and self.auth.me is None:
            self.start()

    def start(self) -> None:
        api = self.monitor.api
        if api is None or self.dialog is not None or self._resuming or self.auth.me is not None:
            return
        token = self.secrets.token
        if token and not api.auth.logged_in:
            self._resuming = True
            QueryOp(
                parent=self,
                op=lambda: api.auth.resume(token),
                success=self._resumed,
                failure=self._resume_failed,
            ).run()
            return
        self._open_dialog(api)

    def _resumed(self, me: MeOut) -> None:
        self._resuming = False
        log.info("resumed the session of %s", me.username)
        self._logged_in(me)

    def _resume_failed(self, error: Exception) -> None:
        self._resuming = False
        self.secrets.token = None
        api = self.monitor.api
        if api is not None:
            self._open_dialog(api)

    def _open_dialog(self, api: ApiClient, *, message: str = "") -> None:
        dialog = LoginDialog(
            api,
            server_url=self.monitor.address.url,
            username=self.secrets.username or "",
            parent=self.window,
        )
        dialog.error_label.setText(message)
        dialog.language_chosen.connect(self.window.set_language)
        help_action = getattr(self.window, "screen_help_action", None)
        if help_action is not None:  # F1 on the login dialog opens the login page
            dialog.addAction(help_action)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._dialog_done(dialog))
        dialog.rejected.connect(lambda: self._dialog_cancelled(dialog))
        dialog.open()

    def _dialog_done(self, dialog: LoginDialog) -> None:
        self.dialog = None
        dialog.deleteLater()
        assert dialog.me is not None and dialog.session is not None
        secrets = self.secrets
        secrets.username = dialog.me.username
        secrets.token = dialog.session.token
        days = dialog.session.password_expires_in_days
        self._logged_in(dialog.me)
        if days is not None:
            self.password_expiring.emit(days)
        if dialog.newer_client is not None:
            self.newer_client.emit(dialog.newer_client)

    def _dialog_cancelled(self, dialog: LoginDialog) -> None:
        self.dialog = None
        dialog.deleteLater()
        if self.auth.me is None:
            self.window.close()  # nothing to show without a user

    def _logged_in(self, me: MeOut) -> None:
        self.auth.set_user(me)
        self.unlock_view()
        self.idle.start(me.client_idle_lock_minutes)

    # -- session lost, logout ----------------------------------------------
    def report_failure(self, error: Exception) -> bool:
        """Views pass failures here; True when it was the session that ended."""
        if is_session_lost(error):
            self.auth.session_lost.emit(getattr(error, "code", ""))
            return True
        return False

    def _session_lost(self, code: str) -> None:
        api = self.monitor.api
        self.secrets.token = None
        self.idle.stop()
        if api is not None:
            api.transport.token = None
            if self.dialog is None:
                self._open_dialog(
                    api, message=self.tr("会话已结束,请重新登录;窗口中的内容已保留。")
                )

    def logout(self) -> None:
        api = self.monitor.api
        self.secrets.token = None
        self.idle.stop()
        self.auth.clear()
        self.unlock_view()
        if api is None:
            return
        QueryOp(
            parent=self,
            op=api.auth.logout,
            success=lambda _: self._open_dialog(api),
            failure=lambda error: self._open_dialog(api, message=describe(error)),
        ).run()

    def logout_now(self) -> None:
        """On exit: end the session on the server (the UI is already gone)."""
        api = self.monitor.api
        self.secrets.token = None
        if api is not None and api.auth.logged_in:
            try:
                api.auth.logout()
            except Exception as exc:  # the server may be away; the token is dropped anyway
                log.warning("logout on exit failed: %s", exc)

    # -- idle lock ----------------------------------------------------------
    def lock(self) -> None:
        if self.auth.me is None or self.locked:
            return
        self.locked = True
        # While locked no token is kept: a client killed at the lock screen
        # cannot be restarted past it. Unlocking puts the token back.
        self.secrets.token = None
        self.window.show_lock_screen(True)
        api = self.monitor.api
        if api is not None and api.auth.logged_in:  # the operation log records the lock
            QueryOp(
                parent=self,
                op=api.auth.lock_screen,
                success=lambda _none: None,
                failure=lambda error: log.warning("lock not logged on the server: %s", error),
            ).run()

    def unlock(self, password: str) -> None:
        api = self.monitor.api
        if api is None:
            return

        def failed(error: Exception) -> None:
            if self.report_failure(error):
                return
            screen = self.window.lock_screen
            screen.reset()
            screen.error_label.setText(describe(error))

        def unlocked(_: object) -> None:
            self.secrets.token = api.transport.token
            self.unlock_view()

        QueryOp(
            parent=self,
            op=lambda: api.auth.unlock_screen(password),
            success=unlocked,
            failure=failed,
        ).run()

    def unlock_view(self) -> None:
        self.locked = False
        self.window.show_lock_screen(False)
