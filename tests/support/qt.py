"""Driving the real windows like a user: open, log in, type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from client.login.login_dialog import LoginDialog
from client.shell.main_window import ClientContext, ShellWindow
from client.widgets.fonts import BUNDLED_CJK_FONT, install_cjk_font
from tests.support.accounts import Account, code_now, next_step
from tests.support.live_server import LiveServer

WAIT_MS = 15_000


def require_chinese_font() -> None:
    """Fail with the cause: without a Chinese font Qt writes PDFs with the Chinese
    text left out, which would otherwise show as a missing 收支汇总表. The windows
    register the font the client ships (resources/fonts); only a damaged checkout
    lacks it. Registered here too: a test run alone may come before any window."""
    install_cjk_font()
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, f"no Chinese font: {BUNDLED_CJK_FONT} did not load"


def open_window(
    qtbot: QtBot, window_class: type[ShellWindow], context: ClientContext
) -> ShellWindow:
    window = window_class(context)
    qtbot.addWidget(window)
    window.show()
    context.monitor.start()
    return window


def login_dialog(qtbot: QtBot, window: ShellWindow) -> LoginDialog:
    qtbot.waitUntil(lambda: window.login.dialog is not None, timeout=WAIT_MS)
    dialog = window.login.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_into(qtbot: QtBot, edit: QLineEdit, text: str, *, enter: bool = True) -> None:
    edit.setFocus()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # Chinese arrives through the input method, committed as a whole
        edit.insert(text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def log_in_through_dialog(
    qtbot: QtBot, window: ShellWindow, server: LiveServer, user: Account
) -> None:
    assert user.totp_secret is not None
    dialog = login_dialog(qtbot, window)
    dialog.username_edit.clear()
    type_into(qtbot, dialog.username_edit, user.username)
    type_into(qtbot, dialog.password_edit, user.password)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == dialog.STEP_CODE, timeout=WAIT_MS)
    next_step(server)
    type_into(qtbot, dialog.code_edit, code_now(server, user.totp_secret))
    qtbot.waitUntil(lambda: window.login.auth.me is not None, timeout=WAIT_MS)
