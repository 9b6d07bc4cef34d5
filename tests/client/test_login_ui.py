"""The login dialogs, the keyring and the idle lock, driven like a user would."""

from __future__ import annotations

import datetime as dt
from itertools import count
from pathlib import Path

import pyotp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from client.api import ApiError
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, api_for, code_now, next_step
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, login_dialog, type_into
from tests.support.qt import open_window as open_shell

_names = count(1)


def open_window(qtbot: QtBot, server: LiveServer) -> WorkbenchWindow:
    window = open_shell(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    return window


def wait_logged_in(qtbot: QtBot, window: WorkbenchWindow, user: Account) -> None:
    qtbot.waitUntil(lambda: window.login.auth.me is not None, timeout=WAIT_MS)
    assert window.login.auth.me is not None
    assert window.login.auth.me.username == user.username
    assert user.username in window.user_label.text()


def test_first_login_change_password_enrol_and_recovery_codes(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    user = add_user(
        live_server, f"ui{next(_names)}", [Role.CLERK], must_change_password=True, enrolled=False
    )
    window = open_window(qtbot, live_server)
    dialog = login_dialog(qtbot, window)
    assert dialog.windowTitle() == "登录 Countersign"
    type_into(qtbot, dialog.username_edit, user.username)
    type_into(qtbot, dialog.password_edit, user.password)

    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_PASSWORD, timeout=WAIT_MS)
    assert not dialog.change_button.isEnabled()
    type_into(qtbot, dialog.new_password_edit, "short", enter=False)
    rule = dialog.rules.findChild(object, "rule_password.too_short")
    assert rule.property("met") is False and rule.text() == "✘ 至少 12 个字符"
    dialog.new_password_edit.clear()
    type_into(qtbot, dialog.new_password_edit, "My-New-Password-2026")
    type_into(qtbot, dialog.confirm_password_edit, "My-New-Password-2026", enter=False)
    assert rule.property("met") is True
    assert dialog.change_button.isEnabled()
    qtbot.keyClick(dialog.confirm_password_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: bool(dialog.secret_edit.text()), timeout=WAIT_MS)
    assert dialog.steps.currentIndex() == dialog.STEP_ENROL
    assert not dialog.qr_label.pixmap().isNull()
    secret = dialog.secret_edit.text()
    type_into(qtbot, dialog.enrol_code_edit, "000000")
    qtbot.waitUntil(lambda: "动态口令不正确" in dialog.error_label.text(), timeout=WAIT_MS)
    type_into(qtbot, dialog.enrol_code_edit, "", enter=False)
    dialog.enrol_code_edit.clear()
    type_into(qtbot, dialog.enrol_code_edit, pyotp.TOTP(secret).at(live_server.clock.now()))

    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_RECOVERY, timeout=WAIT_MS)
    codes = dialog.recovery_view.toPlainText().splitlines()
    assert len(codes) == 10
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().splitlines() == codes
    qtbot.mouseClick(dialog.saved_button, Qt.MouseButton.LeftButton)

    wait_logged_in(qtbot, window, user)
    entries = {key: value for (_, key), value in memory_keyring.entries.items()}
    address_key = window.monitor.address.key
    assert entries[f"{address_key}:username"] == user.username
    assert entries[f"{address_key}:token"] == window.monitor.api.transport.token  # type: ignore[union-attr]

    token = entries[f"{address_key}:token"]
    window.close()  # closing logs out and forgets the token
    assert ("countersign", f"{address_key}:token") not in memory_keyring.entries
    api = api_for(live_server)
    api.transport.token = token
    with pytest.raises(ApiError) as caught:
        api.auth.me()
    assert caught.value.code == "auth.not_authenticated"


def test_login_with_a_recovery_code_and_a_remembered_username(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    user = add_user(live_server, f"ui{next(_names)}", [Role.CLERK], enrolled=False)
    # enrol through the API to learn the recovery codes
    api = api_for(live_server)
    ticket = api.auth.login(user.username, user.password).ticket
    secret = api.auth.start_enrolment(ticket).secret
    recovery = api.auth.confirm_enrolment(ticket, code_now(live_server, secret)).recovery_codes
    api.auth.logout()
    memory_keyring.set_password(
        "countersign", f"127.0.0.1:{live_server.port}:username", user.username
    )

    window = open_window(qtbot, live_server)
    dialog = login_dialog(qtbot, window)
    assert dialog.username_edit.text() == user.username
    type_into(qtbot, dialog.password_edit, user.password)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_CODE, timeout=WAIT_MS)
    dialog.use_recovery.setChecked(True)
    assert dialog.code_caption.text() == "恢复码:"
    type_into(qtbot, dialog.code_edit, recovery[3])
    wait_logged_in(qtbot, window, user)


