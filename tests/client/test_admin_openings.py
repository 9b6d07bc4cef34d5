"""期初余额 on screen: an administrator picks a unit, types its opening balances
into the sheet, sees the totals say whether each group balances, saves, and
fills the sheet from an Excel file the server checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.admin.openings.page import OpeningBalancesPage
from common.enums import Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window

UNIT = "001084"


def type_amount(qtbot: QtBot, page: OpeningBalancesPage, code: str, column: int, text: str) -> None:
    """Double-click the cell's way: open its editor, type, press Enter."""
    row = next(i for i, r in enumerate(page.model.rows) if r.code == code)
    index = page.table.view.mapFromSource(page.model.index(row, column))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.viewport().findChild(QLineEdit) is None, timeout=WAIT_MS)


def test_an_administrator_enters_saves_and_imports_opening_balances(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "期初界面测试所")
    admin = add_user(live_server, "openings.ui", [Role.ADMIN])
    window = open_window(qtbot, AdminWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, AdminWindow)
    log_in_through_dialog(qtbot, window, live_server, admin)
    assert window.show_page("opening_balances")
    page = window.openings_page
    qtbot.waitUntil(lambda: page.unit.findData(codes.units[UNIT]) >= 0, timeout=WAIT_MS)
    page.unit.setCurrentIndex(page.unit.findData(codes.units[UNIT]))
    qtbot.waitUntil(
        lambda: page.sheet is not None and page.sheet.unit_id == codes.units[UNIT],
        timeout=WAIT_MS,
    )
    assert page.state.text() == "尚未录入期初余额"
    codes_shown = [row.code for row in page.model.rows]
    assert "100201" in codes_shown and "1002" not in codes_shown  # leaf accounts only

    start = (today(live_server).replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    page.start.setDate(QDate(start.year, start.month, 1))
    type_amount(qtbot, page, "100201", 3, "8,000.00")
    type_amount(qtbot, page, "3001", 4, "7000")
    assert "差额 1,000.00" in page.totals.text()
    assert page.totals.property("state") == "error"
    type_amount(qtbot, page, "3001", 4, "12.345")  # refused on screen, nothing changed
    assert "12.345" in page.message.text()
    type_amount(qtbot, page, "220101", 4, "1000")
    assert page.totals.text().startswith("财务会计科目:借方 8,000.00,贷方 8,000.00,平衡")
    assert page.totals.property("state") == "ok"

    page.buttons["save"].click()
    qtbot.waitUntil(lambda: page.message.text() == "期初余额已保存", timeout=WAIT_MS)
    assert page.state.text().startswith(f"启用月份 {start:%Y-%m},openings.ui 于")
    api = log_in(live_server, admin)
    saved = api.openings.get(codes.units[UNIT])
    assert {(r.code, str(r.debit), str(r.credit)) for r in saved.rows} == {
        ("100201", "8000.00", "0.00"),
        ("220101", "0.00", "1000.00"),
        ("3001", "0.00", "7000.00"),
    }

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["科目编码", "科目名称", "借方余额", "贷方余额"])
    sheet.append(["100202", "专用户存款", 500, None])
    sheet.append(["3001", "累计盈余", None, 500])
    source = tmp_path / "期初.xlsx"
    book.save(source)
    page.import_file(source)
    qtbot.waitUntil(lambda: page.message.text().startswith("已从文件读入 2 个"), timeout=WAIT_MS)
    amounts = {r.code: (r.debit, r.credit) for r in page.model.rows if r.debit or r.credit}
    assert set(amounts) == {"100202", "3001"}  # the file is the whole sheet
    assert api.openings.get(codes.units[UNIT]) == saved  # not saved until 保存
