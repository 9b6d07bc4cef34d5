"""The manual's window on the real apps against a real server: F1 opens the page of
the screen in hand, the search finds and highlights, and the pictures can be
taken again by the screenshot script."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.help.help_window import HelpWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import clerk, office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, login_dialog, open_window


def shown_help(qtbot: QtBot, window: WorkbenchWindow | AdminWindow) -> HelpWindow:
    qtbot.waitUntil(lambda: window.help_window is not None, timeout=WAIT_MS)
    help_window = window.help_window
    assert help_window is not None
    qtbot.waitUntil(help_window.isVisible, timeout=WAIT_MS)
    return help_window


def test_f1_on_voucher_entry_opens_its_page_and_the_search_highlights_the_hit(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    office(live_server)
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, clerk(live_server, "help.clerk"))
    window.show_page("voucher")
    window.voucher_form.rows[0].summary.setFocus()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window.voucher_form.rows[0].summary, Qt.Key.Key_F1)

    help_window = shown_help(qtbot, window)
    assert help_window.current_page == "voucher"
    assert help_window.browser.toPlainText().startswith("凭证录入")
    assert "借贷平衡" in help_window.browser.toPlainText()
    chosen = help_window.tree.currentItem()
    assert chosen is not None and chosen.data(0, Qt.ItemDataRole.UserRole) == "voucher"
    images = help_window.browser.document().resource(
        3, help_window.browser.document().baseUrl().resolved("images/voucher.png")
    )
    assert images is not None  # the screenshot is loaded from resources/manual/images

    help_window.search_edit.setText("冲销")  # through the input method, as a clerk types it
    qtbot.waitUntil(lambda: help_window.results.count() > 0, timeout=WAIT_MS)
    first = help_window.results.item(0)
    assert first.data(Qt.ItemDataRole.UserRole)[0] == "reversal"
    assert "background-color" in help_window.result_texts()[0]  # the hit marked in the list
    help_window.results.setCurrentRow(0)
    assert help_window.current_page == "reversal"
    assert help_window.highlighted() and set(help_window.highlighted()) == {"冲销"}
    assert help_window.browser.textCursor().position() > 0  # scrolled to the first hit

    help_window.back()
    assert help_window.current_page == "voucher"
    help_window.forward()
    assert help_window.current_page == "reversal"

    window.show_page("documents")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.screen_help_action.trigger()
    assert help_window.current_page == "documents"
    window.manual_action.trigger()  # 帮助 → 使用手册: the contents from the first page
    assert help_window.current_page == "overview"


def test_f1_on_the_login_dialog_opens_the_login_page(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    dialog = login_dialog(qtbot, window)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_F1)
    help_window = shown_help(qtbot, window)
    assert help_window.current_page == "login"


def test_f1_in_the_admin_console_opens_the_page_of_its_screen(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    admin = add_user(live_server, "help.admin", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    for key, page in (("users", "users"), ("export_rights", "roles"), ("periods", "periods")):
        assert window.show_page(key)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        qtbot.keyClick(window.navigation, Qt.Key.Key_F1)
        help_window = shown_help(qtbot, window)
        assert help_window.current_page == page
        assert "Countersign" in help_window.windowTitle()


def test_the_window_follows_the_language_and_searches_the_faq(qtbot: QtBot) -> None:
    help_window = HelpWindow("en")
    qtbot.addWidget(help_window)
    help_window.show_page("voucher")
    assert help_window.browser.toPlainText().startswith("Voucher entry")
    help_window.set_faq(
        [
            {
                "id": 1,
                "question": "Why is my voucher refused?",
                "answer": "Debit must equal credit.",
                "tags": ["voucher"],
                "language": "en",
            }
        ]
    )
    help_window.search_edit.setText("refused voucher")
    help_window.search_edit.returnPressed.emit()
    assert help_window.results.item(0).data(Qt.ItemDataRole.UserRole)[0] == "faq:1"
    assert help_window.current_page == "faq:1"
    help_window.set_language("ja")  # an English FAQ entry is not offered in Japanese
    assert help_window.current_page == "overview"
    assert help_window.index.search("refused voucher") == [] or all(
        hit.kind == "manual" for hit in help_window.index.search("refused voucher")
    )
    help_window.show_page("reversal")
    assert "取消" in help_window.browser.toPlainText().splitlines()[0]


def test_the_screenshot_script_writes_a_real_picture_of_a_screen(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    from installers import screenshots

    written = screenshots.capture(live_server, tmp_path / "images", {"voucher"})
    assert written == [tmp_path / "images" / "voucher.png"]
    data = written[0].read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == screenshots.SIZE
    assert len(data) > 10_000  # a drawn window, not an empty one
