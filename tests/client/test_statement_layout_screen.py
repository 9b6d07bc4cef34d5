"""报表格式 on screen: an analyst opens the balance sheet's layout, inserts a
line, types into it, and the server's refusal names the row; a clerk is not
offered the page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from client.workbench.statements.layout_page import LayoutPage
from common.enums import Role
from common.schemas.statements import StatementKind
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


def type_cell(qtbot: QtBot, page: LayoutPage, row: int, column: str, text: str) -> None:
    index = page.model.index(row, page.model.COLUMNS.index(column))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setText(text)  # QTest types ASCII only; a Chinese label is pasted, as an IME does
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.viewport().findChild(QLineEdit) is None, timeout=WAIT_MS)


def test_an_analyst_adds_a_line_and_a_wrong_one_is_refused_by_row(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    office(live_server)
    analyst = add_user(live_server, "layout.analyst", [Role.ANALYST], unit_codes=("001",))
    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, analyst)
    assert window.show_page("statement_layout")
    page = window.layout_page
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=WAIT_MS)
    assert page.chosen() is StatementKind.BALANCE_SHEET
    codes = [row.code for row in page.model.rows]
    assert codes[0] == "A01" and codes[-1] == "N07"
    assert page.state.text() == "系统预置格式"

    page.table.setCurrentIndex(page.model.index(codes.index("A09"), 0))
    page.buttons["add"].click()
    at = codes.index("A09") + 1
    assert page.model.rows[at].label == "新项目"
    type_cell(qtbot, page, at, "code", "A09X")
    type_cell(qtbot, page, at, "label", "其中:货币资金与短期投资")
    type_cell(qtbot, page, at, "accounts", "9")  # begins no account code
    page.buttons["save"].click()
    qtbot.waitUntil(
        lambda: "9" in page.message.text() and "第" in page.message.text(), timeout=WAIT_MS
    )
    assert f"第 {at + 1} 行" in page.message.text()

    type_cell(qtbot, page, at, "accounts", "")  # a total line instead: 货币资金 + 短期投资
    type_cell(qtbot, page, at, "total_of", "A01 A02")
    page.buttons["save"].click()
    qtbot.waitUntil(lambda: page.message.text() == "报表格式已保存", timeout=WAIT_MS)
    assert page.state.text().startswith("layout.analyst 于")
    saved = log_in(live_server, analyst).statements.layout(StatementKind.BALANCE_SHEET)
    assert [line.code for line in saved.lines][at] == "A09X"

    window.login.logout()
    other = clerk(live_server, "layout.clerk", unit="001001")
    log_in_through_dialog(qtbot, window, live_server, other)
    assert "statement_layout" not in window.offered_pages()