def test_idle_lock_hides_the_work_keeps_the_typing_and_asks_for_the_password(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    user = add_user(live_server, f"ui{next(_names)}", [Role.CLERK])
    assert user.totp_secret is not None
    window = open_window(qtbot, live_server)
    form = QLineEdit()
    form.setObjectName("halfTypedForm")
    window.add_page("scratch", lambda: "草稿", form)
    dialog = login_dialog(qtbot, window)
    type_into(qtbot, dialog.username_edit, user.username)
    type_into(qtbot, dialog.password_edit, user.password)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_CODE, timeout=WAIT_MS)
    next_step(live_server)
    type_into(qtbot, dialog.code_edit, code_now(live_server, user.totp_secret))
    wait_logged_in(qtbot, window, user)
    assert window.login.auth.me is not None
    assert window.login.auth.me.client_idle_lock_minutes == 10  # from the server's parameters

    window.show_page("scratch")
    type_into(qtbot, form, "收入 12,345.67 第一中", enter=False)
    token_key = ("countersign", f"{window.monitor.address.key}:token")
    token = memory_keyring.entries[token_key]
    window.login.idle.start(0.01)  # 0.6 s instead of 10 minutes
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.lock_screen, timeout=WAIT_MS)
    assert not window.work_area.isVisible() and not window.menuBar().isEnabled()
    # killing the client at the lock screen does not get past it: no token is kept
    assert token_key not in memory_keyring.entries

    type_into(qtbot, window.lock_screen.password_edit, "Not-My-Password-1")
    qtbot.waitUntil(lambda: bool(window.lock_screen.error_label.text()), timeout=WAIT_MS)
    assert window.central.currentWidget() is window.lock_screen
    type_into(qtbot, window.lock_screen.password_edit, user.password)
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.work_area, timeout=WAIT_MS)
    assert form.text() == "收入 12,345.67 第一中"
    assert memory_keyring.entries[token_key] == token


def test_after_an_admin_reset_the_code_comes_before_the_new_password(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    user = add_user(live_server, f"ui{next(_names)}", [Role.CLERK], must_change_password=True)
    assert user.totp_secret is not None
    window = open_window(qtbot, live_server)
    dialog = login_dialog(qtbot, window)
    type_into(qtbot, dialog.username_edit, user.username)
    type_into(qtbot, dialog.password_edit, user.password)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_CODE, timeout=WAIT_MS)
    next_step(live_server)
    type_into(qtbot, dialog.code_edit, code_now(live_server, user.totp_secret))
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_PASSWORD, timeout=WAIT_MS)
    type_into(qtbot, dialog.new_password_edit, "After-The-Reset-2026")
    type_into(qtbot, dialog.confirm_password_edit, "After-The-Reset-2026")
    wait_logged_in(qtbot, window, user)


def test_an_expired_session_returns_to_login_and_keeps_the_work(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    user = add_user(live_server, f"ui{next(_names)}", [Role.CLERK])
    assert user.totp_secret is not None
    window = open_window(qtbot, live_server)
    form = QLineEdit()
    window.add_page("scratch", lambda: "草稿", form)
    dialog = login_dialog(qtbot, window)
    type_into(qtbot, dialog.username_edit, user.username)
    type_into(qtbot, dialog.password_edit, user.password)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_CODE, timeout=WAIT_MS)
    next_step(live_server)
    type_into(qtbot, dialog.code_edit, code_now(live_server, user.totp_secret))
    wait_logged_in(qtbot, window, user)
    window.show_page("scratch")
    type_into(qtbot, form, "凭证摘要:办公费", enter=False)

    window.login.lock()
    live_server.clock.advance(dt.timedelta(minutes=31))  # the server session idles out
    type_into(qtbot, window.lock_screen.password_edit, user.password)
    again = login_dialog(qtbot, window)
    assert "窗口中的内容已保留" in again.error_label.text()
    assert again.username_edit.text() == user.username
    type_into(qtbot, again.password_edit, user.password)
    qtbot.waitUntil(lambda: again.steps.currentIndex() == again.STEP_CODE, timeout=WAIT_MS)
    next_step(live_server)
    type_into(qtbot, again.code_edit, code_now(live_server, user.totp_secret))
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.work_area, timeout=WAIT_MS)
    assert form.text() == "凭证摘要:办公费"


@pytest.mark.parametrize("crash_recovery", [True])
def test_a_session_kept_in_the_keyring_is_resumed_after_a_crash(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    crash_recovery: bool,
) -> None:
    from tests.support.accounts import log_in

    user = add_user(live_server, f"ui{next(_names)}", [Role.CLERK])
    api = log_in(live_server, user)
    assert api.transport.token is not None
    memory_keyring.set_password(
        "countersign", f"127.0.0.1:{live_server.port}:token", api.transport.token
    )
    window = open_window(qtbot, live_server)
    wait_logged_in(qtbot, window, user)
    assert window.login.dialog is None


def test_the_language_is_chosen_on_the_login_dialog_and_remembered(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    from client.core.i18n import install_language
    from client.core.settings import SettingsStore
    from common.enums import Language

    window = open_window(qtbot, live_server)
    dialog = login_dialog(qtbot, window)
    assert dialog.windowTitle() == "登录 Countersign"
    try:
        dialog.language.setCurrentIndex(dialog.language.findText("English"))
        qtbot.waitUntil(lambda: dialog.windowTitle() == "Log in to Countersign", timeout=WAIT_MS)
        assert dialog.login_button.text() == "Log in"
        assert window.file_menu.title() == "&File"  # the whole window follows
        assert SettingsStore().load().language is Language.EN  # remembered on this computer
        assert window.language_actions[Language.EN].isChecked()
        # a wrong password is refused in English: the server speaks the chosen language
        type_into(qtbot, dialog.username_edit, "nobody.here")
        type_into(qtbot, dialog.password_edit, "Not-A-Password-1!")
        qtbot.waitUntil(lambda: dialog.error_label.text() != "", timeout=WAIT_MS)
        assert dialog.error_label.text().isascii(), dialog.error_label.text()
    finally:
        install_language(Language.ZH_CN)
