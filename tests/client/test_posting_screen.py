"""出纳签字 and 记账 on screen, where posting is a step of its own: a cashier signs
a bank voucher with Ctrl+Enter, then a poster posts it; the voucher's maker, who
is also a poster, sees it greyed with the reason and cannot act."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus, ReviewLevel, Role
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, log_in
from tests.support.documents import set_parameter, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

UNIT = "001089"  # this module's own unit


@pytest.fixture(autouse=True)
def separate_posting(live_server: LiveServer) -> None:
    set_parameter(live_server, "separate_posting", True)


def signed_in(qtbot: QtBot, server: LiveServer, user: Account) -> WorkbenchWindow:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, server, user)
    qtbot.waitUntil(lambda: window.reference.data is not None, timeout=WAIT_MS)
    window.activateWindow()  # the page's shortcuts answer in the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window


def test_a_cashier_signs_and_a_poster_posts_a_bank_voucher(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "记账界面测试所")
    maker_account = add_user(
        live_server, "screen.maker", [Role.CLERK, Role.POSTER], unit_codes=(UNIT,)
    )
    maker = log_in(live_server, maker_account)
    checker = log_in(
        live_server,
        reviewer(live_server, "screen.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT),
    )
    draft = voucher(
        codes, today(live_server), ("500102", "321.00", "0"), ("100201", "0", "321.00")
    ).model_copy(update={"unit_id": codes.units[UNIT]})
    made = maker.documents.create_and_submit(draft)
    approved = checker.reviews.approve(made.id, version=made.version)
    assert approved.status is DocumentStatus.APPROVED

    cashier = add_user(live_server, "screen.cashier", [Role.CASHIER], unit_codes=(UNIT,))
    window = signed_in(qtbot, live_server, cashier)
    assert "posting" not in window.offered_pages()  # a cashier does not post
    assert window.show_page("cashier")
    page = window.cashier_page
    qtbot.waitUntil(lambda: [r.document_id for r in page.model.rows] == [made.id], timeout=WAIT_MS)
    assert page.model.data(page.model.index(0, 6)) == "待签字"
    qtbot.waitUntil(
        lambda: page.current is not None and page.act_button.isEnabled(), timeout=WAIT_MS
    )
    assert page.detail.values["number"].text() == approved.number
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已签字" in page.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.model.rows == [], timeout=WAIT_MS)
    window.close()

    # the maker holds the poster's role too: listed, greyed, with the reason
    own = signed_in(qtbot, live_server, maker_account)
    assert own.show_page("posting")
    listed = own.posting_page
    qtbot.waitUntil(
        lambda: [r.document_id for r in listed.model.rows] == [made.id], timeout=WAIT_MS
    )
    assert listed.model.data(listed.model.index(0, 6)) == "已签字"
    assert listed.model.data(listed.model.index(0, 7)) == "本人制单"
    qtbot.waitUntil(lambda: "不能办理" in listed.message.text(), timeout=WAIT_MS)
    assert not listed.act_button.isEnabled()
    own.close()

    poster = add_user(live_server, "screen.poster", [Role.POSTER], unit_codes=(UNIT,))
    window = signed_in(qtbot, live_server, poster)
    assert window.show_page("posting")
    page = window.posting_page
    qtbot.waitUntil(lambda: [r.document_id for r in page.model.rows] == [made.id], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.act_button.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(page.act_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"已记账 {approved.number}" in page.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.model.rows == [], timeout=WAIT_MS)
    posted = maker.documents.get(made.id)
    assert posted.status is DocumentStatus.POSTED
    assert posted.posting is not None and posted.posting.user_name == "screen.poster"
    assert posted.cashier_sign_off is not None
    assert posted.cashier_sign_off.user_name == "screen.cashier"
