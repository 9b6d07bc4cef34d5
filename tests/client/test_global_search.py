"""The search box at the top right of the workbench, against a real server: a
document number or words drop the matches down and one opens read-only with its
审批记录; a unit's code opens 查询 filtered by it; another bureau's item is never
found; Ctrl+K puts the cursor in the box."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.workbench.global_search import query_for
from client.workbench.main_window import WorkbenchWindow
from common.schemas.search import DocumentQuery
from tests.client.test_shell import make_context
from tests.support.accounts import log_in
from tests.support.documents import Codes, clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


def test_what_the_box_asks_for() -> None:
    assert query_for("记-0012") == DocumentQuery(number=12, series="记")
    assert query_for(" 收入 - 7 ") == DocumentQuery(number=7, series="收入")
    assert query_for("42") == DocumentQuery(number=42)
    assert query_for("宏达 文具") == DocumentQuery(text="宏达 文具")
    assert query_for("   ") is None


def popup_rows(window: WorkbenchWindow) -> list[str]:
    popup = window.search_box.popup
    return [popup.item(n).text() for n in range(popup.count())]


def test_a_clerk_finds_an_item_by_number_or_words_and_a_unit_by_code(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> None:
    day = today(live_server)
    account = clerk(live_server, "find.clerk", unit="001001")
    api = log_in(live_server, account)
    wanted = api.documents.create_and_submit(
        income(codes, day, amount="321.50", payer="宏达文具商行", summary="办公用品款")
    )
    other = log_in(live_server, clerk(live_server, "find.health", unit="001002"))
    hidden = other.documents.create_and_submit(
        income(codes, day, amount="99.00", payer="宏达药房", unit_id=codes.units["001002"])
    )
    assert wanted.number is not None and hidden.number is not None

    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, account)
    qtbot.waitUntil(lambda: window.reference.data is not None, timeout=WAIT_MS)
    box = window.search_box
    assert box.isVisible() and "Ctrl+K" in box.placeholderText()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(box.hasFocus, timeout=WAIT_MS)

    box.setText(wanted.number)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.popup.isVisible(), timeout=WAIT_MS)
    assert any(row.startswith(wanted.number) and "321.50" in row for row in popup_rows(window))

    box.setText("宏达")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "宏达文具商行" in " ".join(popup_rows(window)), timeout=WAIT_MS)
    assert "宏达药房" not in " ".join(popup_rows(window))  # another bureau's item
    box.popup.setCurrentRow(0)
    qtbot.keyClick(box.popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail_dialog is not None, timeout=WAIT_MS)
    dialog = window.detail_dialog
    assert dialog is not None and dialog.windowTitle() == wanted.number
    dialog.close()

    box.setText("001001001")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.popup.isVisible(), timeout=WAIT_MS)
    assert "001001001" in popup_rows(window)[0] and "查询其单据" in popup_rows(window)[0]
    box.popup.setCurrentRow(0)
    qtbot.keyClick(box.popup, Qt.Key.Key_Return)
    page = window.query
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=WAIT_MS)
    assert page.query().unit_id == codes.units["001001001"]
    qtbot.waitUntil(lambda: wanted.id in {row.id for row in page.model.rows}, timeout=WAIT_MS)

    box.setText(hidden.number)  # a number in another bureau: nothing, and said so
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.popup.isVisible(), timeout=WAIT_MS)
    rows = popup_rows(window)
    assert not any(hidden.number in row and "99.00" in row for row in rows)
