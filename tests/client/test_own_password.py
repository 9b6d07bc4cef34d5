"""修改密码: a clerk changes their own password through the screen and logs in
with it; the server's refusals (wrong current password, an earlier password) are
said in the dialog naming the field; a password about to expire is offered for
change right after the login."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, api_for, refused
from tests.support.documents import run_sql
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into

NEW = "Changed-By-Hand-2026!"


def workbench(qtbot: QtBot, server: LiveServer, account: Account) -> WorkbenchWindow:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, server, account)
    return window


def test_a_clerk_changes_their_own_password_and_logs_in_with_it(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    account = add_user(live_server, "own.password", [Role.CLERK])
    window = workbench(qtbot, live_server, account)
    assert window.password_action.isEnabled()
    window.password_action.trigger()
    dialog = window.own_password.dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # the policy is shown as it is typed; OK waits until it is met twice
    type_into(qtbot, dialog.new_edit, "short", enter=False)
    assert not ok.isEnabled()
    assert not dialog.rules.findChild(object, "rule_password.too_short").property("met")
    dialog.new_edit.clear()
    type_into(qtbot, dialog.new_edit, NEW, enter=False)
    type_into(qtbot, dialog.confirm_edit, NEW, enter=False)
    assert ok.isEnabled()

    # a wrong current password: the server says so, in the dialog, at that field
    type_into(qtbot, dialog.current_edit, "Not-The-Password-1!", enter=False)
    ok.click()
    qtbot.waitUntil(lambda: dialog.error.text() == "当前密码不正确", timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.current_edit.property("state") == "marked"

    # the current one typed: changed, and the new password is the one that works
    dialog.current_edit.clear()
    type_into(qtbot, dialog.current_edit, account.password, enter=False)
    ok.click()
    qtbot.waitUntil(lambda: window.own_password.dialog is None, timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == "密码已修改"
    assert refused(api_for(live_server).auth.login, account.username, account.password).code
    renewed = Account(account.id, account.username, NEW, account.totp_secret)
    window.login.logout()  # and in again through the login dialog, with the new one
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    log_in_through_dialog(qtbot, window, live_server, renewed)
    assert window.login.auth.me is not None and window.login.auth.me.username == "own.password"

    # the old password again is refused by the history rule, named in the dialog
    window.password_action.trigger()
    again = window.own_password.dialog
    assert again is not None
    type_into(qtbot, again.current_edit, NEW, enter=False)
    type_into(qtbot, again.new_edit, account.password, enter=False)
    type_into(qtbot, again.confirm_edit, account.password, enter=False)
    again.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: again.error.text() != "", timeout=WAIT_MS)
    assert again.error.text() == "不得重复使用最近 5 次用过的密码"
    assert again.isVisible()
    again.reject()


def test_a_password_about_to_expire_is_offered_for_change_after_the_login(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    account = add_user(live_server, "own.expiring", [Role.CLERK])
    changed = live_server.clock.now() - dt.timedelta(days=90 - 3)  # max_age 90: 3 days left
    run_sql(
        live_server,
        "UPDATE users SET password_changed_at = :at WHERE id = :id",
        at=changed,
        id=account.id,
    )
    window = workbench(qtbot, live_server, account)
    qtbot.waitUntil(lambda: window.own_password.question is not None, timeout=WAIT_MS)
    question = window.own_password.question
    assert question is not None and question.isVisible()
    assert "密码将在 2 天后过期" in question.text()  # 3 days less the login's half minute
    question.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.own_password.dialog is not None, timeout=WAIT_MS)
    dialog = window.own_password.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
