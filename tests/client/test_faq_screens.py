"""常见问题 on screen: an administrator adds an entry on the console's 常见问题
page and changes it; the list shows it with its tags and who changed it last; a
clerk's search in the manual finds it first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.admin.faq.page import split_tags
from client.admin.main_window import AdminWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import clerk
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


def test_tags_are_split_as_people_type_them() -> None:
    assert split_tags("凭证,冲销、 收回;审核 ") == ["凭证", "冲销", "收回", "审核"]


def test_an_administrator_keeps_an_entry(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    admin = add_user(live_server, "faqui.admin", [Role.ADMIN])
    console = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(console, AdminWindow)
    log_in_through_dialog(qtbot, console, live_server, admin)
    assert console.show_page("faq")
    page = console.faq_page
    page.question.setText("忘记动态口令手机怎么办?")
    page.answer.setPlainText("请联系系统管理员重置二次验证,再用新手机扫码绑定。")
    page.tags.setText("登录, 动态口令")
    page.buttons["add"].click()
    qtbot.waitUntil(lambda: page.message.text().startswith("已新增"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(page.model.rows) == 1, timeout=WAIT_MS)
    row = [page.model.text(page.model.rows[0], c) for c in page.model.COLUMNS]
    assert row[:3] == ["简体中文", "忘记动态口令手机怎么办?", "登录、动态口令"]

    assert page.table.select_where(lambda entry: entry.tags == ["登录", "动态口令"])
    assert page.answer.toPlainText().startswith("请联系系统管理员")
    page.question.setText("换了手机,动态口令怎么办?")
    page.buttons["save"].click()
    qtbot.waitUntil(lambda: page.message.text().startswith("已保存"), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: page.model.rows and page.model.rows[0].question == "换了手机,动态口令怎么办?",
        timeout=WAIT_MS,
    )
    assert page.model.text(page.model.rows[0], "updated").startswith("faqui.admin ")
    entry_id = page.model.rows[0].id
    console.login.logout()
    console.close()

    # a clerk's manual search finds it, ranked with the manual's pages
    workbench = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(workbench, WorkbenchWindow)
    log_in_through_dialog(qtbot, workbench, live_server, clerk(live_server, "faqui.clerk"))
    qtbot.waitUntil(lambda: len(workbench.faq_entries) == 1, timeout=WAIT_MS)
    workbench.manual_action.trigger()
    help_window = workbench.help_window
    assert help_window is not None
    help_window.search_edit.setText("换了手机")
    qtbot.waitUntil(lambda: help_window.results.count() > 0, timeout=WAIT_MS)
    first = help_window.results.item(0).data(Qt.ItemDataRole.UserRole)[0]
    assert first == f"faq:{entry_id}"
    help_window.results.setCurrentRow(0)
    assert "请联系系统管理员重置二次验证" in help_window.browser.toPlainText()
